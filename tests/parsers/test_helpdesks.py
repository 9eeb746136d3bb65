"""Help-desk and tracker API responses beyond Zendesk and Jira become tickets: their requester, status, dates and
messages as comments (internal notes marked), and never a CRM record. Fixtures follow each API's documented shape."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from ingest.dispatch import parse_file
from ingest.document import SourceType

TICKETS = Path(__file__).resolve().parents[1] / "fixtures" / "tickets"


def _read(name: str):
    documents = parse_file((TICKETS / name).read_bytes(), f"tickets/{name}", "orchard-line")
    assert documents and all(d.source_type is SourceType.TICKET for d in documents)
    return {d.metadata.ticket_id: d for d in documents}


def test_a_freshdesk_ticket_maps_its_codes_and_reads_its_conversations_as_comments():
    ticket = _read("freshdesk_ticket.json")["4417"]

    meta = ticket.metadata
    assert (meta.system, meta.status, meta.priority, meta.priority_level) == ("freshdesk", "Pending", "High", "high")
    assert meta.is_open and meta.requester.name == "Ines Fallon"
    assert ticket.created_at == datetime(2026, 2, 9, 8, 14, tzinfo=timezone.utc)
    comments = [u for u in ticket.units if u.locator.startswith("comment")]
    assert [c.text for c in comments] == ["Thanks Ines, we can reproduce it and are working on a fix.",
                                          "Linked to engineering bug 881."]
    assert "(internal)" in comments[1].heading and "(internal)" not in comments[0].heading


def test_a_freshdesk_ticket_list_reads_every_ticket_with_closed_ones_closed():
    tickets = _read("freshdesk_tickets.json")

    assert sorted(tickets) == ["4420", "4421"]
    assert not tickets["4420"].metadata.is_open and tickets["4420"].metadata.status == "Closed"
    assert tickets["4421"].metadata.priority_level == "urgent"
    assert tickets["4421"].metadata.requester.email == "it@orchardline.example"


def test_an_intercom_conversation_is_a_ticket_with_its_html_as_text_and_state_changes_skipped():
    conversation = _read("intercom_conversation.json")["178000123"]

    assert conversation.metadata.requester.name == "Tomas Greer" and conversation.metadata.is_open
    assert "How does the true-up work at renewal?" in conversation.body and "<b>" not in conversation.body
    assert conversation.created_at == datetime(2026, 2, 1, 8, 0, tzinfo=timezone.utc)  # Unix seconds
    speakers = [u.speaker for u in conversation.units if u.locator.startswith("comment")]
    assert speakers == ["Support Agent", "Support Agent"]  # the assignment (no body) is not a message
    assert conversation.metadata.tags == ["billing"]


def test_a_help_scout_conversation_reads_its_threads_oldest_first_without_system_lines():
    conversation = _read("helpscout_conversation.json")["3112"]

    assert conversation.metadata.requester.name == "Leah Monroe" and not conversation.metadata.is_open
    messages = [u.text for u in conversation.units if u.locator.startswith("comment")]
    assert messages[0].startswith("Where is our data stored?")
    assert messages[-1] == "All data stays in the EU region you chose at signup."
    assert not any("Assigned to" in m for m in messages)


def test_github_issues_are_tickets_numbered_as_on_github():
    issues = _read("github_issues.json")

    assert sorted(issues) == ["198", "212"]
    assert issues["212"].metadata.is_open and issues["212"].metadata.requester.name == "orchard-ops"
    assert not issues["198"].metadata.is_open and issues["198"].metadata.tags == []
    assert issues["212"].metadata.tags == ["bug"]


def test_salesforce_cases_are_tickets_closed_when_salesforce_says_so_whatever_the_status_is_called():
    cases = _read("salesforce_cases.json")

    assert sorted(cases) == ["00001011", "00001027"]
    working = cases["00001027"].metadata
    assert working.is_open and working.requester.name == "Ines Fallon" and working.assignee == "Billing Desk"
    assert not cases["00001011"].metadata.is_open  # "Solved by customer" is a custom status; IsClosed decides
    assert cases["00001027"].created_at == datetime(2026, 2, 3, 14, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize("name", ["freshdesk_ticket.json", "freshdesk_tickets.json", "intercom_conversation.json",
                                  "helpscout_conversation.json", "github_issues.json", "salesforce_cases.json"])
def test_no_help_desk_export_becomes_a_crm_record(name):
    documents = parse_file((TICKETS / name).read_bytes(), name, "orchard-line")  # even outside tickets/
    assert {d.source_type for d in documents} == {SourceType.TICKET}


def test_zendesk_users_side_loaded_with_the_tickets_name_requester_assignee_and_comment_authors():
    ticket = _read("zendesk_with_users.json")["88120"]

    assert ticket.metadata.requester.name == "Tomas Greer" and ticket.metadata.assignee == "Support Agent"
    assert [u.speaker for u in ticket.units if u.locator.startswith("comment")] == ["Support Agent"]


def test_a_zendesk_search_response_reads_its_tickets_and_nothing_else():
    search = {"results": [{"id": 5, "result_type": "ticket", "subject": "Export fails", "status": "open"},
                          {"id": 9, "result_type": "user", "name": "Someone"}], "count": 2, "next_page": None}
    [ticket] = parse_file(json.dumps(search).encode(), "tickets/search.json", "orchard-line")
    assert ticket.metadata.ticket_id == "5" and ticket.metadata.system == "zendesk"
