"""Background jobs report progress in SQL, and a job whose process died is reported failed, not running forever."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from assistant.jobs import INTERRUPTED, JobRunner, get_job
from assistant.store import registry
from assistant.store.team_tables import JobRow


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
