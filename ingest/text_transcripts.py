"""Plain-text transcripts and meeting chats as the tools save them, told apart by their line shapes:

- Zoom saved transcript: ``[Name] HH:MM:SS`` headers, the words on the lines below (wall-clock times);
- Otter: ``Name  m:ss`` headers (two spaces before an offset from the start), the words below;
- Zoom chat: ``HH:MM:SS From Name to Everyone : text`` (older), the same header ending ``:`` with the text on
  tab-indented lines (newer), or ``HH:MM:SS<TAB>Name:<TAB>text`` (cloud recordings);
- caption text: ``HH:MM:SS text`` lines, the speaker as a ``Name:`` prefix when the captions carry one.

These files hold no date: it comes from a date in the file's name or its folder's (Zoom saves into
``YYYY-MM-DD HH.MM.SS <topic>``). Shapes: ``docs/export-shapes.md`` 1b-1e."""

from __future__ import annotations

import re
from datetime import datetime, time, timezone
from typing import Literal

from ingest.document import Document
from ingest.errors import IngestError
from ingest.file_dates import date_from_path
from ingest.transcripts import clock, document_from_runs, merge_turns, name_prefix

TextTranscript = Literal["zoom-transcript", "otter", "zoom-chat", "captions"]

_ZOOM_HEADER = re.compile(r"^\[(.+?)\] (\d{1,2}:\d{2}:\d{2})\s*$")
_OTTER_HEADER = re.compile(r"^(\S.{0,60}?\S)  (\d{1,2}:\d{2}(?::\d{2})?)\s*$")
_CHAT_ONE_LINE = re.compile(r"^(\d{2}:\d{2}:\d{2})\s+From\s+(.+?)\s+to\s+(.+?)\s*:\s+(\S.*)$")
_CHAT_HEADER = re.compile(r"^(\d{2}:\d{2}:\d{2})\s+From\s+(.+?)\s+to\s+(.+?)\s*:\s*$")
_CHAT_CLOUD = re.compile(r"^(\d{2}:\d{2}:\d{2})\t([^\t]+?):\t(.*)$")
_CAPTION = re.compile(r"^(\d{2}:\d{2}:\d{2})\s+(\S.*)$")
_LOOKED_AT = 200  # lines read to recognise a shape


def recognise(text: str) -> TextTranscript | None:
    lines = text[:_LOOKED_AT * 200].split("\n")[:_LOOKED_AT]
    if "-->" in text[:4096]:
        return None  # cue timings: WebVTT or SRT
    if sum(bool(_ZOOM_HEADER.match(line)) for line in lines) >= 2:
        return "zoom-transcript"
    if sum(bool(_CHAT_ONE_LINE.match(line) or _CHAT_HEADER.match(line) or _CHAT_CLOUD.match(line))
           for line in lines) >= 2:
        return "zoom-chat"
    if _otter_headers(lines) >= 2:
        return "otter"
    if sum(bool(_CAPTION.match(line)) for line in lines) >= 3:
        return "captions"
    return None


def _otter_headers(lines: list[str]) -> int:
    """Otter headers are followed by the words spoken, not by another header."""
    return sum(bool(_OTTER_HEADER.match(line)) and i + 1 < len(lines) and lines[i + 1].strip() != ""
               and not _OTTER_HEADER.match(lines[i + 1]) for i, line in enumerate(lines))


def parse_text_transcript(kind: TextTranscript, text: str, source_path: str, account_id: str) -> Document:
    turns = {"zoom-transcript": _headed(_ZOOM_HEADER), "otter": _headed(_OTTER_HEADER),
             "zoom-chat": _chat, "captions": _captions}[kind](text.split("\n"))
    if not turns:
        raise IngestError(source_path, f"looks like a {kind.replace('-', ' ')} file but holds no words")
    day = date_from_path(source_path)
    wall_clock = kind != "otter"  # Otter counts from the start of the recording; the others say the time of day
    first = turns[0][1] if turns else 0
    started_at = datetime.combine(day, time(), timezone.utc) if day else None
    if started_at is not None and wall_clock and first < 24 * 3600:
        started_at = started_at.replace(hour=first // 3600, minute=first % 3600 // 60, second=first % 60)
    runs = merge_turns((speaker, clock(seconds), max((seconds - first if wall_clock else seconds) * 1000, 0), words)
                       for speaker, seconds, words in turns)
    fmt = "chat-text" if kind == "zoom-chat" else "transcript-text"
    return document_from_runs(fmt, runs, source_path=source_path, account_id=account_id, title=None,
                              documented_date=day, started_at=started_at,
                              channel="Zoom" if kind in ("zoom-transcript", "zoom-chat") else None, attendees=[])


def _headed(header: re.Pattern):
    """A header line naming the speaker and the time, then the words on the lines below it."""
    def turns(lines: list[str]) -> list[tuple[str | None, int, str]]:
        found, current = [], None
        for line in lines:
            match = header.match(line)
            if match:
                speaker, clock = match.groups()
                current = [speaker.strip(), _seconds(clock), []]
                found.append(current)
            elif current is not None and line.strip():
                current[2].append(line.strip())
        return [(speaker, seconds, " ".join(words)) for speaker, seconds, words in found if words]
    return turns


def _chat(lines: list[str]) -> list[tuple[str | None, int, str]]:
    found: list[list] = []
    for line in lines:
        if match := _CHAT_ONE_LINE.match(line):
            found.append([match.group(2).strip(), _seconds(match.group(1)), [match.group(4).strip()]])
        elif match := _CHAT_HEADER.match(line):
            found.append([match.group(2).strip(), _seconds(match.group(1)), []])
        elif match := _CHAT_CLOUD.match(line):
            found.append([match.group(2).strip(), _seconds(match.group(1)), [match.group(3).strip()]])
        elif found and line.strip():  # a message's text on its own (tab-indented) lines
            found[-1][2].append(line.strip())
    return [(speaker, seconds, " ".join(words)) for speaker, seconds, words in found if words]


def _captions(lines: list[str]) -> list[tuple[str | None, int, str]]:
    found = []
    for line in lines:
        if match := _CAPTION.match(line):
            speaker, words = name_prefix(match.group(2).strip())
            found.append((speaker, _seconds(match.group(1)), words))
    return found


def _seconds(stamp: str) -> int:
    parts = [int(part) for part in stamp.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    hours, minutes, seconds = parts
    return hours * 3600 + minutes * 60 + seconds
