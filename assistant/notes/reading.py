"""A user reading a stored note: the version is recorded as read (a read receipt), each statement is marked new or
changed against the newest earlier version that user read, and each carries the date of its newest source.

The comparison is with the newest version *below* the one shown, so reading the same version again shows the same
marks; a user who read no earlier version gets their first reading, with nothing marked."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from assistant.platform.context import Context
from assistant.platform.errors import NotFound
from assistant.models import TransitionNote
from assistant.notes.changes import compare_versions
from assistant.notes.source_dates import with_source_dates
from assistant.notes.storage import get_note
from assistant.store.user_tables import NoteReadRow


def read_note(context: Context, account_id: str, version: int | None = None,
              now: datetime | None = None) -> TransitionNote:
    """The latest note (or ``version``) as the context's user reads it, recorded as read by them. The local
    operator (the command line) is nobody in particular: their notes are dated but neither compared nor recorded."""
    note = with_source_dates(context, get_note(context, account_id, version))
    user_id = context.principal.user_id
    if user_id is None:
        return note
    earlier_version = last_read_before(context, account_id, user_id, note.version)
    earlier = _earlier_note(context, account_id, earlier_version)
    record_read(context, account_id, user_id, note.version, now or datetime.now(timezone.utc))
    return compare_versions(note, earlier)


def last_read_before(context: Context, account_id: str, user_id: int, version: int) -> int | None:
    """The newest version below ``version`` that the user has read. Callers have checked access."""
    query = select(func.max(NoteReadRow.version)).where(
        NoteReadRow.account_id == account_id, NoteReadRow.user_id == user_id, NoteReadRow.version < version)
    with context.db.session() as session:
        return session.scalar(query)


def record_read(context: Context, account_id: str, user_id: int, version: int, now: datetime) -> None:
    """Remember the first time the user read this version (a second reading changes nothing)."""
    key = {"account_id": account_id, "user_id": user_id, "version": version}
    try:
        with context.db.session() as session:
            if session.get(NoteReadRow, key) is None:
                session.add(NoteReadRow(**key, read_at=now))
    except IntegrityError:  # two pages of the same user read it at once: one row is all it takes
        pass


def _earlier_note(context: Context, account_id: str, version: int | None) -> TransitionNote | None:
    if version is None:
        return None
    try:
        return get_note(context, account_id, version)
    except NotFound:  # not expected (versions are kept), but then there is nothing to compare with
        return None
