"""What every page shares besides the caller (``assistant.http.auth``): the templates, and errors shown as pages with
the status ``assistant.http.errors`` decides (a missing session sends you to sign in)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates

from assistant.platform.errors import HandoffError
from assistant.http.auth import SESSION_COOKIE, csrf_token
from assistant.http.errors import Unauthorized, client_detail, status_of
from assistant.access.users import User

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")


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
                return render(request, "error.html", None, status, status=status, detail=client_detail(exc))

        return page_handler
