"""Reading parsed documents and chunks of one account back from the SQL store."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from assistant.access.rules import AccountAccess
from assistant.platform.lru import LruCache
from assistant.store.tables import ChunkRow, SourceRow
from ingest.document import CrmRecord, Document


def account_revision(session: Session, account: AccountAccess) -> tuple:
    """Changes whenever the account's sources do (added, replaced, removed, made ready): a key for caching what is
    computed from them."""
    query = select(func.count(), func.max(SourceRow.ingested_at), func.coalesce(func.sum(SourceRow.chunk_count), 0),
                   func.sum(case((SourceRow.status == "ready", 1), else_=0))) \
        .where(SourceRow.account_id == account.account_id)
    return tuple(session.execute(query).one())


def crm_record(account: AccountAccess) -> CrmRecord | None:
    return CrmRecord.model_validate(account.crm) if account.crm else None


# Parsed documents by (store, source id, content hash, ingest time): validating a stored document costs far more than
# reading its key, and every question reads the documents of its evidence. A re-ingested source has a new key.
_PARSED: LruCache[Document] = LruCache(8192)


def load_documents(session: Session, account: AccountAccess,
                   source_ids: list[str] | None = None) -> dict[str, Document]:
    """Parsed documents by source id, in path order: all of the account's, or just ``source_ids``. Callers must not
    change them (they are shared)."""
    query = select(SourceRow.id, SourceRow.content_hash, SourceRow.ingested_at) \
        .where(SourceRow.account_id == account.account_id)
    if source_ids is not None:
        query = query.where(SourceRow.id.in_(source_ids))
    store = session.get_bind().url.render_as_string(hide_password=False)
    keys = {sid: (store, sid, content_hash, ingested_at)
            for sid, content_hash, ingested_at in session.execute(query.order_by(SourceRow.path))}
    parsed = {sid: _PARSED.get(key) for sid, key in keys.items()}
    missing = [sid for sid, document in parsed.items() if document is None]
    if missing:
        rows = session.execute(select(SourceRow.id, SourceRow.document).where(SourceRow.id.in_(missing)))
        for sid, stored in rows:
            parsed[sid] = _PARSED.put(keys[sid], Document.model_validate(stored))
    return {sid: document for sid, document in parsed.items() if document is not None}


def load_chunks(session: Session, account: AccountAccess, source_types: list[str] | None = None,
                source_paths: list[str] | None = None) -> list[ChunkRow]:
    query = select(ChunkRow).where(ChunkRow.account_id == account.account_id)
    if source_types:
        query = query.where(ChunkRow.source_type.in_(source_types))
    if source_paths is not None:
        query = query.where(ChunkRow.source_path.in_(source_paths))
    return list(session.scalars(query.order_by(ChunkRow.source_path, ChunkRow.position)))
