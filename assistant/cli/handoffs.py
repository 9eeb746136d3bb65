"""``handoff handoffs``: the handoffs of one account, or of every account you may see, newest first."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from assistant.cli.app import app, console, open_context
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
