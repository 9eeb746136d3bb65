"""The HTTP API as a FastAPI application holding the service context and the background job runner. The web pages
are added to it by ``assistant.server`` (what ``handoff serve`` runs): this package does not import them."""

from __future__ import annotations

from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from starlette.middleware.body_limit import RequestBodyLimitMiddleware

from assistant import __version__
from assistant.api.middleware import RequestContextMiddleware
from assistant.api.problems import install_problem_handlers
from assistant.api.routes import (accounts, chat, emails, handoffs, health, jobs, note_corrections, notes, plan,
                                   team)
from assistant.platform.config import Settings, load_settings
from assistant.platform.context import Context
from assistant.platform.jobs import JobRunner
from assistant.platform.logs import register_secret


FORM_OVERHEAD_BYTES = 1024 * 1024


def create_app(context: Context | None = None, settings: Settings | None = None) -> FastAPI:
    context = context or Context(settings or load_settings())

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        anyio.to_thread.current_default_thread_limiter().total_tokens = context.settings.resolved_api_threads
        yield
        app.state.jobs.shutdown()

    app = FastAPI(
        title="handoff",
        version=__version__,
        description="Cited handoff notes, gap reports, Q&A and reviewed customer emails for account transitions.",
        lifespan=lifespan,
    )
    app.state.context = context
    app.state.jobs = JobRunner(heartbeat_seconds=context.settings.job_heartbeat_seconds)
    install_problem_handlers(app)
    # Request bodies are counted as they stream in (Content-Length checked first, by the outer middleware): an upload
    # over the limit is refused with 413 before it is read, let alone spooled to disk. The margin is multipart framing.
    body_limit = context.settings.max_upload_bytes + FORM_OVERHEAD_BYTES
    app.add_middleware(RequestBodyLimitMiddleware, max_body_size=body_limit)
    app.add_middleware(RequestContextMiddleware, max_body_bytes=body_limit)  # added last: the outer of the two
    for secret in (context.settings.llm_api_key, context.settings.smtp_password):
        register_secret(secret.get_secret_value())
    # note_corrections before notes: /notes/decisions is not a note version
    for module in (health, accounts, note_corrections, notes, chat, emails, plan, handoffs, jobs, team):
        app.include_router(module.router)
    return app
