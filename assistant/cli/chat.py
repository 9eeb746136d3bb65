"""``handoff ask | chat | threads``: the incoming CSM's questions over the account's history."""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated

import typer

from assistant.chat.models import Answer
from assistant.chat.service import ask as ask_service
from assistant.chat.threads import get_thread, list_threads
from assistant.cli.app import app, console, errors, open_context
from assistant.store.filters import ChunkFilter
from ingest.document import SourceType


def _filter(source_type: list[SourceType] | None, date_from: str | None, date_to: str | None) -> ChunkFilter:
    try:
        return ChunkFilter(
            source_types=source_type or None,
            date_from=date.fromisoformat(date_from) if date_from else None,
            date_to=date.fromisoformat(date_to) if date_to else None,
        )
    except ValueError:
        errors.print("[red]error:[/red] dates are YYYY-MM-DD")
        raise typer.Exit(2) from None


def _print_answer(answer: Answer) -> None:
    console.print(answer.answer, markup=False, highlight=False)
    for number, citation in enumerate(answer.citations, start=1):
        console.print(f"  [{number}] {citation.where()}: \"{citation.quote}\"", markup=False, highlight=False)
    if answer.related:
        console.print("Related, not an answer:", markup=False, highlight=False)
        for document in answer.related:
            console.print(f"  - {document.source}: {document.title}", markup=False, highlight=False)


@app.command()
def ask(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    question: Annotated[str, typer.Argument(help="your question, in plain language")],
    thread: Annotated[str | None, typer.Option("--thread", help="continue this conversation")] = None,
    source_type: Annotated[list[SourceType] | None, typer.Option("--type", help="only these source types")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="only material dated on or after")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="only material dated on or before")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Ask the account's history; the answer cites its sources, or says the record does not contain it."""
    where = _filter(source_type, date_from, date_to)
    with open_context(ctx) as context:
        answer = ask_service(context, account, question, thread, where)
    if as_json:
        payload = {"answer": answer.answer, "answerable": answer.answerable,
                   "citations": [c.model_dump() for c in answer.citations],
                   "related": [d.model_dump() for d in answer.related], "thread_id": answer.thread_id}
        console.print_json(json.dumps(payload))
    else:
        _print_answer(answer)
        errors.print(f"(thread {answer.thread_id}: continue with --thread {answer.thread_id})")


@app.command()
def chat(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    thread: Annotated[str | None, typer.Option("--thread", help="resume this conversation")] = None,
) -> None:
    """An interactive conversation with the account's history (an empty line or Ctrl-D ends it)."""
    with open_context(ctx) as context:
        console.print(f"Asking about {account}. An empty line ends the conversation.")
        while True:
            try:
                question = input("you> ").strip()
            except EOFError:
                break
            if not question:
                break
            answer = ask_service(context, account, question, thread)
            thread = answer.thread_id
            _print_answer(answer)
    if thread:
        console.print(f"thread {thread}")


@app.command()
def threads(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    thread: Annotated[str | None, typer.Argument(help="show this thread's turns")] = None,
) -> None:
    """List an account's conversation threads, or show one."""
    with open_context(ctx) as context:
        if thread is None:
            for item in list_threads(context, account):
                console.print(f"{item.thread_id}  {item.updated_at:%Y-%m-%d %H:%M}  {item.title}", markup=False)
            return
        shown = get_thread(context, account, thread)
    for turn in shown.turns:
        console.print(f"you> {turn.question}", markup=False)
        _print_answer(turn.answer)
