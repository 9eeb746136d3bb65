"""Comment pages exported apart from their tickets, and joining them to the ticket they belong to.

Zendesk (``GET /tickets/{id}/comments``), Jira (``GET /issue/{key}/comment``), Freshdesk (``GET /tickets/{id}/
conversations``) and GitHub (``GET /issues/{n}/comments``) serve a ticket's comments apart from the ticket. Such a
file is read into a *comments page*: a document whose identity is ``ticket-comments:<system>:<ticket id>``, which
the folder ingest joins to the ticket document with the same system and id (``join_comments``), never stored on its
own. Which ticket a page belongs to comes from the page itself (a ticket id, an issue URL, a next-page URL) or, for
the shapes that do not say, from the file's name or folder (``tickets/4812/comments.json``, ``ABC-12-comments.json``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Literal

from ingest.document import Document, Person, SourceType, TicketMetadata
from ingest.errors import IngestError
from ingest.helpdesks import freshdesk_comment, github_comment
from ingest.tickets_common import Comment, add_comments, comment_units, render_units
from ingest.tickets_json import jira_comment, zendesk_comment

CommentsFormat = Literal["zendesk", "jira", "freshdesk", "github"]
PAGE_PREFIX = "ticket-comments:"
_SYSTEM_NAMES = {"zendesk": "Zendesk ticket", "jira": "Jira issue", "freshdesk": "Freshdesk ticket",
                 "github": "GitHub issue"}
_ZENDESK_PAGE_URL = re.compile(r"/tickets/(\d+)/comments")
_GITHUB_ISSUE_URL = re.compile(r"/issues/(\d+)$")
_JIRA_KEY = re.compile(r"(?<![A-Za-z0-9])([A-Z][A-Z0-9]+-\d+)(?![0-9])")
_NUMBER = re.compile(r"(?<![0-9])(\d{2,})(?![0-9])")


def is_comments_page(document: Document) -> bool:
    return document.identity.startswith(PAGE_PREFIX)


def ticket_identity(page: Document) -> str:
    """The identity of the ticket document a comments page joins."""
    return "ticket:" + page.identity.removeprefix(PAGE_PREFIX)


def read_comments(fmt: CommentsFormat, payload: object, source_path: str, account_id: str) -> list[Document]:
    """One comments page per ticket the file's comments belong to."""
    by_ticket: dict[str, list[Comment]] = {}
    for ticket_id, comment in _READERS[fmt](payload, source_path):
        if comment is not None:
            by_ticket.setdefault(ticket_id, []).append(comment)
    if not by_ticket:
        raise IngestError(source_path, f"comments on a {_SYSTEM_NAMES[fmt]}, but none of them has text")
    return [_page(fmt, ticket_id, comments, source_path, account_id) for ticket_id, comments in by_ticket.items()]


def join_comments(ticket: Document, pages: list[Document]) -> Document:
    """The ticket with the pages' comments added after its own, a comment it already holds not repeated."""
    comments = [comment for page in pages for comment in _comments_of(page)]
    return add_comments(ticket, comments)


def join_pages(documents: list[Document]) -> list[Document]:
    """The documents of one account with each comments page joined to its ticket among them; a page whose ticket is
    not among them is left out (it is no ticket of its own)."""
    pages: dict[str, list[Document]] = {}
    for document in documents:
        if is_comments_page(document):
            pages.setdefault(ticket_identity(document), []).append(document)
    if not pages:
        return documents
    return [join_comments(d, sorted(pages[d.identity], key=lambda page: page.source_path)) if d.identity in pages
            else d for d in documents if not is_comments_page(d)]


def _page(fmt: CommentsFormat, ticket_id: str, comments: list[Comment], source_path: str,
          account_id: str) -> Document:
    units = comment_units(list(enumerate(comments, start=1)))
    return Document(
        account_id=account_id, source_type=SourceType.TICKET, source_path=source_path,
        identity=f"{PAGE_PREFIX}{fmt}:{ticket_id}", title=f"Comments on {_SYSTEM_NAMES[fmt]} {ticket_id}",
        participants=_people(comments), body=render_units(units), units=units,
        metadata=TicketMetadata(system=fmt, ticket_id=ticket_id, comment_count=len(comments)),
    )


def _comments_of(page: Document) -> list[Comment]:
    speakers = {p.name or p.email: p for p in page.participants}
    return [Comment(author=speakers.get(unit.speaker) if unit.speaker else None, at=unit.at, body=unit.text,
                    public="(internal)" not in (unit.heading or "")) for unit in page.units]


def _people(comments: list[Comment]) -> list[Person]:
    people: dict[str, Person] = {}
    for comment in comments:
        if comment.author and (comment.author.name or comment.author.email):
            people.setdefault(comment.author.name or comment.author.email, comment.author)
    return list(people.values())


# ---- which ticket, per shape --------------------------------------------------------------------------------------


def _zendesk(payload: object, source_path: str):
    users = {u.get("id"): u for u in payload.get("users") or [] if isinstance(u, dict)}
    page_urls = " ".join(str(payload.get(key) or "") for key in ("next_page", "previous_page"))
    found = _ZENDESK_PAGE_URL.search(page_urls)
    ticket_id = found.group(1) if found else _number_in_path(source_path, "a Zendesk comments response",
                                                              "tickets/4812/comments.json")
    return [(ticket_id, zendesk_comment(raw, users)) for raw in payload["comments"]]


def _jira(payload: object, source_path: str):
    path = PurePosixPath(source_path)
    keys = [k for part in (path.stem, path.parent.name) for k in _JIRA_KEY.findall(part)]
    if not keys:
        raise IngestError(source_path, "a Jira comments page: it names its issue only by an internal number; "
                                       "name the file after the issue key (ABC-12-comments.json) to join them")
    return [(keys[0], jira_comment(raw)) for raw in payload["comments"]]


def _freshdesk(payload: object, source_path: str):
    return [(str(raw["ticket_id"]), freshdesk_comment(raw)) for raw in payload if isinstance(raw, dict)]


def _github(payload: object, source_path: str):
    pairs = []
    for raw in payload:
        found = _GITHUB_ISSUE_URL.search(str(raw.get("issue_url", "")))
        if found is None:
            raise IngestError(source_path, "GitHub issue comments: a comment's issue_url names no issue")
        pairs.append((found.group(1), github_comment(raw)))
    return pairs


def _number_in_path(source_path: str, kind: str, example: str) -> str:
    path = PurePosixPath(source_path)
    numbers = _NUMBER.findall(path.stem)
    if len(numbers) == 1:
        return numbers[0]
    if not numbers and path.parent.name.isdigit():
        return path.parent.name
    raise IngestError(source_path, f"{kind}: it does not say which ticket it belongs to; name the file or its "
                                   f"folder after the ticket ({example}) to join them, or export the tickets with "
                                   "their comments")


_READERS: dict[str, Callable[[object, str], list[tuple[str, Comment | None]]]] = {
    "zendesk": _zendesk, "jira": _jira, "freshdesk": _freshdesk, "github": _github,
}
