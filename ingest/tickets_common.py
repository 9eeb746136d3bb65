"""What every ticket format shares: a format-neutral ``Ticket``, value clean-up, and ``Ticket`` -> ``Document``.

Each format module (JSON, CSV) reads its shape into ``Ticket``s; ``to_document`` is the only place that decides
what a ticket document looks like.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from email.utils import parseaddr
from typing import Literal

from dateutil import parser as date_parser
from pydantic import BaseModel, Field

from ingest.document import Document, Person, SourceType, TicketMetadata, Unit
from ingest.errors import IngestError

logger = logging.getLogger("ingest.tickets")

System = Literal["zendesk", "jira", "csv", "freshdesk", "intercom", "helpscout", "github", "salesforce"]

CLOSED_STATUSES = {
    "closed", "solved", "resolved", "verified", "done", "fixed", "won't fix", "wont fix", "wontfix",
    "cancelled", "canceled", "rejected", "duplicate", "invalid", "complete", "completed",
}
OPEN_STATUSES = {
    "new", "open", "pending", "on hold", "hold", "in progress", "reopened", "patch available", "unconfirmed",
    "assigned", "to do", "todo", "backlog", "selected for development", "in review", "waiting for customer",
    "waiting for support", "escalated", "triage",
}
PRIORITY_LEVELS = {
    "urgent": "urgent", "blocker": "urgent", "critical": "urgent", "p0": "urgent", "p1": "urgent",
    "highest": "urgent", "high": "high", "major": "high", "p2": "high", "normal": "normal", "medium": "normal",
    "p3": "normal", "low": "low", "minor": "low", "trivial": "low", "p4": "low", "p5": "low", "lowest": "low",
}


class Comment(BaseModel):
    author: Person | None = None
    at: datetime | None = None
    body: str
    public: bool = True


class Ticket(BaseModel):
    """One ticket as read from any format, before it becomes a ``Document``."""

    system: System
    id: str
    subject: str | None = None
    description: str | None = None
    status: str | None = None
    priority: str | None = None
    type: str | None = None
    requester: Person | None = None
    assignee: str | None = None
    tags: list[str] = Field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None
    comments: list[Comment] = Field(default_factory=list)


# ---------------------------------------------------------------- raw bytes


def decode_text(data: bytes, source_path: str) -> str:
    """Bytes -> text, or an ``IngestError`` saying why the file is not a text export."""
    if not data.strip():
        raise IngestError(source_path, "the file is empty; export the tickets again and re-run ingest")
    if data.startswith(b"PK\x03\x04"):
        raise IngestError(
            source_path, "this is a ZIP/XLSX file, not text; save the sheet as 'CSV UTF-8' or export JSON"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode_or_fail(data, "utf-16", source_path)
    elif b"\x00" in data[:8192]:
        raise IngestError(source_path, "this is a binary file (it has NUL bytes), not a CSV or JSON export")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Spreadsheet tools on Windows still write CSV in cp1252.
            text = _decode_or_fail(data, "cp1252", source_path)
    if _control_share(text[:8192]) > 0.05:
        raise IngestError(source_path, "this looks like a binary file, not a CSV or JSON export")
    return text


def _decode_or_fail(data: bytes, encoding: str, source_path: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise IngestError(
            source_path, f"cannot decode the file as text (byte {exc.start}); save it as UTF-8 and re-run ingest"
        ) from None


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls / max(len(text), 1)


# ---------------------------------------------------------------- values


def clean_text(value) -> str | None:
    """A trimmed string, or None for empty/absent values. Numbers become strings; containers become None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str):
        return value.strip() or None
    return None


def parse_datetime(value) -> datetime | None:
    """Any common date text -> aware datetime (UTC when no zone is given); None when it is not a date."""
    text = clean_text(value)
    if text is None:
        return None
    try:
        parsed = date_parser.parse(text)
    except (ValueError, ArithmeticError):  # dateutil overflows, or fails in decimal arithmetic on odd seconds
        logger.warning("ignoring unparseable date %r", text)
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_person(value) -> Person | None:
    """A person from a dict (Zendesk ``name``/``email``, Jira ``displayName``/``emailAddress``) or a string."""
    if isinstance(value, dict):
        name = clean_text(value.get("name")) or clean_text(value.get("displayName"))
        email = clean_text(value.get("email")) or clean_text(value.get("emailAddress"))
        return Person(name=name, email=email) if name or email else None
    text = clean_text(value)
    if text is None:
        return None
    name, email = parseaddr(text)
    if email and "@" in email:
        return Person(name=name or None, email=email)
    return Person(name=text)


def parse_tags(value) -> list[str]:
    if isinstance(value, list):
        return [tag for item in value if (tag := clean_text(item))]
    text = clean_text(value)
    return [tag for tag in re.split(r"[,;\s]+", text) if tag] if text else []


def normalise_status(status: str | None, resolution: str | None = None) -> bool:
    """True when the ticket is open. Unknown statuses count as open unless a resolution is recorded."""
    key = re.sub(r"[\s_-]+", " ", (status or "").strip().lower())
    if key in CLOSED_STATUSES:
        return False
    if key in OPEN_STATUSES:
        return True
    return not resolution


def normalise_priority(priority: str | None) -> str | None:
    key = (priority or "").strip().lower()
    if key in PRIORITY_LEVELS:
        return PRIORITY_LEVELS[key]
    first_word = re.split(r"[\s:/-]+", key, maxsplit=1)[0]  # "P1 - Critical", "High (SLA 4h)"
    return PRIORITY_LEVELS.get(first_word)


# ---------------------------------------------------------------- Ticket -> Document

SKIPPABLE = (ValueError, TypeError, AttributeError, RecursionError)  # pydantic's ValidationError is a ValueError


def build_documents(items: list, read_one, source_path: str, account_id: str) -> list[Document]:
    """``read_one(item) -> Ticket`` for each item; an item it rejects is logged and skipped, not fatal.
    A ticket id seen twice keeps its last version (incremental exports repeat updated tickets)."""
    documents: dict[str, Document] = {}
    for position, item in enumerate(items, start=1):
        try:
            document = to_document(read_one(item), source_path, account_id)
        except SKIPPABLE as exc:
            logger.warning("%s: skipping ticket %d of %d: %s", source_path, position, len(items), exc)
            continue
        documents[document.identity] = document
    if not documents:
        found = f"none of its {len(items)} tickets could be read (each needs an id)" if items else "it is empty"
        raise IngestError(source_path, f"no usable tickets: {found}")
    return list(documents.values())


def require_id(value) -> str:
    ticket_id = clean_text(value)
    if ticket_id is None:
        raise ValueError("it has no id")
    return ticket_id


def to_document(ticket: Ticket, source_path: str, account_id: str) -> Document:
    is_open = normalise_status(ticket.status, ticket.resolution)
    comments = _real_comments(ticket)
    units = [Unit(text=_description_text(ticket), locator="description", at=ticket.created_at)]
    units += comment_units(comments)
    return Document(
        account_id=account_id,
        source_type=SourceType.TICKET,
        source_path=f"{source_path}#{ticket.id}",
        identity=f"ticket:{ticket.system}:{ticket.id}",
        title=_title(ticket),
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        authors=[ticket.requester] if ticket.requester else [],
        participants=_participants(ticket.requester, [comment for _, comment in comments]),
        body=render_units(units),
        units=units,
        metadata=TicketMetadata(
            system=ticket.system,
            ticket_id=ticket.id,
            status=ticket.status,
            is_open=is_open,
            priority=ticket.priority,
            priority_level=normalise_priority(ticket.priority),
            type=ticket.type,
            requester=ticket.requester,
            assignee=ticket.assignee,
            tags=ticket.tags,
            resolution=ticket.resolution,
            # Some exports (Bugzilla via GitBugs) fill "Resolved" with the last-change time on open bugs.
            resolved_at=None if is_open else ticket.resolved_at,
            comment_count=len(comments),
        ),
    )


def _title(ticket: Ticket) -> str:
    label = f"Ticket #{ticket.id}" if ticket.id.isdigit() else ticket.id
    return f"{label}: {ticket.subject}" if ticket.subject else label


def _header(ticket: Ticket) -> str:
    fields = [
        ("Status", ticket.status),
        ("Priority", ticket.priority),
        ("Type", ticket.type),
        ("Requester", ticket.requester.label() if ticket.requester else None),
        ("Assignee", ticket.assignee),
        ("Tags", ", ".join(ticket.tags)),
        ("Created", _day(ticket.created_at)),
        ("Resolution", ticket.resolution),
    ]
    return " | ".join(f"{name}: {value}" for name, value in fields if value and value.strip("-"))  # "--" = unset


def _description_text(ticket: Ticket) -> str:
    parts = [_header(ticket), ticket.description]
    return "\n\n".join(part for part in parts if part)


def _real_comments(ticket: Ticket) -> list[tuple[int, Comment]]:
    """Comments numbered by their place in the source, minus a first comment that repeats the description."""
    numbered = list(enumerate(ticket.comments, start=1))
    if numbered and ticket.description and _same_text(numbered[0][1].body, ticket.description):
        numbered = numbered[1:]
    return numbered


def comment_units(numbered: list[tuple[int, Comment]]) -> list[Unit]:
    return [_comment_unit(number, comment) for number, comment in numbered]


def render_units(units: list[Unit]) -> str:
    return "\n\n".join(_render(unit) for unit in units)


def add_comments(document: Document, comments: list[Comment]) -> Document:
    """A ticket document with more comments (from a comments file exported apart from it), in time order and
    numbered again; a comment whose text the ticket already holds is not added twice."""
    description = [u for u in document.units if not (u.locator or "").startswith("comment ")]
    held = [u for u in document.units if (u.locator or "").startswith("comment ")]
    seen = {_words(u.text) for u in held} | {""}
    described = " ".join(_words(u.text) for u in description)
    new: list[Unit] = []
    for comment in comments:
        key = _words(comment.body)
        if key in seen or described.endswith(key):
            continue
        seen.add(key)
        new.append(_comment_unit(0, comment))
    if not new:
        return document
    ordered = sorted(held + new, key=lambda u: (u.at is None, u.at or datetime.min.replace(tzinfo=UTC)))
    renumbered = [_renumbered(number, unit) for number, unit in enumerate(ordered, start=1)]
    units = description + renumbered
    people = {(p.name or p.email or "").lower() for p in document.participants}
    added = [c.author for c in comments if c.author and (c.author.name or c.author.email or "").lower() not in people]
    times = [t for t in [document.updated_at, *(u.at for u in new)] if t is not None]
    metadata = document.metadata.model_copy(update={"comment_count": len(renumbered)})
    return document.model_copy(update={
        "units": units, "body": render_units(units), "metadata": metadata,
        "participants": document.participants + _participants(None, [Comment(author=p, body="") for p in added]),
        "updated_at": max(times) if times else None})


def _renumbered(number: int, unit: Unit) -> Unit:
    heading = re.sub(r"^Comment \d+", f"Comment {number}", unit.heading or f"Comment {number}")
    return unit.model_copy(update={"heading": heading, "locator": f"comment {number}"})


def _words(text: str) -> str:
    return " ".join(text.split()).lower()


def _comment_unit(number: int, comment: Comment) -> Unit:
    speaker = comment.author.name or comment.author.email if comment.author else None
    heading = f"Comment {number}" + (f" by {speaker}" if speaker else "")
    if not comment.public:
        heading += " (internal)"
    return Unit(text=comment.body, heading=heading, speaker=speaker, at=comment.at, locator=f"comment {number}")


def _render(unit: Unit) -> str:
    if not unit.heading:
        return unit.text
    when = f", {_day(unit.at)}" if unit.at else ""
    return f"{unit.heading}{when}:\n{unit.text}"


def _participants(requester: Person | None, comments: list[Comment]) -> list[Person]:
    people: list[Person] = []
    seen: set[str] = set()
    for person in [requester, *(comment.author for comment in comments)]:
        keys = {key.lower() for key in (person.name, person.email) if key} if person else set()
        if keys and not keys & seen:
            people.append(person)
        seen |= keys
    return people


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _day(value: datetime | None) -> str | None:
    return value.date().isoformat() if value else None
