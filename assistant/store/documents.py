"""Reading parsed documents and chunks of one account back from the SQL store."""

from __future__ import annotations

from sqlalchemy import case, func, select

from assistant.context import Context
from assistant.access import check_account
from assistant.store.tables import AccountRow, ChunkRow, SourceRow
from ingest.document import CrmRecord, Document


def require_account(context: Context, account_id: str) -> AccountRow:
    """The account, if the caller may see it (else NotFound, as if it did not exist)."""
    with context.db.session() as session:
        return check_account(session, context.principal, account_id)


def account_revision(context: Context, account_id: str) -> tuple:
    """Changes whenever the account's sources do (added, replaced, removed, made ready): a key for caching what is
    computed from them. Callers check access first."""
    query = select(func.count(), func.max(SourceRow.ingested_at), func.coalesce(func.sum(SourceRow.chunk_count), 0),
                   func.sum(case((SourceRow.status == "ready", 1), else_=0))).where(SourceRow.account_id == account_id)
    with context.db.session() as session:
        return tuple(session.execute(query).one())


def crm_record(account: AccountRow) -> CrmRecord | None:
    return CrmRecord.model_validate(account.crm) if account.crm else None


def load_documents(context: Context, account_id: str, source_ids: list[str] | None = None) -> dict[str, Document]:
    """Parsed documents by source id: all of the account's, or just ``source_ids``."""
    require_account(context, account_id)
    query = select(SourceRow.id, SourceRow.document).where(SourceRow.account_id == account_id)
    if source_ids is not None:
        query = query.where(SourceRow.id.in_(source_ids))
    with context.db.session() as session:
        return {sid: Document.model_validate(doc) for sid, doc in session.execute(query.order_by(SourceRow.path))}


def load_chunks(context: Context, account_id: str, source_types: list[str] | None = None,
                source_paths: list[str] | None = None) -> list[ChunkRow]:
    require_account(context, account_id)
    query = select(ChunkRow).where(ChunkRow.account_id == account_id)
    if source_types:
        query = query.where(ChunkRow.source_type.in_(source_types))
    if source_paths is not None:
        query = query.where(ChunkRow.source_path.in_(source_paths))
    with context.db.session() as session:
        return list(session.scalars(query.order_by(ChunkRow.source_path, ChunkRow.position)))
