"""The caller's identity and the audit log (admins)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from assistant.api.deps import CurrentUser, UserContext
from assistant.api.problems import API_PROBLEMS
from assistant.access.audit import AuditEvent, read_events
from assistant.access.users import User

router = APIRouter(prefix="/api", tags=["team"], responses=API_PROBLEMS)


@router.get("/me")
def me(user: CurrentUser) -> User:
    return user


@router.get("/audit")
def audit(
    context: UserContext,
    account_id: Annotated[str | None, Query()] = None,
    action: Annotated[str | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
) -> list[AuditEvent]:
    """The audit log, newest first (admins only)."""
    return read_events(context, account_id, action, limit)
