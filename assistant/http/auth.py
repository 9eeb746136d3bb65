"""Who is calling, for the API and the pages alike: a bearer token, or the web app's session cookie (HttpOnly,
SameSite=Strict) with a per-session CSRF token on every change. Request dependencies as ``Annotated`` aliases."""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.datastructures import FormData

from assistant.platform.context import Context
from assistant.platform.errors import Forbidden
from assistant.http.errors import Unauthorized
from assistant.platform.jobs import JobRunner
from assistant.access.users import User, authenticate

SESSION_COOKIE = "handoff_token"  # the web app's HttpOnly session cookie holds the user's token
SESSION_MAX_AGE = 12 * 3600
CSRF_HEADER = "X-CSRF-Token"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

_bearer = HTTPBearer(auto_error=False, description="a token from `handoff tokens create USER`")


def app_context(request: Request) -> Context:
    return request.app.state.context


def job_runner(request: Request) -> JobRunner:
    return request.app.state.jobs


def _client(request: Request) -> str | None:
    return request.client.host if request.client else None


def current_user(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    context: Annotated[Context, Depends(app_context)],
) -> User:
    """The API's caller: a bearer token, or the session cookie (then a change needs the CSRF header)."""
    token = credentials.credentials if credentials else request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("sign in: send `Authorization: Bearer <token>`")
    if credentials is None and request.method not in _SAFE_METHODS:  # a cookie session: guard against CSRF
        check_csrf(token, request.headers.get(CSRF_HEADER))
    try:
        return authenticate(context, token, client=_client(request))
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


def session_token(request: Request) -> str:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("sign in to continue")
    return token


def session_user(
    request: Request, token: Annotated[str, Depends(session_token)],
    context: Annotated[Context, Depends(app_context)],
) -> User:
    """A page's user: the session cookie only (a page is never reached with a bearer token)."""
    try:
        return authenticate(context, token, client=_client(request))
    except Forbidden:
        raise Unauthorized("your session has ended; sign in again") from None


def page_context(
    user: Annotated[User, Depends(session_user)], context: Annotated[Context, Depends(app_context)]
) -> Context:
    """The service context as the signed-in user: the same principal-scoped view the API routes use."""
    return context.as_principal(user.principal())


async def checked_form(request: Request, token: Annotated[str, Depends(session_token)]) -> FormData:
    """The posted form, once its CSRF field matches the session (the cookie is also SameSite=Strict)."""
    form = await request.form()
    check_csrf(token, str(form.get("csrf_token") or "") or request.headers.get(CSRF_HEADER))
    return form


def set_session(response: Response, request: Request, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_MAX_AGE, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")


AppContext = Annotated[Context, Depends(app_context)]
CurrentUser = Annotated[User, Depends(current_user)]
UserContext = Annotated[Context, Depends(user_context)]
Jobs = Annotated[JobRunner, Depends(job_runner)]
PageUser = Annotated[User, Depends(session_user)]
PageContext = Annotated[Context, Depends(page_context)]
Form = Annotated[FormData, Depends(checked_form)]
