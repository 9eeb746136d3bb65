"""How old each statement is: the own date of the newest source it cites (an email's sent date, a meeting's date, a
ticket's or chat day's last update, a document's date), not when the source was ingested."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from assistant.platform.context import Context
from assistant.facts.text import doc_date
from assistant.models import Statement, TransitionNote
from assistant.store.documents import load_documents
from assistant.store.tables import ChunkRow
from ingest.document import Document


def with_source_dates(context: Context, note: TransitionNote) -> TransitionNote:
    """The note with ``newest_source_date`` set on every statement whose citations have a date and which has none
    yet (a note stored before statements carried dates gets them from the sources as they are now)."""
    missing = [s for section in note.sections for s in section.statements
               if s.newest_source_date is None and s.citations]
    if not missing:
        return note
    dates = chunk_dates(context, note.account_id, sorted({c.chunk_id for s in missing for c in s.citations}))
    sections = [
        section.model_copy(update={"statements": [_dated(s, dates) for s in section.statements]})
        for section in note.sections
    ]
    return note.model_copy(update={"sections": sections})


def chunk_dates(context: Context, account_id: str, chunk_ids: list[str]) -> dict[str, date]:
    """The own date of each chunk's source, for the chunks still stored that have one."""
    account = context.account_access(account_id)
    if not chunk_ids:
        return {}
    query = select(ChunkRow.id, ChunkRow.source_id, ChunkRow.date).where(
        ChunkRow.account_id == account_id, ChunkRow.id.in_(chunk_ids))
    with context.db.session() as session:
        rows = list(session.execute(query))
        documents = load_documents(session, account, sorted({source_id for _, source_id, _ in rows}))
    dates: dict[str, date] = {}
    for chunk_id, source_id, chunk_date in rows:
        document = documents.get(source_id)
        when = source_date(document) if document is not None else None
        when = when or (chunk_date.date() if chunk_date else None)
        if when is not None:
            dates[chunk_id] = when
    return dates


def source_date(document: Document) -> date | None:
    """A source's own date: its last update where it has one (tickets, chat days, the CRM record), else the date it
    documents (a meeting's, a document's) or was written (an email's)."""
    if document.updated_at is not None:
        return document.updated_at.date()
    return doc_date(document)


def _dated(statement: Statement, dates: dict[str, date]) -> Statement:
    if statement.newest_source_date is not None:
        return statement
    known = [dates[c.chunk_id] for c in statement.citations if c.chunk_id in dates]
    return statement.model_copy(update={"newest_source_date": max(known)}) if known else statement
