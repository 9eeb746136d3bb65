"""Gaps in the meeting record: no recent customer meeting, and notes without date, attendees or channel."""

from __future__ import annotations

import re
from datetime import date

from assistant.facts.material import AccountMaterial, directory, resolve
from assistant.facts.text import clip, doc_date
from assistant.models import Gap, GapEvidence, GapKind
from ingest.document import Document, Person, SourceType

_TRANSCRIPTS = {"vtt", "srt"}
_INTERNAL = re.compile(r"\binternal\b", re.IGNORECASE)


def is_customer_meeting(material: AccountMaterial, meeting: Document) -> bool:
    """A meeting with at least one customer attendee or speaker (an internal meeting has none)."""
    metadata = meeting.metadata
    people = directory(material)
    attendees = list(metadata.attendees) + [Person(name=s) for s in metadata.speakers]
    for person in attendees:
        person = resolve(material, person, people)
        if person.email:
            if material.is_customer(person):
                return True
        elif person.name and not _INTERNAL.search(meeting.title):
            return True  # an unknown name on a call that is not marked internal: someone from outside
    return False


def stale_relationship(material: AccountMaterial, as_of: date, days: int) -> list[Gap]:
    meetings = [
        (when, m) for m in material.of_type(SourceType.MEETING)
        if (when := doc_date(m)) is not None and when <= as_of and is_customer_meeting(material, m)
    ]
    if meetings:
        last_date, last = max(meetings, key=lambda item: item[0])
        gap_days = (as_of - last_date).days
        if gap_days <= days:
            return []
        evidence = [GapEvidence(source=last.source_path, quote=clip(last.body))]
        detail = (f"The last logged customer meeting is '{last.title}' on {last_date:%b %d, %Y}, {gap_days} days "
                  f"before {as_of:%b %d, %Y} (threshold {days} days).")
    else:
        evidence = [GapEvidence(source=f"absent from all {len(material.of_type(SourceType.MEETING))} meeting notes")]
        detail = "No meeting with the customer is logged at all."
        gap_days = None
    return [Gap(
        kind=GapKind.STALE_RELATIONSHIP,
        severity="high" if gap_days is None or gap_days > 2 * days else "medium",
        detail=detail,
        evidence=evidence,
        question="When did you last speak with the customer, and were there meetings that never made it into notes?",
    )]


def _missing(meeting: Document) -> list[str]:
    metadata = meeting.metadata
    if metadata.format in _TRANSCRIPTS:
        # a transcript has no header for a channel; its speakers are the attendees and its file name dates it
        missing = []
        if doc_date(meeting) is None:
            missing.append("date")
        if not metadata.speakers and not metadata.attendees:
            missing.append("attendees")
        return missing
    return list(metadata.missing)


def meeting_missing_metadata(material: AccountMaterial) -> list[Gap]:
    gaps = []
    for meeting in material.of_type(SourceType.MEETING):
        missing = _missing(meeting)
        if not missing:
            continue
        when = doc_date(meeting)
        label = f"'{meeting.title}'" + (f" ({when:%b %d, %Y})" if when else "")
        gaps.append(Gap(
            kind=GapKind.MEETING_MISSING_METADATA,
            severity="medium" if "date" in missing or "attendees" in missing else "low",
            detail=f"The notes {label} do not record the {' or '.join(missing)}.",
            evidence=[GapEvidence(source=meeting.source_path, quote=clip(meeting.body))],
            question=f"For {label}: {_ask(missing)}",
        ))
    return gaps


def _ask(missing: list[str]) -> str:
    asks = {"date": "when was it held", "attendees": "who attended (customer and our side)",
            "channel": "was it onsite, video or phone"}
    return ", ".join(asks[m] for m in missing if m in asks) + "?"
