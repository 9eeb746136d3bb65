"""The rule that marks a statement new or changed against an earlier note version (assistant/notes/changes.py)."""

from __future__ import annotations

from datetime import date

from assistant.models import Citation, Section, Statement, TransitionNote
from assistant.notes.changes import compare_versions


def _statement(text: str, *chunks: str) -> Statement:
    citations = [Citation(chunk_id=c, source=f"emails/{c}.eml", quote="q") for c in chunks]
    return Statement(text=text, citations=citations)


def _note(version: int, **sections: list[Statement]) -> TransitionNote:
    return TransitionNote(
        account_id="orchard-line", as_of=date(2026, 2, 1), engine="extractive", model="extractive", version=version,
        sections=[Section(key=k, title=k, statements=v) for k, v in sections.items()],
    )


def _changes(note: TransitionNote) -> list[str | None]:
    return [s.change for section in note.sections for s in section.statements]


def test_a_statement_with_the_same_text_is_unchanged_even_with_other_citations_or_spacing():
    earlier = _note(1, risks=[_statement("Renewal is at risk.", "a")])
    later = _note(2, risks=[_statement("Renewal  is at RISK.", "b")])
    assert _changes(compare_versions(later, earlier)) == [None]


def test_a_statement_citing_exactly_what_an_earlier_one_cited_is_changed_in_any_section():
    earlier = _note(1, goals=[_statement("Tomas Greer wants weekly reports.", "a", "b")])
    later = _note(2, risks=[_statement("Tomas Greer wants daily reports.", "b", "a")])
    assert _changes(compare_versions(later, earlier)) == ["changed"]


def test_a_statement_of_the_same_section_with_largely_overlapping_citations_is_changed():
    earlier = _note(1, risks=[_statement("Two tickets are open.", "a", "b")])
    later = _note(2, risks=[_statement("Three tickets are open.", "a", "b", "c")])  # 2 of 3 shared
    assert _changes(compare_versions(later, earlier)) == ["changed"]


def test_little_overlap_or_overlap_in_another_section_is_new():
    earlier = _note(1, risks=[_statement("Two tickets are open.", "a", "b", "c")],
                    goals=[_statement("Weekly reports.", "d", "e")])
    later = _note(2, risks=[_statement("Ines Fallon asked for SSO.", "a", "f", "g")],  # 1 of 5 shared
                  support=[_statement("Five seats are unused.", "d", "e", "h")])  # overlap with another section
    compared = compare_versions(later, earlier)
    assert _changes(compared) == ["new", "new"]
    assert (compared.comparison.compared_with, compared.comparison.new, compared.comparison.changed) == (1, 2, 0)


def test_a_statement_without_citations_is_new_unless_its_text_is_unchanged():
    earlier = _note(1, gaps=[_statement("No executive sponsor is recorded.")])
    later = _note(2, gaps=[_statement("No executive sponsor is recorded."), _statement("No renewal date.")])
    assert _changes(compare_versions(later, earlier)) == [None, "new"]


def test_without_an_earlier_version_nothing_is_marked():
    compared = compare_versions(_note(3, risks=[_statement("Renewal is at risk.", "a")]), None)
    assert _changes(compared) == [None] and compared.comparison.compared_with is None
