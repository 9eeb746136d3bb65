"""Sign in with a token (kept in an HttpOnly, SameSite=Strict cookie) and sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form as FormField, Request

from assistant.api.deps import SESSION_COOKIE, app_context
from assistant.context import Context
from assistant.errors import Forbidden, TooManyAttempts
from assistant.users import authenticate
from web.session import Form, PageRoute, clear_session, redirect, render, set_session

router = APIRouter(route_class=PageRoute, include_in_schema=False)


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
    return render(request, "signin.html", next=_safe_next(next))


@router.post("/signin")
def signin(
    request: Request, context: Annotated[Context, Depends(app_context)], token: Annotated[str, FormField()],
    next: Annotated[str, FormField()] = "/accounts",
):
    token = token.strip()
    try:
        authenticate(context, token, client=request.client.host if request.client else None)
    except TooManyAttempts as blocked:
        response = render(request, "signin.html", status_code=429, next=_safe_next(next),
                          error=f"Too many failed sign-ins. Try again in {blocked.retry_after} seconds.")
        response.headers["Retry-After"] = str(blocked.retry_after)
        return response
    except Forbidden:
        return render(request, "signin.html", status_code=401, next=_safe_next(next),
                      error="That token is not valid. Ask an admin for one (`handoff tokens create NAME`).")
    response = redirect(_safe_next(next))
    set_session(response, request, token)
    return response


@router.post("/signout")
def signout(_: Form):
    response = redirect("/signin")
    clear_session(response)
    return response
