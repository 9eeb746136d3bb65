"""Background jobs (ingest, note generation): status and progress."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import UserContext
from assistant.api.problems import API_PROBLEMS
from assistant.platform.jobs import Job, get_job

router = APIRouter(prefix="/api/jobs", tags=["jobs"], responses=API_PROBLEMS)


@router.get("/{job_id}")
def job(job_id: str, context: UserContext) -> Job:
    return get_job(context, job_id)
