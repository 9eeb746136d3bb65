"""Incremental ingest: files -> documents -> chunks -> embeddings -> SQL registry + keyword index + vector index.

Two gates skip unchanged work: a file whose bytes are unchanged is not parsed again, and a source whose parsed
content is unchanged is not re-embedded. Writes are ordered so that an interrupted ingest is repaired by the next
one: chunk rows are written with the source marked "pending", then the vectors, then the source is marked "ready"
(see ``index_writer``, which embeds and writes in the background while the next files are parsed).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.platform import metrics
from assistant.platform.context import Context
from assistant.handoffs.service import notice_transition
from assistant.platform.ids import content_hash, source_id
from assistant.indexing.index_writer import BatchWriter
from assistant.store import registry
from assistant.store.tables import AccountRow
from assistant.indexing.ticket_joins import join_ticket_comments
from ingest import emails
from ingest.crm import bare_domain
from ingest.crm_choice import choose_account_record
from ingest.dispatch import read_file
from ingest.document import CrmRecord, Document, SourceType
from ingest.errors import IngestError
from ingest.folder import AccountFolder, discover
from ingest.mailbox_stream import Correspondence, MailboxReading, read_mailbox
from ingest.options import ReadOptions
from ingest.slack_export import SlackDirectories
from ingest.ticket_comments import is_comments_page, ticket_identity

__all__ = ["IngestReport", "ingest_path", "index_documents"]

log = logging.getLogger("handoff.ingest")
REDACTED_MARK = b"\0handoff:redact-identifiers:v1"


class FileFailure(BaseModel):
    path: str
    reason: str


class FileRead(BaseModel):
    path: str
    read_as: str  # what the file was recognised as: "2 × ticket (Freshdesk)", "CRM record (JSON)", ...


class AccountIngestReport(BaseModel):
    account_id: str
    files: int = 0
    documents: int = 0  # sources new or changed in this run
    unchanged: int = 0  # sources (or whole files) skipped because nothing changed
    duplicates: int = 0  # documents already seen under another file (same Message-ID, say)
    chunks: int = 0  # chunks written
    pruned: int = 0  # sources removed because their files disappeared
    failures: list[FileFailure] = Field(default_factory=list)
    read: list[FileRead] = Field(default_factory=list)  # files new or changed in this run, and what each was read as
    notes: list[str] = Field(default_factory=list)  # what the user should know that is not a failure


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
    options: ReadOptions | None = None,
    on_file: Progress | None = None,
    as_of: date | None = None,
) -> IngestReport:
    """Ingest an account folder, a folder of them, or one file. An account whose CRM record now shows a transition
    gets an open handoff and its plan, with the gaps found ``as_of`` (default today)."""
    report = IngestReport()
    records_before: dict[str, dict | None] = {}  # each account's CRM record before this ingest
    with BatchWriter(context) as writer:  # one writer for every account: batches fill up across small accounts
        for folder in discover(path, account_id):
            records_before[folder.account_id] = _stored_record(context, folder.account_id)
            account = _ingest_account(context, folder, writer, options or ReadOptions(), on_file or (lambda _: None))
            report.accounts.append(account)
            if prune:
                writer.drain()  # the account's files are recorded before deciding which disappeared
                _prune(context, folder, account)
    for account in report.accounts:  # counted once the writer has drained
        _note_other_records(context, account)
        handoff = notice_transition(context, account.account_id, records_before[account.account_id],
                                    as_of or date.today())
        if handoff is not None:
            account.notes.append(handoff)
        _record_metrics(account)
    return report


def _stored_record(context: Context, account_id: str) -> dict | None:
    with context.db.session() as session:
        row = session.get(AccountRow, account_id)
        return row.crm if row is not None else None


def _note_other_records(context: Context, report: AccountIngestReport) -> None:
    """Several CRM records for one account: say which one speaks for it, rather than shadow the others silently."""
    with context.db.session() as session:
        choice = registry.account_records(session, report.account_id)
    if choice.others:
        report.notes.append(
            f"{len(choice.others) + 1} CRM records for this account: using {choice.chosen.source_path}; not used: "
            f"{', '.join(d.source_path for d in choice.others[:5])}{' ...' if len(choice.others) > 5 else ''}")


def _ingest_account(
    context: Context,
    folder: AccountFolder,
    writer: BatchWriter,
    options: ReadOptions,
    on_file: Progress,
) -> AccountIngestReport:
    report = AccountIngestReport(account_id=folder.account_id, files=len(folder.files))
    with context.db.session() as session:
        registry.ensure_account(session, folder.account_id)
        current = registry.current_files(session, folder.account_id)
    parsed: list[tuple[str, str, list[Document]]] = []  # (relative path, file hash, documents)
    slack = SlackDirectories()  # a Slack day file is read with the names its export's users.json gives
    mailboxes = [file for file in folder.files if _is_mailbox(file)]
    for file in folder.files:
        if file in mailboxes:
            continue
        relative = file.relative_to(folder.root).as_posix()
        result = _read_and_parse(context, file, relative, folder.account_id, options, report, current, slack)
        if result is not None:
            file_hash, documents = result
            parsed.append((relative, file_hash, documents))
        on_file(relative)
    joined = join_ticket_comments(context, folder.root, folder.account_id, parsed, options)
    _refuse_unjoined(joined.unjoined, report)
    _thread_emails([doc for _, _, docs in joined.parsed for doc in docs])
    for document in joined.rewritten:
        writer.add(document, report)
    for relative, file_hash, documents in joined.parsed:
        ids = [source_id(folder.account_id, ticket_identity(doc)) if is_comments_page(doc) else
               writer.add(doc, report) for doc in documents]
        writer.add_file(folder.account_id, relative, file_hash, ids)
    if mailboxes:  # after the rest: the account's CRM record says whose correspondence to keep
        correspondence = _correspondence(context, folder.account_id, [d for _, _, docs in parsed for d in docs])
        for file in mailboxes:
            relative = file.relative_to(folder.root).as_posix()
            _ingest_mailbox(context, file, relative, folder.account_id, correspondence, writer, report, current)
            on_file(relative)
    return report


def _refuse_unjoined(unjoined: dict[str, str], report: AccountIngestReport) -> None:
    """A comments file whose ticket is nowhere is not recorded, so that it is read again with its ticket."""
    for path, reason in unjoined.items():
        report.failures.append(FileFailure(path=path, reason=reason))
    report.read = [read for read in report.read if read.path not in unjoined]


def _is_mailbox(file: Path) -> bool:
    return file.suffix.lower() == ".mbox" or file.name.lower() == "mbox"


def _correspondence(context: Context, account_id: str, parsed: list[Document]) -> Correspondence:
    """The customer's domain and name, from the CRM record read in this run or the one stored."""
    chosen = choose_account_record(account_id, parsed).chosen
    if chosen is not None:
        record = chosen.metadata.record
    else:
        with context.db.session() as session:
            row = session.get(AccountRow, account_id)
            record = CrmRecord.model_validate(row.crm) if row is not None and row.crm else None
    if record is None:
        return Correspondence()
    domain = bare_domain(record.domain or "")
    name = (record.name or "").strip().lower()
    return Correspondence(domains=frozenset({domain} if "." in domain else set()),
                          names=(name,) if len(name) >= 4 else ())


def _ingest_mailbox(context: Context, file: Path, relative: str, account_id: str, correspondence: Correspondence,
                    writer: BatchWriter, report: AccountIngestReport, current: dict[str, str]) -> None:
    """A mailbox of any size, streamed: its hash and its messages are read a piece at a time."""
    try:
        digest = hashlib.sha256()
        with open(file, "rb") as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
        if context.settings.redact_identifiers:
            digest.update(REDACTED_MARK)
        file_hash = digest.hexdigest()
        if current.get(relative) == file_hash:
            report.unchanged += 1
            return
        reading = MailboxReading()
        ids = [writer.add(document, report) for document in read_mailbox(
            file, relative, account_id, correspondence, reading, context.settings.max_file_bytes)]
    except IngestError as exc:
        report.failures.append(FileFailure(path=relative, reason=exc.reason))
        return
    except OSError as exc:
        report.failures.append(FileFailure(path=relative, reason=f"cannot read the file: {exc.strerror or exc}"))
        return
    writer.add_file(account_id, relative, file_hash, ids)
    report.read.append(FileRead(path=relative, read_as=f"{reading.kept} × email (mbox)"))
    if reading.unrelated or reading.unreadable:
        report.notes.append(reading.summary(relative, correspondence))


def index_documents(context: Context, account_id: str, documents: list[Document]) -> AccountIngestReport:
    """Index documents that did not come from files (evaluation sets, API payloads), with the same two gates."""
    report = AccountIngestReport(account_id=account_id)
    with context.db.session() as session:
        registry.ensure_account(session, account_id)
    with BatchWriter(context) as writer:
        for document in documents:
            writer.add(document, report)
    _record_metrics(report)
    return report


def _record_metrics(report: AccountIngestReport) -> None:
    metrics.record_ingest(report.documents, report.unchanged, report.chunks, len(report.failures))
    log.info("ingested %s", report.account_id, extra={
        "account_id": report.account_id, "documents": report.documents, "unchanged": report.unchanged,
        "chunks": report.chunks, "failures": len(report.failures), "pruned": report.pruned})


def _read_and_parse(
    context: Context,
    file: Path,
    relative: str,
    account_id: str,
    options: ReadOptions,
    report: AccountIngestReport,
    current: dict[str, str],
    slack: SlackDirectories,
) -> tuple[str, list[Document]] | None:
    """(file hash, documents) for a file to (re)process; None when it is unchanged or failed. ``current`` holds the
    hashes of the account's files ingested before whose sources are all ready."""
    try:
        size = file.stat().st_size
        if size > context.settings.max_file_bytes:
            raise IngestError(relative, f"{size:,} bytes is over the {context.settings.max_file_bytes:,}-byte limit")
        data = file.read_bytes()
        # Turning redaction on (or off) changes every file's hash, so the next ingest re-reads and re-redacts; a
        # changed users list of a Slack export likewise re-reads its day files, whose names come from it.
        names = slack.names_for(file)
        marks = (REDACTED_MARK if context.settings.redact_identifiers else b"") + \
            (names.fingerprint.encode() if names else b"")
        file_hash = content_hash(data + marks)
        if current.get(relative) == file_hash:
            report.unchanged += 1
            return None
        reading = read_file(data, relative, account_id, options, slack.for_day_file(file))
        report.read.append(FileRead(path=relative, read_as=reading.read_as))
        return file_hash, reading.documents
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
