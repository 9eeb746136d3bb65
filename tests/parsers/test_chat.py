"""A Slack export becomes chat documents: one per channel-day, a unit per thread, people named, markup resolved;
its index files are read for names and never become records or tickets."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ingest.chunking import chunk_document
from ingest.dispatch import parse_file, read_file
from ingest.document import SourceType
from ingest.errors import IngestError
from ingest.slack_export import SlackDirectories

EXPORT = Path(__file__).resolve().parent.parent / "fixtures" / "slack"
CHANNEL = EXPORT / "orchard-line-shared"


def read_day(name: str, with_export: bool = True):
    file = CHANNEL / name
    directory = SlackDirectories().for_day_file(file) if with_export else None
    return read_file(file.read_bytes(), f"slack/orchard-line-shared/{name}", "orchard-line", slack=directory)


def test_a_channel_day_is_one_chat_document_titled_by_channel_and_day():
    [document] = read_day("2026-01-12.json").documents

    assert document.source_type is SourceType.CHAT
    assert document.title == "Slack #orchard-line-shared, 2026-01-12"
    assert document.metadata.system == "slack"
    assert document.metadata.channel == "orchard-line-shared"
    assert document.metadata.day == date(2026, 1, 12)
    assert document.created_at == datetime(2026, 1, 12, 9, 14, 0, 200, tzinfo=UTC)


def test_speakers_are_named_from_the_exports_users_list_with_their_email_and_title():
    [document] = read_day("2026-01-12.json").documents

    assert document.metadata.participants == ["Ines Fallon", "Tomas Greer", "Elena Marsh"]
    ines = document.participants[0]
    assert (ines.email, ines.title) == ("ines.fallon@orchardline.example", "Operations Lead")


def test_a_thread_is_one_unit_with_its_replies_speakers_and_time():
    [document] = read_day("2026-01-12.json").documents
    thread = document.units[0]

    assert thread.text.splitlines() == [
        "Ines Fallon: Morning! The nightly export to our warehouse failed again & the retry didn't pick it up. "
        "See incident 42.",
        "Tomas Greer: Thanks @Ines Fallon, looping in @Elena Marsh from support. I'll send the root-cause write-up "
        "by January 16.",
        "Elena Marsh: Looking now: the retry queue was paused during the maintenance window.",
    ]
    assert thread.heading == "thread started by Ines Fallon"
    assert thread.at == datetime(2026, 1, 12, 9, 14, 0, 200, tzinfo=UTC)
    assert document.metadata.thread_count == 1


def test_messages_outside_threads_are_read_together_with_channel_references_and_files():
    [document] = read_day("2026-01-12.json").documents

    assert document.units[1].text == (
        "Tomas Greer: Reminder: the quarterly review is on the calendar for Jan 28, agenda in #general.\n"
        "Ines Fallon: Great, thanks <3\n(shared Warehouse schedule)")


def test_joins_and_bot_messages_are_dropped():
    [document] = read_day("2026-01-12.json").documents

    assert document.metadata.message_count == 5
    assert "joined" not in document.body and "Deploy" not in document.body


def test_replies_to_a_thread_of_an_earlier_day_are_read_on_their_own_day_naming_the_thread():
    [document] = read_day("2026-01-13.json").documents
    replies = document.units[0]

    assert replies.heading == "replies in a thread started 2026-01-12 by Ines Fallon: Morning! The nightly export " \
                              "to our warehouse failed again & the retry didn't..."
    assert replies.text.startswith("Elena Marsh: Root cause found")
    assert document.metadata.threads == read_day("2026-01-12.json").documents[0].metadata.threads


def test_replies_read_without_their_export_still_name_the_threads_day_and_starter():
    [document] = read_day("2026-01-13.json", with_export=False).documents

    assert document.units[0].heading == "replies in a thread started 2026-01-12 by Ines Fallon"


def test_someone_missing_from_the_users_list_is_named_from_the_message_profile():
    [document] = read_day("2026-01-13.json").documents

    assert document.units[1].text == \
        "Marta Quill: Hi all, I am taking over the warehouse integration from @Ines Fallon next month."


def test_a_day_file_uploaded_alone_names_people_from_their_message_profiles():
    [document] = parse_file((CHANNEL / "2026-01-12.json").read_bytes(), "2026-01-12.json", "orchard-line")

    assert document.metadata.channel is None and document.title == "Slack, 2026-01-12"
    assert document.metadata.participants == ["Ines Fallon", "Tomas Greer", "Elena Marsh"]
    assert "@Elena Marsh from support" in document.body


def test_a_user_nobody_names_keeps_the_raw_id():
    day = [{"type": "message", "user": "U7", "text": "hello <@U8>", "ts": "1768209240.000200"}]
    [document] = parse_file(json.dumps(day).encode(), "general/2026-01-12.json", "orchard-line")

    assert document.body == "U7: hello @U8"


def test_a_day_of_joins_only_is_read_as_nothing_to_index_not_an_error():
    reading = read_day("2026-01-14.json")

    assert reading.documents == [] and "nothing to index" in reading.read_as


@pytest.mark.parametrize("name, read_as", [
    ("users.json", "Slack users list, used for names"),
    ("channels.json", "Slack channel list, used for channel names"),
    ("integration_logs.json", "Slack app activity log, not indexed"),
    ("canvases.json", "Slack canvases list, not indexed"),
])
def test_the_exports_index_files_are_read_for_names_and_give_no_record_or_ticket(name, read_as):
    reading = read_file((EXPORT / name).read_bytes(), f"slack/{name}", "orchard-line")

    assert reading.documents == []
    assert reading.read_as.startswith(read_as)


def test_chunks_of_a_chat_carry_the_channel_day_author_and_time_like_an_email():
    [document] = read_day("2026-01-12.json").documents
    first = chunk_document(document, "src1")[0]

    assert first.source_type is SourceType.CHAT
    assert first.header.startswith("Slack #orchard-line-shared, 2026-01-12 | 2026-01-12 | Ines Fallon")
    assert first.author == "Ines Fallon, Tomas Greer, Elena Marsh"
    assert first.date == datetime(2026, 1, 12, 9, 14, 0, 200, tzinfo=UTC)


def test_slack_escapes_are_undone_once():
    day = [{"type": "message", "user": "U7", "text": "a &amp;lt; b &lt;@U1&gt; <mailto:x@y.example|x@y.example>",
            "ts": "1768209240.000200"}]
    [document] = parse_file(json.dumps(day).encode(), "general/2026-01-12.json", "orchard-line")

    assert document.body == "U7: a &lt; b <@U1> x@y.example"


# ---- hostile input -----------------------------------------------------------------------------------------------


def test_a_malformed_day_file_is_refused_with_where_it_breaks():
    with pytest.raises(IngestError, match="malformed JSON at line 1"):
        parse_file(b'[{"type": "message", "ts": "1768209240.1"', "general/2026-01-12.json", "orchard-line")


@pytest.mark.parametrize("message, complaint", [
    ({"type": "message", "user": "U1", "text": ["not", "text"], "ts": "1768209240.000200"}, "message 2: text"),
    ({"type": "message", "user": "U1", "text": "hi", "ts": "1768209240.000200", "thread_ts": "yesterday"},
     "message 2: thread_ts"),
    ({"type": "message", "user": {"id": "U1"}, "text": "hi", "ts": "1768209240.000200"}, "message 2: user"),
    ({"type": "message", "user": "U1", "text": "hi", "ts": "1768209240.000200", "files": "report.pdf"},
     "message 2: files"),
])
def test_a_message_with_wrong_typed_values_is_refused_naming_it(message, complaint):
    good = {"type": "message", "user": "U1", "text": "first", "ts": "1768209000.000100"}
    with pytest.raises(IngestError, match=complaint):
        parse_file(json.dumps([good, message]).encode(), "general/2026-01-12.json", "orchard-line")


def test_a_day_file_with_an_item_that_is_no_message_object_is_refused_naming_it():
    good = {"type": "message", "user": "U1", "text": "first", "ts": "1768209000.000100"}
    with pytest.raises(IngestError, match="message 26 is not a JSON object"):
        parse_file(json.dumps([good] * 25 + ["oops"]).encode(), "general/2026-01-12.json", "orchard-line")


def test_a_day_file_whose_timestamp_is_out_of_range_is_refused():
    day = [{"type": "message", "user": "U1", "text": "hi", "ts": "99999999999999999999.1"}]
    with pytest.raises(IngestError, match="not a Slack timestamp"):
        parse_file(json.dumps(day).encode(), "general/2026-01-12.json", "orchard-line")


def test_a_day_file_that_is_not_a_list_is_refused():
    with pytest.raises(IngestError):
        parse_file(json.dumps({"type": "message", "ts": "1768209000.000100"}).encode(), "general/2026-01-12.json",
                   "orchard-line")


def test_a_users_list_of_another_shape_does_not_stop_the_day_file_from_being_read(tmp_path):
    (tmp_path / "general").mkdir()
    (tmp_path / "users.json").write_text('{"not": "a list"}')
    day = tmp_path / "general" / "2026-01-12.json"
    day.write_text(json.dumps([{"type": "message", "user": "U1", "text": "hi", "ts": "1768209240.000200",
                                "user_profile": {"real_name": "Ines Fallon"}}]))

    directory = SlackDirectories().for_day_file(day)
    [document] = parse_file(day.read_bytes(), "general/2026-01-12.json", "orchard-line", slack=directory)

    assert document.body == "Ines Fallon: hi"


def test_a_direct_message_folder_is_named_by_the_people_in_it(tmp_path):
    (tmp_path / "D01DM").mkdir()
    (tmp_path / "users.json").write_bytes((EXPORT / "users.json").read_bytes())
    (tmp_path / "dms.json").write_text(json.dumps([{"id": "D01DM", "created": 1767000000,
                                                    "members": ["U01INES", "U02TOMAS"]}]))
    day = tmp_path / "D01DM" / "2026-01-12.json"
    day.write_text(json.dumps([{"type": "message", "user": "U01INES", "text": "Can we talk budget?",
                                "ts": "1768209240.000200"}]))

    reading = read_file(day.read_bytes(), "slack/D01DM/2026-01-12.json", "orchard-line",
                        slack=SlackDirectories().for_day_file(day))

    [document] = reading.documents
    assert document.title == "Slack direct messages, Ines Fallon and Tomas Greer, 2026-01-12"
    assert reading.read_as == "chat (Slack direct messages, Ines Fallon and Tomas Greer)"
