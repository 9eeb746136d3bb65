"""Zendesk-style and Jira-style JSON ticket exports."""

from __future__ import annotations

import json

from ingest.document import Document
from ingest.errors import IngestError
from ingest.storable import NonFiniteNumber, load_finite_json
from ingest.tickets_common import (
    Comment,
    Ticket,
    build_documents,
    clean_text,
    decode_text,
    parse_datetime,
    parse_person,
    parse_tags,
    require_id,
)

SHAPES = 'expected {"tickets": [...]} (Zendesk), {"issues": [...]} (Jira), or a list of tickets'


def parse_zendesk_json(data: bytes, source_path: str, account_id: str) -> list[Document]:
    return _zendesk_documents(load_json(data, source_path), source_path, account_id)


def parse_jira_json(data: bytes, source_path: str, account_id: str) -> list[Document]:
    return _jira_documents(load_json(data, source_path), source_path, account_id)


def parse_tickets_json(data: bytes, source_path: str, account_id: str) -> list[Document]:
    """Either JSON shape, told apart by its content."""
    obj = load_json(data, source_path)
    if _is_jira_shape(obj):
        return _jira_documents(obj, source_path, account_id)
    if looks_like_tickets_json(obj):
        return _zendesk_documents(obj, source_path, account_id)
    raise IngestError(source_path, f"not a ticket export: {SHAPES}; {_found(obj)}")


def looks_like_tickets_json(obj) -> bool:
    """True for a Zendesk or Jira export (or a single ticket/issue) already loaded from JSON."""
    if isinstance(obj, list):
        return bool(obj) and _all_match(obj, lambda item: is_zendesk_ticket(item) or is_jira_issue(item))
    if not isinstance(obj, dict):
        return False
    if isinstance(obj.get("tickets"), list):
        return _all_match(obj["tickets"], lambda item: isinstance(item, dict))
    if isinstance(obj.get("issues"), list):
        return _all_match(obj["issues"], is_jira_issue)
    if isinstance(obj.get("results"), list):  # a search response
        return any(isinstance(item, dict) and item.get("result_type") == "ticket" for item in obj["results"])
    return isinstance(obj.get("ticket"), dict) or is_jira_issue(obj)


def load_json(data: bytes, source_path: str):
    text = decode_text(data, source_path)
    try:
        return load_finite_json(text)
    except NonFiniteNumber as exc:
        raise IngestError(source_path, f"invalid JSON: {exc}; fix it or re-export") from None
    except json.JSONDecodeError as exc:
        raise IngestError(
            source_path, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}; fix it or re-export"
        ) from None
    except RecursionError:
        raise IngestError(source_path, "the JSON is nested too deeply to be a ticket export") from None


# ---------------------------------------------------------------- Zendesk


def _zendesk_documents(obj, source_path: str, account_id: str) -> list[Document]:
    """Tickets from a list, a single-ticket, search or incremental response. Users side-loaded with them
    (``?include=users``) give the requester, assignee and comment authors their names."""
    if isinstance(obj, list):
        items = obj
    elif isinstance(obj, dict) and isinstance(obj.get("tickets"), list):
        items = obj["tickets"]
    elif isinstance(obj, dict) and isinstance(obj.get("ticket"), dict):
        items = [obj["ticket"]]
    elif isinstance(obj, dict) and isinstance(obj.get("results"), list):
        items = [item for item in obj["results"] if isinstance(item, dict) and item.get("result_type") == "ticket"]
    else:
        raise IngestError(source_path, f'not a Zendesk export: expected {{"tickets": [...]}}; {_found(obj)}')
    users = {user.get("id"): user for user in (obj.get("users") or [] if isinstance(obj, dict) else [])
             if isinstance(user, dict) and user.get("id") is not None}
    return build_documents(items, lambda raw: _zendesk_ticket(raw, users), source_path, account_id)


def _zendesk_ticket(raw: dict, users: dict | None = None) -> Ticket:
    if not isinstance(raw, dict):
        raise ValueError(f"it is a JSON {type(raw).__name__}, not an object")
    users = users or {}
    return Ticket(
        system="zendesk",
        id=require_id(raw.get("id")),
        subject=clean_text(raw.get("subject")) or clean_text(raw.get("raw_subject")),
        description=clean_text(raw.get("description")),
        status=clean_text(raw.get("status")),
        priority=clean_text(raw.get("priority")),
        type=clean_text(raw.get("type")),
        requester=parse_person(raw.get("requester") or users.get(raw.get("requester_id"))),
        assignee=_name(raw.get("assignee") or users.get(raw.get("assignee_id"))),
        tags=parse_tags(raw.get("tags")),
        created_at=parse_datetime(raw.get("created_at")),
        updated_at=parse_datetime(raw.get("updated_at")),
        resolved_at=parse_datetime(raw.get("solved_at") or raw.get("resolved_at")),
        resolution=clean_text(raw.get("resolution")),
        comments=[comment for item in raw.get("comments") or [] if (comment := zendesk_comment(item, users))],
    )


def zendesk_comment(raw: dict, users: dict | None = None) -> Comment | None:
    if not isinstance(raw, dict):
        return None
    body = clean_text(raw.get("body")) or clean_text(raw.get("plain_body"))
    if body is None:
        return None
    return Comment(
        author=parse_person(raw.get("author") or (users or {}).get(raw.get("author_id"))),
        at=parse_datetime(raw.get("created_at")),
        body=body,
        public=raw.get("public") is not False,
    )


# ---------------------------------------------------------------- Jira


def _jira_documents(obj, source_path: str, account_id: str) -> list[Document]:
    if isinstance(obj, list):
        items = obj
    elif isinstance(obj, dict) and isinstance(obj.get("issues"), list):
        items = obj["issues"]
    elif is_jira_issue(obj):
        items = [obj]
    else:
        raise IngestError(source_path, f'not a Jira export: expected {{"issues": [...]}}; {_found(obj)}')
    return build_documents(items, _jira_ticket, source_path, account_id)


def _jira_ticket(raw: dict) -> Ticket:
    if not isinstance(raw, dict):
        raise ValueError(f"it is a JSON {type(raw).__name__}, not an object")
    fields = raw.get("fields")
    if not isinstance(fields, dict):
        raise ValueError(f"issue {raw.get('key') or raw.get('id')} has no 'fields' object")
    comments = fields.get("comment") or []
    if isinstance(comments, dict):
        comments = comments.get("comments") or []
    return Ticket(
        system="jira",
        id=require_id(raw.get("key") or raw.get("id")),
        subject=clean_text(fields.get("summary")),
        description=clean_text(adf_to_text(fields.get("description"))),
        status=_name(fields.get("status")),
        priority=_name(fields.get("priority")),
        type=_name(fields.get("issuetype")),
        requester=parse_person(fields.get("reporter") or fields.get("creator")),
        assignee=_name(fields.get("assignee")),
        tags=parse_tags(fields.get("labels")),
        created_at=parse_datetime(fields.get("created")),
        updated_at=parse_datetime(fields.get("updated")),
        resolved_at=parse_datetime(fields.get("resolutiondate")),
        resolution=_name(fields.get("resolution")),
        comments=[comment for item in comments if (comment := jira_comment(item))],
    )


def jira_comment(raw: dict) -> Comment | None:
    if not isinstance(raw, dict):
        return None
    body = clean_text(adf_to_text(raw.get("body")))
    if body is None:
        return None
    # Jira marks restricted comments with "visibility"; Jira Service Management uses jsdPublic=false.
    internal = bool(raw.get("visibility")) or raw.get("jsdPublic") is False
    return Comment(
        author=parse_person(raw.get("author")),
        at=parse_datetime(raw.get("created")),
        body=body,
        public=not internal,
    )


def adf_to_text(node) -> str:
    """Atlassian Document Format (or a plain string) -> plain text; paragraphs and list items on own lines."""
    if isinstance(node, str):
        return node
    if isinstance(node, list):
        return "\n".join(text for child in node if (text := adf_to_text(child)))
    if not isinstance(node, dict):
        return ""
    kind, attrs = node.get("type"), node.get("attrs") or {}
    if kind == "text":
        return str(node.get("text") or "")
    if kind == "hardBreak":
        return "\n"
    if kind in ("mention", "emoji", "status", "date"):
        return str(attrs.get("text") or attrs.get("shortName") or "")
    if kind in ("inlineCard", "blockCard"):
        return str(attrs.get("url") or "")
    children = [adf_to_text(child) for child in node.get("content") or []]
    if kind in ("paragraph", "heading"):
        return "".join(children)
    if kind == "bulletList":
        return "\n".join(f"- {child}" for child in children)
    if kind == "orderedList":
        return "\n".join(f"{number}. {child}" for number, child in enumerate(children, start=1))
    if kind in ("listItem", "tableCell", "tableHeader"):
        return " ".join(child for child in children if child)
    if kind == "tableRow":
        return " | ".join(children)
    if kind == "table":
        return "\n".join(children)
    return "\n\n".join(child for child in children if child.strip())


# ---------------------------------------------------------------- shape helpers


def _name(value) -> str | None:
    """The display name of a Jira/Zendesk object ({"name": ...}, {"displayName": ...}) or a plain string."""
    if isinstance(value, dict):
        names = (value.get("displayName"), value.get("name"), value.get("value"))
        return next((name for name in map(clean_text, names) if name), None)
    return clean_text(value)


def is_jira_issue(item) -> bool:
    return isinstance(item, dict) and "key" in item and isinstance(item.get("fields"), dict)


def is_zendesk_ticket(item) -> bool:
    """Freshdesk tickets have the same keys, but numeric status codes."""
    return isinstance(item, dict) and "id" in item and ("subject" in item or "description" in item) and \
        not isinstance(item.get("status"), int)


def _is_jira_shape(obj) -> bool:
    if isinstance(obj, dict):
        return isinstance(obj.get("issues"), list) or is_jira_issue(obj)
    return isinstance(obj, list) and bool(obj) and _all_match(obj, is_jira_issue)


def _all_match(items: list, predicate) -> bool:
    return all(predicate(item) for item in items[:5])


def _found(obj) -> str:
    if isinstance(obj, dict):
        return "found top-level keys: " + (", ".join(sorted(map(str, obj))[:10]) or "none")
    return f"found a JSON {type(obj).__name__}"
