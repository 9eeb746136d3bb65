"""Call transcripts from recording tools' APIs: Gong (``callTranscripts``, with speakers named when the file
carries the call's ``parties``) and Fireflies (the GraphQL ``transcript``). One document per call, one unit per
speaker run. Shapes: ``docs/export-shapes.md`` 1g-1i."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Literal

from ingest.document import Document, Person
from ingest.errors import IngestError
from ingest.meetings import as_datetime, channel_from_text, meeting_date, parse_person
from ingest.transcripts import clock, document_from_runs, merge_turns

TranscriptApi = Literal["gong", "fireflies"]
_MILLISECONDS_FROM = 20_000  # offsets this large are milliseconds: no call runs 20,000 seconds (5.5 hours)


def read_transcripts(api: TranscriptApi, payload: object, source_path: str, account_id: str) -> list[Document]:
    calls = _gong_calls(payload, source_path, account_id) if api == "gong" else \
        _fireflies_calls(payload, source_path, account_id)
    documents = [document for document in calls if document is not None]
    if not documents:
        raise IngestError(source_path, "no call in it has any transcribed sentence")
    return documents


# ---- Gong --------------------------------------------------------------------------------------------------------


def _gong_calls(payload: dict, source_path: str, account_id: str) -> list[Document | None]:
    calls = [c for c in payload.get("callTranscripts") or [] if isinstance(c, dict)]
    details = {str((c.get("metaData") or {}).get("id")): c for c in payload.get("calls") or [] if isinstance(c, dict)}
    return [_gong_call(call, details.get(str(call.get("callId"))) or {}, payload, len(calls) > 1, source_path,
                       account_id) for call in calls]


def _gong_call(call: dict, detail: dict, payload: dict, several: bool, source_path: str,
               account_id: str) -> Document | None:
    parties = detail.get("parties") or payload.get("parties") or []
    names = {str(p.get("speakerId")): p for p in parties if isinstance(p, dict) and p.get("speakerId") is not None}
    sentences = [(str(block.get("speakerId")), sentence) for block in call.get("transcript") or []
                 if isinstance(block, dict) for sentence in block.get("sentences") or [] if isinstance(sentence, dict)]
    scale = _scale([s.get("start") for _, s in sentences])
    runs = merge_turns(_turn(_gong_speaker(names.get(speaker), speaker), _offset_ms(s.get("start"), scale),
                             s.get("text")) for speaker, s in sentences)
    if not runs:
        return None
    meta = detail.get("metaData") or {}
    documented, started = meeting_date(meta.get("started"), source_path)
    media = str(meta.get("media") or "").lower()
    call_id = str(call.get("callId") or "")
    return document_from_runs(
        "gong", runs, source_path=f"{source_path}#{call_id}" if several else source_path, account_id=account_id,
        title=meta.get("title"), documented_date=documented, started_at=started,
        channel=channel_from_text(str(meta.get("system") or "")) or ("video" if media == "video" else "phone"
                                                                     if media == "audio" else "call"),
        attendees=[person for p in parties if isinstance(p, dict) and (person := _party(p))],
        identity=f"gong:{call_id}" if call_id else None)


def _gong_speaker(party: dict | None, speaker_id: str) -> str:
    return str(party.get("name") or party.get("emailAddress")) if party and (party.get("name") or
                                                                               party.get("emailAddress")) \
        else f"Speaker {speaker_id}"


def _party(party: dict) -> Person | None:
    return parse_person({"name": party.get("name"), "email": party.get("emailAddress"), "title": party.get("title")})


# ---- Fireflies ---------------------------------------------------------------------------------------------------


def _fireflies_calls(payload: dict, source_path: str, account_id: str) -> list[Document | None]:
    data = payload.get("data") if isinstance(payload.get("data"), dict) else {}
    transcripts = data.get("transcripts") if isinstance(data.get("transcripts"), list) else \
        [data["transcript"]] if isinstance(data.get("transcript"), dict) else [payload]
    several = len(transcripts) > 1
    return [_fireflies_call(t, several, source_path, account_id) for t in transcripts if isinstance(t, dict)]


def _fireflies_call(call: dict, several: bool, source_path: str, account_id: str) -> Document | None:
    sentences = [s for s in call.get("sentences") or [] if isinstance(s, dict)]
    scale = _scale([s.get("start_time") for s in sentences])
    runs = merge_turns(_turn(s.get("speaker_name") or (f"Speaker {s['speaker_id']}" if s.get("speaker_id") is not None
                                                       else None), _offset_ms(s.get("start_time"), scale), s.get("text"))
                       for s in sentences)
    if not runs:
        return None
    started = as_datetime(call.get("dateString")) or _epoch_ms(call.get("date"))
    documented, started = meeting_date(started.isoformat() if started else None, source_path)
    attendees = [person for a in call.get("meeting_attendees") or [] if isinstance(a, dict)
                 and (person := parse_person({"name": a.get("displayName") or a.get("name"),
                                              "email": a.get("email")}))]
    attendees = attendees or [Person(email=e) for e in call.get("participants") or [] if isinstance(e, str)]
    call_id = str(call.get("id") or "")
    return document_from_runs(
        "fireflies", runs, source_path=f"{source_path}#{call_id}" if several else source_path,
        account_id=account_id, title=call.get("title"), documented_date=documented, started_at=started,
        channel="video", attendees=attendees, identity=f"fireflies:{call_id}" if call_id else None)


# ---- shared ------------------------------------------------------------------------------------------------------


def _scale(starts: list[object]) -> int:
    numbers = [float(s) for s in starts if _is_number(s)]
    return 1 if numbers and max(numbers) >= _MILLISECONDS_FROM else 1000


def _offset_ms(value: object, scale: int) -> int:
    return int(float(value) * scale) if _is_number(value) else 0


def _is_number(value: object) -> bool:
    """A finite number of a plausible size (a recording's offset or a date in milliseconds), or its text."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return not isinstance(value, bool) and math.isfinite(number) and abs(number) < 1e14


def _turn(speaker: str | None, offset_ms: int, words: object) -> tuple[str | None, str, int, object]:
    return speaker, clock(offset_ms // 1000), offset_ms, words


def _epoch_ms(value: object) -> datetime | None:
    if not _is_number(value):
        return None
    try:
        return datetime.fromtimestamp(float(value) / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None

