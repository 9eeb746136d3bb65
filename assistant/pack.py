"""The outgoing CSM's handoff pack: the transition note (with the gaps as its own section), the gap report and the
debrief agenda, generated together so that they agree."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from assistant.audit import record
from assistant.context import Context
from assistant.debrief import debrief_agenda
from assistant.debrief_items.status import open_only, with_status
from assistant.engines.base import Engine
from assistant.engines.factory import make_engine
from assistant.gaps.service import account_material, find_gaps, gaps_section
from assistant.models import DebriefQuestion, Gap, TransitionNote
from assistant.notes.service import SectionHook, generate_note
from assistant.notes.storage import get_note
from assistant.notes.template import NoteTemplate


def current_debrief(context: Context, account_id: str, as_of: date) -> list[DebriefQuestion]:
    """The debrief agenda from the latest stored note's risks and today's gaps (NotFound when there is no note)."""
    note = get_note(context, account_id)
    material = account_material(context, account_id)
    questions = debrief_agenda(note, find_gaps(context, account_id, as_of), material, as_of)
    return with_status(context, account_id, questions, DebriefQuestion)


class HandoffPack(BaseModel):
    note: TransitionNote
    gaps: list[Gap]
    debrief: list[DebriefQuestion]


def build_pack(
    context: Context,
    account_id: str,
    as_of: date,
    template: NoteTemplate | None = None,
    engine: Engine | None = None,
    on_section: SectionHook | None = None,
) -> HandoffPack:
    engine = engine or make_engine(context)
    gaps = find_gaps(context, account_id, as_of, engine)
    note = generate_note(
        context, account_id, as_of, template, engine, extra_sections=[gaps_section(open_only(gaps))],
        on_section=on_section
    )
    debrief = with_status(context, account_id, debrief_agenda(note, gaps, account_material(context, account_id), as_of),
                          DebriefQuestion)
    record(context, "note.generate", account_id, "note", note.version,
           {"engine": note.engine, "model": note.model, "as_of": as_of.isoformat(), "gaps": len(open_only(gaps))})
    return HandoffPack(note=note, gaps=gaps, debrief=debrief)
