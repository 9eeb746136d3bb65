"""Support-ticket parsers: Zendesk/Jira JSON and ticket CSVs -> one Document per ticket."""

from __future__ import annotations

import csv
import io
import json
import logging
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from ingest.document import Document, SourceType
from ingest.errors import IngestError
from ingest.tickets import (
    TicketColumnMapping,
    adf_to_text,
    looks_like_tickets_csv,
    looks_like_tickets_json,
    normalise_priority,
    normalise_status,
    parse_jira_json,
    parse_tickets_csv,
    parse_tickets_json,
    parse_zendesk_json,
)

ACCOUNT = "acme-logistics"


@pytest.fixture
def tickets_dir(fixtures_dir):
    return fixtures_dir / "tickets"


def by_id(documents: list[Document]) -> dict[str, Document]:
    return {document.metadata.ticket_id: document for document in documents}


@pytest.fixture
def zendesk(tickets_dir) -> dict[str, Document]:
    data = (tickets_dir / "zendesk_tickets.json").read_bytes()
    return by_id(parse_zendesk_json(data, "tickets/tickets.json", ACCOUNT))


@pytest.fixture
def jira(tickets_dir) -> dict[str, Document]:
    data = (tickets_dir / "jira_issues.json").read_bytes()
    return by_id(parse_jira_json(data, "tickets/jira.json", ACCOUNT))


@pytest.fixture
def jira_csv(tickets_dir) -> dict[str, Document]:
    data = (tickets_dir / "jira_export.csv").read_bytes()
    return by_id(parse_tickets_csv(data, "tickets/jira_export.csv", ACCOUNT))


def csv_bytes(rows: list[list[str]], delimiter: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode()


# ---------------------------------------------------------------- Zendesk JSON


def test_zendesk_export_gives_one_document_per_ticket(zendesk):
    assert sorted(zendesk) == ["4790", "4812"]


def test_ticket_without_id_is_skipped_and_logged(tickets_dir, caplog):
    data = (tickets_dir / "zendesk_tickets.json").read_bytes()
    with caplog.at_level(logging.WARNING):
        documents = parse_zendesk_json(data, "tickets/tickets.json", ACCOUNT)
    assert len(documents) == 2
    assert "skipping ticket 2 of 3: it has no id" in caplog.text


def test_ticket_document_is_addressed_by_file_and_ticket_id(zendesk):
    ticket = zendesk["4812"]
    assert ticket.source_type == SourceType.TICKET
    assert ticket.source_path == "tickets/tickets.json#4812"
    assert ticket.identity == "ticket:zendesk:4812"
    assert ticket.account_id == ACCOUNT


def test_title_has_ticket_number_and_subject(zendesk):
    assert zendesk["4812"].title == "Ticket #4812: Nightly invoice export fails with HTTP 502"


def test_body_starts_with_header_block_then_description(zendesk):
    header, description = zendesk["4812"].body.split("\n\n")[:2]
    assert header == (
        "Status: open | Priority: urgent | Type: incident | Requester: Dana Whitfield <dana@acmelogistics.com>"
        " | Assignee: Sam Ortiz | Tags: billing, export, netsuite | Created: 2025-09-02"
    )
    assert description.startswith("Since Monday the nightly invoice export")


def test_description_unit_carries_the_header_block(zendesk):
    unit = zendesk["4812"].units[0]
    assert unit.text.startswith("Status: open | Priority: urgent")
    assert "Finance needs the file by 7am" in unit.text


def test_first_comment_repeating_the_description_is_skipped(zendesk):
    ticket = zendesk["4812"]
    assert ticket.body.count("Finance needs the file by 7am") == 1
    assert [unit.locator for unit in ticket.units] == ["description", "comment 2", "comment 3", "comment 4"]


def test_comment_count_excludes_the_repeated_description(zendesk):
    assert zendesk["4812"].metadata.comment_count == 3
    assert zendesk["4790"].metadata.comment_count == 1


def test_internal_comment_is_marked_in_its_heading(zendesk):
    internal, public = zendesk["4812"].units[1:3]
    assert internal.heading == "Comment 2 by Sam Ortiz (internal)"
    assert public.heading == "Comment 3 by Sam Ortiz"


def test_comment_unit_has_speaker_time_and_locator(zendesk):
    unit = zendesk["4812"].units[2]
    assert unit.speaker == "Sam Ortiz"
    assert unit.at == datetime(2025, 9, 3, 10, 5, tzinfo=UTC)
    assert unit.locator == "comment 3"
    assert unit.text.startswith("Hi Dana, we found the cause")


def test_comments_appear_in_the_body_under_their_headings(zendesk):
    assert "Comment 2 by Sam Ortiz (internal), 2025-09-02:\nGateway timeout" in zendesk["4812"].body


def test_authors_is_the_requester(zendesk):
    [author] = zendesk["4812"].authors
    assert (author.name, author.email) == ("Dana Whitfield", "dana@acmelogistics.com")


def test_participants_are_requester_then_comment_authors_once_each(zendesk):
    people = [(person.name, person.email) for person in zendesk["4812"].participants]
    assert people == [
        ("Dana Whitfield", "dana@acmelogistics.com"),
        ("Sam Ortiz", None),
        ("Priya Nair", "priya@acmelogistics.com"),
    ]


def test_ticket_fields_land_in_metadata(zendesk):
    meta = zendesk["4812"].metadata
    assert (meta.system, meta.status, meta.priority, meta.type) == ("zendesk", "open", "urgent", "incident")
    assert meta.assignee == "Sam Ortiz"
    assert meta.tags == ["billing", "export", "netsuite"]
    assert meta.requester.email == "dana@acmelogistics.com"


def test_ticket_dates_are_timezone_aware(zendesk):
    ticket = zendesk["4812"]
    assert ticket.created_at == datetime(2025, 9, 2, 14, 11, tzinfo=UTC)
    assert ticket.updated_at == datetime(2025, 9, 5, 9, 30, tzinfo=UTC)


def test_solved_ticket_is_not_open(zendesk):
    assert zendesk["4790"].metadata.is_open is False


def test_open_urgent_ticket_is_open_and_urgent(zendesk):
    meta = zendesk["4812"].metadata
    assert meta.is_open is True
    assert meta.priority_level == "urgent"


def test_single_ticket_form_is_parsed(tickets_dir):
    data = (tickets_dir / "zendesk_single_ticket.json").read_bytes()
    [ticket] = parse_zendesk_json(data, "tickets/one.json", ACCOUNT)
    assert ticket.identity == "ticket:zendesk:5003"


def test_on_hold_ticket_is_open(tickets_dir):
    data = (tickets_dir / "zendesk_single_ticket.json").read_bytes()
    [ticket] = parse_zendesk_json(data, "tickets/one.json", ACCOUNT)
    assert ticket.metadata.is_open is True


def test_null_priority_has_no_level(tickets_dir):
    data = (tickets_dir / "zendesk_single_ticket.json").read_bytes()
    [ticket] = parse_zendesk_json(data, "tickets/one.json", ACCOUNT)
    assert ticket.metadata.priority is None
    assert ticket.metadata.priority_level is None


def test_assignee_given_as_object_is_stored_by_name(tickets_dir):
    data = (tickets_dir / "zendesk_single_ticket.json").read_bytes()
    [ticket] = parse_zendesk_json(data, "tickets/one.json", ACCOUNT)
    assert ticket.metadata.assignee == "Max Mustermann"


def test_offset_and_date_only_timestamps_become_utc(tickets_dir):
    data = (tickets_dir / "zendesk_single_ticket.json").read_bytes()
    [ticket] = parse_zendesk_json(data, "tickets/one.json", ACCOUNT)
    assert ticket.created_at.utcoffset().total_seconds() == 7200
    assert ticket.updated_at == datetime(2025, 10, 2, tzinfo=UTC)


def test_bare_list_of_tickets_is_parsed(tickets_dir):
    data = (tickets_dir / "zendesk_bare_list.json").read_bytes()
    documents = by_id(parse_zendesk_json(data, "tickets/list.json", ACCOUNT))
    assert sorted(documents) == ["7001", "7002"]


def test_requester_given_as_name_and_address_string_is_split(tickets_dir):
    data = (tickets_dir / "zendesk_bare_list.json").read_bytes()
    requester = by_id(parse_zendesk_json(data, "tickets/list.json", ACCOUNT))["7001"].metadata.requester
    assert (requester.name, requester.email) == ("Joe Bloggs", "joe@examplecorp.test")


def test_duplicate_ticket_id_keeps_the_last_version():
    tickets = [{"id": 1, "subject": "old", "status": "open"}, {"id": 1, "subject": "new", "status": "solved"}]
    [ticket] = parse_zendesk_json(json.dumps({"tickets": tickets}).encode(), "t.json", ACCOUNT)
    assert ticket.title == "Ticket #1: new"


# ---------------------------------------------------------------- Jira JSON


def test_jira_key_is_the_title_prefix(jira):
    assert jira["HADOOP-123"].title == "HADOOP-123: NameNode fails to start after upgrade to 3.3.6"


def test_jira_identity_and_path_use_the_issue_key(jira):
    assert jira["HADOOP-123"].identity == "ticket:jira:HADOOP-123"
    assert jira["HADOOP-123"].source_path == "tickets/jira.json#HADOOP-123"


def test_jira_blocker_is_urgent(jira):
    assert jira["HADOOP-123"].metadata.priority == "Blocker"
    assert jira["HADOOP-123"].metadata.priority_level == "urgent"


def test_jira_done_issue_is_not_open_and_keeps_its_resolution(jira):
    meta = jira["HADOOP-123"].metadata
    assert meta.is_open is False
    assert meta.resolution == "Fixed"
    assert meta.resolved_at == datetime(2021, 10, 4, 9, 12, 44, tzinfo=UTC)


def test_jira_in_progress_issue_is_open(jira):
    assert jira["HADOOP-131"].metadata.is_open is True


def test_jira_reporter_is_the_requester(jira):
    requester = jira["HADOOP-123"].metadata.requester
    assert (requester.name, requester.email) == ("Marta Kowalski", "marta@example.org")


def test_jira_labels_become_tags_and_issuetype_the_type(jira):
    meta = jira["HADOOP-123"].metadata
    assert meta.tags == ["upgrade", "namenode"]
    assert meta.type == "Bug"


def test_adf_description_is_flattened_to_text(jira):
    description = jira["HADOOP-123"].units[0].text
    assert "After the rolling upgrade the NameNode exits with InconsistentFSStateException." in description
    assert "1. Upgrade from 3.3.4\n2. Restart the NameNode" in description
    assert "Owner: @Wei Chen\nLogs attached." in description
    assert "{" not in description


def test_adf_comment_is_flattened_and_plain_comment_kept(jira):
    texts = [unit.text for unit in jira["HADOOP-123"].units[1:]]
    assert texts == ["Root cause: edits log from 3.3.4 not finalized.", "Confirmed fixed on our cluster, thanks."]


def test_jira_comment_with_restricted_visibility_is_internal(jira):
    assert jira["HADOOP-123"].units[1].heading == "Comment 1 by Wei Chen (internal)"
    assert jira["HADOOP-123"].units[2].heading == "Comment 2 by Marta Kowalski"


def test_adf_bullet_list_becomes_dashed_lines():
    doc = {"type": "doc", "content": [{"type": "bulletList", "content": [
        {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "one"}]}]},
        {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "two"}]}]},
    ]}]}
    assert adf_to_text(doc) == "- one\n- two"


# ---------------------------------------------------------------- JSON sniffing


def test_parse_tickets_json_reads_a_zendesk_export(tickets_dir):
    documents = parse_tickets_json((tickets_dir / "zendesk_tickets.json").read_bytes(), "t.json", ACCOUNT)
    assert {document.metadata.system for document in documents} == {"zendesk"}


def test_parse_tickets_json_reads_a_jira_export(tickets_dir):
    documents = parse_tickets_json((tickets_dir / "jira_issues.json").read_bytes(), "t.json", ACCOUNT)
    assert {document.metadata.system for document in documents} == {"jira"}


@pytest.mark.parametrize(
    "obj",
    [
        {"tickets": [{"id": 1, "subject": "x"}]},
        {"ticket": {"id": 1, "subject": "x"}},
        [{"id": 1, "subject": "x", "status": "open"}],
        {"issues": [{"key": "ABC-1", "fields": {"summary": "x"}}]},
        {"key": "ABC-1", "fields": {"summary": "x"}},
    ],
)
def test_ticket_json_shapes_are_recognised(obj):
    assert looks_like_tickets_json(obj)


@pytest.mark.parametrize(
    "obj",
    [
        {"account_id": "acme", "name": "Acme", "arr_usd": 84000},
        [{"name": "Dana", "email": "dana@acme.com"}],
        [],
        "tickets",
        {"issues": [{"title": "a GitHub issue", "number": 3}]},
    ],
)
def test_other_json_is_not_taken_for_tickets(obj):
    assert not looks_like_tickets_json(obj)


def test_json_that_is_not_a_ticket_export_names_what_it_found():
    with pytest.raises(IngestError, match="found top-level keys: account_id, name"):
        parse_tickets_json(b'{"account_id": "acme", "name": "Acme"}', "crm.json", ACCOUNT)


def test_zendesk_parser_rejects_a_jira_export(tickets_dir):
    with pytest.raises(IngestError, match="not a Zendesk export"):
        parse_zendesk_json((tickets_dir / "jira_issues.json").read_bytes(), "t.json", ACCOUNT)


# ---------------------------------------------------------------- CSV: Jira export


def test_jira_csv_uses_the_issue_key_not_the_numeric_id(jira_csv):
    assert sorted(jira_csv) == ["PAY-88", "PAY-90"]
    assert jira_csv["PAY-88"].title == "PAY-88: Checkout page times out for EU customers"
    assert jira_csv["PAY-88"].identity == "ticket:jira:PAY-88"


def test_jira_csv_repeated_label_columns_become_tags(jira_csv):
    assert jira_csv["PAY-88"].metadata.tags == ["checkout", "eu"]


def test_jira_csv_comment_cells_give_author_time_and_text(jira_csv):
    first, second = jira_csv["PAY-88"].units[1:]
    assert (first.speaker, first.at) == ("Wei Chen", datetime(2021, 10, 1, 8, 0, tzinfo=UTC))
    assert first.text == "Rolled back the CDN rule, timeouts stopped."
    assert second.text == "It is back since this morning.\nSeeing it on 3 of 5 attempts."


def test_jira_csv_keeps_multiline_descriptions(jira_csv):
    assert 'then "Request timed out".\n\nStarted after the CDN change' in jira_csv["PAY-88"].body


def test_jira_csv_dates_in_jira_format_are_parsed(jira_csv):
    assert jira_csv["PAY-88"].created_at == datetime(2021, 9, 30, 17, 20, tzinfo=UTC)


def test_wont_fix_is_not_open(jira_csv):
    assert jira_csv["PAY-90"].metadata.is_open is False


def test_reopened_critical_issue_is_open_and_urgent(jira_csv):
    meta = jira_csv["PAY-88"].metadata
    assert (meta.is_open, meta.priority_level) == (True, "urgent")


# ---------------------------------------------------------------- CSV: generic


def test_generic_csv_headers_are_matched_through_aliases(tickets_dir):
    data = (tickets_dir / "generic_aliases.csv").read_bytes()
    ticket = by_id(parse_tickets_csv(data, "tickets/export.csv", ACCOUNT))["311"]
    assert ticket.identity == "ticket:csv:311"
    assert ticket.title == "Ticket #311: SSO login loop on kiosk browsers"
    assert ticket.metadata.status == "Pending"
    assert ticket.updated_at == datetime(2025, 8, 6, 10, 0, tzinfo=UTC)
    assert ticket.metadata.tags == ["sso", "okta"]


def test_requester_email_column_joins_the_requester_name(tickets_dir):
    data = (tickets_dir / "generic_aliases.csv").read_bytes()
    requester = by_id(parse_tickets_csv(data, "t.csv", ACCOUNT))["311"].metadata.requester
    assert (requester.name, requester.email) == ("Joe Bloggs", "joe@examplecorp.test")


def test_csv_with_unknown_headers_asks_for_a_mapping(tickets_dir):
    data = (tickets_dir / "helpdesk_custom_headers.csv").read_bytes()
    with pytest.raises(IngestError) as caught:
        parse_tickets_csv(data, "tickets/cases.csv", ACCOUNT)
    assert "'Case #', 'Headline', 'Stage'" in caught.value.reason
    assert "TicketColumnMapping" in caught.value.reason


HELPDESK_MAPPING = TicketColumnMapping(
    id="Case #", subject="Headline", status="Stage", priority="Urgency", created_at="Opened On",
    requester_email="Customer Email", description="Notes",
)


def test_explicit_mapping_reads_custom_headers(tickets_dir):
    data = (tickets_dir / "helpdesk_custom_headers.csv").read_bytes()
    ticket = by_id(parse_tickets_csv(data, "tickets/cases.csv", ACCOUNT, HELPDESK_MAPPING))["C-2201"]
    assert ticket.title == "C-2201: Bulk upload rejects files over 10 MB"
    assert (ticket.metadata.status, ticket.metadata.priority_level) == ("Escalated", "high")
    assert ticket.metadata.requester.email == "ops@harborline.com"
    assert ticket.created_at == datetime(2025, 9, 30, 17, 20, tzinfo=UTC)


def test_csv_row_without_id_is_skipped(tickets_dir):
    data = (tickets_dir / "helpdesk_custom_headers.csv").read_bytes()
    documents = parse_tickets_csv(data, "tickets/cases.csv", ACCOUNT, HELPDESK_MAPPING)
    assert sorted(by_id(documents)) == ["C-2201", "C-2207"]


def test_mapping_matches_column_names_case_insensitively(tickets_dir):
    data = (tickets_dir / "helpdesk_custom_headers.csv").read_bytes()
    mapping = TicketColumnMapping(id="case #", subject="HEADLINE")
    assert len(parse_tickets_csv(data, "t.csv", ACCOUNT, mapping)) == 2


def test_mapping_naming_a_missing_column_is_an_ingest_error(tickets_dir):
    data = (tickets_dir / "helpdesk_custom_headers.csv").read_bytes()
    with pytest.raises(IngestError, match="names column 'Ticket' for id"):
        parse_tickets_csv(data, "t.csv", ACCOUNT, TicketColumnMapping(id="Ticket"))


def test_mapping_without_an_id_column_is_an_ingest_error(tickets_dir):
    data = (tickets_dir / "helpdesk_custom_headers.csv").read_bytes()
    with pytest.raises(IngestError, match="must name the ticket id column"):
        parse_tickets_csv(data, "t.csv", ACCOUNT, TicketColumnMapping(subject="Headline"))


def test_mapping_rejects_unknown_fields():
    with pytest.raises(ValidationError):
        TicketColumnMapping(id="Case #", severity="Urgency")


def test_semicolon_delimited_csv_is_read():
    data = csv_bytes([["ID", "Subject", "Status"], ["9", "Export stuck", "open"]], delimiter=";")
    [ticket] = parse_tickets_csv(data, "t.csv", ACCOUNT)
    assert ticket.title == "Ticket #9: Export stuck"


def test_cells_longer_than_the_csv_default_limit_are_read():
    long_text = "log line\n" * 40_000  # 360 kB, beyond csv's 128 kB default
    data = csv_bytes([["id", "subject", "description"], ["1", "Big", long_text]])
    [ticket] = parse_tickets_csv(data, "t.csv", ACCOUNT)
    assert ticket.units[0].text.count("log line") == 40_000


def test_windows_1252_csv_is_decoded():
    data = "id,subject,status\n4,Caf\u00e9 menu \u2013 prices wrong,open\n".encode("cp1252")
    [ticket] = parse_tickets_csv(data, "t.csv", ACCOUNT)
    assert ticket.title == "Ticket #4: Caf\u00e9 menu \u2013 prices wrong"


@pytest.mark.parametrize(
    "header",
    [
        ["Summary", "Issue key", "Issue id", "Status", "Priority", "Created"],
        ["Summary", "Issue id", "Status", "Priority", "Resolution", "Created", "Resolved", "Description"],
        ["Ticket ID", "Subject", "Requester", "Status"],
    ],
)
def test_ticket_csv_headers_are_recognised(header):
    assert looks_like_tickets_csv(header)


@pytest.mark.parametrize(
    "header",
    [
        ["Account", "Owner", "Region"],
        ["id", "name", "email"],
        ["id", "title", "date"],  # no ticket field: could be a list of meetings
    ],
)
def test_other_csv_headers_are_not_taken_for_tickets(header):
    assert not looks_like_tickets_csv(header)


# ---------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    "status",
    ["closed", "solved", "RESOLVED", "VERIFIED", "Done", "Fixed", "Won't Fix", "Cancelled"],
)
def test_finished_statuses_are_not_open(status):
    assert normalise_status(status) is False


@pytest.mark.parametrize(
    "status",
    ["new", "open", "pending", "on-hold", "In Progress", "REOPENED", "Patch Available", "UNCONFIRMED", "ASSIGNED"],
)
def test_active_statuses_are_open(status):
    assert normalise_status(status) is True


def test_unknown_status_with_a_resolution_is_not_open():
    assert normalise_status("Shipped", resolution="Fixed") is False
    assert normalise_status("Shipped") is True


@pytest.mark.parametrize(
    ("priority", "level"),
    [
        ("urgent", "urgent"), ("Blocker", "urgent"), ("Critical", "urgent"), ("P1", "urgent"),
        ("Highest", "urgent"),
        ("high", "high"), ("Major", "high"), ("P2", "high"),
        ("normal", "normal"), ("Medium", "normal"), ("P3", "normal"),
        ("low", "low"), ("Minor", "low"), ("Trivial", "low"), ("P4", "low"), ("P5", "low"), ("Lowest", "low"),
        ("--", None), ("", None), (None, None), ("P1 - Critical", "urgent"),
    ],
)
def test_priority_levels_are_normalised(priority, level):
    assert normalise_priority(priority) == level


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-09-02T14:11:00Z", datetime(2025, 9, 2, 14, 11, tzinfo=UTC)),
        ("30/Sep/21 17:20", datetime(2021, 9, 30, 17, 20, tzinfo=UTC)),
        ("2021-09-30 17:20:00", datetime(2021, 9, 30, 17, 20, tzinfo=UTC)),
        ("2021-09-30T17:20:00.000+0000", datetime(2021, 9, 30, 17, 20, tzinfo=UTC)),
        ("2020-01-25 14:02:23+00:00", datetime(2020, 1, 25, 14, 2, 23, tzinfo=UTC)),
        ("2025-09-02", datetime(2025, 9, 2, tzinfo=UTC)),
    ],
)
def test_created_dates_in_common_formats_become_aware_datetimes(text, expected):
    [ticket] = parse_tickets_csv(csv_bytes([["id", "subject", "created"], ["1", "x", text]]), "t.csv", ACCOUNT)
    assert ticket.created_at == expected


def test_unparseable_date_is_left_empty_not_fatal():
    [ticket] = parse_tickets_csv(csv_bytes([["id", "subject", "created"], ["1", "x", "soon"]]), "t.csv", ACCOUNT)
    assert ticket.created_at is None


# ---------------------------------------------------------------- broken input


def test_malformed_json_error_gives_line_and_column(tickets_dir):
    with pytest.raises(IngestError, match=r"invalid JSON at line 3, column 42"):
        parse_tickets_json((tickets_dir / "malformed.json").read_bytes(), "tickets/tickets.json", ACCOUNT)


def test_csv_without_usable_header_lists_the_columns_it_found(tickets_dir):
    with pytest.raises(IngestError, match=r"found columns: 'Account', 'Owner', 'Region'"):
        parse_tickets_csv((tickets_dir / "no_usable_header.csv").read_bytes(), "t.csv", ACCOUNT)


def test_binary_bytes_with_csv_extension_are_rejected(tickets_dir):
    with pytest.raises(IngestError, match="binary file"):
        parse_tickets_csv((tickets_dir / "binary.csv").read_bytes(), "tickets/export.csv", ACCOUNT)


def test_xlsx_saved_as_csv_is_rejected_with_advice():
    with pytest.raises(IngestError, match="save the sheet as 'CSV UTF-8'"):
        parse_tickets_csv(b"PK\x03\x04\x14\x00\x06\x00" + bytes(64), "tickets/export.csv", ACCOUNT)


def test_empty_csv_is_rejected(tickets_dir):
    with pytest.raises(IngestError, match="empty"):
        parse_tickets_csv((tickets_dir / "empty.csv").read_bytes(), "t.csv", ACCOUNT)


def test_empty_json_is_rejected():
    with pytest.raises(IngestError, match="empty"):
        parse_tickets_json(b"  \n", "t.json", ACCOUNT)


def test_csv_with_only_a_header_has_no_usable_tickets():
    with pytest.raises(IngestError, match="no usable tickets"):
        parse_tickets_csv(b"id,subject,status\n", "t.csv", ACCOUNT)


def test_export_where_no_ticket_has_an_id_is_rejected():
    with pytest.raises(IngestError, match="none of its 2 tickets could be read"):
        parse_zendesk_json(b'{"tickets": [{"subject": "a"}, {"subject": "b"}]}', "t.json", ACCOUNT)


def test_ingest_error_carries_the_source_path():
    with pytest.raises(IngestError) as caught:
        parse_tickets_json(b"{", "tickets/tickets.json", ACCOUNT)
    assert caught.value.path == "tickets/tickets.json"


def test_ticket_of_the_wrong_type_is_skipped_not_fatal():
    documents = parse_zendesk_json(b'{"tickets": [42, {"id": 1, "subject": "ok"}]}', "t.json", ACCOUNT)
    assert [document.metadata.ticket_id for document in documents] == ["1"]


PARSERS = [parse_zendesk_json, parse_jira_json, parse_tickets_json, parse_tickets_csv]


@pytest.mark.parametrize("parse", PARSERS)
@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=300))
def test_random_bytes_give_documents_or_an_ingest_error(parse, data):
    try:
        parse(data, "t", ACCOUNT)
    except IngestError:
        pass


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "key", "subject", "fields", "comments", "comment", "tickets", "issues", "status",
                         "requester", "body", "created_at", "description", "content", "type", "tags"]),
        children, max_size=5),
    max_leaves=25,
)


@pytest.mark.parametrize("parse", PARSERS[:3])
@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_odd_json_shapes_give_documents_or_an_ingest_error(parse, value):
    try:
        parse(json.dumps(value).encode(), "t.json", ACCOUNT)
    except IngestError:
        pass


# ---------------------------------------------------------------- real data under /work/shared


def test_every_golden_ticket_export_parses_completely(golden_accounts):
    for path in sorted(golden_accounts.glob("*/tickets/tickets.json")):
        raw = json.loads(path.read_text())["tickets"]
        documents = parse_tickets_json(path.read_bytes(), "tickets/tickets.json", path.parts[-3])
        assert len(documents) == len(raw), path
        assert {document.source_path for document in documents} == {f"tickets/tickets.json#{t['id']}" for t in raw}


def test_golden_tickets_never_repeat_their_description_as_a_comment(golden_accounts):
    for path in sorted(golden_accounts.glob("*/tickets/tickets.json")):
        for document in parse_tickets_json(path.read_bytes(), "tickets/tickets.json", path.parts[-3]):
            description = document.units[0].text.split("\n\n", 1)[-1]
            assert all(unit.text != description for unit in document.units[1:]), document.identity


GITBUGS = "public/gitbugs_tickets/dev"
SEAMONKEY_CLOSED = {"RESOLVED", "VERIFIED"}
HADOOP_LEVELS = {"Blocker": "urgent", "Critical": "urgent", "Major": "high", "Minor": "low", "Trivial": "low"}


def gitbugs_rows(shared_eval, name: str) -> list[dict[str, str]]:
    with open(shared_eval / GITBUGS / name, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def gitbugs_documents(shared_eval, name: str, mapping=None) -> dict[str, Document]:
    data = (shared_eval / GITBUGS / name).read_bytes()
    return by_id(parse_tickets_csv(data, f"tickets/{name}", ACCOUNT, mapping))


def test_all_seamonkey_bugs_parse_through_the_alias_table(shared_eval):
    rows = gitbugs_rows(shared_eval, "SeaMonkey_bugs.csv")
    documents = gitbugs_documents(shared_eval, "SeaMonkey_bugs.csv")
    assert len(rows) == len(documents) == 60
    for row in rows:
        meta = documents[row["Issue id"]].metadata
        assert meta.status == row["Status"]
        assert meta.is_open == (row["Status"] not in SEAMONKEY_CLOSED), row["Issue id"]
        assert meta.priority_level == {"--": None, "P3": "normal"}[row["Priority"]], row["Issue id"]
        assert documents[row["Issue id"]].created_at.tzinfo is not None


def test_all_hadoop_bugs_parse_through_the_alias_table(shared_eval):
    rows = gitbugs_rows(shared_eval, "hadoop_bugs.csv")
    documents = gitbugs_documents(shared_eval, "hadoop_bugs.csv")
    assert len(rows) == len(documents) == 40
    for row in rows:
        meta = documents[row["Issue id"]].metadata
        assert meta.is_open == (row["Status"] != "Resolved"), row["Issue id"]
        assert meta.priority_level == HADOOP_LEVELS[row["Priority"]], row["Issue id"]


def test_hadoop_jira_style_dates_are_parsed(shared_eval):
    ticket = gitbugs_documents(shared_eval, "hadoop_bugs.csv")["13277398"]
    assert ticket.created_at == datetime(2020, 1, 3, 16, 35, tzinfo=UTC)
    assert ticket.metadata.resolved_at == datetime(2020, 1, 3, 16, 49, tzinfo=UTC)
    assert ticket.metadata.resolution == "Not A Bug"


def test_hadoop_bugs_parse_the_same_through_an_explicit_mapping(shared_eval):
    mapping = TicketColumnMapping(
        id="Issue id", subject="Summary", status="Status", priority="Priority", resolution="Resolution",
        created_at="Created", resolved_at="Resolved", description="Description",
    )
    mapped = gitbugs_documents(shared_eval, "hadoop_bugs.csv", mapping)
    aliased = gitbugs_documents(shared_eval, "hadoop_bugs.csv")
    assert len(mapped) == 40
    assert mapped == aliased


def test_mapping_reads_only_the_columns_it_names(shared_eval):
    mapping = TicketColumnMapping(id="Summary", subject="Issue id")  # deliberately swapped
    documents = gitbugs_documents(shared_eval, "hadoop_bugs.csv", mapping)
    ticket = next(iter(documents.values()))
    assert ticket.title.startswith("Hadoop resource manager jdk 8 dependency: ")
    assert ticket.metadata.status is None


def test_open_bugzilla_bug_has_no_resolved_time(shared_eval):
    # GitBugs' SeaMonkey "Resolved" column is filled on open bugs too (it is really the last-change time).
    documents = gitbugs_documents(shared_eval, "SeaMonkey_bugs.csv")
    open_bugs = [document for document in documents.values() if document.metadata.is_open]
    assert open_bugs
    assert all(document.metadata.resolved_at is None for document in open_bugs)
