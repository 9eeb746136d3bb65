"""Per-request bookkeeping as plain ASGI middleware: the request id (taken from ``X-Request-ID`` when it is sane,
else made up), returned in the response header and set in the logging context; one log line per request; and the
request's latency in the metrics, labelled by route template (``/api/accounts/{account_id}``), not by raw path.

It is the outermost layer the app controls, so it also answers what would otherwise leave without a request id or as
plain text: a body whose declared Content-Length is over the limit (413) and an unhandled error (500), both as
problem details."""

from __future__ import annotations

import logging
import re
import time
import uuid

from assistant.platform import metrics
from assistant.api.problems import problem
from assistant.platform.logs import REQUEST_ID

log = logging.getLogger("handoff.http")
HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")  # anything else (spaces, newlines, huge) is replaced


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    for name, value in headers:
        if name.lower() == b"x-request-id":
            candidate = value.decode("latin-1").strip()
            if _SANE_ID.match(candidate):
                return candidate
    return uuid.uuid4().hex


class RequestContextMiddleware:
    def __init__(self, app, max_body_bytes: int | None = None) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(scope.get("headers") or [])
        token = REQUEST_ID.set(request_id)
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering
        started_response = False

        async def send_with_id(message) -> None:
            nonlocal status, started_response
            if message["type"] == "http.response.start":
                status, started_response = message["status"], True
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"x-request-id"]
                message = {**message, "headers": [*headers, (b"x-request-id", request_id.encode())]}
            await send(message)

        try:
            declared = _content_length(scope)
            if self.max_body_bytes is not None and declared is not None and declared > self.max_body_bytes:
                refusal = f"the request body ({declared:,} bytes) is over the limit of {self.max_body_bytes:,} bytes"
                await problem(413, refusal)(scope, receive, send_with_id)
            else:
                await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error in %s %s", scope["method"], _route_template(scope))
            if started_response:
                raise
            detail = f"internal error; quote request id {request_id} when reporting it"
            await problem(500, detail)(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = _route_template(scope)
            metrics.HTTP_SECONDS.labels(scope["method"], route, str(status)).observe(elapsed)
            log.info("%s %s %d", scope["method"], route, status, extra={
                "method": scope["method"], "route": route, "path": scope.get("path", ""), "status": status,
                "duration_ms": round(elapsed * 1000, 1)})
            REQUEST_ID.reset(token)


def _content_length(scope) -> int | None:
    for name, value in scope.get("headers") or []:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _route_template(scope) -> str:
    """The matched route's path template; unmatched paths share one label so a scan cannot blow up the metrics."""
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    return path if isinstance(path, str) else "unmatched"
