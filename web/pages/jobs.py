"""A background job's progress as a page that refreshes itself: where uploads and note drafts land without
JavaScript (with it, the pages show the same progress in place)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from assistant.http.auth import PageContext, PageUser
from assistant.platform.jobs import get_job
from web.session import PageRoute, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
REFRESH_SECONDS = 2


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str, user: PageUser, context: PageContext):
    job = get_job(context, job_id)
    finished = job.status in ("done", "failed")
    back = f"/accounts/{job.account_id}" + ("#note" if job.kind == "note" else "")
    return render(request, "job.html", user, job=job, back=back, refresh=None if finished else REFRESH_SECONDS)
