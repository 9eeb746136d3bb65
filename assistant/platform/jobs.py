"""Background jobs: long work (ingesting an upload, drafting a note) runs in a worker thread and reports progress in
SQL, so any API worker can answer "how far along is it?". Work that would hold the API process's interpreter lock
for seconds (drafting a note) can run in a child process of its own instead, which the worker thread waits for.

The process holding a job touches its row every few seconds. A queued or running job whose row has gone quiet for
longer than ``job_stale_seconds`` belonged to a process that died (killed, crashed, restarted): it is reported, and
recorded, as failed with that reason, instead of "running" forever."""

from __future__ import annotations

import contextvars
import logging
import multiprocessing
import os
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel
from sqlalchemy import update

from assistant.platform.context import Context
from assistant.platform.errors import ConfigError, HandoffError, NotFound
from assistant.store.db import Database
from assistant.store.job_tables import JobRow

log = logging.getLogger("handoff.jobs")


class Job(BaseModel):
    id: str
    kind: str
    account_id: str
    status: str
    done: int
    total: int
    step: str
    result: dict[str, Any] | None
    error: str | None
    created_at: datetime
    updated_at: datetime

    @property
    def percent(self) -> int:
        return 100 if self.status == "done" else int(100 * self.done / self.total) if self.total else 0


class Progress:
    """Handed to the work: ``advance()`` and ``step()`` write progress to the job row."""

    def __init__(self, context: Context, job_id: str) -> None:
        self._context, self._job_id = context, job_id

    @property
    def job_id(self) -> str:
        return self._job_id

    def set_total(self, total: int) -> None:
        self._update(total=total)

    def advance(self, step: str = "") -> None:
        with self._context.db.session() as session:
            row = session.get(JobRow, self._job_id)
            row.done += 1
            row.step = step[:200]
            row.updated_at = _now()

    def step(self, step: str) -> None:
        self._update(step=step[:200])

    def _update(self, **values) -> None:
        with self._context.db.session() as session:
            row = session.get(JobRow, self._job_id)
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = _now()


Work = Callable[[Progress], dict[str, Any]]
# Work for a child process: a module-level function (the child imports it), given the child's own context
ChildTask = Callable[..., dict[str, Any]]


INTERRUPTED = "interrupted: the server process running this job stopped before it finished; start it again"


class JobRunner:
    def __init__(self, workers: int = 2, heartbeat_seconds: float = 10.0) -> None:
        self._workers = workers
        self._heartbeat_seconds = heartbeat_seconds
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()
        self._held: dict[str, Context] = {}  # queued or running here: job id -> its context
        self._heartbeat: threading.Thread | None = None
        self._stopping = threading.Event()

    def _running_pool(self) -> ThreadPoolExecutor:
        """The worker pool, started on first use and again after a shutdown: an app whose lifespan ends and starts
        again (test clients, servers that reload) keeps accepting jobs."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="handoff-job")
                self._stopping.clear()
                self._heartbeat = threading.Thread(target=self._beat, name="handoff-job-heartbeat", daemon=True)
                self._heartbeat.start()
            return self._pool

    def _beat(self) -> None:
        """Touch the rows of the jobs this process holds, so other processes can tell they are alive."""
        while not self._stopping.wait(self._heartbeat_seconds):
            with self._lock:
                held = list(self._held.items())
            by_database: dict[Database, list[str]] = {}
            for job_id, context in held:
                by_database.setdefault(context.db, []).append(job_id)
            for database, job_ids in by_database.items():
                try:
                    with database.session() as session:
                        session.execute(update(JobRow).where(JobRow.id.in_(job_ids),
                                                             JobRow.status.in_(("queued", "running")))
                                        .values(updated_at=_now()))
                except Exception:  # a database hiccup must not stop the heartbeat; the next beat tries again
                    log.warning("job heartbeat failed", exc_info=True)

    def _run_held(self, context: Context, job_id: str, work: Work) -> None:
        try:
            _run(context, job_id, work)
        finally:
            with self._lock:
                self._held.pop(job_id, None)

    def submit(self, context: Context, kind: str, account_id: str, work: Work) -> Job:
        job_id = uuid.uuid4().hex[:16]
        with context.db.session() as session:
            now = _now()
            session.add(JobRow(id=job_id, kind=kind, account_id=account_id, status="queued", done=0, total=0, step="",
                               created_by=context.principal.user_id, created_at=now, updated_at=now))
        pool = self._running_pool()
        with self._lock:
            self._held[job_id] = context
        # the job runs in the submitter's context: its log lines carry the request id of the request that made it
        pool.submit(contextvars.copy_context().run, self._run_held, context, job_id, work)
        return get_job(context, job_id)

    def submit_in_child(self, context: Context, kind: str, account_id: str, task: ChildTask, *args: Any) -> Job:
        """Like ``submit``, but ``task(context, progress, *args)`` runs in a child process started for it, on stores
        of its own, as the submitter; a worker thread here waits for it and records how it ended."""
        def work(progress: Progress) -> dict[str, Any]:
            child = _SPAWN.Process(target=_run_child, name=f"handoff-{kind}-{progress.job_id}",
                                   args=(context.settings, context.principal, progress.job_id, task, args))
            child.start()
            child.join()
            with context.db.session() as session:
                row = session.get(JobRow, progress.job_id)
                status, result, error = row.status, row.result, row.error
            if status == "failed":
                raise HandoffError(error or "failed")
            if child.exitcode != 0 or result is None:
                raise HandoffError(f"the {kind} process stopped before it finished (exit code {child.exitcode})")
            return result

        return self.submit(context, kind, account_id, work)

    def shutdown(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=False)
        self._stopping.set()


def _run(context: Context, job_id: str, work: Work) -> None:
    progress = Progress(context, job_id)
    progress._update(status="running")
    try:
        result = work(progress)
        progress._update(status="done", result=result)
    except HandoffError as exc:
        progress._update(status="failed", error=_failure(job_id, exc))
    except Exception as exc:  # the job fails with a reason; the worker goes on
        log.exception("job %s failed", job_id)
        progress._update(status="failed", error=f"unexpected error: {type(exc).__name__}")


def _failure(job_id: str, exc: HandoffError) -> str:
    """What the job's owner reads: a request error as it is; a configuration error logged for the operator, and
    only what to install or set for the owner (as over HTTP)."""
    if isinstance(exc, ConfigError):
        log.error("job %s failed: server misconfigured: %s", job_id, exc)
        return exc.public
    return str(exc)


# "spawn": a fresh interpreter, the same on every platform, holding none of this process's threads or locks
_SPAWN = multiprocessing.get_context("spawn")
CHILD_NICENESS = 10


def _run_child(settings, principal, job_id: str, task: ChildTask, args: tuple) -> None:
    """A child process's whole life: its own context as the submitter; the result (or the failure) into the job's
    row, for the parent to read. Its status is the parent's to set, except a failure's."""
    if hasattr(os, "nice"):  # background work yields the CPU to the API process's users
        os.nice(CHILD_NICENESS)
    context = Context(settings).as_principal(principal)
    progress = Progress(context, job_id)
    try:
        progress._update(result=task(context, progress, *args))
    except HandoffError as exc:
        progress._update(status="failed", error=_failure(job_id, exc))
    except Exception as exc:
        log.exception("job %s failed", job_id)
        progress._update(status="failed", error=f"unexpected error: {type(exc).__name__}")
    finally:
        context.close()


def get_job(context: Context, job_id: str) -> Job:
    with context.db.session() as session:
        row = session.get(JobRow, job_id)
        try:
            if row is None:
                raise NotFound("")
            context.account_access(row.account_id, session)
        except NotFound:
            raise NotFound(f"no job {job_id!r}") from None  # not even which account a job belongs to leaks
        quiet = (_now() - row.updated_at).total_seconds()
        if row.status in ("queued", "running") and quiet > context.settings.job_stale_seconds:
            log.warning("job %s went quiet %.0f s ago; marking it failed", job_id, quiet)
            row.status, row.error, row.updated_at = "failed", INTERRUPTED, _now()
        return Job(id=row.id, kind=row.kind, account_id=row.account_id, status=row.status, done=row.done,
                   total=row.total, step=row.step, result=row.result, error=row.error, created_at=row.created_at,
                   updated_at=row.updated_at)


def _now() -> datetime:
    return datetime.now(timezone.utc)
