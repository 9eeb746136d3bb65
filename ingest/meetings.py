"""Meeting notes: Markdown (optional YAML front matter) and Word documents. Transcripts are in transcripts.py.

Also holds the small text helpers the other parsers share: byte decoding, "Name <email>" people, dates.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date, datetime, timezone
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import frontmatter
from dateutil import parser as dateparser

from ingest.document import Document, MeetingMetadata, Person, SourceType, Unit
from ingest.errors import IngestError
from ingest.file_dates import FILE_DATE, date_from_file_name, recording_start
from ingest.word import WordFile, heading_sections, read_docx

log = logging.getLogger(__name__)

_BINARY_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = set("\t\n\r\f\v")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_PERSON = re.compile(r"^\s*\"?(.*?)\"?\s*<\s*([^<>\s]+@[^<>\s]+)\s*>\s*$")
_IANA_ZONE = re.compile(r"\(\s*([A-Za-z]+/[A-Za-z_/+-]+)\s*\)")
_ZONE_ABBREVIATIONS = {"UTC": 0, "GMT": 0, "Z": 0, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5,
                       "MST": -7, "MDT": -6, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "BST": 1}
# "11:00 AM ET" names a zone, not an offset: standard or daylight time follows from the date.
_ZONE_NAMES = {"ET": "America/New_York", "CT": "America/Chicago", "MT": "America/Denver",
               "PT": "America/Los_Angeles"}
# the tool a call was held on, as a transcript's header or file names it; "video" when only that is known
_VIDEO_TOOLS = {"teams": "Microsoft Teams", "zoom": "Zoom", "google meet": "Google Meet", "webex": "Webex",
                "video": "video"}


# ---- shared text helpers -------------------------------------------------------------------------------------


def decode_text(data: bytes, source_path: str) -> str:
    """UTF-16 with its byte-order mark, UTF-8 (BOM tolerated), else cp1252, else latin-1; binary or empty input is
    an IngestError."""
    if not data.strip():
        raise IngestError(source_path, "the file is empty; export it again or remove it")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # caption tools on Windows write UTF-16
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise IngestError(source_path, "marked UTF-16 but not decodable; save it as UTF-8") from None
    if b"\x00" in data:
        raise IngestError(source_path, "the file looks binary (it has NUL bytes), not text; check the extension")
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if not text.strip():
        raise IngestError(source_path, "the file is empty; export it again or remove it")
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    if controls / len(text) > _BINARY_CONTROL_SHARE:
        raise IngestError(source_path, "the file looks binary (many control characters); check the extension")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_person(value: object) -> Person | None:
    """A person from "Name <email>", a bare name or email, or a mapping with name/email/title keys."""
    if isinstance(value, dict):
        fields = {k: str(v).strip() for k, v in value.items() if k in Person.model_fields and v not in (None, "")}
        return Person(**fields) if fields else None
    text = str(value or "").strip()
    if not text:
        return None
    match = _PERSON.match(text)
    if match:
        return Person(name=match.group(1).strip() or None, email=match.group(2))
    if "@" in text and " " not in text:
        return Person(email=text.strip("<>"))
    return Person(name=text.strip('"'))


def parse_people(value: object) -> list[Person]:
    """A YAML list of people, or one string of them separated by ';' (else ',')."""
    if value is None:
        return []
    if isinstance(value, str):
        separator = ";" if ";" in value else ","
        value = value.split(separator)
    if not isinstance(value, list):
        value = [value]
    return [person for person in map(parse_person, value) if person]


def as_datetime(value: object, dayfirst: bool = False) -> datetime | None:
    """A date, datetime or date string as an aware datetime (UTC when no zone is given); None when unreadable.
    ``dayfirst`` reads an ambiguous "05/03/2026" as 5 March instead of May 3."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=timezone.utc)
    if isinstance(value, str) and value.strip():
        return _parse_datetime_text(value, dayfirst)
    return None


def _parse_datetime_text(text: str, dayfirst: bool = False) -> datetime | None:
    zone_match = _IANA_ZONE.search(text)
    zone = None
    if zone_match:
        try:
            zone = ZoneInfo(zone_match.group(1))
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
        text = text[: zone_match.start()] + text[zone_match.end():]
    tzinfos = {name: hours * 3600 for name, hours in _ZONE_ABBREVIATIONS.items()}
    tzinfos |= {name: ZoneInfo(key) for name, key in _ZONE_NAMES.items()}
    try:
        parsed = dateparser.parse(text, tzinfos=tzinfos, dayfirst=dayfirst)
    except (ValueError, ArithmeticError):  # dateutil overflows, or fails in decimal arithmetic on odd seconds
        return None
    if zone is not None:
        return parsed.replace(tzinfo=zone)  # the named zone wins over an abbreviation such as "MST"
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def readable_stem(source_path: str) -> str:
    """ "2025-11-04-monthly-checkin.md" -> "Monthly checkin"."""
    stem = FILE_DATE.sub("", PurePosixPath(source_path).stem)
    words = re.sub(r"[-_\s]+", " ", stem).strip()
    return (words[:1].upper() + words[1:]) if words else PurePosixPath(source_path).name


def channel_from_text(text: str) -> str | None:
    """The video tool ``text`` names ("Microsoft Teams", "Zoom"...), or None."""
    lowered = text.lower()
    return next((name for tool, name in _VIDEO_TOOLS.items() if tool in lowered), None)


def missing_fields(meeting_date: date | None, attendees: list[Person], channel: str | None) -> list[str]:
    """Which of the meeting's own metadata fields are undocumented (a gap the product reports)."""
    present = {"date": meeting_date is not None, "attendees": bool(attendees), "channel": bool(channel)}
    return [name for name, ok in present.items() if not ok]


def meeting_document(
    *, source_path: str, account_id: str, title: str, body: str, units: list[Unit], metadata: MeetingMetadata,
    created_at: datetime | None, authors: list[Person],
) -> Document:
    return Document(
        account_id=account_id, source_type=SourceType.MEETING, source_path=source_path,
        identity=f"path:{source_path}", title=title, created_at=created_at, authors=authors,
        participants=metadata.attendees, body=body, units=units, metadata=metadata,
    )


def meeting_date(documented: object, source_path: str) -> tuple[date | None, datetime | None]:
    """(documented meeting date or None, created_at). A Zoom recording's file name documents its start; another
    date in the file name fills created_at only, and settles an ambiguous documented date: "05/03/2026" in "2026-03-05-debrief.vtt" is read day first."""
    when = as_datetime(documented) or recording_start(source_path)
    named = date_from_file_name(source_path)
    if when is not None and named is not None and when.date() != named:
        day_first = as_datetime(documented, dayfirst=True)
        when = day_first if day_first is not None and day_first.date() == named else when
    if when is not None:
        return when.date(), when
    return None, as_datetime(named)


# ---- Markdown ------------------------------------------------------------------------------------------------


def parse_markdown_meeting(data: bytes, source_path: str, account_id: str) -> Document:
    text = decode_text(data, source_path)
    fields, body = _split_front_matter(text, source_path)
    body = body.strip()
    if not body and not fields:
        raise IngestError(source_path, "the notes have no text; add the meeting notes or remove the file")
    documented_date, created_at = meeting_date(fields.get("date"), source_path)
    attendees = parse_people(fields.get("attendees"))
    channel = _text_field(fields, "channel")
    channel = channel.lower() if channel else None
    author = parse_person(fields.get("author"))
    units = _markdown_units(body)
    title = _text_field(fields, "title") or _first_heading(units) or readable_stem(source_path)
    fmt = "text" if source_path.lower().endswith(".txt") else "markdown"
    metadata = MeetingMetadata(
        format=fmt, date=documented_date, attendees=attendees, channel=channel,
        author=(author.name or author.email) if author else None,
        missing=missing_fields(documented_date, attendees, channel),
    )
    return meeting_document(
        source_path=source_path, account_id=account_id, title=title, body=body, units=units,
        metadata=metadata, created_at=created_at, authors=[author] if author else [],
    )


def _split_front_matter(text: str, source_path: str) -> tuple[dict, str]:
    """Front matter fields and the body. Broken front matter is logged and read as no front matter."""
    try:
        fields, body = frontmatter.parse(text)
    except Exception as exc:  # YAML/TOML/JSON handler errors have no common base class
        log.warning("%s: front matter ignored, it is not valid YAML (%s)", source_path, exc)
        return {}, text
    if not isinstance(fields, dict):
        log.warning("%s: front matter ignored, it is not a set of 'key: value' fields", source_path)
        return {}, text
    return fields, body


def _text_field(fields: dict, key: str) -> str | None:
    value = fields.get(key)
    if value is None:
        return None
    return str(value).strip() or None


def _markdown_units(body: str) -> list[Unit]:
    """One unit per section: split at ATX headings outside code fences; text before the first heading has none."""
    units: list[Unit] = []
    heading: str | None = None
    lines: list[str] = []
    in_fence = False
    for line in body.split("\n"):
        if _FENCE.match(line):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(line)
        if match:
            _add_unit(units, heading, lines)
            heading, lines = match.group(2), []
        else:
            lines.append(line)
    _add_unit(units, heading, lines)
    return units


def _add_unit(units: list[Unit], heading: str | None, lines: list[str]) -> None:
    text = "\n".join(lines).strip()
    if text or heading:
        units.append(Unit(text=text, heading=heading))


def _first_heading(units: list[Unit]) -> str | None:
    return next((unit.heading for unit in units if unit.heading), None)


# ---- Word ----------------------------------------------------------------------------------------------------


def parse_docx_meeting(data: bytes, source_path: str, account_id: str) -> Document:
    return meeting_from_word(read_docx(data, source_path), source_path, account_id)


def meeting_from_word(word: WordFile, source_path: str, account_id: str) -> Document:
    labels = label_fields(block.text for block in word.blocks[:12] if not block.heading)
    documented_date, created_at = meeting_date(word.created or labels.get("date"), source_path)
    attendees = parse_participants(labels.get("attendees", ""))
    channel = (labels.get("channel") or "").lower() or None
    author = parse_person(word.author or labels.get("author"))
    units = heading_sections(word.blocks)
    title = word.title or labels.get("title") or _first_heading(units) or readable_stem(source_path)
    metadata = MeetingMetadata(
        format="docx", date=documented_date, attendees=attendees, channel=channel,
        author=(author.name or author.email) if author else None,
        missing=missing_fields(documented_date, attendees, channel),
    )
    return meeting_document(
        source_path=source_path, account_id=account_id, title=title, body=word.body(), units=units,
        metadata=metadata, created_at=created_at, authors=[author] if author else [],
    )


# ---- "Key: value" header lines (Word notes, transcript NOTE blocks) ---------------------------------------------

_LABELS = {
    "title": "title", "meeting": "title", "subject": "title", "topic": "title",
    "date": "date", "when": "date", "start time": "date",
    "attendees": "attendees", "participants": "attendees",
    "channel": "channel", "medium": "channel",
    "author": "author", "notes by": "author",
}


def label_fields(lines) -> dict[str, str]:
    """Known "Key: value" lines (Meeting:, Date:, Participants: ...) as title/date/attendees/channel/author."""
    fields: dict[str, str] = {}
    for line in lines:
        key, sep, value = line.partition(":")
        target = _LABELS.get(key.strip().lower())
        if sep and target and value.strip() and target not in fields:
            fields[target] = value.strip()
    return fields


def parse_participants(text: str) -> list[Person]:
    """ "A, B (Org); C (Other org)" -> people, each group's trailing "(Org)" as their organization."""
    people: list[Person] = []
    for group in filter(None, (g.strip() for g in text.split(";"))):
        organization = None
        match = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", group)
        if match:
            group = match.group(1)
            organization = re.sub(r"^(?:all|both)\s+", "", match.group(2).strip(), flags=re.IGNORECASE) or None
        for person in parse_people(group.split(",")):
            person.organization = organization
            people.append(person)
    return people
