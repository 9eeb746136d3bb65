"""Every error as RFC 9457 problem details, with the status and detail ``assistant.http.errors`` decides for the API
and the pages alike. Bodies never carry data the caller may not see."""

from __future__ import annotations

import re

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.platform.errors import HandoffError, TooManyAttempts
from assistant.http.errors import TITLES, Unauthorized, client_detail, status_of

__all__ = ["API_PROBLEMS", "Problem", "Unauthorized", "install_problem_handlers", "problem", "problem_responses",
           "status_of"]


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (media type application/problem+json)."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str


_DESCRIPTIONS = {400: "The request cannot be carried out as given", 401: "No valid bearer token",
                 403: "Your role may not do this", 404: "No such thing, or not one you may see",
                 409: "The item is not in a state that allows this", 413: "The upload is over the size limit",
                 422: "A parameter or the body is invalid", 429: "Too many failed sign-ins: wait Retry-After seconds",
                 500: "The server is misconfigured (its log says what to install or set)",
                 502: "The language-model provider failed"}


def problem_responses(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI ``responses`` documenting these statuses as problem details, for a router or a route."""
    schema = Problem.model_json_schema()
    content = {"application/problem+json": {"schema": schema}}
    return {status: {"description": _DESCRIPTIONS[status], "content": content} for status in statuses}


API_PROBLEMS = problem_responses(400, 401, 403, 404, 422, 429, 500)  # what any signed-in route can answer


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Unauthorized)
    async def unauthorized(_: Request, exc: Unauthorized) -> JSONResponse:
        return problem(401, str(exc), {"WWW-Authenticate": "Bearer"})

    @app.exception_handler(TooManyAttempts)
    async def too_many_attempts(_: Request, exc: TooManyAttempts) -> JSONResponse:
        return problem(429, str(exc), {"Retry-After": str(exc.retry_after)})

    @app.exception_handler(HandoffError)
    async def handoff_error(_: Request, exc: HandoffError) -> JSONResponse:
        return problem(status_of(exc), client_detail(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return problem(422, errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:  # Starlette names the methods of the first matching route only
            headers = {**(headers or {}), "Allow": ", ".join(_allowed_methods(request))}
        return problem(exc.status_code, str(exc.detail), headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method the published schema lists for the requested path (RFC 9110: Allow names what the resource
    supports, not just what the first matching route does)."""
    path = request.url.path
    methods: set[str] = set()
    for template, item in request.app.openapi().get("paths", {}).items():
        if re.fullmatch(re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)), path):
            methods |= {method.upper() for method in item if method in _HTTP_METHODS}
    return sorted(methods)


_HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
