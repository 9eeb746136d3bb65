"""A Slack export unzipped into an account folder is ingested as chat: indexed, searchable, cited by channel, day
and writer, its index files read for names and never refused or turned into records or tickets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from assistant.account.catalog import list_accounts, list_sources
from assistant.chat.service import ask
from assistant.cli import app
from assistant.account.ingest import ingest_path
from assistant.grounding.retrieval import search
from assistant.store.filters import ChunkFilter
from assistant.store.tables import SourceRow
from ingest.document import SourceType

EXPORT = Path(__file__).resolve().parents[1] / "fixtures" / "slack"
CRM = {"name": "Orchard Line", "domain": "orchardline.example", "renewal_date": "2026-09-30", "arr_usd": 42000,
       "owner_csm": {"name": "Tomas Greer", "email": "tomas.greer@fernway.example"},
       "primary_contact": {"name": "Ines Fallon", "email": "ines.fallon@orchardline.example"}}


@pytest.fixture
def orchard(tmp_path) -> Path:
    folder = tmp_path / "orchard-line"
    shutil.copytree(EXPORT, folder / "slack")
    (folder / "crm.json").write_text(json.dumps(CRM))
    return folder


def _read_as(report) -> dict[str, str]:
    return {read.path: read.read_as for read in report.accounts[0].read}


def test_a_slack_export_is_indexed_as_one_chat_source_per_channel_day(context, orchard):
    report = ingest_path(context, orchard)

    assert report.accounts[0].failures == []
    [account] = list_accounts(context)
    assert account.documents == {"crm": 1, "chat": 2}


def test_the_exports_index_files_are_reported_as_read_for_names(context, orchard):
    read_as = _read_as(ingest_path(context, orchard))

    assert read_as["slack/users.json"] == "Slack users list, used for names"
    assert read_as["slack/channels.json"] == "Slack channel list, used for channel names"
    assert read_as["slack/integration_logs.json"].startswith("Slack app activity log")
    assert read_as["slack/orchard-line-shared/2026-01-12.json"] == "chat (Slack #orchard-line-shared)"
    assert "nothing to index" in read_as["slack/orchard-line-shared/2026-01-14.json"]


def test_no_crm_record_or_ticket_comes_from_a_slack_file(context, orchard):
    ingest_path(context, orchard)

    with context.db.session() as session:
        rows = session.execute(select(SourceRow.path, SourceRow.source_type)).all()
    assert {path for path, kind in rows if kind in ("crm", "ticket")} == {"crm.json"}


def test_a_search_finds_the_thread_and_cites_channel_day_and_writers(context, orchard):
    ingest_path(context, orchard)

    [hit] = search(context, "orchard-line", "was the retry queue paused during the maintenance window", k=1,
                   where=ChunkFilter(source_types=[SourceType.CHAT]))

    assert hit.source_path == "slack/orchard-line-shared/2026-01-12.json"
    assert hit.title == "Slack #orchard-line-shared, 2026-01-12"
    assert hit.author.startswith("Ines Fallon") and hit.date.date().isoformat() == "2026-01-12"


def test_an_answer_cites_the_chat_message_that_holds_it(context, orchard):
    ingest_path(context, orchard)

    answer = ask(context, "orchard-line", "Who is taking over the warehouse integration?")

    assert answer.answerable and "Marta Quill" in answer.answer
    assert "slack/orchard-line-shared/2026-01-13.json" in {c.source for c in answer.citations}


def test_the_sources_list_names_each_channel_day(context, orchard):
    ingest_path(context, orchard)

    chats = [s for s in list_sources(context, "orchard-line") if s.source_type == "chat"]

    assert [s.title for s in sorted(chats, key=lambda s: s.path)] == [
        "Slack #orchard-line-shared, 2026-01-12", "Slack #orchard-line-shared, 2026-01-13"]


def test_later_replies_are_found_by_the_words_of_the_thread_they_answer(context, orchard):
    ingest_path(context, orchard)

    hits = search(context, "orchard-line", "nightly export to our warehouse failed", k=2,
                  where=ChunkFilter(source_types=[SourceType.CHAT]))

    assert {hit.source_path for hit in hits} == {"slack/orchard-line-shared/2026-01-12.json",
                                                 "slack/orchard-line-shared/2026-01-13.json"}


def test_a_changed_users_list_reads_the_day_files_again_with_the_new_names(context, orchard):
    ingest_path(context, orchard)
    users = json.loads((orchard / "slack" / "users.json").read_text())
    users[2]["profile"]["real_name"] = "Elena Marsh-Okoro"
    (orchard / "slack" / "users.json").write_text(json.dumps(users))

    again = ingest_path(context, orchard).accounts[0]

    assert again.documents == 2
    [hit] = search(context, "orchard-line", "root cause retry job skipped large files", k=1,
                   where=ChunkFilter(source_types=[SourceType.CHAT]))
    assert "Elena Marsh-Okoro: Root cause found" in hit.text


def test_a_broken_day_file_is_reported_and_the_rest_of_the_export_is_ingested(context, orchard):
    (orchard / "slack" / "orchard-line-shared" / "2026-01-15.json").write_text('[{"type": "message", "ts": ')
    not_a_list = orchard / "slack" / "orchard-line-shared" / "2026-01-16.json"
    not_a_list.write_text(json.dumps({"type": "message", "user": "U01INES", "text": "hi", "ts": "1768555000.1"}))

    report = ingest_path(context, orchard).accounts[0]

    failed = {failure.path: failure.reason for failure in report.failures}
    assert "malformed JSON" in failed["slack/orchard-line-shared/2026-01-15.json"]
    assert "slack/orchard-line-shared/2026-01-16.json" in failed
    assert list_accounts(context)[0].documents == {"crm": 1, "chat": 2}


def test_handoff_ingest_says_what_each_slack_file_was_read_as_and_searches_chat(orchard, tmp_path, embedder):
    runner, data_dir = CliRunner(), str(tmp_path / "data")

    ingested = runner.invoke(app, ["--data-dir", data_dir, "ingest", str(orchard)])
    found = runner.invoke(app, ["--data-dir", data_dir, "search", "orchard-line", "retry queue paused", "--type",
                                "chat"])

    assert ingested.exit_code == 0, ingested.output
    assert "read: orchard-line/slack/users.json: Slack users list, used for names" in ingested.output
    assert "slack/orchard-line-shared/2026-01-12.json" in found.output


def test_a_zip_given_to_handoff_ingest_is_refused_saying_to_unzip_it(tmp_path, embedder):
    (tmp_path / "slack-export.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)

    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "data"), "ingest",
                                      str(tmp_path / "slack-export.zip"), "--account", "orchard-line"])

    assert result.exit_code == 3
    assert "unzip it into the account folder" in " ".join(result.output.split())


def test_a_broken_users_list_is_reported_and_the_days_are_read_with_the_messages_own_names(context, orchard):
    (orchard / "slack" / "users.json").write_text('[{"id": "U01INES", "profile": ')

    report = ingest_path(context, orchard).accounts[0]

    assert [failure.path for failure in report.failures] == ["slack/users.json"]
    [hit] = search(context, "orchard-line", "retry queue paused maintenance window", k=1,
                   where=ChunkFilter(source_types=[SourceType.CHAT]))
    assert "Elena Marsh: Looking now" in hit.text
