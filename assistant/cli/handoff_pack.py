"""``handoff note | gaps | debrief``: the outgoing CSM's handoff pack."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app, console, errors, open_context
import json

from assistant.gaps.service import find_gaps
from assistant.notes.render import render_html, render_markdown
from assistant.notes.template import load_template
from assistant.pack.assemble import build_pack, current_debrief
from assistant.pack.render import debrief_markdown, gaps_markdown, write_pack

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
            drafted = build_pack(
                context, account, when, spec, on_section=lambda key: status.update(f"drafting section {key}...")
            ).note
        name = context.account_access(account).name
    if output_format == "json":
        write_or_print(drafted.model_dump_json(indent=2), out)
    elif output_format == "html":
        write_or_print(render_html(drafted, name), out)
    else:
        write_or_print(render_markdown(drafted, name), out)


@app.command()
def gaps(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Flag documentation gaps, each with its evidence and a question for the outgoing CSM."""
    when = parse_as_of(as_of)
    with open_context(ctx) as context:
        found = find_gaps(context, account, when)
        name = context.account_access(account).name
    if as_json:
        console.print_json(json.dumps([g.model_dump(mode="json") for g in found]))
    else:
        console.print(gaps_markdown(found, name, when.isoformat()), markup=False, highlight=False)


@app.command()
def debrief(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """The debrief agenda: questions for the outgoing CSM from gaps, risks and open commitments (before the first
    note, from the gaps only: `handoff note` drafts one)."""
    when = parse_as_of(as_of)
    with open_context(ctx) as context:
        questions = current_debrief(context, account, when)  # before the first note: the open gaps' questions
        name = context.account_access(account).name
    if as_json:
        console.print_json(json.dumps([q.model_dump(mode="json") for q in questions]))
    else:
        console.print(debrief_markdown(questions, name), markup=False, highlight=False)


@app.command()
def pack(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    out: Annotated[Path, typer.Option("--out", help="folder to write the pack into")],
    as_of: AsOf = None,
    template: Annotated[Path | None, typer.Option("--template", help="your team's note template (YAML)")] = None,
) -> None:
    """Write the whole handoff pack: note.md, note.html, note.json, gaps.md, gaps.json, debrief.md."""
    when = parse_as_of(as_of)
    with open_context(ctx) as context:
        spec = load_template(template)
        with console.status("drafting the handoff pack...") as status:
            result = build_pack(context, account, when, spec, on_section=lambda k: status.update(f"drafting {k}..."))
        name = context.account_access(account).name
    files = write_pack(result, name, when, out)
    console.print(f"wrote the handoff pack for {name} to {out}: " + ", ".join(files))
