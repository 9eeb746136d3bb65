"""Every handoff error's HTTP status and what the caller is told, decided in one place for the API and the pages.

A request error (4xx) is the caller's to fix and its message says how. A configuration error is the server's (500):
it is logged with what to install or set, and the caller learns only that the server is misconfigured and, when it
is safe to say, the fix (never a path or a URL)."""

from __future__ import annotations

import logging

from assistant.emails.models import EmailStateError
from assistant.platform.errors import (
    ConfigError, Conflict, Forbidden, HandoffError, IngestError, InvalidRequest, NotFound, ProviderError,
    TooManyAttempts,
)
from assistant.indexing.uploads import UploadTooLarge

log = logging.getLogger("handoff.http")


class Unauthorized(HandoffError):
    """No valid bearer token or session."""


_STATUS = [(UploadTooLarge, 413), (NotFound, 404), (Forbidden, 403), (IngestError, 422), (EmailStateError, 409),
           (Conflict, 409), (InvalidRequest, 400), (Unauthorized, 401), (TooManyAttempts, 429),
           (ConfigError, 500), (ProviderError, 502)]
TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 409: "Conflict",
          413: "Payload too large", 422: "Unprocessable content", 429: "Too many requests",
          500: "Server misconfigured", 502: "Provider error"}


def status_of(exc: HandoffError) -> int:
    return next((status for kind, status in _STATUS if isinstance(exc, kind)), 400)


def client_detail(exc: HandoffError) -> str:
    """What the caller is told. A configuration error is logged here, with the operator's full message."""
    if isinstance(exc, ConfigError):
        log.error("server misconfigured: %s", exc)
        return exc.public
    return str(exc)
