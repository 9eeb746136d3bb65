"""``handoff note | gaps | debrief``: the outgoing CSM's handoff pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app, console, errors, open_context
from assistant.notes.render import render_html, render_markdown
from assistant.notes.service import generate_note
from assistant.notes.template import load_template
from assistant.store.documents import require_account

AsOf = Annotated[str | None, typer.Option("--as-of", help="judge ages against this date (YYYY-MM-DD, default today)")]


def parse_as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.print(f"[red]error:[/red] --as-of takes a date as YYYY-MM-DD, not {value!r}")
        raise typer.Exit(2) from None


def write_or_print(text: str, out: Path | None) -> None:
    if out is None:
        console.print(text, markup=False, highlight=False)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text)
        errors.print(f"wrote {out}")


@app.command()
def note(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    as_of: AsOf = None,
    output_format: Annotated[str, typer.Option("--format", help="md, html or json")] = "md",
    out: Annotated[Path | None, typer.Option("--out", help="write to this file instead of printing")] = None,
    template: Annotated[Path | None, typer.Option("--template", help="your team's note template (YAML)")] = None,
) -> None:
    """Draft the transition note: every statement cited to the material it came from."""
    if output_format not in ("md", "html", "json"):
        errors.print("[red]error:[/red] --format is one of md, html, json")
        raise typer.Exit(2)
    when = parse_as_of(as_of)
    with open_context(ctx) as context:
        spec = load_template(template)
        with console.status("drafting the note...") as status:
            drafted = generate_note(
                context, account, when, spec, on_section=lambda key: status.update(f"drafting section {key}...")
            )
        name = require_account(context, account).name
    if output_format == "json":
        write_or_print(drafted.model_dump_json(indent=2), out)
    elif output_format == "html":
        write_or_print(render_html(drafted, name), out)
    else:
        write_or_print(render_markdown(drafted, name), out)
