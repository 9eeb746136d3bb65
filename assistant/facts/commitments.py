"""Promises with a due date: who owes what to whom, by when, and whether later material shows it done."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from assistant.facts.material import AccountMaterial, directory
from assistant.facts.text import Located, doc_date, stated_days, quote_around, relative_date
from assistant.text.calendar_words import ENGLISH_MONTH_WORDS
from assistant.text.names import HONORIFIC
from assistant.text.sentences import sentences, sentences_by_line
from ingest.document import Document, Person, SourceType

Direction = Literal["to_customer", "by_customer"]
Status = Literal["done", "not_done", "unknown"]

_OWNER = re.compile(r"^\s*(?:\d+[.)]\s*|[-*•]\s*)?(?P<owner>[A-Z][\w.]*(?:[ /+&][A-Z][\w.]*){0,3})\s*(?::|->|→|–|-)\s+")
_FIRST_PERSON = re.compile(
    r"\b(?:I'll|I will|I'd|I can|I commit|I'll commit|we'll|we will|we can|you'll have|you will have|you'll get|"
    r"will (?:send|provide|deliver|share|get|have|run|schedule)|promised?)\b",
    re.IGNORECASE,
)
_DUE = re.compile(r"\b(?:by|due|before|no later than|for)\s+(?:\*\*)?", re.IGNORECASE)
_THIRD_PERSON = re.compile(
    rf"^(?:And |So,? |\d+[.)] |[-*] )?(?:[A-Z][\w ]{{0,20}}: )?(?:{HONORIFIC} )?(?P<owner>[A-Z][a-z]+(?: [A-Z][a-z]+)?)"
    r"(?:'s team)? (?:sends?|will|to|owes|delivers?|returns?|remains on track to deliver)\b"
)
_OWNER_FIELD = re.compile(r"\bowner:?\s+(?P<owner>[A-Z][a-z]+(?: [A-Z][a-z]+)?)")
_COMMENT_AUTHOR = re.compile(r"^Comment \d+ by (?P<name>[^,(\n]+)")
_STRONG_DONE = re.compile(r"\b(?:attached is|attached are|here is|here's|as promised|please find attached)\b", re.I)
_DONE = re.compile(
    r"\b(?:attached|here is|here's|as promised|sent|delivered|done|received|arrived|went out|submitted|completed|"
    r"held|provided|shared|went into)\b",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(
    r"\b(?:not (?:yet )?(?:been )?(?:sent|received|delivered|done|out|held|scheduled|gone out|happened)|"
    r"has ?n[o']t|have ?n[o']t|hasn'?t|haven'?t|never|still (?:owe|no\b|not|waiting|hasn'?t)|not sent|missed|"
    r"slipped|didn'?t|did not|stuck|where is|still don'?t have|any update|not received)\b",
    re.IGNORECASE,
)
_STOP = set(
    "the a an to of for and or by on in at with from our your their my me you we i it this that be is are was will "
    "send sends get give have has had can could would should do doing make made set up please pls next week "
    "all any about before after due owner w/ as so also more per via then them they he she his her us one "
    "formal revised updated new quick short full final written detailed still owe promised like sure that what "
    "which there here these those".split()
)
_RELATIVE_DUE = re.compile(r"\b(?:by|within|until)\s+(?:the\s+)?(?:tomorrow|end of|this week|next week)|\bnext week\b",
                           re.IGNORECASE)


class Commitment(BaseModel):
    who: str  # as the source names the owner
    owner_email: str | None = None
    what: str  # the line or sentence stating the promise
    due: date
    direction: Direction
    source: str
    quote: str
    stated_on: date | None
    keywords: list[str] = Field(default_factory=list)
    status: Status = "unknown"
    evidence: list[Located] = Field(default_factory=list)  # later passages showing it done or not done


def _keywords(text: str, people_words: set[str]) -> list[str]:
    words = re.findall(r"[A-Za-z][A-Za-z0-9-]{2,}", text.lower())
    out = []
    for word in words:
        if (word in _STOP or word in ENGLISH_MONTH_WORDS or word in people_words
                or word.endswith("th") and word[:-2].isdigit()):
            continue
        if word not in out:
            out.append(word)
    return out


class _Who(BaseModel):
    label: str
    person: Person | None


def _find_person(name: str, material: AccountMaterial, people: dict[str, Person]) -> Person | None:
    key = name.lower().strip()
    if key in people:
        return people[key]
    first = key.split()[0] if key else ""
    matches = {p.email: p for k, p in people.items() if "@" not in k and (k.split()[0] == first or k.split()[-1] == first)}
    return next(iter(matches.values())) if len(matches) == 1 else None


def _author(document: Document) -> Person | None:
    if document.source_type == SourceType.EMAIL:
        return document.metadata.sender
    if document.source_type == SourceType.MEETING and document.metadata.author:
        return Person(name=document.metadata.author)
    return None


def _line_speakers(document: Document) -> list[str]:
    """Names that open a "Name: text" line of the document as its speaker: a transcript's speakers, a chat's
    participants."""
    if document.source_type == SourceType.MEETING:
        return document.metadata.speakers
    if document.source_type == SourceType.CHAT:
        return document.metadata.participants
    return []


def _direction(material: AccountMaterial, person: Person | None, document: Document) -> Direction | None:
    if person is None:
        if document.source_type == SourceType.MEETING and not document.metadata.speakers:
            return "to_customer"  # notes are written by the vendor; "I"/"me" is the note taker
        return None
    if material.is_vendor(person):
        return "to_customer"
    if material.is_customer(person):
        return "by_customer"
    return None


def _candidates(material: AccountMaterial, document: Document, people: dict[str, Person], people_words: set[str]):
    when = doc_date(document)
    body = document.body
    offset = 0
    commenter: str | None = None
    speakers = _line_speakers(document)
    for line in body.splitlines(keepends=True):
        text = line.rstrip("\n")
        speaker = None
        if (comment := _COMMENT_AUTHOR.match(text)) is not None:
            commenter = comment["name"].strip()
        if speakers:
            head, sep, _ = text.partition(": ")
            if sep and head in speakers:
                speaker = head
        for sentence in sentences(text) if text.strip() else []:
            start_in_line = text.find(sentence)
            dates = stated_days(sentence, when, back_days=60)
            due = None
            for due_match in _DUE.finditer(sentence):
                after = [d for d in dates if due_match.end() - 2 <= d[1] <= due_match.end() + 3]
                if after:
                    due = after[0][0]
                    break
            if due is None and _FIRST_PERSON.search(sentence) and _RELATIVE_DUE.search(sentence):
                rel = relative_date(sentence, when)
                due = rel[0] if rel else None
            if due is None:
                continue
            who = None
            owner = _OWNER.match(sentence)
            third = _THIRD_PERSON.match(sentence.split(": ", 1)[-1] if speaker else sentence)
            if owner and not _FIRST_PERSON.match(owner["owner"]):
                name = owner["owner"].split("/")[0].split("+")[0].strip()
                who = _Who(label=owner["owner"], person=_find_person(name, material, people))
                if name.lower() in ("me", "i"):
                    who = _Who(label=name, person=_author(document))
            elif (field := _OWNER_FIELD.search(sentence)) is not None:
                who = _Who(label=field["owner"], person=_find_person(field["owner"], material, people))
            elif third and third["owner"].split()[0] not in ("I", "We", "You", "Please", "The", "This", "It"):
                who = _Who(label=third["owner"], person=_find_person(third["owner"], material, people))
            elif _FIRST_PERSON.search(sentence) or (commenter and re.search(r"\bwill\b", sentence)):
                person = Person(name=speaker or commenter) if (speaker or commenter) else _author(document)
                if person is not None and person.name and not person.email:
                    person = _find_person(person.name, material, people) or person
                who = _Who(label=(person.name if person and person.name else "the note taker"), person=person)
            if who is None:
                continue
            direction = _direction(material, who.person, document)
            if direction is None:
                continue
            vague = re.search(r"\b(?:it|that|this|them|both|one)\b", sentence, re.IGNORECASE)
            context = text if len(sentence) < 40 or vague else sentence
            pos = offset + start_in_line
            yield Commitment(
                who=who.label,
                owner_email=who.person.email if who.person else None,
                what=sentence.strip(),
                due=due,
                direction=direction,
                source=document.source_path,
                quote=quote_around(body, pos, pos + len(sentence)),
                stated_on=when,
                keywords=_keywords(context, people_words),
            )
        offset += len(line)


def _status(commitment: Commitment, material: AccountMaterial, as_of: date,
            frequency: dict[str, float] | None = None) -> tuple[Status, list[Located]]:
    """Done when a later passage about the same object says it was sent or delivered; not done when one says it is
    still owed; the latest such passage decides."""
    own = commitment.what
    if _NOT_DONE.search(own):
        return "not_done", []
    if re.search(r"\((?:sent|done|submitted|delivered|received)\b|\b(?:sent|delivered|attached)\b", own, re.I):
        return "done", []
    found: list[tuple[date, int, Located]] = []
    needed = min(2, len(commitment.keywords)) if commitment.keywords else 99
    for document in material.documents:
        when = doc_date(document)
        if when is None or commitment.stated_on is None or when < commitment.stated_on or when > as_of:
            continue
        if getattr(document.metadata, "is_auto_reply", False):
            continue
        text = document.body
        title_words = set(re.findall(r"[a-z][a-z0-9-]{2,}", document.title.lower()))
        title_overlap = [k for k in commitment.keywords if k in title_words]
        author = _author(document)
        if (document.source_path != commitment.source and len(title_overlap) >= min(2, len(commitment.keywords))
                and author is not None and material.is_vendor(author) and commitment.direction == "to_customer"
                and document.source_type == SourceType.EMAIL and not document.metadata.is_forward):
            found.append((when, 0, Located(source=document.source_path, when=when, quote=document.title[:200])))
        for sentence in sentences_by_line(text):
            if sentence.strip() in commitment.what or commitment.what in sentence:
                continue
            words = set(re.findall(r"[a-z][a-z0-9-]{2,}", sentence.lower()))
            overlap = [k for k in commitment.keywords if k in words]
            rarest = commitment.keywords[0] if commitment.keywords else ""
            rare = rarest in overlap and (frequency or {}).get(rarest, 1.0) <= 0.1 and bool(_DONE.search(sentence))
            strong = bool(overlap) and (bool(_STRONG_DONE.search(sentence)) or rare) and not _NOT_DONE.search(sentence)
            if len(overlap) < needed and not strong:
                continue
            start = text.find(sentence[:60])
            located = Located(source=document.source_path, when=when,
                              quote=quote_around(text, max(start, 0), max(start, 0) + len(sentence)))
            if _NOT_DONE.search(sentence):
                found.append((when, 1, located))
            elif _DONE.search(sentence) and when >= commitment.stated_on and document.source_path != commitment.source:
                found.append((when, 0, located))
    if not found:
        return "unknown", []
    found.sort(key=lambda item: (item[0], item[1]))
    latest = found[-1]
    return ("not_done" if latest[1] else "done"), [item[2] for item in found[-3:]]


def _document_frequency(material: AccountMaterial) -> dict[str, float]:
    """The share of the account's documents each word appears in."""
    counts: dict[str, int] = {}
    for document in material.documents:
        for word in set(re.findall(r"[a-z][a-z0-9-]{2,}", document.body.lower())):
            counts[word] = counts.get(word, 0) + 1
    total = max(1, len(material.documents))
    return {word: count / total for word, count in counts.items()}


def _distinctive(keywords: list[str], frequency: dict[str, float], keep: int = 6) -> list[str]:
    """The rarer keywords first; words in over a third of the documents go unless fewer than two would remain."""
    ranked = sorted(keywords, key=lambda k: frequency.get(k, 0.0))
    rare = [k for k in ranked if frequency.get(k, 0.0) <= 0.33]
    return (rare if len(rare) >= 2 else ranked[:2])[:keep]


def commitments(material: AccountMaterial, as_of: date) -> list[Commitment]:
    """Every dated promise stated on or before ``as_of``, with its status as of that date."""
    people = directory(material)
    people_words = {w for k in people if "@" not in k for w in k.replace(".", " ").split()}
    frequency = _document_frequency(material)
    out = []
    for document in material.documents:
        if document.source_type == SourceType.CRM or getattr(document.metadata, "is_auto_reply", False):
            continue
        when = doc_date(document)
        if when is None or when > as_of:
            continue
        for commitment in _candidates(material, document, people, people_words):
            commitment.keywords = _distinctive(commitment.keywords, frequency)
            status, evidence = _status(commitment, material, as_of, frequency)
            out.append(commitment.model_copy(update={"status": status, "evidence": evidence}))
    return out


def overdue(material: AccountMaterial, as_of: date) -> list[Commitment]:
    """Promises to the customer past due as of ``as_of`` with no sign they were done."""
    return [
        c for c in commitments(material, as_of)
        if c.direction == "to_customer" and c.due < as_of and c.status != "done"
    ]
