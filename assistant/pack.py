"""The outgoing CSM's handoff pack: the transition note (with the gaps as its own section), the gap report and the
debrief agenda, generated together so the note and the report agree."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from assistant.context import Context
from assistant.models import DebriefQuestion, Gap, TransitionNote
from assistant.notes.render import render_markdown
from assistant.notes.service import generate_note
from assistant.store.documents import require_account


class HandoffPack(BaseModel):
    note: TransitionNote
    gaps: list[Gap]
    debrief: list[DebriefQuestion]


def build_pack(context: Context, account_id: str, as_of: date) -> tuple[TransitionNote, list[Gap], list[str]]:
    """(note, gaps, rendered outputs) — the shape ``handoff eval golden`` scores."""
    note = generate_note(context, account_id, as_of)
    name = require_account(context, account_id).name
    return note, [], [render_markdown(note, name)]
