"""The outgoing CSM's handoff pack: the transition note (with the gaps as its own section), the gap report and the
debrief agenda, generated together so that they agree."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from assistant.access.audit import record
from assistant.platform.context import Context
from assistant.pack.debrief import debrief_agenda, gap_questions
from assistant.debrief_items.status import open_only, with_status
from assistant.engines.base import Engine
from assistant.engines.factory import make_ai_engine
from assistant.platform.errors import NotFound
from assistant.gaps.service import account_material, find_gaps, gaps_section
from assistant.models import DebriefQuestion, Gap, TransitionNote
from assistant.notes.service import SectionHook, generate_note
from assistant.notes.storage import get_note
from assistant.notes.template import NoteTemplate


def current_debrief(context: Context, account_id: str, as_of: date) -> list[DebriefQuestion]:
    """The debrief agenda as of ``as_of`` (see ``gaps_and_debrief``): never NotFound for want of a note."""
    return gaps_and_debrief(context, account_id, as_of)[1]


def gaps_and_debrief(context: Context, account_id: str, as_of: date) -> tuple[list[Gap], list[DebriefQuestion]]:
    """The gaps as of ``as_of`` and the debrief agenda, each question with what the outgoing CSM said about it.

    The agenda is the open gaps' questions, then the latest note's risks and the open commitments. Before the
    account's first note it is the open gaps' questions only: risks and promises join with the note, so the agenda
    a reader of the note sees agrees with it. Every transport shows this one answer (no 404, no drafting)."""
    gaps = find_gaps(context, account_id, as_of)  # checks access first
    try:
        note = get_note(context, account_id)
    except NotFound:
        questions = gap_questions(gaps)
    else:
        questions = debrief_agenda(note, gaps, account_material(context, account_id), as_of)
    return gaps, with_status(context, account_id, questions, DebriefQuestion)


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
    engine = engine or make_ai_engine(context)
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
