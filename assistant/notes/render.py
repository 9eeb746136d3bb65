"""Rendering a note for people: Markdown and HTML, each citation numbered and linked to its source passage."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.models import Citation, TransitionNote
from assistant.templating import templates


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


def render_markdown(note: TransitionNote, account_name: str, passage_url: str = "#source-{number}") -> str:
    at, citations = _numbered(note)
    return templates().get_template("note.md.j2").render(
        note=note, account_name=account_name, at=at, citations=citations, passage_url=passage_url
    )


def render_html(note: TransitionNote, account_name: str, passage_url: str = "#source-{number}") -> str:
    at, citations = _numbered(note)
    return templates().get_template("note.html.j2").render(
        note=note, account_name=account_name, at=at, citations=citations, passage_url=passage_url
    )
