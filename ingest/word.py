"""Reading a Word .docx once: its text blocks in order and its core properties. Whether the file is meeting notes,
a Google Meet transcript or a document (contract, order form, plan) is decided by the readers of a ``WordFile``."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import docx
from pydantic import BaseModel

from ingest.document import Unit
from ingest.errors import IngestError

# python-docx's blank template ships these; a file that still has them never had real properties set.
_TEMPLATE_AUTHOR = "python-docx"
_TEMPLATE_CREATED = datetime(2013, 12, 23, 23, 15, tzinfo=timezone.utc)


class Block(BaseModel):
    """A paragraph (a heading or not), or a table row as "cell | cell"."""

    heading: bool
    text: str


class WordFile(BaseModel):
    blocks: list[Block]
    title: str | None = None
    author: str | None = None
    created: datetime | None = None

    def lines(self) -> list[str]:
        return [block.text for block in self.blocks]

    def body(self) -> str:
        return "\n".join(self.lines())


def read_docx(data: bytes, source_path: str) -> WordFile:
    """The file's blocks and properties; an IngestError when it is empty, damaged or holds no text."""
    if not data:
        raise IngestError(source_path, "the file is empty; export it again or remove it")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = _blocks(document)
        properties = document.core_properties
        title, author, created = properties.title, properties.author, properties.created
    except Exception as exc:  # python-docx raises zip, XML and KeyError variants for damaged files
        raise IngestError(source_path, f"not a readable Word .docx file ({exc}); re-save it in Word") from exc
    if not blocks:
        raise IngestError(source_path, "the Word document has no text; add its text or remove the file")
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=timezone.utc)
    return WordFile(
        blocks=blocks, title=(title or "").strip() or None,
        author=None if author == _TEMPLATE_AUTHOR else (author or "").strip() or None,
        created=None if created == _TEMPLATE_CREATED else created,
    )


def _blocks(document) -> list[Block]:
    blocks: list[Block] = []
    for item in document.iter_inner_content():
        if hasattr(item, "rows"):
            blocks.extend(Block(heading=False, text=row) for row in map(_table_row, item.rows) if row.strip(" |"))
            continue
        text = item.text.strip()
        style = item.style.name if item.style is not None else ""
        if not text:
            continue
        if style.startswith("Heading") or style == "Title":
            blocks.append(Block(heading=True, text=text))
        else:
            blocks.append(Block(heading=False, text=f"- {text}" if style.startswith("List") else text))
    return blocks


def _table_row(row) -> str:
    cells, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) not in seen:  # a merged cell is repeated once per grid column it spans
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
    return " | ".join(cells)


def heading_sections(blocks: list[Block]) -> list[Unit]:
    """One unit per heading and the text below it; text before the first heading is a unit with no heading."""
    units: list[Unit] = []
    heading: str | None = None
    lines: list[str] = []

    def close() -> None:
        text = "\n".join(lines).strip()
        if text or heading:
            units.append(Unit(text=text, heading=heading))

    for block in blocks:
        if block.heading:
            close()
            heading, lines = block.text, []
        else:
            lines.append(block.text)
    close()
    return units
