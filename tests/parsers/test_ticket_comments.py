"""A ticket's comments exported apart from it (Zendesk, Jira, Freshdesk, GitHub) are read as a comments page that
names its ticket, and joined to that ticket: never a ticket, CRM record or meeting of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.dispatch import parse_file, read_as
from ingest.document import SourceType
from ingest.errors import IngestError
from ingest.ticket_comments import is_comments_page, join_comments, ticket_identity

COMMENTS = Path(__file__).parent.parent / "fixtures" / "tickets" / "comments"
TICKETS = Path(__file__).parent.parent / "fixtures" / "tickets"


def _read(name: str, path: str | None = None):
    return parse_file((COMMENTS / name).read_bytes(), path or f"tickets/{name}", "orchard-line")


def test_a_zendesk_comments_page_names_its_ticket_by_its_file_name_and_its_authors_by_the_side_loaded_users():
    [page] = _read("zendesk_ticket_501_comments.json")

    assert is_comments_page(page) and ticket_identity(page) == "ticket:zendesk:501"
    assert page.source_type is SourceType.TICKET
    assert [u.speaker for u in page.units] == ["Priya Nandakumar", "Support Bot", "Tomas Greer"]
    assert page.units[2].heading.endswith("(internal)")
    assert read_as([page]) == "comments on ticket 501 (Zendesk)"


def test_a_zendesk_comments_page_takes_its_ticket_from_its_folder_or_its_next_page_address():
    data = json.loads((COMMENTS / "zendesk_ticket_501_comments.json").read_text())
    [in_folder] = parse_file(json.dumps(data).encode(), "tickets/4711/comments.json", "orchard-line")
    paged = data | {"next_page": "https://orchardline.zendesk.com/api/v2/tickets/4712/comments.json?page=2"}
    [by_address] = parse_file(json.dumps(paged).encode(), "export/comments page 2.json", "orchard-line")

    assert ticket_identity(in_folder) == "ticket:zendesk:4711"
    assert ticket_identity(by_address) == "ticket:zendesk:4712"


def test_a_zendesk_comments_page_that_names_no_ticket_is_refused_with_how_to_name_it():
    with pytest.raises(IngestError) as refused:
        _read("zendesk_ticket_501_comments.json", "Accounts.json")

    assert "a Zendesk comments response" in refused.value.reason
    assert "tickets/4812/comments.json" in refused.value.reason


def test_a_jira_comments_page_joins_the_issue_its_file_is_named_after():
    [page] = _read("jira_ORL-7_comments.json")

    assert ticket_identity(page) == "ticket:jira:ORL-7"
    assert [u.text for u in page.units] == ["Reproduced on the staging tenant.",
                                            "Patch merged; goes out with the March release."]
    assert page.units[1].heading.endswith("(internal)")


def test_a_jira_comments_page_named_only_by_the_issues_internal_number_is_refused():
    with pytest.raises(IngestError) as refused:
        _read("jira_ORL-7_comments.json", "tickets/comments.json")

    assert "Jira comments page" in refused.value.reason and "issue key" in refused.value.reason


def test_freshdesk_conversations_and_github_comments_say_their_ticket_themselves():
    [conversations] = _read("freshdesk_conversations.json", "tickets/conversations.json")
    [comments] = _read("github_issue_212_comments.json", "tickets/comments.json")

    assert ticket_identity(conversations) == "ticket:freshdesk:4417"
    assert [u.speaker for u in conversations.units] == ["Tomas Greer", "Ines Fallon"]
    assert ticket_identity(comments) == "ticket:github:212"
    assert [u.speaker for u in comments.units] == ["ifallon", "tgreer"]


def test_joining_adds_the_pages_comments_in_time_order_without_repeating_what_the_ticket_holds():
    ticket = parse_file((TICKETS.parent / "accounts" / "tiny-co" / "tickets" / "tickets.json").read_bytes(),
                        "tickets/tickets.json", "tiny-co")[0]
    [page] = _read("zendesk_ticket_501_comments.json")

    joined = join_comments(ticket, [page])

    comments = [u for u in joined.units if u.locator.startswith("comment ")]
    assert [u.locator for u in comments] == ["comment 1", "comment 2"]
    assert comments[0].text == "We are looking into the scheduler backlog."  # held once, not twice
    assert comments[1].text.startswith("Root cause: the scheduler queue was paused")
    assert comments[1].heading == "Comment 2 by Tomas Greer (internal)"
    assert joined.metadata.comment_count == 2
    assert "Root cause" in joined.body and joined.identity == ticket.identity
    assert "Tomas Greer" in [p.name for p in joined.participants]
    assert joined.updated_at.isoformat().startswith("2025-10-08")
    assert join_comments(joined, [page]) == joined
