"""Request dependencies: the service context, and the caller authenticated by bearer token."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.problems import Unauthorized
from assistant.context import Context
from assistant.errors import Forbidden
from assistant.jobs import JobRunner
from assistant.users import User, authenticate

SESSION_COOKIE = "handoff_token"  # the web app's HttpOnly session cookie holds the user's token
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

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
    token = credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("sign in: send `Authorization: Bearer <token>`")
    if credentials is None and request.method not in _SAFE_METHODS:  # a cookie session: guard against CSRF
        check_csrf(token, request.headers.get(CSRF_HEADER))
    try:
        return authenticate(context, token, client=request.client.host if request.client else None)
    except Forbidden:
        raise Unauthorized("the token is not valid") from None


def csrf_token(session_token: str) -> str:
    """The per-session CSRF token: derived from the session's secret token, so a page can embed it and another
    site cannot know it."""
    return hmac.new(session_token.encode(), b"handoff-csrf", hashlib.sha256).hexdigest()


def check_csrf(session_token: str, presented: str | None) -> None:
    if not presented or not hmac.compare_digest(presented, csrf_token(session_token)):
        raise Forbidden(f"a change made with the session cookie needs the {CSRF_HEADER} header of the page")


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
