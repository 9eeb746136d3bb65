"""The accounts list: health, renewal, transition status and gap count per account, and uploads to ingest."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile

from assistant.account.catalog import list_accounts
from assistant.http.background import start_ingest
from assistant.platform.errors import InvalidRequest
from assistant.http.auth import Form, Jobs, PageContext, PageUser
from assistant.http.permissions import may_write
from assistant.indexing.uploads import UploadedFile
from web.session import PageRoute, redirect, render
from web.views import account_rows

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/accounts")
def accounts_page(request: Request, user: PageUser, context: PageContext):
    rows = account_rows(context, list_accounts(context))
    return render(request, "accounts.html", user, rows=rows, can_upload=may_write(context.principal))


@router.post("/uploads")
def upload(context: PageContext, form: Form, jobs: Jobs):
    """Without JavaScript: save the files, start the ingest and follow it on its job page."""
    account_id = str(form.get("account_id") or "").strip()
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not account_id or not files:
        raise InvalidRequest("choose an account id and at least one file")
    job = start_ingest(context, jobs, account_id, [UploadedFile(name=f.filename, stream=f.file) for f in files])
    return redirect(f"/jobs/{job.id}")
