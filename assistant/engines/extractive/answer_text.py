"""Answer passages from evidence: the statements ``candidates_from`` finds, with runs of ``Label: value`` fields
(a CRM record, an order form) split back into one passage per field so a question about the renewal date gets the
renewal date, not the whole record; and the cleaning that makes a passage read as an answer."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel

from assistant.engines.base import Evidence, EvidenceItem
from assistant.engines.extractive.sentences import pieces
from assistant.engines.extractive.people import customer_people
from assistant.text.names import without_honorific
from ingest.document import CrmMetadata, EmailMetadata, MeetingMetadata

_FIELD = re.compile(r"^[A-Z][\w /&().'-]{0,40}?:\s+\S")
_LEAD = re.compile(r"^\s*(?:[-*•>]+|\d+[.)]|->|=>)\s*")
_HEADING = re.compile(r"^#{1,6}\s+\S|^\*\*[^*]{2,60}\*\*:?$|^[A-Z][\w /&'-]{2,50}:$")
_TAIL = re.compile(r"\s*\.\.\.$")


MAX_NAMED = 2  # people given their full name and title in one answer


class AnswerPassage(BaseModel):
    text: str
    ref: str
    item_index: int
    position: int
    context: str = ""  # the document's title and the heading or lead-in line the passage sits under
    day: float | None = None  # when its source was written (days since the epoch), if known


def passages_from(items: list[EvidenceItem]) -> list[AnswerPassage]:
    passages: list[AnswerPassage] = []
    for index, item in enumerate(items):  # built without validation: every value comes from a validated item
        day = _day(item)
        passages += [AnswerPassage.model_construct(text=text, ref=item.ref, item_index=index, position=position,
                                                   context=f"{item.title} {heading}", day=day)
                     for text, position, heading in _statements(item.text)]
    for index, item in enumerate(items):
        day = _day(item)
        passages += [AnswerPassage.model_construct(text=field, ref=item.ref, item_index=index,
                                                   position=1000 + position, context=item.title, day=day)
                     for position, field in enumerate(_fields(item.text))]
    seen: set[str] = set()
    unique = []
    for passage in passages:  # the same sentence quoted in two messages is one passage (the first, best ranked)
        key = _same_words(passage.text)
        if key not in seen:
            seen.add(key)
            unique.append(passage)
    return unique


def passage_texts(text: str) -> list[str]:
    """The texts of the passages ``passages_from`` makes of an evidence item with this text (before a passage
    repeated in another item is dropped): what the answerer embeds, so that ingest can embed them beforehand."""
    return list(dict.fromkeys([*(statement for statement, _, _ in _statements(text)), *_fields(text)]))


# The same retrieved chunks come back question after question: what is read from an item's text is remembered.
@functools.lru_cache(maxsize=16_384)
def _statements(text: str) -> tuple[tuple[str, int, str], ...]:
    """(text, position, heading above it) of each candidate statement of an item's text, field blocks left out."""
    return tuple((piece, position, _heading(text, piece)) for position, piece in enumerate(pieces(text))
                 if not _is_field_block(piece))


@functools.lru_cache(maxsize=16_384)
def _fields(text: str) -> tuple[str, ...]:
    return tuple(_field_lines(text))


@functools.lru_cache(maxsize=65_536)
def _same_words(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def _day(item: EvidenceItem) -> float | None:
    return item.date.timestamp() / 86400 if item.date else None


def name_people(text: str, evidence: Evidence, passages: list[AnswerPassage]) -> str:
    """A person the answer calls by first name only gets their full name and title once: "Margit decides" ->
    "Ana (Ana Reyes, Chief Operating Officer) decides". Only names that belong to one person."""
    records = [d.metadata.record for d in evidence.documents.values() if isinstance(d.metadata, CrmMetadata)]
    record = records[0] if records else None
    people = customer_people(evidence, record, [p.text for p in passages])
    firsts: dict[str, list] = {}
    for person in people:
        firsts.setdefault(person.first.lower(), []).append(person)
    named = 0
    for first, views in firsts.items():
        person = views[0]
        if named >= MAX_NAMED or len(views) > 1 or len(first) < 3 or len(person.name.split()) < 2 or \
                person.name.lower() in text.lower() or person.last.lower() in text.lower():
            continue
        # the first name alone, not part of a longer capitalised name ("Harbor Property Group")
        alone = rf"(?<![A-Z][\w.]\s)(?<![A-Z][\w.]{{2}}\s)\b{re.escape(person.first)}\b(?!['’]s)(?!\s+[A-Z])"
        match = re.search(alone, text)
        if match is None:
            continue
        named += 1
        label = f"{person.name}, {person.title}" if person.title else person.name
        text = f"{text[:match.end()]} ({label}){text[match.end():]}"
    return text


def _heading(text: str, passage: str) -> str:
    """The last Markdown heading or ``Lead-in:`` line above the passage in its item's text."""
    at = text.find(passage[:40])
    if at < 0:
        return ""
    for line in reversed(text[:at].splitlines()):
        line = line.strip()
        if _HEADING.match(line):
            return _LEAD.sub("", line.lstrip("#")).strip()
    return ""


def known_people(evidence: Evidence) -> set[str]:
    """Lower-case full, first and last names of the people the evidence's documents name in their metadata."""
    names: set[str] = set()
    for document in evidence.documents.values():
        meta = document.metadata
        people = [*document.authors, *document.participants]
        if isinstance(meta, CrmMetadata):
            record = meta.record
            people += [p for p in (record.primary_contact, record.executive_sponsor, *record.contacts) if p]
        elif isinstance(meta, EmailMetadata):
            people += [p for p in (meta.sender, *meta.to, *meta.cc) if p]
        elif isinstance(meta, MeetingMetadata):
            people += meta.attendees
        for person in people:
            if person.name and len(person.name.split()) >= 2:
                words = without_honorific(person.name).lower().split()
                names |= {" ".join(words), *(w for w in (words[0], words[-1]) if len(w) >= 3)}
    return names


def _is_field_block(text: str) -> bool:
    parts = text.split("; ")
    return len(parts) >= 2 and _FIELD.match(parts[0]) is not None and _FIELD.match(parts[1]) is not None


def _field_lines(text: str) -> list[str]:
    """``Label: value`` lines that stand in a run of at least two (a record, an order form's terms)."""
    found: list[str] = []
    run: list[str] = []
    for raw in [*text.splitlines(), ""]:
        line = _LEAD.sub("", raw.strip())
        if _FIELD.match(line) and len(line.split()) <= 30 and not line.endswith(":"):
            run.append(line.rstrip("."))
            continue
        if len(run) >= 2:
            found.extend(run)
        run = []
    return list(dict.fromkeys(found))


def clean(text: str) -> str:
    """No bullet markers or trailing ellipsis; ends like a sentence."""
    text = _TAIL.sub("", _LEAD.sub("", text.strip())).replace("**", "").strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")", '"')) else f"{text}."
