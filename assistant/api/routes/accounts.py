"""Accounts, their sources, uploads for ingest (a background job), and search."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, UploadFile, status

from assistant.api.problems import API_PROBLEMS, problem_responses
from assistant.account.catalog import AccountSummary, ForgetResult, forget, list_accounts, list_sources, SourceSummary
from assistant.api.deps import Jobs, UserContext
from assistant.http.background import start_ingest
from assistant.access.rules import require_role
from assistant.platform.jobs import Job
from assistant.grounding.retrieval import SearchHit, search
from assistant.store.filters import ChunkFilter
from assistant.indexing.uploads import UploadedFile
from ingest.document import SourceType

router = APIRouter(prefix="/api/accounts", tags=["accounts"], responses=API_PROBLEMS)


@router.get("")
def accounts(context: UserContext) -> list[AccountSummary]:
    """The accounts you may see, with document counts by source type."""
    return list_accounts(context)


@router.get("/{account_id}")
def account(account_id: str, context: UserContext) -> AccountSummary:
    context.account_access(account_id)
    return next(a for a in list_accounts(context) if a.account_id == account_id)


@router.get("/{account_id}/sources")
def sources(account_id: str, context: UserContext) -> list[SourceSummary]:
    return list_sources(context, account_id)


@router.delete("/{account_id}/sources")
def delete_source(account_id: str, path: Annotated[str, Query(min_length=1)], context: UserContext) -> ForgetResult:
    """Forget the sources under a path (a file, a folder, or one item such as tickets/tickets.json#4812)."""
    return forget(context, account_id, path)


@router.delete("/{account_id}")
def delete_account(account_id: str, context: UserContext) -> ForgetResult:
    require_role(context.principal, "admin")
    return forget(context, account_id)


@router.post("/{account_id}/uploads", status_code=status.HTTP_202_ACCEPTED, responses=problem_responses(413))
def upload(
    account_id: str,
    files: Annotated[list[UploadFile], File(description="files, or a zip", min_length=1)],
    context: UserContext,
    jobs: Jobs,
) -> Job:
    """Add files (or a zip of an account folder) to the account and ingest them in the background."""
    uploads = [UploadedFile(name=f.filename or "upload", stream=f.file) for f in files]  # streamed, not read whole
    return start_ingest(context, jobs, account_id, uploads)


@router.get("/{account_id}/search")
def search_account(
    account_id: str,
    context: UserContext,
    q: Annotated[str, Query(min_length=1, max_length=2000)],
    k: Annotated[int, Query(ge=1, le=100)] = 8,
    source_type: Annotated[list[SourceType] | None, Query(alias="type")] = None,
    date_from: Annotated[date | None, Query(alias="from")] = None,
    date_to: Annotated[date | None, Query(alias="to")] = None,
    mode: Literal["hybrid", "dense", "keyword"] = "hybrid",
) -> list[SearchHit]:
    where = ChunkFilter(source_types=source_type or None, date_from=date_from, date_to=date_to)
    return search(context, account_id, q, k, where, mode)
