"""Google Meet transcripts, as Meet saves them to Google Docs and Drive downloads them (.docx or .txt):

    <meeting title> (YYYY-MM-DD HH:MM GMT+hh:mm) - Transcript
    Attendees
    <name>, <name>, ...
    Transcript
    00:00:00
    <Name>: <words>
    <Name>: <words>
    00:05:00
    ...
    Transcription ended after HH:MM:SS
    <a line saying the transcript was computer generated>

The timestamp lines come every few minutes, not per turn: a turn is located at the last one above it. Recognised
by those lines, not by the file's name. Shape: ``docs/export-shapes.md`` 1f."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import PurePosixPath

from ingest.document import Document
from ingest.errors import IngestError
from ingest.file_dates import date_from_path
from ingest.meetings import parse_participants
from ingest.transcripts import document_from_runs, merge_turns, name_prefix

CHANNEL = "Google Meet"
_TITLE = re.compile(
    r"^(?P<title>.*?)\s*\((?P<day>\d{4}-\d{2}-\d{2})[ T](?P<time>\d{1,2}:\d{2})\s*(?:GMT|UTC)?\s*"
    r"(?P<offset>[+-]\d{1,2}(?::?\d{2})?)?\s*\)\s*-\s*Transcript\s*$", re.IGNORECASE)
_TRANSCRIPT_SUFFIX = re.compile(r"\s*-\s*Transcript\s*$", re.IGNORECASE)
_STAMP = re.compile(r"^\s*(\d{1,2}):(\d{2}):(\d{2})\s*$")
_ATTENDEES = re.compile(r"^\s*(?:Attendees|Participants)\s*:?\s*(.*)$", re.IGNORECASE)
_TRANSCRIPT = re.compile(r"^\s*Transcript\s*$", re.IGNORECASE)
_ENDED = re.compile(r"^\s*Transcription ended after\b", re.IGNORECASE)
_GENERATED = re.compile(r"\btranscript was computer generated\b", re.IGNORECASE)
LOOKED_AT = 200  # lines read to recognise the shape


def recognise(lines: list[str]) -> bool:
    """A "Transcript" heading (or a "... - Transcript" title), a bare timestamp line after it and "Name: words"
    lines or Meet's "Transcription ended after" line: the shape of a Meet transcript doc."""
    lines = [line.strip().lstrip("\ufeff") for line in lines[:LOOKED_AT]]
    start = _transcript_start(lines)
    if start is None:
        return False
    after = lines[start:]
    return any(_STAMP.match(line) for line in after) and any(
        _ENDED.match(line) or name_prefix(line)[0] for line in after)


def parse_meet_transcript(fmt: str, lines: list[str], source_path: str, account_id: str,
                          document_title: str | None = None) -> Document:
    """``fmt`` is "meet-docx" or "meet-text"; ``document_title`` is the Word file's own title property, if any."""
    lines = [line.strip().lstrip("\ufeff") for line in lines]
    start = _transcript_start(lines)
    if start is None:
        raise IngestError(source_path, "not a Google Meet transcript: no 'Transcript' heading")
    title, started_at = _title_and_start(lines[:start], document_title, source_path)
    turns = _turns(lines[start:])
    if not turns:
        raise IngestError(source_path, "a Google Meet transcript with no words in it; download it again")
    runs = merge_turns(turns)
    documented_date = started_at.date() if started_at else date_from_path(source_path)
    return document_from_runs(
        fmt, runs, source_path=source_path, account_id=account_id, title=title,
        documented_date=documented_date, started_at=started_at, channel=CHANNEL,
        attendees=parse_participants(_attendees(lines[:start])),
    )


def _transcript_start(lines: list[str]) -> int | None:
    """The index of the first line after the "Transcript" heading, or after a "... - Transcript" title."""
    for index, line in enumerate(lines):
        if _TRANSCRIPT.match(line):
            return index + 1
    titled = next((i for i, line in enumerate(lines) if line), None)
    if titled is not None and _TRANSCRIPT_SUFFIX.search(lines[titled]):
        return titled + 1
    return None


def _title_and_start(head: list[str], document_title: str | None, source_path: str
                     ) -> tuple[str | None, datetime | None]:
    candidates = [line for line in head if line][:1] + [document_title or "", PurePosixPath(source_path).stem]
    for candidate in candidates:
        match = _TITLE.match(candidate)
        if match:
            return match.group("title") or None, _start(match)
    for candidate in candidates:
        if _TRANSCRIPT_SUFFIX.search(candidate):
            return _TRANSCRIPT_SUFFIX.sub("", candidate) or None, None
    return None, None


def _start(match: re.Match[str]) -> datetime | None:
    try:
        day = date.fromisoformat(match.group("day"))
        hours, minutes = map(int, match.group("time").split(":"))
        offset = _offset(match.group("offset"))
        return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=timezone(offset))
    except ValueError:
        return None


def _offset(text: str | None) -> timedelta:
    """ "-05:00", "+0530", "-7" as an offset from UTC."""
    if not text:
        return timedelta(0)
    sign = -1 if text.startswith("-") else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (int(digits[:-2] or 0), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    offset = sign * timedelta(hours=hours, minutes=minutes)
    if abs(offset) >= timedelta(hours=24):
        raise ValueError("no zone is a day or more from UTC")
    return offset


def _attendees(head: list[str]) -> str:
    """The names on the "Attendees: ..." line, or on the line below an "Attendees" heading."""
    for index, line in enumerate(head):
        match = _ATTENDEES.match(line)
        if not match:
            continue
        if match.group(1).strip():
            return match.group(1).strip()
        following = next((other for other in head[index + 1:] if other), "")
        return "" if _TRANSCRIPT.match(following) else following
    return ""


def _turns(lines: list[str]) -> list[tuple[str | None, str, int, str]]:
    """(speaker, locator, offset in ms, words): each "Name: words" line, located at the timestamp above it; a line
    without a name continues the turn above it."""
    turns: list[list] = []
    stamp, seconds = "00:00:00", 0
    for line in lines:
        if not line:
            continue
        if _ENDED.match(line) or _GENERATED.search(line):
            break
        if match := _STAMP.match(line):
            hours, minutes, secs = map(int, match.groups())
            seconds = hours * 3600 + minutes * 60 + secs
            stamp = f"{hours:02d}:{minutes:02d}:{secs:02d}"
            continue
        speaker, words = name_prefix(line)
        if speaker is None and turns:
            turns[-1][3] += " " + words
        else:
            turns.append([speaker, stamp, seconds * 1000, words])
    return [tuple(turn) for turn in turns]
