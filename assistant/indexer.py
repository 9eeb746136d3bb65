"""Incremental ingest: files -> documents -> chunks -> embeddings -> SQL registry + keyword index + vector index.

Two gates skip unchanged work: a file whose bytes are unchanged is not parsed again, and a source whose parsed
content is unchanged is not re-embedded. Writes are ordered so that an interrupted ingest is repaired by the next
one: chunk rows are written with the source marked "pending", then the vectors, then the source is marked "ready".
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from assistant import metrics
from assistant.context import Context
from assistant.ids import content_hash, source_id
from assistant.redaction import redact_document
from assistant.safety import without_planted_person_fields
from assistant.store import registry
from ingest import emails
from ingest.chunking import Chunk, chunk_document
from ingest.dispatch import parse_file
from ingest.document import Document, SourceType
from ingest.errors import IngestError
from ingest.folder import AccountFolder, discover
from ingest.tickets import TicketColumnMapping

log = logging.getLogger("handoff.ingest")
REDACTED_MARK = b"\0handoff:redact-identifiers:v1"
EMBED_BATCH_CHUNKS = 1024  # chunks embedded (and written) together: sorting a big batch by length cuts padding


class FileFailure(BaseModel):
    path: str
    reason: str


class AccountIngestReport(BaseModel):
    account_id: str
    files: int = 0
    documents: int = 0  # sources new or changed in this run
    unchanged: int = 0  # sources (or whole files) skipped because nothing changed
    duplicates: int = 0  # documents already seen under another file (same Message-ID, say)
    chunks: int = 0  # chunks written
    pruned: int = 0  # sources removed because their files disappeared
    failures: list[FileFailure] = Field(default_factory=list)


class IngestReport(BaseModel):
    accounts: list[AccountIngestReport] = Field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(len(a.failures) for a in self.accounts)


Progress = Callable[[str], None]  # called once per file processed, with its path


def ingest_path(
    context: Context,
    path: Path,
    account_id: str | None = None,
    prune: bool = False,
    ticket_mapping: TicketColumnMapping | None = None,
    on_file: Progress | None = None,
) -> IngestReport:
    report = IngestReport()
    for folder in discover(path, account_id):
        report.accounts.append(_ingest_account(context, folder, prune, ticket_mapping, on_file or (lambda _: None)))
    return report


def _ingest_account(
    context: Context, folder: AccountFolder, prune: bool, mapping: TicketColumnMapping | None, on_file: Progress
) -> AccountIngestReport:
    report = AccountIngestReport(account_id=folder.account_id, files=len(folder.files))
    with context.db.session() as session:
        registry.ensure_account(session, folder.account_id)
    parsed: list[tuple[str, str, list[Document]]] = []  # (relative path, file hash, documents)
    for file in folder.files:
        relative = file.relative_to(folder.root).as_posix()
        result = _read_and_parse(context, file, relative, folder.account_id, mapping, report)
        if result is not None:
            file_hash, documents = result
            parsed.append((relative, file_hash, documents))
        on_file(relative)
    _thread_emails([doc for _, _, docs in parsed for doc in docs])
    writer = _BatchWriter(context, report)
    for relative, file_hash, documents in parsed:
        ids = [writer.add(doc) for doc in documents]
        writer.after_flush(folder.account_id, relative, file_hash, ids)
    writer.flush()
    if prune:
        _prune(context, folder, report)
    _record_metrics(report)
    return report


def index_documents(context: Context, account_id: str, documents: list[Document]) -> AccountIngestReport:
    """Index documents that did not come from files (evaluation sets, API payloads), with the same two gates."""
    report = AccountIngestReport(account_id=account_id)
    with context.db.session() as session:
        registry.ensure_account(session, account_id)
    writer = _BatchWriter(context, report)
    for document in documents:
        writer.add(document)
    writer.flush()
    _record_metrics(report)
    return report


def _record_metrics(report: AccountIngestReport) -> None:
    metrics.record_ingest(report.documents, report.unchanged, report.chunks, len(report.failures))
    log.info("ingested %s", report.account_id, extra={
        "account_id": report.account_id, "documents": report.documents, "unchanged": report.unchanged,
        "chunks": report.chunks, "failures": len(report.failures), "pruned": report.pruned})


def _read_and_parse(
    context: Context, file: Path, relative: str, account_id: str, mapping, report: AccountIngestReport
) -> tuple[str, list[Document]] | None:
    """(file hash, documents) for a file to (re)process; None when it is unchanged or failed."""
    try:
        size = file.stat().st_size
        if size > context.settings.max_file_bytes:
            raise IngestError(relative, f"{size:,} bytes is over the {context.settings.max_file_bytes:,}-byte limit")
        data = file.read_bytes()
        # Turning redaction on (or off) changes every file's hash, so the next ingest re-reads and re-redacts.
        file_hash = content_hash(data + REDACTED_MARK if context.settings.redact_identifiers else data)
        with context.db.session() as session:
            if registry.file_is_current(session, account_id, relative, file_hash):
                report.unchanged += 1
                return None
        return file_hash, parse_file(data, relative, account_id, mapping)
    except IngestError as exc:
        report.failures.append(FileFailure(path=relative, reason=exc.reason))
    except OSError as exc:
        report.failures.append(FileFailure(path=relative, reason=f"cannot read the file: {exc.strerror or exc}"))
    except Exception as exc:  # a parser bug must not abort the batch; say what happened
        report.failures.append(FileFailure(path=relative, reason=f"unexpected parser error: {type(exc).__name__}: {exc}"))
    return None


def _thread_emails(documents: list[Document]) -> None:
    threaded = emails.assign_threads([d for d in documents if d.source_type is SourceType.EMAIL])
    by_identity = {d.identity: d for d in threaded}
    for i, document in enumerate(documents):
        if document.identity in by_identity and document.source_type is SourceType.EMAIL:
            documents[i].metadata = by_identity[document.identity].metadata


class _BatchWriter:
    """Collects changed sources until enough chunks are waiting, embeds them in one go, then writes in order."""

    def __init__(self, context: Context, report: AccountIngestReport) -> None:
        self._context = context
        self._report = report
        self._pending: list[tuple[str, Document, str, list[Chunk]]] = []
        self._file_rows: list[tuple[str, str, str, list[str]]] = []
        self._seen: set[str] = set()

    def add(self, document: Document) -> str:
        sid = source_id(document.account_id, document.identity)
        if sid in self._seen:
            self._report.duplicates += 1
            return sid
        self._seen.add(sid)
        document = without_planted_person_fields(document)
        if self._context.settings.redact_identifiers:  # before anything is hashed, stored or embedded
            document = redact_document(document)
        digest = content_hash(document.model_dump_json(exclude={"source_path"}))
        with self._context.db.session() as session:
            if registry.source_is_current(session, sid, digest):
                self._report.unchanged += 1
                return sid
        settings = self._context.settings
        chunks = chunk_document(
            document, sid, settings.chunk_chars, settings.chunk_overlap_chars, settings.transcript_chunk_chars
        )
        self._pending.append((sid, document, digest, chunks))
        if sum(len(c) for *_, c in self._pending) >= EMBED_BATCH_CHUNKS:
            self.flush()
        return sid

    def after_flush(self, account_id: str, path: str, file_hash: str, source_ids: list[str]) -> None:
        """Record the file only once its sources are written, so a crash before then re-reads the file."""
        self._file_rows.append((account_id, path, file_hash, source_ids))
        if not self._pending:
            self.flush()

    def flush(self) -> None:
        pending, self._pending = self._pending, []
        if pending:
            self._write(pending)
        rows, self._file_rows = self._file_rows, []
        with self._context.db.session() as session:
            for account_id, path, file_hash, source_ids in rows:
                registry.record_file(session, account_id, path, file_hash, source_ids)

    def _write(self, pending: list[tuple[str, Document, str, list[Chunk]]]) -> None:
        all_chunks = [chunk for *_, chunks in pending for chunk in chunks]
        vectors = self._context.embedder.embed([c.content for c in all_chunks])
        account_id = pending[0][1].account_id
        stale: list[str] = []
        with self._context.db.session() as session:
            interrupted = registry.pending_source_ids(session, [sid for sid, *_ in pending])
            for sid, document, digest, chunks in pending:
                stale += registry.write_source_pending(session, sid, document, digest, chunks)
                if document.source_type is SourceType.CRM:
                    registry.record_crm(session, account_id, document)
        self._context.vectors.upsert(account_id, all_chunks, vectors)
        if interrupted:  # a crash after the chunk rows changed may have left vectors the rows no longer name
            new_ids = {c.chunk_id for c in all_chunks}
            stale += sorted(self._context.vectors.source_chunk_ids(account_id, interrupted) - new_ids - set(stale))
        self._context.vectors.delete(account_id, stale)
        with self._context.db.session() as session:
            registry.mark_ready(session, [sid for sid, *_ in pending])
        self._report.documents += len(pending)
        self._report.chunks += len(all_chunks)


def _prune(context: Context, folder: AccountFolder, report: AccountIngestReport) -> None:
    present = {f.relative_to(folder.root).as_posix() for f in folder.files}
    with context.db.session() as session:
        gone = sorted(registry.known_file_paths(session, folder.account_id) - present)
        orphans = registry.forget_files(session, folder.account_id, gone)
        chunk_ids = registry.delete_sources(session, orphans)
        # Vectors go before the SQL commit: a crash in between leaves rows the next prune deletes again, never
        # vectors that nothing names.
        context.vectors.delete(folder.account_id, chunk_ids)
    report.pruned += len(orphans)
