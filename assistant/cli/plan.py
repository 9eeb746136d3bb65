"""``handoff plan``: the handoff plan of an account: create or show it, refresh it, and mark tasks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app, console, errors, open_context
from assistant.cli.handoff_pack import AsOf, parse_as_of
from assistant.platform.errors import NotFound
from assistant.plan.render import plan_text
from assistant.plan.service import create_plan, get_plan, update_task



@app.command("plan")
def plan_command(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    as_of: AsOf = None,
    template: Annotated[Path | None, typer.Option("--template", help="your team's plan template (YAML)")] = None,
    refresh: Annotated[bool, typer.Option("--refresh", help="re-check gaps and the CRM's transition date")] = False,
    done: Annotated[int | None, typer.Option("--done", metavar="TASK_ID", help="mark a task done")] = None,
    reopen: Annotated[int | None, typer.Option("--reopen", metavar="TASK_ID", help="mark a task open again")] = None,
    skip: Annotated[int | None, typer.Option("--skip", metavar="TASK_ID", help="mark a task skipped")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Create or show the handoff plan: milestones, tasks (open gaps included), owners, due dates and progress.

    The first run creates the plan, later runs show it; --refresh adds new gaps and closes solved ones."""
    marks = [(task_id, status) for task_id, status in ((done, "done"), (reopen, "open"), (skip, "skipped")) if task_id]
    if len(marks) > 1:
        errors.print("[red]error:[/red] give one of --done, --reopen, --skip at a time")
        raise typer.Exit(2)
    when = parse_as_of(as_of)
    with open_context(ctx) as context:
        if marks:
            task = update_task(context, account, marks[0][0], status=marks[0][1])
            errors.print(f"task #{task.id} {task.title!r} is {task.status}")
            plan = get_plan(context, account)
        elif refresh or template is not None:
            plan = create_plan(context, account, when, template)
        else:
            try:
                plan = get_plan(context, account)
            except NotFound:
                plan = create_plan(context, account, when)
        name = context.account_access(account).name
    if as_json:
        console.print_json(plan.model_dump_json())
    else:
        console.print(plan_text(plan, name, when), markup=False, highlight=False)
