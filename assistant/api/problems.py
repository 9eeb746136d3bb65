"""Every error as RFC 9457 problem details, mapped in one place. Bodies never carry data the caller may not see."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.emails.models import EmailStateError
from assistant.errors import ConfigError, Forbidden, HandoffError, IngestError, NotFound, ProviderError
from assistant.uploads import UploadTooLarge

_STATUS = [(UploadTooLarge, 413), (NotFound, 404), (Forbidden, 403), (IngestError, 422), (EmailStateError, 409), (ConfigError, 400),
           (ProviderError, 502)]
_TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 409: "Conflict",
           413: "Payload too large", 422: "Unprocessable content", 502: "Provider error"}


class Unauthorized(HandoffError):
    """No valid bearer token."""


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"type": "about:blank", "title": _TITLES.get(status, "Error"), "status": status, "detail": detail}
    return JSONResponse(body, status_code=status, media_type="application/problem+json", headers=headers)


def status_of(exc: HandoffError) -> int:
    return next((status for kind, status in _STATUS if isinstance(exc, kind)), 400)


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Unauthorized)
    async def unauthorized(_: Request, exc: Unauthorized) -> JSONResponse:
        return problem(401, str(exc), {"WWW-Authenticate": "Bearer"})

    @app.exception_handler(HandoffError)
    async def handoff_error(_: Request, exc: HandoffError) -> JSONResponse:
        return problem(status_of(exc), str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return problem(422, errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), getattr(exc, "headers", None))
