"""Background jobs report progress in SQL, and a job whose process died is reported failed, not running forever. Work
given to a child process runs there, as the submitter, and ends the job the same way."""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta, timezone

import pytest

from assistant.platform.errors import HandoffError
from assistant.platform.jobs import INTERRUPTED, JobRunner, get_job
from assistant.store import registry
from assistant.store.job_tables import JobRow


@pytest.fixture(autouse=True)
def account(context):
    with context.db.session() as session:
        registry.ensure_account(session, "tiny-co")


def _job_left_by_a_dead_process(context, status: str, quiet_for: timedelta) -> str:
    then = datetime.now(timezone.utc) - quiet_for
    with context.db.session() as session:
        session.add(JobRow(id=f"dead-{status}", kind="note", account_id="tiny-co", status=status, done=1, total=5,
                           step="drafting", created_at=then, updated_at=then))
    return f"dead-{status}"


def test_a_job_whose_process_died_is_reported_and_recorded_as_interrupted(context):
    job_id = _job_left_by_a_dead_process(context, "running", timedelta(minutes=10))

    job = get_job(context, job_id)

    assert (job.status, job.error) == ("failed", INTERRUPTED)
    with context.db.session() as session:
        assert session.get(JobRow, job_id).status == "failed"


def test_a_recently_active_job_and_a_finished_one_are_left_alone(context):
    recent = _job_left_by_a_dead_process(context, "queued", timedelta(seconds=5))
    finished = _job_left_by_a_dead_process(context, "done", timedelta(days=3))

    assert get_job(context, recent).status == "queued"
    assert get_job(context, finished).status == "done"


def test_the_heartbeat_keeps_a_long_quiet_job_alive_until_it_finishes(context, monkeypatch):
    monkeypatch.setattr(context.settings, "job_stale_seconds", 0.5)
    runner = JobRunner(workers=1, heartbeat_seconds=0.1)

    def slow_without_progress(_progress):
        time.sleep(1.5)  # three stale windows without a progress write
        return {"ok": True}

    try:
        job = runner.submit(context, "note", "tiny-co", slow_without_progress)
        seen = set()
        while job.status not in ("done", "failed"):
            time.sleep(0.1)
            job = get_job(context, job.id)
            seen.add(job.status)
        assert job.status == "done" and "failed" not in seen and "running" in seen
    finally:
        runner.shutdown()


def child_reports_its_process(context, progress, label: str) -> dict:
    progress.advance("working")
    return {"label": label, "pid": os.getpid(), "account_seen": context.principal.name}


def child_refuses(context, progress) -> dict:
    raise HandoffError("the account has no CRM record")


def child_dies(context, progress) -> dict:
    os._exit(3)


def _finished(context, job_id: str, timeout: float = 90.0):
    deadline = time.monotonic() + timeout
    while (job := get_job(context, job_id)).status in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
    return job


def test_work_given_to_a_child_process_runs_there_and_its_result_and_progress_are_recorded(context):
    runner = JobRunner()
    try:
        job = _finished(context, runner.submit_in_child(context, "note", "tiny-co", child_reports_its_process,
                                                        "draft").id)
    finally:
        runner.shutdown()
    assert job.status == "done" and job.done == 1 and job.result["label"] == "draft"
    assert job.result["pid"] != os.getpid() and job.result["account_seen"] == context.principal.name


def test_a_child_process_that_refuses_or_dies_leaves_a_failed_job_with_the_reason(context):
    runner = JobRunner()
    try:
        refused = _finished(context, runner.submit_in_child(context, "note", "tiny-co", child_refuses).id)
        died = _finished(context, runner.submit_in_child(context, "note", "tiny-co", child_dies).id)
    finally:
        runner.shutdown()
    assert (refused.status, refused.error) == ("failed", "the account has no CRM record")
    assert died.status == "failed" and "stopped before it finished (exit code 3)" in died.error
