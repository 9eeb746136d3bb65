"""Sign in with a token (kept in an HttpOnly, SameSite=Strict cookie) and sign out.

The sign-in form carries a one-time value that must match a SameSite=Strict cookie set with the form, so another
site cannot post its own token into a user's browser (login CSRF): its post arrives without the cookie."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form as FormField, Request

from assistant.platform.errors import Forbidden, TooManyAttempts
from assistant.http.auth import SESSION_COOKIE, AppContext, Form, clear_session, set_session
from assistant.access.users import authenticate
from web.session import PageRoute, redirect, render

router = APIRouter(route_class=PageRoute, include_in_schema=False)
SIGNIN_COOKIE = "handoff_signin"


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no //host) may follow sign-in."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/accounts"


@router.get("/")
def home(request: Request):
    return redirect("/accounts" if request.cookies.get(SESSION_COOKIE) else "/signin")


@router.get("/signin")
def signin_page(request: Request, next: str | None = None):
    return _signin_form(request, next)


def _signin_form(request: Request, next: str | None, status_code: int = 200, error: str = ""):
    """The sign-in page with a fresh form value, and the cookie that must come back with it."""
    nonce = secrets.token_urlsafe(24)
    response = render(request, "signin.html", status_code=status_code, next=_safe_next(next), nonce=nonce,
                      error=error)
    response.set_cookie(SIGNIN_COOKIE, nonce, max_age=3600, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/signin")
    return response


@router.post("/signin")
def signin(
    request: Request, context: AppContext, token: Annotated[str, FormField()],
    next: Annotated[str, FormField()] = "/accounts", nonce: Annotated[str, FormField()] = "",
):
    expected = request.cookies.get(SIGNIN_COOKIE, "")
    if not expected or not hmac.compare_digest(nonce, expected):
        return _signin_form(request, next, 403, "The sign-in form had expired or came from another site. Try again.")
    token = token.strip()
    try:
        authenticate(context, token, client=request.client.host if request.client else None)
    except TooManyAttempts as blocked:
        response = _signin_form(request, next, 429,
                                f"Too many failed sign-ins. Try again in {blocked.retry_after} seconds.")
        response.headers["Retry-After"] = str(blocked.retry_after)
        return response
    except Forbidden:
        return _signin_form(request, next, 401,
                            "That token is not valid. Ask an admin for one (`handoff tokens create NAME`).")
    response = redirect(_safe_next(next))
    set_session(response, request, token)
    response.delete_cookie(SIGNIN_COOKIE, path="/signin", httponly=True, samesite="strict")
    return response


@router.post("/signout")
def signout(_: Form):
    response = redirect("/signin")
    clear_session(response)
    return response
