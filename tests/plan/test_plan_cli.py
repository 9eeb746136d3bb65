"""``handoff plan``: create or show the plan, mark tasks, JSON output, template errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from plan.helpers import EXAMPLES, FERNHILL


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory, embedder):
    data = str(tmp_path_factory.mktemp("plan-cli") / "data")
    result = CliRunner().invoke(app, ["--data-dir", data, "ingest", str(EXAMPLES / "accounts" / FERNHILL)])
    assert result.exit_code == 0, result.output
    return data


def _plan(data_dir, *args):
    result = CliRunner().invoke(app, ["--data-dir", data_dir, "plan", FERNHILL, "--as-of", "2026-02-06", *args])
    assert result.exit_code == 0, result.output
    return result


def test_plan_command_prints_the_plan_as_json_with_progress(data_dir):
    plan = json.loads(_plan(data_dir, "--json").stdout)

    assert [m["name"] for m in plan["milestones"]] == ["Internal handoff", "External handoff"]
    assert plan["progress_percent"] == 0 and plan["due_dates_from"] == "2026-02-16"
    assert all("progress_percent" in m for m in plan["milestones"])
    assert any(t["source"].startswith("gap:") for t in plan["milestones"][0]["tasks"])


def test_plan_command_marks_tasks_done_skipped_and_open_again(data_dir):
    task_id = json.loads(_plan(data_dir, "--json").stdout)["milestones"][0]["tasks"][0]["id"]

    done = json.loads(_plan(data_dir, "--done", str(task_id), "--json").stdout)
    assert done["milestones"][0]["tasks"][0]["status"] == "done" and done["progress_percent"] > 0
    skipped = json.loads(_plan(data_dir, "--skip", str(task_id), "--json").stdout)
    assert skipped["milestones"][0]["tasks"][0]["status"] == "skipped"
    reopened = json.loads(_plan(data_dir, "--reopen", str(task_id), "--json").stdout)
    assert reopened["milestones"][0]["tasks"][0]["status"] == "open" and reopened["progress_percent"] == 0


def test_plan_command_shows_milestones_owners_and_due_dates_as_text(data_dir):
    text = _plan(data_dir).stdout

    assert "Internal handoff" in text and "External handoff" in text
    assert "Joint intro call - Elliot Faraday (incoming), due 2026-02-23" in text


def test_plan_command_reports_an_invalid_template_clearly(data_dir, tmp_path):
    broken = tmp_path / "plan.yaml"
    broken.write_text("name: x\nmilestones: []\n")

    result = CliRunner().invoke(app, ["--data-dir", data_dir, "plan", FERNHILL, "--template", str(broken)])

    assert result.exit_code == 1
    assert "not a valid plan template" in result.stderr and str(broken) in result.stderr


def test_plan_command_reports_an_unknown_task(data_dir):
    result = CliRunner().invoke(app, ["--data-dir", data_dir, "plan", FERNHILL, "--done", "9999"])

    assert result.exit_code == 1 and "no task 9999" in result.stderr
