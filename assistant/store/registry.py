"""Reads and writes of the source registry: accounts, sources, the files they came from, and their chunk rows."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from assistant.store.filters import day_number
from assistant.store.keyword import account_key
from assistant.store.keyword_terms import index_terms
from assistant.store.tables import AccountRow, ChunkRow, SourceFileRow, SourceRow
from assistant.text.dates import day_first_hint
from ingest.chunking import Chunk
from ingest.crm_choice import RecordChoice, choose_account_record
from ingest.document import Document, SourceType


def now() -> datetime:
    return datetime.now(timezone.utc)


def ensure_account(session: Session, account_id: str) -> AccountRow:
    account = session.get(AccountRow, account_id)
    if account is None:
        account = AccountRow(id=account_id, name=account_id, crm=None, created_at=now(), updated_at=now())
        session.add(account)
        session.flush()
    return account


def account_records(session: Session, account_id: str) -> RecordChoice:
    """The account's CRM records: the one chosen as the account's and the others."""
    stored = session.scalars(select(SourceRow.document).where(
        SourceRow.account_id == account_id, SourceRow.source_type == SourceType.CRM.value))
    return choose_account_record(account_id, [Document.model_validate(document) for document in stored])


def refresh_account_record(session: Session, account_id: str) -> RecordChoice:
    """Set the account's CRM record (and name) from the CRM documents it holds now, chosen deliberately
    (``choose_account_record``); with none left, the account has no record. Call after its sources change."""
    account = ensure_account(session, account_id)
    session.flush()
    choice = account_records(session, account_id)
    record = choice.chosen.metadata.record if choice.chosen is not None else None  # type: ignore[union-attr]
    crm = record.model_dump(mode="json") if record is not None else None
    if crm != account.crm:
        account.crm = crm
        account.name = (record.name if record is not None else None) or account.name
        account.updated_at = now()
    return choice


PendingSource = tuple[str, Document, str, list[Chunk]]  # (source id, document, content hash, its chunks)


def write_sources_pending(session: Session, sources: list[PendingSource],
                          sentence_model: str = "") -> dict[str, list[str]]:
    """Store sources as pending with their new chunk rows, in a few statements for the whole batch; returns, per
    source id, the chunk ids it had before and no longer has. ``sentence_model``: the model whose vectors of the
    chunks' sentences the caller writes with them (their old ones go with the old rows)."""
    ids = [source_id for source_id, *_ in sources]
    existing = {row.id: row for row in session.scalars(select(SourceRow).where(SourceRow.id.in_(ids)))}
    old_ids: dict[str, set[str]] = {source_id: set() for source_id in ids}
    old_chunks = select(ChunkRow.id, ChunkRow.source_id).where(ChunkRow.source_id.in_(ids))
    for chunk_id, source_id in session.execute(old_chunks):
        old_ids[source_id].add(chunk_id)
    for source_id, document, digest, chunks in sources:
        source = existing.get(source_id)
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
    session.execute(delete(ChunkRow).where(ChunkRow.source_id.in_(ids)))
    rows = []
    for *_, chunks in sources:
        day_first = day_first_hint(chunk.text for chunk in chunks)
        rows += [_chunk_values(chunk, day_first, sentence_model) for chunk in chunks]
    if rows:
        session.execute(insert(ChunkRow), rows)
    return {
        source_id: sorted(old_ids[source_id] - {c.chunk_id for c in chunks}) for source_id, _, _, chunks in sources
    }


def pending_source_ids(session: Session, source_ids: list[str]) -> list[str]:
    """Those of ``source_ids`` an interrupted ingest left pending."""
    if not source_ids:
        return []
    return list(session.scalars(select(SourceRow.id).where(SourceRow.id.in_(source_ids), SourceRow.status != "ready")))


def mark_ready(session: Session, source_ids: list[str]) -> None:
    if source_ids:
        session.execute(update(SourceRow).where(SourceRow.id.in_(source_ids)).values(status="ready"))


def ready_digests(session: Session, account_id: str) -> dict[str, str]:
    """The content hash of every ready source of an account (the second ingest gate, read once per account)."""
    ready = select(SourceRow.id, SourceRow.content_hash).where(
        SourceRow.account_id == account_id, SourceRow.status == "ready"
    )
    return {source_id: digest for source_id, digest in session.execute(ready)}


def current_files(session: Session, account_id: str) -> dict[str, str]:
    """The hash of every file of an account ingested before whose sources are all ready (the first gate)."""
    ready = set(ready_digests(session, account_id))
    files = session.scalars(select(SourceFileRow).where(SourceFileRow.account_id == account_id))
    return {row.path: row.file_hash for row in files if set(row.source_ids or []) <= ready}


def record_file(session: Session, account_id: str, path: str, file_hash: str, source_ids: list[str]) -> None:
    row = session.get(SourceFileRow, (account_id, path))
    if row is None:
        row = SourceFileRow(account_id=account_id, path=path)
        session.add(row)
    row.file_hash = file_hash
    row.source_ids = source_ids
    row.ingested_at = now()


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
    # A debrief answer is written in handoff, not read from a file: no file's disappearance removes it.
    all_ids = session.scalars(select(SourceRow.id).where(SourceRow.account_id == account_id,
                                                         SourceRow.source_type != SourceType.DEBRIEF.value))
    return sorted(set(all_ids) - referenced)


def delete_sources(session: Session, source_ids: list[str]) -> list[str]:
    """Delete sources and their chunk rows; returns the deleted chunk ids (for the vector index)."""
    if not source_ids:
        return []
    chunk_ids = list(session.scalars(select(ChunkRow.id).where(ChunkRow.source_id.in_(source_ids))))
    crm_accounts = set(session.scalars(select(SourceRow.account_id).where(
        SourceRow.id.in_(source_ids), SourceRow.source_type == SourceType.CRM.value)))
    session.execute(delete(ChunkRow).where(ChunkRow.source_id.in_(source_ids)))
    session.execute(delete(SourceRow).where(SourceRow.id.in_(source_ids)))
    for account_id in crm_accounts:  # the account's record may have been one of them
        refresh_account_record(session, account_id)
    return chunk_ids


def known_file_paths(session: Session, account_id: str) -> set[str]:
    return set(session.scalars(select(SourceFileRow.path).where(SourceFileRow.account_id == account_id)))


def files_by_source(session: Session, account_id: str) -> dict[str, list[str]]:
    """The files each source of an account was read from (a ticket: its export, and any comments file joined to it)."""
    files: dict[str, list[str]] = {}
    rows = session.execute(select(SourceFileRow.path, SourceFileRow.source_ids)
                           .where(SourceFileRow.account_id == account_id).order_by(SourceFileRow.path))
    for path, ids in rows:
        for sid in ids or []:
            files.setdefault(sid, []).append(path)
    return files


def _chunk_values(chunk: Chunk, day_first: bool | None, sentence_model: str = "") -> dict:
    """A chunk row; ``day_first``: how its source writes numeric dates, read from all of the source's chunks."""
    return dict(
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
        keyword_terms=index_terms(chunk.content, chunk.date.date() if chunk.date else None, day_first),
        sentence_model=sentence_model,
    )
