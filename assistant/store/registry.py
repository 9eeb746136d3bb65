"""Reads and writes of the source registry: accounts, sources, the files they came from, and their chunk rows."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from assistant.store.filters import day_number
from assistant.store.keyword import account_key
from assistant.store.tables import AccountRow, ChunkRow, SourceFileRow, SourceRow
from ingest.chunking import Chunk
from ingest.document import Document


def now() -> datetime:
    return datetime.now(timezone.utc)


def ensure_account(session: Session, account_id: str) -> AccountRow:
    account = session.get(AccountRow, account_id)
    if account is None:
        account = AccountRow(id=account_id, name=account_id, crm=None, created_at=now(), updated_at=now())
        session.add(account)
        session.flush()
    return account


def record_crm(session: Session, account_id: str, document: Document) -> None:
    account = ensure_account(session, account_id)
    record = document.metadata.record  # type: ignore[union-attr]
    account.crm = record.model_dump(mode="json")
    account.name = record.name or account.name
    account.updated_at = now()


def write_source_pending(
    session: Session, source_id: str, document: Document, digest: str, chunks: list[Chunk]
) -> list[str]:
    """Store the source as pending with its new chunk rows; returns the chunk ids it had before and no longer has."""
    source = session.get(SourceRow, source_id)
    old_ids = set(session.scalars(select(ChunkRow.id).where(ChunkRow.source_id == source_id)))
    if source is None:
        source = SourceRow(id=source_id, account_id=document.account_id, identity=document.identity, path=document.source_path)
        session.add(source)
    source.source_type = document.source_type.value
    source.title = document.title
    source.doc_date = document.created_at
    source.content_hash = digest
    source.document = document.model_dump(mode="json")
    source.chunk_count = len(chunks)
    source.status = "pending"
    source.ingested_at = now()
    session.flush()
    session.execute(delete(ChunkRow).where(ChunkRow.source_id == source_id))
    session.add_all(_chunk_row(chunk) for chunk in chunks)
    return sorted(old_ids - {c.chunk_id for c in chunks})


def pending_source_ids(session: Session, source_ids: list[str]) -> list[str]:
    """Those of ``source_ids`` an interrupted ingest left pending."""
    if not source_ids:
        return []
    return list(session.scalars(select(SourceRow.id).where(SourceRow.id.in_(source_ids), SourceRow.status != "ready")))


def mark_ready(session: Session, source_ids: list[str]) -> None:
    for source_id in source_ids:
        source = session.get(SourceRow, source_id)
        if source is not None:
            source.status = "ready"


def record_file(session: Session, account_id: str, path: str, file_hash: str, source_ids: list[str]) -> None:
    row = session.get(SourceFileRow, (account_id, path))
    if row is None:
        row = SourceFileRow(account_id=account_id, path=path)
        session.add(row)
    row.file_hash = file_hash
    row.source_ids = source_ids
    row.ingested_at = now()


def file_is_current(session: Session, account_id: str, path: str, file_hash: str) -> bool:
    """True when this exact file was ingested before and every source it yielded is ready."""
    row = session.get(SourceFileRow, (account_id, path))
    if row is None or row.file_hash != file_hash:
        return False
    if not row.source_ids:
        return True
    ready = session.scalar(
        select(func.count()).select_from(SourceRow).where(SourceRow.id.in_(row.source_ids), SourceRow.status == "ready")
    )
    return ready == len(set(row.source_ids))


def source_is_current(session: Session, source_id: str, digest: str) -> bool:
    source = session.get(SourceRow, source_id)
    return source is not None and source.status == "ready" and source.content_hash == digest


def forget_files(session: Session, account_id: str, paths: list[str]) -> list[str]:
    """Drop file rows; returns the ids of sources no remaining file refers to (the caller deletes them)."""
    if paths:
        session.execute(
            delete(SourceFileRow).where(SourceFileRow.account_id == account_id, SourceFileRow.path.in_(paths))
        )
    return orphaned_sources(session, account_id)


def orphaned_sources(session: Session, account_id: str) -> list[str]:
    referenced: set[str] = set()
    for ids in session.scalars(select(SourceFileRow.source_ids).where(SourceFileRow.account_id == account_id)):
        referenced.update(ids)
    all_ids = session.scalars(select(SourceRow.id).where(SourceRow.account_id == account_id))
    return sorted(set(all_ids) - referenced)


def delete_sources(session: Session, source_ids: list[str]) -> list[str]:
    """Delete sources and their chunk rows; returns the deleted chunk ids (for the vector index)."""
    if not source_ids:
        return []
    chunk_ids = list(session.scalars(select(ChunkRow.id).where(ChunkRow.source_id.in_(source_ids))))
    session.execute(delete(ChunkRow).where(ChunkRow.source_id.in_(source_ids)))
    session.execute(delete(SourceRow).where(SourceRow.id.in_(source_ids)))
    return chunk_ids


def known_file_paths(session: Session, account_id: str) -> set[str]:
    return set(session.scalars(select(SourceFileRow.path).where(SourceFileRow.account_id == account_id)))


def _chunk_row(chunk: Chunk) -> ChunkRow:
    return ChunkRow(
        id=chunk.chunk_id,
        account_id=chunk.account_id,
        account_key=account_key(chunk.account_id),
        source_id=chunk.source_id,
        position=chunk.position,
        source_type=chunk.source_type.value,
        source_path=chunk.source_path,
        title=chunk.title,
        date=chunk.date,
        day=day_number(chunk.date) if chunk.date else None,
        author=chunk.author,
        locator=chunk.locator,
        segment=chunk.segment,
        header=chunk.header,
        text=chunk.text,
    )
