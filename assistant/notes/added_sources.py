"""Material added since the latest note version: the sources ingested (new, or changed and ingested again) after
that version was drafted, which the note cannot reflect yet."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field
from sqlalchemy import select

from assistant.account.catalog import SourceSummary
from assistant.platform.context import Context
from assistant.store.tables import NoteRow, SourceRow


class AddedSinceNote(BaseModel):
    note_version: int | None  # None: the account has no note yet (then nothing is listed)
    note_created_at: datetime | None  # when that version was drafted (a correction: when its draft was)
    sources: list[SourceSummary] = Field(default_factory=list)  # newest source date first


def added_since_latest_note(context: Context, account_id: str) -> AddedSinceNote:
    latest = select(NoteRow.version, NoteRow.created_at, NoteRow.note).where(NoteRow.account_id == account_id)
    with context.db.session() as session:
        context.account_access(account_id, session)
        found = session.execute(latest.order_by(NoteRow.version.desc()).limit(1)).first()
        if found is None:
            return AddedSinceNote(note_version=None, note_created_at=None)
        version, created_at, stored = found
        created_at = _drafted_at(stored) or created_at  # a correction shows no more material than its draft
        rows = session.scalars(select(SourceRow).where(
            SourceRow.account_id == account_id, SourceRow.ingested_at > created_at, SourceRow.status == "ready"))
        sources = [
            SourceSummary(source_id=r.id, path=r.path, source_type=r.source_type, title=r.title, date=r.doc_date,
                          chunks=r.chunk_count, status=r.status, ingested_at=r.ingested_at)
            for r in rows
        ]
    sources.sort(key=lambda s: (s.date is None, -(s.date.timestamp() if s.date else 0), s.path))
    return AddedSinceNote(note_version=version, note_created_at=created_at, sources=sources)


def _drafted_at(note: dict) -> datetime | None:
    drafted = note.get("drafted_at")
    return datetime.fromisoformat(drafted) if drafted else None
