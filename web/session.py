"""What every page shares: the signed-in user from the session cookie, CSRF checks on forms, the templates, and
errors shown as pages (a missing session sends you to sign in)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from assistant.api.deps import SESSION_COOKIE, app_context, check_csrf, csrf_token
from assistant.api.problems import Unauthorized, status_of
from assistant.context import Context
from assistant.errors import Forbidden, HandoffError
from assistant.users import User, authenticate

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
SESSION_MAX_AGE = 12 * 3600


def session_token(request: Request) -> str:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise Unauthorized("sign in to continue")
    return token


def session_user(
    request: Request, token: Annotated[str, Depends(session_token)],
    context: Annotated[Context, Depends(app_context)],
) -> User:
    try:
        return authenticate(context, token, client=request.client.host if request.client else None)
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
    check_csrf(token, str(form.get("csrf_token") or "") or request.headers.get("X-CSRF-Token"))
    return form


PageUser = Annotated[User, Depends(session_user)]
PageContext = Annotated[Context, Depends(page_context)]
Form = Annotated[FormData, Depends(checked_form)]


def set_session(response: Response, request: Request, token: str) -> None:
    response.set_cookie(SESSION_COOKIE, token, max_age=SESSION_MAX_AGE, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https", path="/")


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")


def render(request: Request, template: str, user: User | None = None, status_code: int = 200, **values) -> HTMLResponse:
    token = request.cookies.get(SESSION_COOKIE)
    values.update(user=user, csrf=csrf_token(token) if token and user else "")
    return templates.TemplateResponse(request, template, values, status_code=status_code)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


class PageRoute(APIRoute):
    """A page: a missing or ended session redirects to sign-in; a service error is an HTML page with its status.
    An account the user may not see is 404, exactly like one that does not exist."""

    def get_route_handler(self):
        handler = super().get_route_handler()

        async def page_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except Unauthorized:
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return redirect(f"/signin?next={quote(target)}")
            except HandoffError as exc:
                status = status_of(exc)
                return render(request, "error.html", None, status, status=status, detail=str(exc))

        return page_handler
