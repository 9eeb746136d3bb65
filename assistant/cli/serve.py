"""``handoff serve``: the web app and the HTTP API with uvicorn."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app, console, errors
from assistant.platform.config import (
    export_data_dir,
    export_prometheus_multiproc_dir,
    load_settings,
    prometheus_multiproc_dir,
)
from assistant.platform.logs import logging_config

# A worker answers uvicorn's health ping only once it has imported handoff, and later between CPU-bound requests;
# uvicorn's 5 s default kills and restarts workers in a loop on a busy 2-core machine.
WORKER_HEALTHCHECK_SECONDS = 60


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
    if workers > 1 and not settings.chroma_url:
        errors.print(
            f"[red]error:[/red] --workers {workers} needs a Chroma server: embedded Chroma is not safe for "
            "several processes (each would write the index files on its own and miss the others' vectors). "
            "Start one with `chroma run --path DIR --port 8001`, set HANDOFF_CHROMA_URL=http://127.0.0.1:8001 "
            "(README: Running at scale), or serve with one worker."
        )
        raise typer.Exit(2)
    export_data_dir(settings.data_dir)
    if workers > 1 or prometheus_multiproc_dir():
        _fresh_metrics_dir(Path(prometheus_multiproc_dir() or settings.data_dir / "metrics"))
    host, port = host or settings.host, port or settings.port
    console.print(f"handoff on http://{host}:{port}/  (web app; API docs: http://{host}:{port}/docs)")
    uvicorn.run("assistant.server:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_config=logging_config(settings.log_format, settings.log_level), access_log=False,
                timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS)


def _fresh_metrics_dir(path: Path) -> None:
    """Workers share their metrics through this folder (prometheus multiprocess mode); a new server starts it
    empty, as prometheus-client requires."""
    path.mkdir(parents=True, exist_ok=True)
    for stale in path.glob("*.db"):
        stale.unlink()
    export_prometheus_multiproc_dir(path)
