"""Liveness and readiness."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from assistant.platform import metrics
from assistant.api.deps import app_context
from assistant.platform.context import Context

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up."""
    return {"status": "ok"}


@router.get("/readyz")
def readyz(context: Annotated[Context, Depends(app_context)]) -> JSONResponse:
    """The SQL store and the vector index answer."""
    checks = {}
    try:
        with context.db.session() as session:
            session.execute(text("SELECT 1"))
        checks["sql"] = "ok"
    except Exception as exc:  # report, do not raise: this is the probe
        checks["sql"] = f"error: {type(exc).__name__}"
    try:
        context.vectors.heartbeat()
        checks["index"] = "ok"
    except Exception as exc:
        checks["index"] = f"error: {type(exc).__name__}"
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse({"status": "ready" if ready else "not ready", "checks": checks}, status_code=200 if ready else 503)


@router.get("/metrics", include_in_schema=False)
def prometheus_metrics() -> Response:
    """Prometheus text format (every worker's values added up in multiprocess mode)."""
    body, content_type = metrics.exposition()
    return Response(body, media_type=content_type)
