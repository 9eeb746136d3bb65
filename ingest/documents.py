"""Documents: contracts, order forms, success plans, as PDF or Word files. One unit per PDF page (cited as "page N")
or per Word heading section. The PDF reading itself is in pdf.py.

A Word file is meeting notes rather than a document when its first lines carry meeting labels (Attendees:,
Participants:, Channel:, or a Date: unless its folder or name says it is a contract or the like) or, carrying no
labels, it sits in a meetings folder. The content decides; folder and name are the hints when it says too little."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import PurePosixPath

from ingest.document import Document, FileDocumentMetadata, Person, SourceType, Unit
from ingest.errors import IngestError
from ingest.file_dates import date_from_file_name
from ingest.meetings import as_datetime, label_fields, readable_stem
from ingest.word import WordFile, heading_sections

_MEETING_LABELS = {"attendees", "channel"}  # label_fields' names: Participants: is read as attendees
_MEETING_FOLDERS = {"meetings", "meeting-notes", "notes", "transcripts", "calls"}
_DOCUMENT_FOLDERS = {"documents", "docs", "contracts", "legal", "plans"}
# The kinds of document a CSM keeps, as file names say them: "Orchard order form.docx", "msa-2026.docx".
_DOCUMENT_NAME = re.compile(
    r"(?<![a-z])(contract|agreement|order[ _-]?form|success[ _-]?plan|account[ _-]?plan|proposal|quote|sow|msa|"
    r"statement[ _-]of[ _-]work|terms|amendment|addendum|renewal[ _-]form)(?![a-z])", re.IGNORECASE)
_HEAD_LINES = 12  # the first lines, where labels and a document's date sit
_TITLE_CHARS = 120
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_TEXT_DATE = re.compile(
    rf"\b(\d{{4}}-\d{{2}}-\d{{2}}"  # 2026-03-02
    rf"|{_MONTH}\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"  # March 2, 2026
    rf"|\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}\.?,? \d{{4}})\b",  # 2 March 2026
    re.IGNORECASE,
)


def is_meeting_notes(word: WordFile, source_path: str) -> bool:
    labels = label_fields(block.text for block in word.blocks[:_HEAD_LINES] if not block.heading)
    if _MEETING_LABELS & labels.keys():
        return True
    path = PurePosixPath(source_path)
    folders = {part.lower() for part in path.parts[:-1]}
    if folders & _DOCUMENT_FOLDERS or _DOCUMENT_NAME.search(path.stem):
        return False
    return "date" in labels or bool(folders & _MEETING_FOLDERS)


def document_from_word(word: WordFile, source_path: str, account_id: str) -> Document:
    units = heading_sections(word.blocks)
    first_heading = next((unit.heading for unit in units if unit.heading), None)
    return file_document(
        "docx", source_path=source_path, account_id=account_id, units=units,
        title=word.title or first_heading or first_line(word.lines()), author=word.author,
        created=word.created, head=word.lines()[:_HEAD_LINES],
    )


def file_document(
    fmt: str, *, source_path: str, account_id: str, units: list[Unit], title: str | None, author: str | None,
    created: datetime | None, head: list[str], page_count: int | None = None,
) -> Document:
    """A document from its units and what the file says about itself. The date is the file's creation date, else
    the first date written in its first lines, else a date in its name."""
    units = [unit for unit in units if unit.text.strip() or unit.heading]
    if not units:
        raise IngestError(source_path, "the document has no text; add its text or remove the file")
    when = created or _date_in_text(head) or as_datetime(date_from_file_name(source_path))
    title = title or readable_stem(source_path)
    metadata = FileDocumentMetadata(format=fmt, title=title, author=author, date=when.date() if when else None,
                                    page_count=page_count)
    body = "\n\n".join("\n".join(filter(None, (unit.heading, unit.text))) for unit in units)
    return Document(
        account_id=account_id, source_type=SourceType.DOCUMENT, source_path=source_path,
        identity=f"path:{source_path}", title=title, created_at=when,
        authors=[Person(name=author)] if author else [], body=body, units=units, metadata=metadata,
    )


def first_line(lines: list[str]) -> str | None:
    """The first non-empty line, as a title."""
    for line in lines:
        line = " ".join(line.split()).lstrip("- ").strip()
        if line:
            return line[:_TITLE_CHARS]
    return None


def _date_in_text(lines: list[str]) -> datetime | None:
    for line in lines:
        for match in _TEXT_DATE.finditer(line):
            when = as_datetime(match.group(1))
            if when is not None and date(1900, 1, 1) <= when.date() <= date(2200, 1, 1):
                return when
    return None
