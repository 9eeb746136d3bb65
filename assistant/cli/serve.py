"""``handoff serve``: the web app and the HTTP API with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.app import app, console
from assistant.config import export_data_dir, load_settings


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option("--host", help="default 127.0.0.1 (HANDOFF_HOST)")] = None,
    port: Annotated[int | None, typer.Option("--port", help="default 8000 (HANDOFF_PORT)")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="API worker processes")] = 1,
) -> None:
    """Serve the web app (at /) and the API (OpenAPI at /docs)."""
    import uvicorn

    settings = load_settings((ctx.obj or {}).get("data_dir"))
    export_data_dir(settings.data_dir)
    host, port = host or settings.host, port or settings.port
    console.print(f"handoff on http://{host}:{port}/  (web app; API docs: http://{host}:{port}/docs)")
    uvicorn.run("assistant.api.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="info")
