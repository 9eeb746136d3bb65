"""Call transcripts (WebVTT, SRT): one unit per speaker run, timed from the meeting start when known."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import webvtt
from webvtt import srt
from webvtt.errors import MalformedCaptionError, MalformedFileError

from ingest.document import Document, MeetingMetadata, Person, Unit
from ingest.errors import IngestError
from ingest.meetings import (
    channel_from_text,
    decode_text,
    label_fields,
    meeting_date,
    meeting_document,
    missing_fields,
    parse_participants,
    parse_person,
    readable_stem,
)
from ingest.file_dates import recording_start

log = logging.getLogger(__name__)

_VOICE = re.compile(r"^\s*<v(?:\.[\w-]+)*\s+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_PARTICLES = r"(?:de|da|del|der|di|du|la|le|van|von|bin|al)"
_NAME_PREFIX = re.compile(
    rf"^(?:>>\s*|-\s*)?([A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|{_PARTICLES})){{0,3}})\s*:\s+(\S.*)$"
)
# Capitalised words followed by a colon that label a note rather than a speaker.
# A free-form note such as "Recorded Thursday 9 October 2025." dates the call when no "Date:" line does.
_RECORDED = re.compile(r"\brecorded(?:\s+on)?\s+([^.\n]*\d[^.\n]*)", re.IGNORECASE)
_NOT_SPEAKERS = {"note", "notes", "action", "action item", "action items", "agenda", "update", "summary",
                 "decision", "next steps", "question", "answer", "fyi", "todo", "ps", "re", "important", "warning"}


@dataclass
class _Cue:
    start: str  # "00:00:06.480"
    offset_ms: int
    lines: list[str]


@dataclass
class SpeakerRun:
    speaker: str | None
    start: str
    offset_ms: int
    texts: list[str] = field(default_factory=list)


def parse_vtt_transcript(data: bytes, source_path: str, account_id: str) -> Document:
    text = decode_text(data, source_path)
    try:
        captions = webvtt.from_string(text)
    except MalformedFileError as exc:
        raise IngestError(source_path, "not a WebVTT file: the first line must be 'WEBVTT'") from exc
    except (MalformedCaptionError, ValueError) as exc:
        raise IngestError(source_path, f"unreadable WebVTT ({exc}); re-export the transcript") from exc
    cues = [_Cue(c.start, c.start_time.in_milliseconds(), c.lines) for c in captions.captions]
    header = "\n".join([captions.header_text, *captions.metadata, *captions.header_comments])
    _log_skipped(text, cues, source_path)
    # Teams writes WebVTT voice spans; Zoom names its recordings "GMT<date>-<time>...": a video call either way
    tool = "teams" if any(_VOICE.match(line) for cue in cues for line in cue.lines) else \
        "zoom" if recording_start(source_path) else None
    return _transcript_document("vtt", cues, header, source_path, account_id, tool)


def parse_srt_transcript(data: bytes, source_path: str, account_id: str) -> Document:
    text = decode_text(data, source_path)
    try:
        captions = srt.parse_captions(text.split("\n"))
    except (MalformedCaptionError, ValueError) as exc:
        raise IngestError(source_path, f"unreadable SRT ({exc}); re-export the transcript") from exc
    cues = [_Cue(c.start, c.start_time.in_milliseconds(), c.lines) for c in captions]
    _log_skipped(text, cues, source_path)
    return _transcript_document("srt", cues, "", source_path, account_id)


def _log_skipped(text: str, cues: list[_Cue], source_path: str) -> None:
    skipped = sum("-->" in line for line in text.split("\n")) - len(cues)
    if skipped > 0:
        log.warning("%s: skipped %d cue(s) with unreadable timings", source_path, skipped)


def _transcript_document(fmt: str, cues: list[_Cue], header: str, source_path: str, account_id: str,
                         tool: str | None = None) -> Document:
    runs = speaker_runs(cues)
    if not runs:
        raise IngestError(
            source_path,
            "no readable cues: every cue is empty or has unreadable timings (expected e.g. "
            "'00:01:02.480 --> 00:01:05.000'); fix the timestamps or re-export the transcript",
        )
    labels = label_fields(header.split("\n"))
    recorded = _RECORDED.search(header)
    documented_date, started_at = meeting_date(labels.get("date") or (recorded and recorded.group(1)), source_path)
    channel = (labels.get("channel") or "").lower() or channel_from_text(header) or channel_from_text(tool or "")
    return document_from_runs(
        fmt, runs, source_path=source_path, account_id=account_id, title=labels.get("title"),
        documented_date=documented_date, started_at=started_at, channel=channel,
        attendees=parse_participants(labels.get("attendees", "")), author=parse_person(labels.get("author")))


def document_from_runs(fmt: str, runs: list[SpeakerRun], *, source_path: str, account_id: str, title: str | None,
                       documented_date: date | None, started_at: datetime | None, channel: str | None,
                       attendees: list[Person], author: Person | None = None, identity: str | None = None
                       ) -> Document:
    """A transcript document from its speaker runs, whatever format they were read from."""
    speakers = list(dict.fromkeys(run.speaker for run in runs if run.speaker))
    # Named speakers document who attended, even without a participants list.
    attendees = attendees or [Person(name=name) for name in speakers]
    metadata = MeetingMetadata(
        format=fmt, date=documented_date, attendees=attendees, channel=channel,
        author=(author.name or author.email) if author else None, speakers=speakers,
        missing=missing_fields(documented_date, attendees, channel),
    )
    units = [_run_unit(run, started_at) for run in runs]
    body = "\n".join(f"{unit.speaker}: {unit.text}" if unit.speaker else unit.text for unit in units)
    document = meeting_document(
        source_path=source_path, account_id=account_id, title=title or readable_stem(source_path),
        body=body, units=units, metadata=metadata, created_at=started_at, authors=[author] if author else [],
    )
    return document.model_copy(update={"identity": identity}) if identity else document


def _run_unit(run: SpeakerRun, started_at: datetime | None) -> Unit:
    at = started_at + timedelta(milliseconds=run.offset_ms) if started_at else None
    return Unit(text=" ".join(run.texts), speaker=run.speaker, locator=run.start, at=at)


def merge_turns(turns: Iterable[tuple[str | None, str, int, object]]) -> list[SpeakerRun]:
    """Runs from (speaker, locator, offset in ms, words) turns: a speaker's consecutive turns as one run, empty
    turns dropped. For exports that say who spoke (Gong, Fireflies, text transcripts); cues use ``speaker_runs``."""
    runs: list[SpeakerRun] = []
    for speaker, locator, offset_ms, words in turns:
        text = " ".join(str(words or "").split())
        if not text:
            continue
        if runs and runs[-1].speaker == speaker:
            runs[-1].texts.append(text)
        else:
            runs.append(SpeakerRun(speaker, locator, offset_ms, [text]))
    return runs


def clock(seconds: int) -> str:
    """ "HH:MM:SS" for a number of seconds: a turn's locator."""
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def speaker_runs(cues: list[_Cue]) -> list[SpeakerRun]:
    """Consecutive cues by the same speaker merged; a line with no speaker continues the previous speaker."""
    runs: list[SpeakerRun] = []
    for cue in cues:
        for speaker, text in _cue_segments(cue.lines):
            speaker = speaker or (runs[-1].speaker if runs else None)
            if runs and runs[-1].speaker == speaker:
                runs[-1].texts.append(text)
            else:
                runs.append(SpeakerRun(speaker, cue.start, cue.offset_ms, [text]))
    return runs


def _cue_segments(lines: list[str]) -> list[tuple[str | None, str]]:
    """(speaker or None, text) per non-empty cue line, from a <v Name> tag or a "Name:" prefix."""
    segments = []
    for line in lines:
        voice = _VOICE.match(line)
        text = " ".join(_TAG.sub("", line).split())
        speaker = voice.group(1).strip() if voice else None
        if speaker is None:
            speaker, text = name_prefix(text)
        if text:
            segments.append((speaker, text))
    return segments


def name_prefix(text: str) -> tuple[str | None, str]:
    match = _NAME_PREFIX.match(text)
    if not match or match.group(1).lower() in _NOT_SPEAKERS:
        return None, text
    return match.group(1), match.group(2)
