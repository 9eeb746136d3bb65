"""Help-desk and issue-tracker API responses beyond Zendesk and Jira, read into ``Ticket``s: Freshdesk tickets and
conversations, Intercom and Help Scout conversations, GitHub issues, Salesforce Cases. A conversation is a ticket
whose messages are its comments. Shapes: ``docs/export-shapes.md`` section 2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Literal

from ingest.document import Document, Person
from ingest.email_body import html_to_text
from ingest.tickets_common import (
    Comment,
    Ticket,
    build_documents,
    clean_text,
    parse_datetime,
    parse_person,
    parse_tags,
    require_id,
)

# Freshdesk's numeric codes (custom statuses use other numbers and stay as the number)
FRESHDESK_STATUS = {2: "Open", 3: "Pending", 4: "Resolved", 5: "Closed"}
FRESHDESK_PRIORITY = {1: "Low", 2: "Medium", 3: "High", 4: "Urgent"}


def freshdesk_ticket(raw: dict) -> Ticket:
    status, priority = raw.get("status"), raw.get("priority")
    requester = parse_person(raw.get("requester")) or _email_person(raw.get("email"))
    parts = raw.get("conversations") or []
    return Ticket(
        system="freshdesk", id=require_id(raw.get("id")), subject=clean_text(raw.get("subject")),
        description=clean_text(raw.get("description_text")) or _html(raw.get("description")),
        status=FRESHDESK_STATUS.get(status, clean_text(status)) if isinstance(status, int) else clean_text(status),
        priority=FRESHDESK_PRIORITY.get(priority, clean_text(priority)) if isinstance(priority, int)
        else clean_text(priority),
        type=clean_text(raw.get("type")), requester=requester, tags=parse_tags(raw.get("tags")),
        created_at=parse_datetime(raw.get("created_at")), updated_at=parse_datetime(raw.get("updated_at")),
        comments=[c for part in parts if isinstance(part, dict) and (c := freshdesk_comment(part))],
    )


def freshdesk_comment(raw: dict) -> Comment | None:
    body = clean_text(raw.get("body_text")) or _html(raw.get("body"))
    if not body:
        return None
    author = _email_person(raw.get("from_email"))
    return Comment(author=author, at=parse_datetime(raw.get("created_at")), body=body,
                   public=not raw.get("private", False))


def intercom_conversation(raw: dict) -> Ticket:
    source = raw.get("source") if isinstance(raw.get("source"), dict) else {}
    parts_holder = raw.get("conversation_parts") if isinstance(raw.get("conversation_parts"), dict) else {}
    parts = parts_holder.get("conversation_parts") or []
    comments = [c for part in parts if isinstance(part, dict) and (c := _intercom_part(part))]
    state = clean_text(raw.get("state")) or ("open" if raw.get("open") else "closed" if "open" in raw else None)
    return Ticket(
        system="intercom", id=require_id(raw.get("id")),
        subject=clean_text(raw.get("title")) or _html(source.get("subject")),
        description=_html(source.get("body")), status=state,
        priority="high" if raw.get("priority") == "priority" else None,
        requester=_intercom_author(source.get("author")), tags=_intercom_tags(raw.get("tags")),
        created_at=_epoch(raw.get("created_at")), updated_at=_epoch(raw.get("updated_at")), comments=comments,
    )


def _intercom_part(raw: dict) -> Comment | None:
    body = _html(raw.get("body"))
    if not body:  # state changes (open, close, assignment) carry no text
        return None
    return Comment(author=_intercom_author(raw.get("author")), at=_epoch(raw.get("created_at")), body=body,
                   public=raw.get("part_type") != "note")


def _intercom_author(raw) -> Person | None:
    return parse_person(raw) if isinstance(raw, dict) else None


def _intercom_tags(raw) -> list[str]:
    tags = raw.get("tags") if isinstance(raw, dict) else raw
    return [name for tag in tags or [] if (name := clean_text(tag.get("name") if isinstance(tag, dict) else tag))]


def helpscout_conversation(raw: dict) -> Ticket:
    threads = (raw.get("_embedded") or {}).get("threads") or []
    # the API lists threads newest first; a conversation reads oldest first
    ordered = sorted((t for t in threads if isinstance(t, dict) and t.get("type") != "lineitem"),
                     key=lambda t: str(t.get("createdAt") or ""))
    comments = [c for thread in ordered if (c := _helpscout_thread(thread))]
    return Ticket(
        system="helpscout", id=require_id(raw.get("number") or raw.get("id")), subject=clean_text(raw.get("subject")),
        status=clean_text(raw.get("status")), type=clean_text(raw.get("type")),
        requester=_helpscout_person(raw.get("primaryCustomer") or raw.get("customer")),
        assignee=_name_of(_helpscout_person(raw.get("assignee") or raw.get("owner"))),
        tags=[name for tag in raw.get("tags") or [] if (name := clean_text(tag.get("tag") or tag.get("name")
                                                                            if isinstance(tag, dict) else tag))],
        created_at=parse_datetime(raw.get("createdAt")), updated_at=parse_datetime(raw.get("userUpdatedAt")),
        resolved_at=parse_datetime(raw.get("closedAt")), comments=comments,
    )


def _helpscout_thread(raw: dict) -> Comment | None:
    body = _html(raw.get("body"))
    if not body:
        return None
    return Comment(author=_helpscout_person(raw.get("createdBy") or raw.get("customer")),
                   at=parse_datetime(raw.get("createdAt")), body=body, public=raw.get("type") != "note")


def _helpscout_person(raw) -> Person | None:
    if not isinstance(raw, dict):
        return None
    name = " ".join(part for part in (clean_text(raw.get("first")), clean_text(raw.get("last"))) if part) or None
    email = clean_text(raw.get("email"))
    return Person(name=name, email=email) if name or email else None


def github_issue(raw: dict) -> Ticket:
    labels = [clean_text(label.get("name") if isinstance(label, dict) else label) for label in raw.get("labels") or []]
    return Ticket(
        system="github", id=require_id(raw.get("number")), subject=clean_text(raw.get("title")),
        description=clean_text(raw.get("body")), status=clean_text(raw.get("state")),
        type="pull request" if raw.get("pull_request") else "issue", requester=_login(raw.get("user")),
        assignee=_name_of(_login(raw.get("assignee"))), tags=[label for label in labels if label],
        created_at=parse_datetime(raw.get("created_at")), updated_at=parse_datetime(raw.get("updated_at")),
        resolved_at=parse_datetime(raw.get("closed_at")), resolution=clean_text(raw.get("state_reason")),
    )


def github_comment(raw: dict) -> Comment | None:
    body = clean_text(raw.get("body"))
    if not body:
        return None
    return Comment(author=_login(raw.get("user")), at=parse_datetime(raw.get("created_at")), body=body)


def _login(raw) -> Person | None:
    return Person(name=clean_text(raw.get("login"))) if isinstance(raw, dict) and raw.get("login") else None


def salesforce_case(raw: dict) -> Ticket:
    contact = raw.get("Contact") if isinstance(raw.get("Contact"), dict) else {}
    requester = parse_person({"name": contact.get("Name") or raw.get("SuppliedName"),
                              "email": contact.get("Email") or raw.get("SuppliedEmail")})
    owner = raw.get("Owner") if isinstance(raw.get("Owner"), dict) else {}
    return Ticket(
        system="salesforce", id=require_id(raw.get("CaseNumber") or raw.get("Id")),
        subject=clean_text(raw.get("Subject")), description=clean_text(raw.get("Description")),
        status=clean_text(raw.get("Status")),
        priority=clean_text(raw.get("Priority")), type=clean_text(raw.get("Type")), requester=requester,
        assignee=clean_text(owner.get("Name")), created_at=parse_datetime(raw.get("CreatedDate")),
        updated_at=parse_datetime(raw.get("LastModifiedDate")), resolved_at=parse_datetime(raw.get("ClosedDate")),
        # orgs rename their statuses; IsClosed says what a custom one means
        resolution=(clean_text(raw.get("Reason")) or "Closed") if raw.get("IsClosed") is True else None,
    )


def _email_person(value) -> Person | None:
    email = clean_text(value)
    return parse_person(email) if email else None


def _name_of(person: Person | None) -> str | None:
    return (person.name or person.email) if person else None


def _html(value) -> str | None:
    text = clean_text(value)
    return clean_text(html_to_text(text)) if text and "<" in text else text


def _epoch(value) -> datetime | None:
    """Intercom's dates: Unix seconds."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return parse_datetime(value)
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


# ---- whole responses -----------------------------------------------------------------------------------------------

HelpdeskFormat = Literal["freshdesk", "intercom", "helpscout", "github", "salesforce-cases"]


def read_helpdesk_export(fmt: HelpdeskFormat, payload: object, source_path: str, account_id: str) -> list[Document]:
    """Every ticket of one response (``json_shapes`` has told its format); an unreadable item is skipped."""
    items, read_one = _ITEMS[fmt](payload), _READERS[fmt]
    return build_documents(items, read_one, source_path, account_id)


def _listed(payload: object, *keys: str) -> list:
    if isinstance(payload, list):
        return payload
    for key in keys:
        value = payload.get(key) if isinstance(payload, dict) else None
        if isinstance(value, list):
            return value
    return [payload]


def _helpscout_items(payload: object) -> list:
    embedded = payload.get("_embedded") if isinstance(payload, dict) else None
    if not isinstance(embedded, dict):
        return []
    return [payload] if "threads" in embedded else list(embedded.get("conversations") or [])


_ITEMS: dict[str, Callable[[object], list]] = {
    "freshdesk": lambda payload: _listed(payload, "results"),
    "intercom": lambda payload: _listed(payload, "conversations"),
    "helpscout": lambda payload: _helpscout_items(payload),
    "github": lambda payload: _listed(payload),
    "salesforce-cases": lambda payload: [r for r in _listed(payload, "records")
                                         if isinstance(r, dict) and (r.get("attributes") or {}).get("type") == "Case"],
}
_READERS: dict[str, Callable[[dict], Ticket]] = {
    "freshdesk": freshdesk_ticket, "intercom": intercom_conversation, "helpscout": helpscout_conversation,
    "github": github_issue, "salesforce-cases": salesforce_case,
}
