"""Statement ids: a drafted statement is named by its section and its text, so the same material drafted again
gives the same ids, and a person's decision on a statement finds it in the next draft."""

from __future__ import annotations

import hashlib

from assistant.models import Section, TransitionNote


def normal_text(text: str) -> str:
    """The text as compared: spacing and case aside."""
    return " ".join(text.split()).casefold()


def statement_id(section_key: str, text: str) -> str:
    return "s" + hashlib.sha256(f"{section_key}\n{normal_text(text)}".encode()).hexdigest()[:10]


def with_statement_ids(note: TransitionNote) -> TransitionNote:
    """Every statement without an id gets one; a text repeated within a section gets a numbered id."""
    return note.model_copy(update={"sections": [_named(section) for section in note.sections]})


def _named(section: Section) -> Section:
    seen: dict[str, int] = {}
    statements = []
    for statement in section.statements:
        if statement.id:
            statements.append(statement)
            continue
        base = statement_id(section.key, statement.text)
        seen[base] = seen.get(base, 0) + 1
        name = base if seen[base] == 1 else f"{base}-{seen[base]}"
        statements.append(statement.model_copy(update={"id": name}))
    return section.model_copy(update={"statements": statements})
