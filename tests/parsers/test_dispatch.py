"""Loose files go to the right parser by extension, then by content."""

from __future__ import annotations

import json

import pytest

from ingest.dispatch import parse_file
from ingest.document import SourceType
from ingest.errors import IngestError
from ingest.folder import discover

EMAIL = b"From: a@x.example\nTo: b@y.example\nSubject: Hi\nDate: Mon, 22 Sep 2025 09:15:00 +0000\nMessage-ID: <m1@x>\n\nHello there.\n"


def test_an_email_without_extension_is_sniffed_as_email():
    [doc] = parse_file(EMAIL, "inbox/message", "acme")
    assert doc.source_type is SourceType.EMAIL


def test_a_text_file_holding_an_email_is_parsed_as_email():
    [doc] = parse_file(EMAIL, "notes/forwarded.txt", "acme")
    assert doc.source_type is SourceType.EMAIL


def test_an_mbox_is_sniffed_by_its_from_line():
    docs = parse_file(b"From a@x.example Mon Sep 22 09:15:00 2025\n" + EMAIL, "archive/all", "acme")
    assert [d.source_type for d in docs] == [SourceType.EMAIL]


def test_a_webvtt_text_file_is_a_transcript():
    data = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Dana>We renew in March.</v>\n"
    [doc] = parse_file(data, "calls/renewal.txt", "acme")
    assert doc.source_type is SourceType.MEETING and doc.metadata.format == "vtt"


def test_json_with_tickets_is_a_ticket_export_and_an_account_record_is_crm():
    tickets = json.dumps({"tickets": [{"id": 1, "subject": "Down", "description": "It is down", "status": "open"}]})
    assert parse_file(tickets.encode(), "export.json", "acme")[0].source_type is SourceType.TICKET
    crm = json.dumps({"account_id": "acme", "name": "Acme", "arr_usd": 1000})
    assert parse_file(crm.encode(), "account.json", "acme")[0].source_type is SourceType.CRM


def test_a_csv_under_tickets_is_a_ticket_export():
    data = b"id,subject,status,priority\n7,Login broken,open,high\n"
    [doc] = parse_file(data, "tickets/export.csv", "acme")
    assert doc.source_type is SourceType.TICKET


def test_an_unsupported_extension_is_a_clear_error():
    with pytest.raises(IngestError, match="unsupported file type '.pptx'"):
        parse_file(b"PK\x03\x04 slides", "decks/qbr.pptx", "acme")


def test_an_empty_file_is_a_clear_error():
    with pytest.raises(IngestError, match="empty"):
        parse_file(b"  \n", "meetings/empty.md", "acme")


def test_malformed_json_names_line_and_column():
    with pytest.raises(IngestError, match="line 1, column"):
        parse_file(b'{"tickets": [', "tickets/tickets.json", "acme")


def test_a_folder_of_account_folders_is_several_accounts(tmp_path):
    for name in ("Acme Corp", "beta"):
        (tmp_path / name / "emails").mkdir(parents=True)
        (tmp_path / name / "emails" / "a.eml").write_bytes(EMAIL)
    (tmp_path / ".hidden").mkdir()
    accounts = discover(tmp_path)
    assert [a.account_id for a in accounts] == ["acme-corp", "beta"]
    assert [f.name for f in accounts[0].files] == ["a.eml"]


def test_hidden_files_and_symlinks_are_not_ingested(tmp_path):
    (tmp_path / "emails").mkdir()
    (tmp_path / "emails" / "a.eml").write_bytes(EMAIL)
    (tmp_path / "emails" / ".DS_Store").write_bytes(b"junk")
    (tmp_path / "emails" / "link.eml").symlink_to("/etc/passwd")
    [account] = discover(tmp_path)
    assert [f.name for f in account.files] == ["a.eml"]
