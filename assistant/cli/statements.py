"""``handoff statements`` lists the latest note's statements with their ids; ``handoff statement`` edits, removes,
confirms one or decides on one whose sources changed; ``handoff statement-add`` adds one; ``handoff decisions``
lists every decision taken."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli.app import app, console, errors, open_context
from assistant.models import Statement, TransitionNote
from assistant.notes.corrections import (add_statement, confirm_statement, decisions_of, edit_statement, keep_edit,
                                         remove_statement, take_draft)
from assistant.notes.changes import compare_versions
from assistant.notes.storage import get_note

By = Annotated[str | None, typer.Option("--by", help="who decides (default: you)")]


@app.command()
def statements(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    since: Annotated[int | None, typer.Option("--since", help="mark what is new or changed since this version")]
    = None,
) -> None:
    """The latest note's statements, each with its id and what was decided on it."""
    with open_context(ctx) as context:
        note = get_note(context, account)
        if since is not None:
            note = compare_versions(note, get_note(context, account, since))
    _print_statements(note)


@app.command()
def statement(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    statement_id: Annotated[str, typer.Argument(help="the statement's id (`handoff statements ACCOUNT`)")],
    edit: Annotated[str | None, typer.Option("--edit", help="replace its text (its citations stay)")] = None,
    remove: Annotated[bool, typer.Option("--remove", help="take it out of the note")] = False,
    confirm: Annotated[bool, typer.Option("--confirm", help="vouch for it (a `confirm` statement waits for this)")]
    = False,
    keep: Annotated[bool, typer.Option("--keep", help="its sources changed: keep your edit on them as they are")]
    = False,
    take_draft_: Annotated[bool, typer.Option("--take-draft", help="take your decisions back: the draft stands")]
    = False,
    by: By = None,
) -> None:
    """Correct one statement of the latest note: each decision is a new, audited version that new drafts keep."""
    chosen = [name for name, given in (("--edit", edit is not None), ("--remove", remove), ("--confirm", confirm),
                                       ("--keep", keep), ("--take-draft", take_draft_)) if given]
    if len(chosen) != 1:
        errors.print("[red]error:[/red] give one of --edit \"TEXT\", --remove, --confirm, --keep, --take-draft")
        raise typer.Exit(2)
    with open_context(ctx) as context:
        if edit is not None:
            note = edit_statement(context, account, statement_id, edit, by)
        elif remove:
            note = remove_statement(context, account, statement_id, by)
        elif confirm:
            note = confirm_statement(context, account, statement_id, by)
        elif keep:
            note = keep_edit(context, account, statement_id, by)
        else:
            note = take_draft(context, account, statement_id, by)
    console.print(f"{statement_id}: {chosen[0][2:]} -> note version {note.version}", markup=False, highlight=False)


@app.command("statement-add")
def statement_add(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    section: Annotated[str, typer.Argument(help="the section's key (`handoff statements ACCOUNT` shows them)")],
    text: Annotated[str, typer.Argument(help="the statement")],
    cite: Annotated[list[str] | None, typer.Option("--cite", help="a passage it cites (chunk id); repeatable; "
                                                    "none: it is your own knowledge, kept as a debrief source")]
    = None,
    by: By = None,
) -> None:
    """Add a statement to a section of the latest note."""
    with open_context(ctx) as context:
        note = add_statement(context, account, section, text, cite or [], by)
    added = max((s for sec in note.sections for s in sec.statements if s.edit and s.edit.added),
                key=lambda s: s.edit.at)
    console.print(f"{added.id}: added to {section}, cited to {', '.join(c.where() for c in added.citations)} "
                  f"-> note version {note.version}", markup=False, highlight=False)


@app.command()
def decisions(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    statement_id: Annotated[str | None, typer.Option("--statement", help="one statement's decisions")] = None,
) -> None:
    """Every decision taken on the note's statements, oldest first."""
    with open_context(ctx) as context:
        taken = decisions_of(context, account, statement_id)
    for d in taken:
        what = d.text if d.text is not None else ""
        console.print(f"{d.at.date().isoformat()} {d.statement_id} r{d.revision} {d.action} by {d.author} "
                      f"(on v{d.note_version}) {what}".rstrip(), markup=False, highlight=False)
    if not taken:
        console.print("no decisions yet", markup=False)


def _print_statements(note: TransitionNote) -> None:
    console.print(f"note version {note.version}, as of {note.as_of.isoformat()}", markup=False)
    if note.comparison and note.comparison.compared_with:
        c = note.comparison
        console.print(f"since version {c.compared_with}: {c.new} new, {c.changed} changed", markup=False)
    for section in note.sections:
        if section.key == "gaps":
            continue
        console.print(f"\n[{section.key}] {section.title}", markup=False, highlight=False)
        for s in section.statements:
            console.print(f"  {s.id}  {_marks(s)}{s.text}", markup=False, highlight=False)


def _marks(statement: Statement) -> str:
    edit = statement.edit
    marks = [statement.change] if statement.change else []
    if statement.awaiting_confirmation:
        marks.append("to confirm")
    if edit and edit.sources_changed:
        marks.append("sources changed since your decision: --keep or --take-draft")
    elif edit:
        marks += [m for m, on in (("added", edit.added), ("edited", edit.edited), ("confirmed", edit.confirmed)) if on]
        marks.append(f"by {edit.by}")
    return f"({'; '.join(marks)}) " if marks else ""
