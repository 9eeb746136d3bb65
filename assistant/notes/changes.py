"""Which statements of a note version are new or changed since an earlier version its reader read.

The rule, applied to each statement of the later version in turn:
- unchanged: the earlier version has a statement with the same text (spacing and case aside), in any section;
- changed: else, the earlier version has a statement citing exactly the same chunks, or one in the same section
  whose cited chunks largely overlap (at least half of the two together, ``OVERLAP``);
- new: otherwise (a statement without citations is new unless its text is unchanged).
Drafting is deterministic, so a version drafted again from the same material marks nothing."""

from __future__ import annotations

from assistant.models import Change, ReadComparison, Statement, TransitionNote
from assistant.notes.statement_ids import normal_text

OVERLAP = 0.5  # shared chunks / all chunks of the two statements


def compare_versions(note: TransitionNote, earlier: TransitionNote | None) -> TransitionNote:
    """``note`` with each statement's ``change`` set against ``earlier`` and a ``comparison`` summary. Without an
    earlier version (the reader's first reading) nothing is marked."""
    if earlier is None:
        return note.model_copy(update={"comparison": ReadComparison()})
    texts = {normal_text(s.text) for section in earlier.sections for s in section.statements}
    cited = [(section.key, _chunks(s)) for section in earlier.sections for s in section.statements if s.citations]
    counts = {"new": 0, "changed": 0}
    sections = []
    for section in note.sections:
        statements = []
        for statement in section.statements:
            change = _change(statement, section.key, texts, cited)
            if change:
                counts[change] += 1
            statements.append(statement.model_copy(update={"change": change}))
        sections.append(section.model_copy(update={"statements": statements}))
    comparison = ReadComparison(compared_with=earlier.version, **counts)
    return note.model_copy(update={"sections": sections, "comparison": comparison})


def _change(statement: Statement, section_key: str, texts: set[str],
            cited: list[tuple[str, frozenset[str]]]) -> Change | None:
    if normal_text(statement.text) in texts:
        return None
    chunks = _chunks(statement)
    if not chunks:
        return "new"
    for key, earlier_chunks in cited:
        if chunks == earlier_chunks:
            return "changed"
        if key == section_key and len(chunks & earlier_chunks) >= OVERLAP * len(chunks | earlier_chunks):
            return "changed"
    return "new"


def _chunks(statement: Statement) -> frozenset[str]:
    return frozenset(c.chunk_id for c in statement.citations)
