"""``handoff email`` and ``handoff review``, driven as a team would: draft as the outgoing CSM, approve as a
reviewer (``--as``), export the .eml."""

from __future__ import annotations

import json
from email import message_from_bytes, policy

import pytest


from .conftest import EXAMPLES


@pytest.fixture
def run(run):
    """The command line over the fernhill example, ingested."""
    invoke = run
    assert invoke("ingest", str(EXAMPLES / "fernhill-creamery")).exit_code == 0
    invoke("users", "add", "nadia", "--role", "csm", "--email", "nadia.voss@cobaltline.io")
    invoke("users", "add", "rita", "--role", "reviewer", "--email", "rita@cobaltline.io")
    invoke("assign", "rita", "fernhill-creamery")
    return invoke


def test_draft_approve_and_export_from_the_command_line(run, tmp_path):
    drafted = run("email", "fernhill-creamery", "--kind", "intro", "--as-of", "2026-02-10", "--as", "nadia",
                  "--json")
    draft = json.loads(drafted.stdout)
    assert draft["status"] == "draft" and draft["author"] == "nadia"

    queue = run("review", "list", "--as", "rita", "--json")
    assert [d["id"] for d in json.loads(queue.stdout)] == [draft["id"]]
    assert run("review", "approve", str(draft["id"]), "--as", "nadia").exit_code == 1  # a CSM does not approve
    assert run("review", "approve", str(draft["id"]), "--as", "rita", "--comment", "ok").exit_code == 0

    out = tmp_path / "intro.eml"
    assert run("review", "export", str(draft["id"]), "--out", str(out)).exit_code == 0
    message = message_from_bytes(out.read_bytes(), policy=policy.default)
    assert message["To"] == "Rafael Oduya <roduya@fernhillcreamery.com>"


def test_the_local_operator_cannot_approve_and_is_told_to_act_as_a_reviewer(run):
    draft = json.loads(run("email", "fernhill-creamery", "--json").stdout)
    result = run("review", "approve", str(draft["id"]))
    assert result.exit_code == 1 and "reviewer" in result.output


def test_exporting_an_unapproved_email_fails_with_a_clear_message(run, tmp_path):
    draft = json.loads(run("email", "fernhill-creamery", "--kind", "farewell", "--json").stdout)
    result = run("review", "export", str(draft["id"]), "--out", str(tmp_path / "x.eml"))
    assert result.exit_code == 1 and "only an approved email" in result.output
    assert not (tmp_path / "x.eml").exists()


def test_edit_from_a_body_file_creates_a_version(run, tmp_path):
    draft = json.loads(run("email", "fernhill-creamery", "--json").stdout)
    body = tmp_path / "body.txt"
    body.write_text("Hi Rafael,\n\nShorter version.\n\nNadia\n")
    edited = json.loads(run("review", "edit", str(draft["id"]), "--body-file", str(body), "--as", "rita",
                            "--json").stdout)
    assert edited["current"]["version"] == 2 and edited["current"]["body"].startswith("Hi Rafael")
