"""``handoff ingest | accounts | search | forget``."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from assistant.account.catalog import forget as forget_service
from assistant.account.catalog import list_accounts
from assistant.cli.app import app, console, errors, open_context
from assistant.cli.handoff_pack import AsOf, parse_as_of
from assistant.account.ingest import IngestReport, ingest_path
from assistant.grounding.retrieval import search as search_service
from assistant.indexing.doctor import check_store, repair_store
from assistant.store.filters import ChunkFilter
from ingest.document import SourceType
from ingest.folder import discover
from ingest.options import ReadOptions
from ingest.tickets import TicketColumnMapping


@app.command()
def ingest(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="an account folder, a folder of account folders, or one file")],
    account: Annotated[str | None, typer.Option("--account", help="ingest everything under PATH as this account")] = None,
    prune: Annotated[bool, typer.Option("--prune", help="remove sources whose files are gone from PATH")] = False,
    ticket_mapping: Annotated[
        Path | None, typer.Option("--ticket-mapping", help="JSON mapping of ticket fields to CSV column names")
    ] = None,
    crm_name: Annotated[str | None, typer.Option(
        "--crm-name", help="the account's name or id in an org-wide CRM export holding many accounts")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    list_files: Annotated[bool, typer.Option("--files", help="say what each file was read as, however many")] = False,
    as_of: AsOf = None,
) -> None:
    """Ingest CRM records, meeting notes, transcripts, emails, tickets and documents (PDF and Word contracts, order
    forms, plans). Re-running skips what is unchanged. A transition seen in the CRM record opens a handoff with its
    plan (gaps judged as of --as-of)."""
    when = parse_as_of(as_of)
    try:
        mapping = TicketColumnMapping.model_validate_json(ticket_mapping.read_text()) if ticket_mapping else None
        folders = discover(path, account)
        if crm_name and len(folders) > 1:
            raise ValueError(f"--crm-name names one account's record, and {path} holds {len(folders)} accounts; "
                             "ingest that account's folder alone")
        total = sum(len(folder.files) for folder in folders)
    except (OSError, ValueError) as exc:
        errors.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    with open_context(ctx) as context:
        with Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=errors, disable=as_json
        ) as progress:
            task = progress.add_task("ingesting", total=total)
            options = ReadOptions(ticket_mapping=mapping, crm_name=crm_name)
            report = ingest_path(context, path, account, prune, options, on_file=lambda _: progress.advance(task),
                                 as_of=when)
    if as_json:
        console.print_json(report.model_dump_json())
    else:
        _print_report(report, list_files)
    if report.failed:
        raise typer.Exit(3)


FILES_LISTED = 25  # more files read than this: one line per kind instead of one per file


def _print_report(report: IngestReport, list_files: bool = False) -> None:
    for a in report.accounts:
        if list_files or len(a.read) <= FILES_LISTED:
            for read in a.read:
                console.print(f"read: {a.account_id}/{read.path}: {read.read_as}")
        else:
            kinds = Counter(read.read_as.split(" × ")[-1] for read in a.read)
            console.print(f"read: {a.account_id}: {len(a.read)} files: "
                          + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common()) + " (--files lists each)")
    table = Table("account", "files", "documents", "chunks", "unchanged", "duplicates", "pruned", "failed")
    for a in report.accounts:
        table.add_row(
            a.account_id, *(str(n) for n in (a.files, a.documents, a.chunks, a.unchanged, a.duplicates, a.pruned)),
            str(len(a.failures)),
        )
    console.print(table)
    for a in report.accounts:
        for failure in a.failures:
            errors.print(f"[yellow]failed:[/yellow] {a.account_id}/{failure.path}: {failure.reason}")
        for note in a.notes:
            errors.print(f"[cyan]note:[/cyan] {a.account_id}: {note}")


@app.command()
def accounts(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False
) -> None:
    """List ingested accounts with their document counts by source type and their open handoff."""
    with open_context(ctx) as context:
        summaries = list_accounts(context)
    if as_json:
        console.print_json(json.dumps([s.model_dump(mode="json") for s in summaries]))
        return
    table = Table("account", "name", "documents", "chunks", "last ingest", "handoff")
    for s in summaries:
        docs = ", ".join(f"{n} {kind}" for kind, n in s.documents.items())
        when = s.last_ingested_at.strftime("%Y-%m-%d %H:%M") if s.last_ingested_at else "-"
        table.add_row(s.account_id, s.name, docs, str(s.chunks), when, s.handoff.summary() if s.handoff else "-")
    console.print(table)


@app.command()
def search(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    query: Annotated[str, typer.Argument(help="what to look for")],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="how many results")] = 8,
    source_type: Annotated[list[SourceType] | None, typer.Option("--type", help="only these source types")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="only material dated on or after (YYYY-MM-DD)")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="only material dated on or before (YYYY-MM-DD)")] = None,
    mode: Annotated[str, typer.Option("--mode", help="hybrid, dense or keyword")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Search one account's history (hybrid dense + keyword)."""
    try:
        where = ChunkFilter(
            source_types=source_type or None,
            date_from=date.fromisoformat(date_from) if date_from else None,
            date_to=date.fromisoformat(date_to) if date_to else None,
        )
    except ValueError as exc:
        errors.print(f"[red]error:[/red] dates are YYYY-MM-DD ({exc})")
        raise typer.Exit(2) from None
    if mode not in ("hybrid", "dense", "keyword"):
        errors.print("[red]error:[/red] --mode is one of hybrid, dense, keyword")
        raise typer.Exit(2)
    with open_context(ctx) as context:
        hits = search_service(context, account, query, k, where, mode)  # type: ignore[arg-type]
    if as_json:
        console.print_json(json.dumps([h.model_dump(mode="json") for h in hits]))
        return
    if not hits:
        console.print("no results")
    for rank, hit in enumerate(hits, start=1):
        when = hit.date.strftime("%Y-%m-%d") if hit.date else "undated"
        snippet = " ".join(hit.text.split())[:220]
        where = f"{hit.source_path}, {hit.locator}" if hit.locator else hit.source_path  # "x.pdf, page 2"
        console.print(f"[bold]{rank}.[/bold] {where}  [dim]{when}  score {hit.score:.4f}[/dim]")
        console.print(f"   {snippet}", highlight=False)


@app.command()
def forget(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    path: Annotated[str | None, typer.Argument(help="a file, folder or item (tickets/tickets.json#4812)")] = None,
) -> None:
    """Delete an account from every store, or just the sources under PATH."""
    with open_context(ctx) as context:
        result = forget_service(context, account, path)
    what = f"account {account}" if result.account_deleted else f"{path} in {account}"
    console.print(f"forgot {what}: {result.sources} sources, {result.chunks} chunks")


@app.command()
def doctor(
    ctx: typer.Context,
    account: Annotated[list[str] | None, typer.Argument(help="accounts to check (default: all)")] = None,
    repair: Annotated[
        bool, typer.Option("--repair", help="delete vectors and keyword entries no chunk owns; store missing sentence vectors")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the check as JSON")] = False,
) -> None:
    """Check that the registry, the keyword index and the vector index agree; exit code 4 when they do not."""
    with open_context(ctx) as context:
        check = repair_store(context, account) if repair else check_store(context, account)
    if as_json:
        console.print_json(check.model_dump_json())
    else:
        for a in check.accounts:
            state = "[green]ok[/green]" if a.ok else "[red]inconsistent[/red]"
            console.print(f"{a.account_id}: {state} ({a.sources} sources, {a.chunks} chunks, {a.vectors} vectors)")
            for problem in a.problems:
                examples = ", ".join(problem.examples)
                console.print(f"  {problem.kind}: {problem.count} ({examples}): {problem.detail}")
    if not check.ok:
        raise typer.Exit(4)
