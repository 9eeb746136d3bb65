"""The typer app, its global options, and the error handling every command shares."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator

import typer
from rich.console import Console

from assistant.platform.config import load_settings
from assistant.platform.context import Context
from assistant.platform.errors import ConfigError, HandoffError

app = typer.Typer(no_args_is_help=True, add_completion=False, help="handoff: account transition assistant")
console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)
EX_CONFIG = 78  # sysexits.h: the installation or its settings are wrong (a request error exits 1)


@app.callback()
def global_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None, typer.Option("--data-dir", help="where handoff keeps its stores (default ./.handoff)")
    ] = None,
) -> None:
    ctx.obj = {"data_dir": data_dir}


@contextmanager
def open_context(ctx: typer.Context) -> Iterator[Context]:
    """A service context for one command; handoff's own errors become a one-line message and exit code 1, or
    EX_CONFIG (78) when the installation or a setting is at fault (the message says what to install or set)."""
    context = Context(load_settings((ctx.obj or {}).get("data_dir")))
    try:
        yield context
    except ConfigError as exc:
        errors.print(f"[red]configuration error:[/red] {exc}")
        raise typer.Exit(EX_CONFIG) from None
    except HandoffError as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    finally:
        context.close()
