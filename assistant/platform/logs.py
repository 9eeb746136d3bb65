"""Logging for the service: one JSON object per line, each with the id of the request it belongs to, no secrets.

The request id lives in a context variable set by the API middleware (``assistant.api.middleware``); it follows
the request into service and engine code, the thread pool FastAPI runs endpoints in, and background jobs (which
copy the submitting context). Known secrets (the LLM API key, the SMTP password) and anything shaped like a bearer
token or an API key are masked in every line, tracebacks included, whatever logger wrote it.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
from datetime import datetime, timezone
from typing import Any

REQUEST_ID = contextvars.ContextVar[str | None]("handoff_request_id", default=None)
MASK = "***"

_SECRETS: set[str] = set()
_SECRET_SHAPES = re.compile(
    r"\bhnd_[A-Za-z0-9_-]{8,}"  # handoff bearer tokens
    r"|\bsk-[A-Za-z0-9_-]{8,}"  # OpenAI-style API keys
    r"|(?<=Bearer )[A-Za-z0-9._~+/=-]{8,}"
)
# Attributes every LogRecord has; anything else was passed with ``extra=`` and goes into the JSON object.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "taskName", "request_id",
                                                       "color_message"}  # uvicorn's copy with terminal colours


def current_request_id() -> str | None:
    return REQUEST_ID.get()


def register_secret(value: str) -> None:
    """A value that must never appear in a log line (values shorter than 4 characters would mask too much)."""
    if value and len(value) >= 4:
        _SECRETS.add(value)


def scrub(text: str) -> str:
    for secret in sorted(_SECRETS, key=len, reverse=True):
        text = text.replace(secret, MASK)
    return _SECRET_SHAPES.sub(MASK, text)


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id", ...extra fields, "exception"}`` on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or current_request_id(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return scrub(json.dumps(entry, ensure_ascii=False, default=str))


class TextFormatter(logging.Formatter):
    """Human-readable lines for development, with the request id and the same masking."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = getattr(record, "request_id", None) or current_request_id() or "-"
        return scrub(super().format(record))


def formatter_class(log_format: str) -> type[logging.Formatter]:
    return TextFormatter if log_format == "text" else JsonFormatter


def logging_config(log_format: str = "json", level: str = "INFO") -> dict[str, Any]:
    """A ``logging.config.dictConfig`` for the service (uvicorn applies it in every worker process)."""
    handler = {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": {"()": formatter_class(log_format)}},
        "handlers": {"default": handler},
        "root": {"handlers": ["default"], "level": level.upper()},
        "loggers": {  # uvicorn's own handlers are replaced by the root's; its access log is ours (the middleware)
            "uvicorn": {"handlers": [], "propagate": True},
            "uvicorn.error": {"handlers": [], "propagate": True},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            # URLs of every HTTP call and every migration check at INFO are noise; their warnings still show
            "httpx": {"level": "WARNING"},
            "httpx2": {"level": "WARNING"},
            "alembic": {"level": "WARNING"},
        },
    }
