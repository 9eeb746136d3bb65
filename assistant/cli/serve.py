"""``handoff serve``: the HTTP API (and, once built, the web app) with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.app import app, console, errors
from assistant.config import export_data_dir, load_settings

WORKER_HEALTHCHECK_SECONDS = 60


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option("--host", help="default 127.0.0.1 (HANDOFF_HOST)")] = None,
    port: Annotated[int | None, typer.Option("--port", help="default 8000 (HANDOFF_PORT)")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="API worker processes")] = 1,
) -> None:
    """Serve the API (OpenAPI at /docs)."""
    import uvicorn

    settings = load_settings((ctx.obj or {}).get("data_dir"))
    if workers > 1 and not settings.chroma_url:
        errors.print(
            f"[red]error:[/red] --workers {workers} needs a Chroma server: embedded Chroma is not safe for "
            "several processes (each would write the index files on its own and miss the others' vectors). "
            "Start one with `chroma run --path DIR --port 8001`, set HANDOFF_CHROMA_URL=http://127.0.0.1:8001 "
            "(README: Running at scale), or serve with one worker."
        )
        raise typer.Exit(2)
    export_data_dir(settings.data_dir)
    host, port = host or settings.host, port or settings.port
    console.print(f"handoff on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    # A worker answers uvicorn's health ping only once it has imported handoff, and later between CPU-bound
    # requests; uvicorn's 5 s default kills and restarts workers in a loop on a busy 2-core machine.
    uvicorn.run("assistant.api.app:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="info", timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS)
