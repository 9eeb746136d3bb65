"""Accounts, their sources, uploads for ingest (a background job), and search."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, UploadFile, status

from assistant.api.problems import API_PROBLEMS, problem_responses
from assistant.accounts import AccountSummary, ForgetResult, forget, list_accounts, list_sources, SourceSummary
from assistant.api.deps import CurrentUser, Jobs, UserContext
from assistant.access import require_role
from assistant.audit import record
from assistant.indexer import ingest_path
from assistant.jobs import Job
from assistant.retrieval import SearchHit, search
from assistant.store.documents import require_account
from assistant.store.filters import ChunkFilter
from assistant.uploads import UploadedFile, account_folder, save_uploads
from assistant.users import assign_self
from ingest.document import SourceType

router = APIRouter(prefix="/api/accounts", tags=["accounts"], responses=API_PROBLEMS)


@router.get("")
def accounts(context: UserContext) -> list[AccountSummary]:
    """The accounts you may see, with document counts by source type."""
    return list_accounts(context)


@router.get("/{account_id}")
def account(account_id: str, context: UserContext) -> AccountSummary:
    require_account(context, account_id)
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
    jobs: Jobs, user: CurrentUser,
) -> Job:
    """Add files (or a zip of an account folder) to the account and ingest them in the background."""
    require_role(context.principal, "admin", "csm")
    uploads = [UploadedFile(name=f.filename or "upload", stream=f.file) for f in files]  # streamed, not read whole
    assign_self(context, account_id)  # a new account belongs to whoever uploads it; an existing one is checked
    written = save_uploads(context, account_id, uploads)
    record(context, "sources.upload", account_id, detail={"files": written[:50], "count": len(written)})
    folder = account_folder(context, account_id)

    def work(progress) -> dict:
        progress.set_total(len(list(p for p in folder.rglob("*") if p.is_file())))
        report = ingest_path(context, folder, account_id, on_file=progress.advance)
        return report.accounts[0].model_dump(mode="json")

    return jobs.submit(context, "ingest", account_id, work)


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
