"""Request dependencies: the service context, and the caller authenticated by bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.problems import Unauthorized
from assistant.context import Context
from assistant.errors import Forbidden
from assistant.jobs import JobRunner
from assistant.users import User, authenticate

_bearer = HTTPBearer(auto_error=False, description="a token from `handoff tokens create USER`")


def app_context(request: Request) -> Context:
    return request.app.state.context


def job_runner(request: Request) -> JobRunner:
    return request.app.state.jobs


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    context: Annotated[Context, Depends(app_context)],
) -> User:
    token = credentials.credentials if credentials else request.cookies.get("handoff_token")
    if not token:
        raise Unauthorized("sign in: send `Authorization: Bearer <token>`")
    try:
        return authenticate(context, token)
    except Forbidden:
        raise Unauthorized("the token is not valid") from None


def user_context(
    user: Annotated[User, Depends(current_user)], context: Annotated[Context, Depends(app_context)]
) -> Context:
    """The service context as the caller: every store read is checked against what they may see."""
    return context.as_principal(user.principal())


CurrentUser = Annotated[User, Depends(current_user)]
UserContext = Annotated[Context, Depends(user_context)]
Jobs = Annotated[JobRunner, Depends(job_runner)]

# A numeric id in a path: the SQL stores hold 64-bit integers, so a larger number is a 422, never a driver error.
RowId = Annotated[int, Path(ge=1, le=2**63 - 1)]
