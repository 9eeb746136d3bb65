"""Comments exported apart from their tickets, joined to their ticket before anything is written.

A comments file and its ticket may arrive in different runs, so the ticket's other files are read again from disk:
for a ticket read in this run, the comments files joined to it before; for a comments file read in this run, the
ticket's export (and its other comments files). Which files those are, the store says: a comments file is recorded
as a file of its ticket's source."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.platform.context import Context
from assistant.platform.ids import source_id
from assistant.store import registry
from ingest.dispatch import parse_file
from ingest.document import Document, SourceType
from ingest.errors import IngestError
from ingest.options import ReadOptions
from ingest.ticket_comments import is_comments_page, join_comments, ticket_identity

ParsedFile = tuple[str, str, list[Document]]  # (path relative to the account root, file hash, documents)


@dataclass
class JoinedTickets:
    parsed: list[ParsedFile]  # tickets with their comments; comments pages stay in their files, to be recorded
    rewritten: list[Document] = field(default_factory=list)  # tickets from files unchanged in this run
    unjoined: dict[str, str] = field(default_factory=dict)  # comments file -> why it was not joined


def join_ticket_comments(context: Context, root: Path, account_id: str, parsed: list[ParsedFile],
                         options: ReadOptions) -> JoinedTickets:
    pages: dict[str, list[Document]] = {}
    tickets: dict[str, Document] = {}
    for _, _, documents in parsed:
        for document in documents:
            if is_comments_page(document):
                pages.setdefault(ticket_identity(document), []).append(document)
            elif document.source_type is SourceType.TICKET:
                tickets[document.identity] = document
    if not pages and not tickets:
        return JoinedTickets(parsed)
    with context.db.session() as session:
        files_of = registry.files_by_source(session, account_id)
    read_now = {path for path, _, _ in parsed}
    earlier = {identity: [p for p in files_of.get(source_id(account_id, identity), []) if p not in read_now]
               for identity in tickets.keys() | pages.keys()}
    if not pages and not any(earlier.values()):
        return JoinedTickets(parsed)
    joined = JoinedTickets(parsed=[])
    complete: dict[str, Document] = {}
    for identity in tickets.keys() | pages.keys():
        ticket, more_pages = _read_again(root, account_id, identity, earlier[identity], options)
        ticket = tickets.get(identity) or ticket
        all_pages = sorted(pages.get(identity, []) + more_pages, key=lambda page: page.source_path)
        if ticket is None:
            for page in pages.get(identity, []):
                joined.unjoined[page.source_path] = (
                    f"{page.title}: no such ticket is ingested for this account; ingest the ticket export with it")
            continue
        complete[identity] = join_comments(ticket, all_pages) if all_pages else ticket
        if identity not in tickets and all_pages:
            joined.rewritten.append(complete[identity])
    for path, file_hash, documents in parsed:
        if path in joined.unjoined:
            continue
        joined.parsed.append((path, file_hash, [complete.get(d.identity, d) if d.source_type is SourceType.TICKET
                                                and not is_comments_page(d) else d for d in documents]))
    return joined


def _read_again(root: Path, account_id: str, identity: str, paths: list[str],
                options: ReadOptions) -> tuple[Document | None, list[Document]]:
    ticket, pages = None, []
    for path in paths:
        try:
            documents = parse_file((root / path).read_bytes(), path, account_id, options)
        except (IngestError, OSError):
            continue  # gone or changed into something unreadable: its own ingest reports it
        for document in documents:
            if is_comments_page(document) and ticket_identity(document) == identity:
                pages.append(document)
            elif document.identity == identity and ticket is None:
                ticket = document
    return ticket, pages
