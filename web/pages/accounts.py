"""The accounts list: health, renewal, transition status and gap count per account, and uploads to ingest."""

from __future__ import annotations

from fastapi import APIRouter, Request

from assistant.accounts import list_accounts
from web.session import PageContext, PageRoute, PageUser, render
from web.views import account_rows

router = APIRouter(route_class=PageRoute, include_in_schema=False)


@router.get("/accounts")
def accounts_page(request: Request, user: PageUser, context: PageContext):
    rows = account_rows(context, list_accounts(context))
    return render(request, "accounts.html", user, rows=rows, can_upload=user.role in ("admin", "csm"))
