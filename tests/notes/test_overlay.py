"""Applying decisions to a draft, as a pure function: a decision finds its statement by id, or by the passages it
cites when an engine words it differently; unchanged passages let it apply, changed ones mark it for a decision."""

from __future__ import annotations

from datetime import date, datetime, timezone

from assistant.models import Citation, Section, Statement, TransitionNote
from assistant.notes.decisions import Decision
from assistant.notes.overlay import apply_decisions

AT = datetime(2026, 3, 1, tzinfo=timezone.utc)
DIGESTS = {"src:0": "d0", "src:1": "d1", "src:2": "d2"}


def _statement(statement_id: str, text: str, *chunks: str) -> Statement:
    return Statement(id=statement_id, text=text,
                     citations=[Citation(chunk_id=c, source="emails/a.eml", quote="q") for c in chunks])


def _draft(*statements: Statement) -> TransitionNote:
    return TransitionNote(account_id="orchard-line", as_of=date(2026, 3, 1), engine="openai", model="m",
                          sections=[Section(key="history", title="History", statements=list(statements))])


def _decision(statement: Statement, **state) -> Decision:
    anchor = {c.chunk_id: DIGESTS[c.chunk_id] for c in statement.citations}
    return Decision(statement_id=statement.id, section_key="history", statement=statement, anchor=anchor,
                    author="Ines Fallon", at=AT, revision=1, **state)


def _texts(note: TransitionNote) -> list[str]:
    return [s.text for s in note.sections[0].statements]


def test_an_edit_applies_to_the_statement_with_its_id():
    drafted = _statement("s1", "The pilot started.", "src:0")

    note = apply_decisions(_draft(drafted, _statement("s2", "Other.", "src:2")),
                           [_decision(drafted, text="The pilot started in November.")], DIGESTS)

    assert _texts(note) == ["The pilot started in November.", "Other."]
    assert note.sections[0].statements[0].edit.edited


def test_a_statement_worded_differently_from_the_same_passages_still_gets_its_decision():
    earlier = _statement("s1", "The pilot started.", "src:0", "src:1")
    reworded = _statement("s9", "A pilot began.", "src:0", "src:1")

    note = apply_decisions(_draft(reworded), [_decision(earlier, text="The pilot started in November.")], DIGESTS)

    [statement] = note.sections[0].statements
    assert statement.id == "s1" and statement.text == "The pilot started in November."


def test_a_decision_on_changed_passages_shows_the_new_draft_with_the_persons_text_beside_it():
    drafted = _statement("s1", "The pilot started.", "src:0")
    changed = {**DIGESTS, "src:0": "changed"}

    note = apply_decisions(_draft(drafted), [_decision(drafted, text="My wording.", confirmed=True)], changed)

    [statement] = note.sections[0].statements
    assert statement.text == "The pilot started." and statement.edit.sources_changed
    assert statement.edit.your_text == "My wording." and not statement.edit.edited


def test_a_removal_holds_while_the_passages_hold_and_is_asked_again_when_they_change():
    drafted = _statement("s1", "Stale claim.", "src:0")
    removal = _decision(drafted, removed=True)

    assert _texts(apply_decisions(_draft(drafted), [removal], DIGESTS)) == []
    [back] = apply_decisions(_draft(drafted), [removal], {"src:0": "changed"}).sections[0].statements
    assert back.edit.sources_changed and back.edit.removed


def test_an_edited_statement_no_longer_drafted_stays_while_its_passages_hold():
    gone = _statement("s1", "The pilot started.", "src:0")

    note = apply_decisions(_draft(_statement("s2", "Other.", "src:2")), [_decision(gone, text="My wording.")], DIGESTS)

    assert _texts(note) == ["Other.", "My wording."]


def test_a_taken_back_decision_leaves_the_draft_as_it_is():
    drafted = _statement("s1", "The pilot started.", "src:0")
    draft = _draft(drafted)

    assert apply_decisions(draft, [_decision(drafted, action="revert")], DIGESTS) == draft
