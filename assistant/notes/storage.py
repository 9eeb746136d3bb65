"""Stored notes: each generation is a new version per account."""

from __future__ import annotations

from datetime import datetime, time, timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from assistant.platform.context import Context
from assistant.platform.errors import NotFound
from assistant.models import TransitionNote
from assistant.notes.statement_ids import with_statement_ids
from assistant.store.tables import AccountRow, NoteRow


def store_note(context: Context, note: TransitionNote, now: datetime, draft: TransitionNote | None = None,
               attempts: int = 5) -> TransitionNote:
    """Store the note as the account's next version, with the engine's own ``draft`` when it was drafted. Two notes
    generated at once race for the same number; the loser takes the next one."""
    for attempt in range(attempts):
        try:
            return _store_next_version(context, note, now, draft)
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _store_next_version(context: Context, note: TransitionNote, now: datetime,
                        draft: TransitionNote | None) -> TransitionNote:
    with context.db.session() as session:
        context.account_access(note.account_id, session)
        # PostgreSQL: writers of one account's notes queue on its row's lock, so the numbers never collide there;
        # SQLite ignores FOR UPDATE, and a writer that loses the race retries (``store_note``)
        session.execute(select(AccountRow.id).where(AccountRow.id == note.account_id).with_for_update())
        latest = session.scalar(select(func.max(NoteRow.version)).where(NoteRow.account_id == note.account_id))
        stored = note.model_copy(update={"version": (latest or 0) + 1, "created_at": now})
        session.add(
            NoteRow(
                account_id=note.account_id,
                version=stored.version,
                as_of=datetime.combine(note.as_of, time.min, tzinfo=timezone.utc),
                engine=note.engine,
                model=note.model,
                created_at=now,
                note=stored.model_dump(mode="json"),
                draft=draft.model_dump(mode="json") if draft is not None else None,
            )
        )
    return stored


def get_note(context: Context, account_id: str, version: int | None = None) -> TransitionNote:
    """The latest note of the account, or the given version."""
    query = select(NoteRow).where(NoteRow.account_id == account_id)
    query = query.where(NoteRow.version == version) if version else query.order_by(NoteRow.version.desc())
    with context.db.session() as session:
        context.account_access(account_id, session)
        row = session.scalars(query.limit(1)).first()
        if row is None:
            which = f"version {version}" if version else "no note yet"
            raise NotFound(f"account {account_id!r} has {which}; `handoff note {account_id}` generates one")
        return with_statement_ids(TransitionNote.model_validate(row.note))


def note_draft(context: Context, account_id: str, note: TransitionNote) -> tuple[int, TransitionNote]:
    """The engine's draft that ``note`` shows (corrected or not), with its version."""
    version = note.draft_version or note.version
    with context.db.session() as session:
        context.account_access(account_id, session)
        row = session.scalars(select(NoteRow).where(NoteRow.account_id == account_id,
                                                    NoteRow.version == version)).first()
        if row is None:
            raise NotFound(f"account {account_id!r} has no note version {version}")
        return version, with_statement_ids(TransitionNote.model_validate(row.draft or row.note))


def list_note_versions(context: Context, account_id: str) -> list[tuple[int, datetime, str]]:
    query = select(NoteRow.version, NoteRow.created_at, NoteRow.engine).where(NoteRow.account_id == account_id)
    with context.db.session() as session:
        context.account_access(account_id, session)
        return [tuple(row) for row in session.execute(query.order_by(NoteRow.version))]
