"""The server ``handoff serve`` runs: the HTTP API with the web pages on the same app. Composed here so that neither
``assistant.api`` nor ``web`` imports the other."""

from __future__ import annotations

from fastapi import FastAPI

from assistant.api.app import create_app
from assistant.platform.config import Settings, load_settings
from assistant.platform.context import Context
from web.app import install_web


def create_server(context: Context | None = None, settings: Settings | None = None) -> FastAPI:
    """The API (``/api``, OpenAPI at ``/docs``) and the server-rendered pages with their static files."""
    app = create_app(context, settings)
    install_web(app)
    return app


def app_from_environment() -> FastAPI:
    """The factory uvicorn workers call (``handoff serve --workers N``): settings from the environment, and the
    service's logging (JSON lines with request ids) whichever way uvicorn was started."""
    import logging.config

    from assistant.platform.logs import logging_config

    settings = load_settings()
    logging.config.dictConfig(logging_config(settings.log_format, settings.log_level))
    return create_server(settings=settings)
