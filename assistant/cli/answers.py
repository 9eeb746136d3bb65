"""``handoff answer``: the outgoing CSM answers or dismisses a gap or debrief question."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.app import app, console, errors, open_context
from assistant.cli.handoff_pack import AsOf, parse_as_of
from assistant.debrief_items.service import answer_item, dismiss_item


@app.command()
def answer(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    item_id: Annotated[str, typer.Argument(help="the gap's or debrief question's id (`handoff gaps ACCOUNT --json`)")],
    text: Annotated[str | None, typer.Argument(help="the answer: what you know that the record does not say")] = None,
    dismiss: Annotated[str | None, typer.Option("--dismiss", help="close it without an answer, saying why")] = None,
    by: Annotated[str | None, typer.Option("--by", help="who answers (default: you)")] = None,
    as_of: AsOf = None,
) -> None:
    """Answer a gap or debrief question (the answer becomes a cited debrief source), or dismiss it with --dismiss."""
    if (text is None) == (dismiss is None):
        errors.print("[red]error:[/red] give either the answer TEXT or --dismiss \"WHY\", not both or neither")
        raise typer.Exit(2)
    with open_context(ctx) as context:
        if dismiss is not None:
            closed = dismiss_item(context, account, item_id, dismiss, by, parse_as_of(as_of))
        else:
            closed = answer_item(context, account, item_id, text or "", by, parse_as_of(as_of))
    where = f" (cited as {closed.source})" if closed.source else ""
    console.print(f"{item_id}: {closed.status} by {closed.author}{where}", markup=False, highlight=False)
