"""Every JSON file gets a verdict from its content: read as what it is, or refused with what it looks like. No JSON
becomes a CRM record unless it holds CRM fields. The payloads are minimal instances of each tool's documented
response shape (docs/export-shapes.md)."""

from __future__ import annotations

import json

import pytest

from ingest.dispatch import parse_file
from ingest.document import SourceType
from ingest.errors import IngestError
from ingest.json_shapes import recognise_json

ZENDESK_COMMENTS = {"comments": [{"id": 1, "type": "Comment", "author_id": 7, "body": "Thanks", "plain_body": "Thanks",
                                  "public": True, "created_at": "2026-01-02T10:00:00Z"}],
                    "next_page": None, "previous_page": None, "count": 1}
ZENDESK_SEARCH = {"results": [{"id": 4, "result_type": "ticket", "subject": "Export fails", "status": "open"}],
                  "count": 1, "next_page": None}
ZENDESK_AUDITS = {"audits": [{"id": 9, "ticket_id": 4, "events": []}], "count": 1}
ZENDESK_USERS = {"users": [{"id": 7, "name": "A. Customer", "email": "a@customer.example"}]}
JIRA_COMMENTS = {"startAt": 0, "maxResults": 50, "total": 1,
                 "comments": [{"id": "10000", "author": {"displayName": "Dev"}, "body": "Fixed in 4.2"}]}
FRESHDESK_TICKET = {"id": 20, "subject": "Cannot log in", "description_text": "Since Monday", "status": 2,
                    "priority": 1, "requester_id": 5, "created_at": "2026-01-05T08:00:00Z"}
FRESHDESK_CONVERSATIONS = [{"id": 3, "body_text": "We are on it", "incoming": False, "private": False,
                            "ticket_id": 20, "user_id": 8}]
INTERCOM = {"type": "conversation", "id": "123", "created_at": 1767225600,
            "conversation_parts": {"type": "conversation_part.list", "conversation_parts": []}}
HELP_SCOUT = {"id": 11, "subject": "Invoice", "_embedded": {"threads": [{"id": 1, "type": "customer", "body": "Hi"}]}}
GITHUB_ISSUE = {"id": 1, "number": 42, "title": "Crash on save", "state": "open", "user": {"login": "octo"},
                "html_url": "https://github.com/o/r/issues/42", "body": "It crashes"}
GITHUB_COMMENTS = [{"id": 5, "issue_url": "https://api.github.com/repos/o/r/issues/42", "user": {"login": "octo"},
                    "author_association": "OWNER", "body": "Looking"}]
SALESFORCE_CASE = {"attributes": {"type": "Case", "url": "/services/data/v59.0/sobjects/Case/500"},
                   "Id": "500", "Subject": "Sync broken", "Status": "New", "AccountId": "001"}
SOQL = {"totalSize": 1, "done": True,
        "records": [{"attributes": {"type": "Opportunity"}, "Id": "006", "Name": "Renewal", "CloseDate": "2026-03-31"}]}
HUBSPOT = {"id": "512", "properties": {"dealname": "Renewal", "dealstage": "contractsent"},
           "createdAt": "2025-01-01T00:00:00Z", "archived": False}
SLACK_DAY = [{"type": "message", "user": "U1", "text": "Renewal call moved", "ts": "1767225600.000100"}]
SLACK_CHANNELS = [{"id": "C1", "name": "shared-customer", "created": 1767225600, "creator": "U1", "members": ["U1"]}]
GONG_CALLS = {"requestId": "r1", "records": {"totalRecords": 1},
              "calls": [{"metaData": {"id": "7", "title": "Sync", "started": "2026-01-05T10:00:00Z"}, "parties": []}]}
GONG = {"requestId": "r1", "records": {"totalRecords": 1},
        "callTranscripts": [{"callId": "7", "transcript": [{"speakerId": "1", "sentences": [
            {"start": 1000, "end": 2000, "text": "Hello"}]}]}]}
FIREFLIES = {"data": {"transcript": {"id": "x", "title": "Sync", "sentences": [
    {"text": "Hello", "start_time": 1.0, "speaker_name": "Ada"}]}}}
API_ERROR = {"error": "RecordNotFound", "description": "Not found"}

KNOWN_BUT_NOT_READ = [
    (ZENDESK_COMMENTS, "Zendesk comments"), (ZENDESK_AUDITS, "audits"),
    (ZENDESK_USERS, "Zendesk users"), (JIRA_COMMENTS, "Jira comments"),
    (SOQL, "Salesforce Opportunity records"), (HUBSPOT, "a HubSpot deal record"),
    (SLACK_CHANNELS[0], "a Slack channel entry"), (GONG_CALLS, "Gong calls"), (API_ERROR, "API error"),
]
READ_AS_TICKETS = [(FRESHDESK_TICKET, "a Freshdesk ticket"), (INTERCOM, "an Intercom conversation"),
                   (HELP_SCOUT, "a Help Scout conversation"), (GITHUB_ISSUE, "a GitHub issue"),
                   (SALESFORCE_CASE, "Salesforce Cases")]


@pytest.mark.parametrize("payload, looks_like", KNOWN_BUT_NOT_READ, ids=[k for _, k in KNOWN_BUT_NOT_READ])
def test_a_known_export_is_refused_by_name_and_never_becomes_a_crm_record(payload, looks_like):
    with pytest.raises(IngestError) as refused:
        parse_file(json.dumps(payload).encode(), "Accounts.json", "acme")

    assert looks_like in refused.value.reason
    assert "expected one account record" not in refused.value.reason


COMMENTS_NAMING_THEIR_TICKET = [(FRESHDESK_CONVERSATIONS, "ticket:freshdesk:20"),
                               (GITHUB_COMMENTS, "ticket:github:42")]


@pytest.mark.parametrize("payload, ticket", COMMENTS_NAMING_THEIR_TICKET)
def test_comments_exported_apart_from_their_ticket_are_a_page_to_join_to_it_not_a_record(payload, ticket):
    [page] = parse_file(json.dumps(payload).encode(), "Accounts.json", "acme")

    assert page.identity == ticket.replace("ticket:", "ticket-comments:")
    assert page.source_type is SourceType.TICKET


@pytest.mark.parametrize("payload, kind", READ_AS_TICKETS, ids=[k for _, k in READ_AS_TICKETS])
def test_a_help_desk_response_is_read_as_tickets_by_its_content(payload, kind):
    assert recognise_json(payload).kind == kind
    [document] = parse_file(json.dumps(payload).encode(), "Accounts.json", "acme")
    assert document.source_type is SourceType.TICKET


def test_a_slack_day_file_is_read_as_chat_and_its_channel_list_for_names_only():
    assert recognise_json(SLACK_DAY).reader == "slack-day"
    [day] = parse_file(json.dumps(SLACK_DAY).encode(), "Accounts.json", "acme")
    assert day.source_type is SourceType.CHAT

    assert recognise_json(SLACK_CHANNELS).reader == "slack-index"
    assert parse_file(json.dumps(SLACK_CHANNELS).encode(), "Accounts.json", "acme") == []


def test_unrecognised_json_is_refused_naming_its_keys():
    with pytest.raises(IngestError, match="unrecognised JSON: top-level keys id, name, email match no export"):
        parse_file(json.dumps({"id": 3, "name": "Someone", "email": "s@x.example"}).encode(), "people.json", "acme")


def test_a_list_of_plain_objects_is_refused_with_its_item_keys():
    with pytest.raises(IngestError, match="a JSON list: of 2 objects with keys sku, qty"):
        parse_file(json.dumps([{"sku": "A", "qty": 1}, {"sku": "B", "qty": 2}]).encode(), "order.json", "acme")


def test_an_empty_page_of_an_api_is_refused_as_empty():
    assert "the page is empty" in recognise_json({"tickets": [], "next_page": None}).reason
    assert "the page is empty" in recognise_json({"issues": [], "startAt": 0}).reason


def test_an_account_record_with_crm_fields_is_read_as_crm_in_every_wrapping():
    record = {"name": "Acme", "renewal_date": "2026-03-31", "arr_usd": 1000}
    for payload in (record, [record], {"account": record}):
        [doc] = parse_file(json.dumps(payload).encode(), "crm.json", "acme")
        assert doc.source_type is SourceType.CRM and doc.metadata.record.name == "Acme"


def test_a_list_of_several_account_records_is_refused_as_one_file_per_account():
    records = [{"name": "A", "arr_usd": 1}, {"name": "B", "arr_usd": 2}]
    with pytest.raises(IngestError, match="2 records in one file; export one account per file"):
        parse_file(json.dumps(records).encode(), "crm.json", "acme")


def test_ticket_exports_keep_their_readers():
    assert recognise_json({"tickets": [{"id": 1, "subject": "Down", "status": "open"}]}).reader == "tickets"
    assert recognise_json({"ticket": {"id": 1, "subject": "Down"}}).reader == "tickets"
    assert recognise_json({"issues": [{"key": "OPS-1", "fields": {"summary": "Down"}}]}).reader == "tickets"
    assert recognise_json([{"id": 1, "subject": "Down", "status": "open"}]).kind == "Zendesk tickets"


def test_recording_tools_transcripts_are_read_as_meetings():
    for payload, kind in ((GONG, "a Gong call transcript"), (FIREFLIES, "a Fireflies transcript")):
        assert recognise_json(payload).kind == kind
        [document] = parse_file(json.dumps(payload).encode(), "Accounts.json", "acme")
        assert document.source_type is SourceType.MEETING
