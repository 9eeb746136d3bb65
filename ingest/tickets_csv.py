"""Ticket CSV exports: Jira's CSV export, and any helpdesk CSV through an alias table or an explicit mapping."""

from __future__ import annotations

import csv
import io
import re

from pydantic import BaseModel, ConfigDict

from ingest.document import Document, Person
from ingest.errors import IngestError
from ingest.tickets_common import (
    Comment,
    System,
    Ticket,
    build_documents,
    clean_text,
    decode_text,
    parse_datetime,
    parse_person,
    parse_tags,
    require_id,
)


class TicketColumnMapping(BaseModel):
    """Our field -> the CSV column that holds it. When given, only the columns it names are read."""

    model_config = ConfigDict(extra="forbid")

    id: str | None = None
    subject: str | None = None
    description: str | None = None
    status: str | None = None
    priority: str | None = None
    type: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    resolved_at: str | None = None
    resolution: str | None = None
    requester: str | None = None
    requester_email: str | None = None
    assignee: str | None = None
    tags: str | None = None
    comments: str | None = None


# Normalised header names, best first: a Jira export has both "Issue key" (ABC-1) and "Issue id" (10042).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("issue key", "key", "ticket id", "id", "issue id", "ticket number", "ticket", "number", "case number",
           "case id", "bug id"),
    "subject": ("subject", "summary", "title", "ticket subject"),
    "description": ("description", "body", "details", "problem description", "text"),
    "status": ("status", "state", "ticket status"),
    "priority": ("priority", "ticket priority"),
    "type": ("type", "issue type", "ticket type"),
    "created_at": ("created", "created at", "created date", "date created", "creation date", "opened",
                   "submitted"),
    "updated_at": ("updated", "updated at", "last updated", "modified", "last modified", "changed"),
    "resolved_at": ("resolved", "resolved at", "resolution date", "date resolved", "solved at", "closed at",
                    "closed date"),
    "resolution": ("resolution",),
    "requester": ("requester", "reporter", "requester name", "submitter", "customer", "created by", "opened by"),
    "requester_email": ("requester email", "reporter email", "email"),
    "assignee": ("assignee", "assigned to", "owner", "agent"),
    "tags": ("tags", "labels", "tag", "label"),
    "comments": ("comment", "comments"),
}
MULTI_VALUED = {"tags", "comments"}  # Jira repeats "Labels" and "Comment" columns, one value each
TICKET_SIGNS = ("status", "priority", "resolution", "requester", "assignee", "type")
JIRA_COMMENT = re.compile(r"^\s*(\d{1,4}[/.-]\w{1,9}[/.-]\d{2,4}[^;]*);([^;]*);(.*)$", re.DOTALL)
MAX_FIELD = 64 * 1024 * 1024

Columns = dict[str, list[int]]


def parse_tickets_csv(
    data: bytes, source_path: str, account_id: str, mapping: TicketColumnMapping | None = None
) -> list[Document]:
    header, rows = _read_rows(decode_text(data, source_path), source_path)
    if mapping is not None:
        columns = _columns_from_mapping(mapping, header, source_path)
    else:
        columns = _columns_from_aliases(header, source_path)
    system: System = "jira" if "issue key" in map(normalise_header, header) else "csv"
    return build_documents(rows, lambda row: _row_ticket(row, columns, system), source_path, account_id)


def looks_like_tickets_csv(header: list[str]) -> bool:
    """True when a CSV header has an id column, a subject or description column, and some ticket field."""
    columns = _match_aliases(header)
    has_text = "subject" in columns or "description" in columns
    return "id" in columns and has_text and any(field in columns for field in TICKET_SIGNS)


def normalise_header(name: str) -> str:
    """ "Ticket_ID " -> "ticket id", "Affects Version/s" -> "affects version s"."""
    return " ".join(re.sub(r"[^0-9a-z']+", " ", name.lower().replace("\ufeff", "")).split())


# ---------------------------------------------------------------- reading


def _read_rows(text: str, source_path: str) -> tuple[list[str], list[list[str]]]:
    # Helpdesk descriptions can be long; the csv module's default limit is 128 KiB per field.
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        rows = [row for row in reader if any(cell.strip() for cell in row)]
    except csv.Error as exc:
        raise IngestError(source_path, f"unreadable CSV near line {reader.line_num}: {exc}") from None
    if not rows:
        raise IngestError(source_path, "the CSV has no rows; export the tickets again and re-run ingest")
    return rows[0], rows[1:]


def _delimiter(text: str) -> str:
    first_line = text.lstrip().split("\n", 1)[0]
    return max([",", ";", "\t"], key=first_line.count)


def _columns_from_aliases(header: list[str], source_path: str) -> Columns:
    columns = _match_aliases(header)
    if "id" not in columns or not ("subject" in columns or "description" in columns):
        found = ", ".join(repr(name) for name in header[:30])
        raise IngestError(
            source_path,
            f"the CSV header has no ticket id column or no subject/description column (found columns: {found}); "
            f"rename the id column to one of {', '.join(repr(a) for a in ALIASES['id'][:5])} and the subject "
            "column to 'Subject', or pass a mapping such as TicketColumnMapping(id='Case #', subject='Headline')",
        )
    return columns


def _match_aliases(header: list[str]) -> Columns:
    names = [normalise_header(name) for name in header]
    columns: Columns = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:
            indexes = [index for index, name in enumerate(names) if name == alias]
            if indexes:
                columns[field] = indexes if field in MULTI_VALUED else indexes[:1]
                break
    return columns


def _columns_from_mapping(mapping: TicketColumnMapping, header: list[str], source_path: str) -> Columns:
    if mapping.id is None:
        raise IngestError(source_path, "the mapping must name the ticket id column: TicketColumnMapping(id=...)")
    names = [normalise_header(name) for name in header]
    columns: Columns = {}
    for field, column in mapping.model_dump(exclude_none=True).items():
        indexes = [index for index, name in enumerate(names) if name == normalise_header(column)]
        if not indexes:
            found = ", ".join(repr(name) for name in header[:30])
            raise IngestError(
                source_path, f"the mapping names column {column!r} for {field}, but the CSV header has: {found}"
            )
        columns[field] = indexes if field in MULTI_VALUED else indexes[:1]
    return columns


# ---------------------------------------------------------------- rows


def _row_ticket(row: list[str], columns: Columns, system: System) -> Ticket:
    def one(field: str) -> str | None:
        values = _cells(row, columns.get(field, []))
        return values[0] if values else None

    return Ticket(
        system=system,
        id=require_id(one("id")),
        subject=one("subject"),
        description=one("description"),
        status=one("status"),
        priority=one("priority"),
        type=one("type"),
        requester=_requester(one("requester"), one("requester_email")),
        assignee=one("assignee"),
        tags=[tag for cell in _cells(row, columns.get("tags", [])) for tag in parse_tags(cell)],
        created_at=parse_datetime(one("created_at")),
        updated_at=parse_datetime(one("updated_at")),
        resolved_at=parse_datetime(one("resolved_at")),
        resolution=one("resolution"),
        comments=[_comment(cell) for cell in _cells(row, columns.get("comments", []))],
    )


def _cells(row: list[str], indexes: list[int]) -> list[str]:
    """The non-empty cells at these positions; a short row simply lacks its trailing cells."""
    return [value for index in indexes if index < len(row) and (value := clean_text(row[index]))]


def _requester(name: str | None, email: str | None) -> Person | None:
    person = parse_person(name)
    if email is None:
        return person
    return Person(name=person.name if person else None, email=email)


def _comment(cell: str) -> Comment:
    """A Jira CSV comment cell is "30/Sep/21 17:20;author;body"; any other cell is just the comment text."""
    match = JIRA_COMMENT.match(cell)
    if match and (at := parse_datetime(match.group(1))) and match.group(3).strip():
        return Comment(author=parse_person(match.group(2)), at=at, body=match.group(3).strip())
    return Comment(body=cell)
