"""Structure-aware chunking: a document's natural units (an email's new text, a ticket comment, a Markdown section,
a transcript speaker run) become chunks; a long unit is split with overlap; short transcript runs are grouped so a
chunk holds a stretch of conversation rather than one "Yeah."

Every chunk carries a header line (title, date, author, section) so that it stands on its own when retrieved.
"""

from __future__ import annotations

from datetime import datetime

from langchain_text_splitters import RecursiveCharacterTextSplitter
from pydantic import BaseModel

from ingest.document import Document, SourceType, Unit


class Chunk(BaseModel):
    chunk_id: str  # f"{source_id}:{position}"
    source_id: str
    account_id: str
    position: int
    source_type: SourceType
    source_path: str
    title: str
    date: datetime | None = None  # when the unit was written or said, else the document's date
    author: str | None = None
    locator: str | None = None
    segment: int = 0  # chunks of one source with the same segment are one continuous flow (a conversation, a long unit)
    header: str
    text: str  # the unit text (or a piece of it), without the header

    @property
    def content(self) -> str:
        """What is embedded and keyword-indexed: the header line, then the text."""
        return f"{self.header}\n{self.text}"


def chunk_document(
    document: Document,
    source_id: str,
    chunk_chars: int = 900,
    overlap_chars: int = 150,
    transcript_chunk_chars: int = 600,
) -> list[Chunk]:
    units = [u for u in (document.units or [Unit(text=document.body)]) if u.text.strip()]
    is_conversation = document.source_type is SourceType.MEETING and any(u.speaker for u in units)
    if is_conversation:
        units = _group_speaker_runs(units, transcript_chunk_chars)
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=chunk_chars, chunk_overlap=overlap_chars, separators=["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""]
    )
    chunks: list[Chunk] = []
    for unit_number, unit in enumerate(units):
        pieces = [unit.text.strip()] if len(unit.text) <= chunk_chars else splitter.split_text(unit.text)
        for piece in pieces:
            position = len(chunks)
            chunks.append(
                Chunk(
                    chunk_id=f"{source_id}:{position}",
                    source_id=source_id,
                    account_id=document.account_id,
                    position=position,
                    source_type=document.source_type,
                    source_path=document.source_path,
                    title=document.title,
                    date=unit.at or document.created_at,
                    author=_author(document, unit),
                    locator=unit.locator,
                    segment=0 if is_conversation else unit_number,
                    header=_header(document, unit),
                    text=piece,
                )
            )
    return chunks


def _group_speaker_runs(units: list[Unit], chunk_chars: int) -> list[Unit]:
    """Consecutive speaker runs joined as "Speaker: text" lines until a group would exceed the chunk size."""
    groups: list[Unit] = []
    lines: list[str] = []
    first: Unit | None = None
    last: Unit | None = None
    for unit in units:
        line = f"{unit.speaker}: {unit.text.strip()}" if unit.speaker else unit.text.strip()
        if lines and sum(len(x) + 1 for x in lines) + len(line) > chunk_chars:
            groups.append(_joined(first, last, lines))
            lines, first = [], None
        if first is None:
            first = unit
        last = unit
        lines.append(line)
    if lines:
        groups.append(_joined(first, last, lines))
    return groups


def _joined(first: Unit | None, last: Unit | None, lines: list[str]) -> Unit:
    assert first is not None and last is not None
    locator = first.locator
    if first.locator and last.locator and last.locator != first.locator:
        locator = f"{first.locator} to {last.locator}"
    return Unit(text="\n".join(lines), heading=first.heading, at=first.at, locator=locator)


def _author(document: Document, unit: Unit) -> str | None:
    if unit.speaker:
        return unit.speaker
    if document.authors:
        return document.authors[0].name or document.authors[0].email
    return None


def _header(document: Document, unit: Unit) -> str:
    parts = [document.title]
    when = unit.at or document.created_at
    if when:
        parts.append(when.strftime("%Y-%m-%d"))
    author = _author(document, unit)
    if author and document.source_type is not SourceType.MEETING:
        parts.append(author)
    if unit.heading and unit.heading != document.title:
        parts.append(unit.heading)
    return " | ".join(parts)
