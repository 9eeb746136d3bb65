"""Rendering a note for people: Markdown and HTML, each citation numbered and linked to its source passage."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.models import Citation, Statement, TransitionNote
from assistant.notes.templating import templates


class NumberedCitation(BaseModel):
    number: int
    citation: Citation


def _numbered(note: TransitionNote) -> tuple[dict[tuple[int, int, int], int], list[NumberedCitation]]:
    """Each distinct (chunk, quote) gets one number, in order of first use."""
    numbers: dict[tuple[str, str], int] = {}
    at: dict[tuple[int, int, int], int] = {}
    ordered: list[NumberedCitation] = []
    for si, section in enumerate(note.sections):
        for ti, statement in enumerate(section.statements):
            for ci, citation in enumerate(statement.citations):
                key = (citation.chunk_id, citation.quote)
                if key not in numbers:
                    numbers[key] = len(numbers) + 1
                    ordered.append(NumberedCitation(number=numbers[key], citation=citation))
                at[(si, ti, ci)] = numbers[key]
    return at, ordered


def statement_label(statement: Statement) -> str | None:
    """What a reader should know about where a statement stands: inferred, to confirm, or a person's decision."""
    edit = statement.edit
    if edit is not None and edit.sources_changed:
        return f"sources changed since {edit.by}'s decision, {edit.at.date().isoformat()}: to decide again"
    done = [word for word, on in (("added", edit and edit.added), ("edited", edit and edit.edited),
                                  ("confirmed", edit and edit.confirmed)) if on]
    if statement.awaiting_confirmation:
        return "confirm" + (f"; {' and '.join(done)} by {edit.by}" if done else "")
    if done:
        return f"{' and '.join(done)} by {edit.by}, {edit.at.date().isoformat()}"
    return None if statement.provenance == "data" else statement.provenance


def render_markdown(note: TransitionNote, account_name: str, passage_url: str = "#source-{number}") -> str:
    at, citations = _numbered(note)
    return templates().get_template("note.md.j2").render(
        note=note, account_name=account_name, at=at, citations=citations, passage_url=passage_url,
        label=statement_label,
    )


def render_html(note: TransitionNote, account_name: str, passage_url: str = "#source-{number}") -> str:
    at, citations = _numbered(note)
    return templates().get_template("note.html.j2").render(
        note=note, account_name=account_name, at=at, citations=citations, passage_url=passage_url,
        label=statement_label,
    )
