"""Reading parsed documents and chunks of one account back from the SQL store."""

from __future__ import annotations

from sqlalchemy import select

from assistant.context import Context
from assistant.errors import NotFound
from assistant.store.tables import AccountRow, ChunkRow, SourceRow
from ingest.document import CrmRecord, Document


def require_account(context: Context, account_id: str) -> AccountRow:
    with context.db.session() as session:
        account = session.get(AccountRow, account_id)
        if account is None:
            raise NotFound(f"no account {account_id!r}; `handoff accounts` lists the ingested ones")
        return account


def crm_record(account: AccountRow) -> CrmRecord | None:
    return CrmRecord.model_validate(account.crm) if account.crm else None


def load_documents(context: Context, account_id: str, source_ids: list[str] | None = None) -> dict[str, Document]:
    """Parsed documents by source id: all of the account's, or just ``source_ids``."""
    query = select(SourceRow.id, SourceRow.document).where(SourceRow.account_id == account_id)
    if source_ids is not None:
        query = query.where(SourceRow.id.in_(source_ids))
    with context.db.session() as session:
        return {sid: Document.model_validate(doc) for sid, doc in session.execute(query.order_by(SourceRow.path))}


def load_chunks(context: Context, account_id: str, source_types: list[str] | None = None) -> list[ChunkRow]:
    query = select(ChunkRow).where(ChunkRow.account_id == account_id)
    if source_types:
        query = query.where(ChunkRow.source_type.in_(source_types))
    with context.db.session() as session:
        return list(session.scalars(query.order_by(ChunkRow.source_path, ChunkRow.position)))
