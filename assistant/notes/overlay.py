"""A drafted note with people's decisions applied.

Each decision finds its statement in the draft by id (drafting the same material gives the same ids) or, when the
engine worded it differently, by the passages it cites (same section, at least half of them shared). A decision
whose passages are unchanged is applied: the person's text, the confirmation, the removal. One whose passages
changed or are gone is not applied silently: the statement shows the new draft, marked ``sources_changed``, with the
person's text beside it, until they keep their edit or take the draft. A statement a person added stays in its
section; one drafted no more keeps the person's text while its passages are unchanged."""

from __future__ import annotations

from assistant.models import Section, Statement, StatementEdit, TransitionNote
from assistant.notes.decisions import Decision

OVERLAP = 0.5  # shared passages / all passages of the two statements


def apply_decisions(draft: TransitionNote, decisions: list[Decision], digests: dict[str, str]) -> TransitionNote:
    """``draft`` as corrected by ``decisions`` (each statement's newest one); ``digests``: the cited passages now."""
    live = [d for d in decisions if not d.neutral]
    if not live:
        return draft
    drafted_ids = {s.id for section in draft.sections for s in section.statements}
    claimed: set[str] = set()
    sections = []
    for section in draft.sections:
        statements: list[Statement] = []
        for drafted in section.statements:
            decision = _decision_for(drafted, section.key, live, drafted_ids, claimed)
            if decision is None:
                statements.append(drafted)
                continue
            claimed.add(decision.statement_id)
            decided = _decided(drafted, decision, digests)
            if decided is not None:
                statements.append(decided)
        for decision in live:
            if decision.section_key == section.key and decision.statement_id not in claimed:
                claimed.add(decision.statement_id)
                kept = _undrafted(decision, digests)
                if kept is not None:
                    statements.append(kept)
        sections.append(section.model_copy(update={"statements": statements}))
    return draft.model_copy(update={"sections": sections})


def _decision_for(drafted: Statement, section_key: str, decisions: list[Decision], drafted_ids: set[str],
                  claimed: set[str]) -> Decision | None:
    by_id = next((d for d in decisions if d.statement_id == drafted.id and d.statement_id not in claimed), None)
    if by_id is not None:
        return by_id
    cited = {c.chunk_id for c in drafted.citations}
    best, best_share = None, 0.0
    for decision in decisions:
        if (decision.added or decision.section_key != section_key or decision.statement_id in claimed
                or decision.statement_id in drafted_ids or not cited or not decision.anchor):
            continue
        anchored = set(decision.anchor)
        share = len(cited & anchored) / len(cited | anchored)
        if share >= OVERLAP and share > best_share:
            best, best_share = decision, share
    return best


def _decided(drafted: Statement, decision: Decision, digests: dict[str, str]) -> Statement | None:
    if decision.added:
        return _undrafted(decision, digests)
    changed = decision.sources_changed(digests)
    if decision.removed and not changed:
        return None
    edit = _edit(decision, changed)
    if changed:
        edit = edit.model_copy(update={"your_text": decision.text, "edited": False})
        return drafted.model_copy(update={"id": decision.statement_id, "edit": edit})
    return drafted.model_copy(update={"id": decision.statement_id, "text": decision.text or drafted.text,
                                      "edit": edit})


def _undrafted(decision: Decision, digests: dict[str, str]) -> Statement | None:
    """A decision whose statement the draft no longer has, or a statement the person added."""
    if decision.removed:
        return None
    changed = decision.sources_changed(digests)
    if not decision.added and not decision.text and not decision.confirmed:
        return None
    statement = decision.statement
    return statement.model_copy(update={"id": decision.statement_id, "text": decision.text or statement.text,
                                        "edit": _edit(decision, changed), "change": None})


def _edit(decision: Decision, sources_changed: bool) -> StatementEdit:
    return StatementEdit(by=decision.author, at=decision.at, revision=decision.revision,
                         edited=decision.text is not None, confirmed=decision.confirmed, added=decision.added,
                         removed=decision.removed, sources_changed=sources_changed)


def statement_in(note: TransitionNote, statement_id: str) -> tuple[Section, Statement] | None:
    for section in note.sections:
        for statement in section.statements:
            if statement.id == statement_id:
                return section, statement
    return None
