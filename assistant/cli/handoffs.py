"""``handoff handoffs``: the handoffs of one account, or of every account you may see, newest first."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from assistant.cli.app import app, console, open_context
from assistant.cli.handoff_pack import AsOf, parse_as_of
from assistant.handoffs.acceptance import accept_handoff
from assistant.handoffs.readiness import readiness
from assistant.handoffs.reads import list_handoffs


@app.command("handoffs")
def handoffs_command(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Argument(help="account id (default: every account)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """List handoffs: outgoing -> incoming CSM, effective date, status, and what opened each (superseded ones too)."""
    with open_context(ctx) as context:
        found = list_handoffs(context, account)
    if as_json:
        console.print_json(json.dumps([h.model_dump(mode="json") for h in found]))
        return
    table = Table("#", "account", "outgoing -> incoming", "effective", "status", "opened")
    for h in found:
        people = f"{h.outgoing.label() if h.outgoing else '?'} -> {h.incoming.label() if h.incoming else '(not named)'}"
        opened = f"{h.opened_at:%Y-%m-%d} by {h.opened_by} ({h.trigger.replace('_', ' ')})"
        table.add_row(str(h.id), h.account_id, people, h.effective_date.isoformat() if h.effective_date else "-",
                      h.status, opened)
    console.print(table)


@app.command("readiness")
def readiness_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    as_of: AsOf = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """How ready the handoff is: open gaps by severity, statements to confirm, open debrief questions, plan progress."""
    with open_context(ctx) as context:
        found = readiness(context, account, parse_as_of(as_of))
    if as_json:
        console.print_json(found.model_dump_json())
        return
    gaps = ", ".join(f"{n} {severity}" for severity, n in found.open_gaps.items())
    lines = [f"{account}: {'ready' if found.ready else 'not ready (a high-severity gap is open)'}",
             f"handoff: {found.handoff.summary() if found.handoff else 'none'}", f"open gaps: {gaps}",
             f"statements to confirm: {found.statements_to_confirm}"
             + ("" if found.note_version else " (no note yet)"),
             f"open debrief questions: {found.open_questions}",
             f"plan: {f'{found.plan_progress}% done' if found.plan_progress is not None else 'none'}"]
    lines += [f"  open: {item.id} ({item.severity or 'question'}) {item.text}" for item in found.open_items]
    console.print("\n".join(lines), markup=False, highlight=False)


@app.command("accept")
def accept_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    with_open_items: Annotated[bool, typer.Option(
        "--with-open-items", help="accept although high-severity gaps are open (they are listed and audited)")] = False,
    as_of: AsOf = None,
) -> None:
    """The incoming CSM accepts the handoff; completes the plan's internal-handoff milestone."""
    with open_context(ctx) as context:
        done = accept_handoff(context, account, parse_as_of(as_of), with_open_items)
    lines = [f"accepted: {done.handoff.summary()}"]
    if done.milestone_completed:
        lines.append(f"plan: {done.milestone_completed} completed")
    lines += [f"still open: {item.id} {item.text}" for item in done.open_items]
    console.print("\n".join(lines), markup=False, highlight=False)
