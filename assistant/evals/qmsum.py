"""QMSum meetings (``../shared/eval/public/qmsum``) as handoff documents: one transcript per meeting, one unit per
turn, so that every chunk knows which turns it covers."""

from __future__ import annotations

import json
import re
from pathlib import Path

from pydantic import BaseModel

from ingest.document import Document, MeetingMetadata, SourceType, Unit

_DISFLUENCY = re.compile(r"\{\s*\w+\s*\}")  # AMI markers such as {vocalsound}, {disfmarker}, {gap}
_TURN = re.compile(r"turn (\d+)")


class SpecificQuery(BaseModel):
    query: str
    answer: str
    gold_turns: set[int]


class QmsumMeeting(BaseModel):
    meeting_id: str
    turns: list[tuple[str, str]]  # (speaker, content)
    queries: list[SpecificQuery]


def load_meetings(folder: Path) -> list[QmsumMeeting]:
    meetings = []
    for path in sorted(folder.glob("*.json")):
        raw = json.loads(path.read_text())
        turns = [(t["speaker"], _clean(t["content"])) for t in raw["meeting_transcripts"]]
        queries = [
            SpecificQuery(query=q["query"], answer=q["answer"], gold_turns=_span_turns(q["relevant_text_span"]))
            for q in raw.get("specific_query_list", [])
        ]
        meetings.append(QmsumMeeting(meeting_id=path.stem, turns=turns, queries=queries))
    return meetings


def meeting_document(meeting: QmsumMeeting, account_id: str) -> Document:
    units = [
        Unit(text=content, speaker=speaker, locator=f"turn {i}")
        for i, (speaker, content) in enumerate(meeting.turns)
        if content
    ]
    return Document(
        account_id=account_id,
        source_type=SourceType.MEETING,
        source_path=f"meetings/{meeting.meeting_id}.json",
        identity=f"path:meetings/{meeting.meeting_id}.json",
        title=f"Meeting {meeting.meeting_id}",
        body="\n".join(f"{u.speaker}: {u.text}" for u in units),
        units=units,
        metadata=MeetingMetadata(format="text", speakers=sorted({s for s, _ in meeting.turns})),
    )


def turns_of(locator: str | None) -> set[int]:
    """The turn numbers a chunk covers, from its locator ("turn 12" or "turn 12 to turn 15")."""
    numbers = [int(n) for n in _TURN.findall(locator or "")]
    return set(range(min(numbers), max(numbers) + 1)) if numbers else set()


def _span_turns(spans: list[list[str]]) -> set[int]:
    turns: set[int] = set()
    for start, end in spans:
        turns.update(range(int(start), int(end) + 1))
    return turns


def _clean(content: str) -> str:
    return " ".join(_DISFLUENCY.sub(" ", content).split())
