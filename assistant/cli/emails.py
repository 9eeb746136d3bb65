"""``handoff email`` and ``handoff review``: customer emails drafted, reviewed, exported and sent.

``--as NAME`` acts as that handoff user (their role and account access). Without it the command runs as the local
operator, who may draft, list and export, but never approve or reject: approving needs a real reviewer."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli.app import app, console, errors, open_context
from assistant.cli.handoff_pack import AsOf, parse_as_of
from assistant.platform.context import Context
from assistant.emails import service
from assistant.emails.models import EmailDraft
from assistant.access.users import find_user

review_app = typer.Typer(no_args_is_help=True,
                         help="the review queue: list, show, edit, approve, reject, export, send")
app.add_typer(review_app, name="review")

ActAs = Annotated[str | None,
                  typer.Option("--as", help="act as this handoff user (name); default the local operator")]
AsJson = Annotated[bool, typer.Option("--json", help="print JSON")]
DraftId = Annotated[int, typer.Argument(help="email draft id (`handoff review list`)")]


def _acting(context: Context, user: str | None) -> Context:
    return context if user is None else context.as_principal(find_user(context, user).principal())


def _show(draft: EmailDraft, as_json: bool) -> None:
    if as_json:
        console.print_json(draft.model_dump_json())
        return
    v = draft.current
    console.print(f"email {draft.id} ({draft.kind}, {draft.account_id}): {draft.status}, version {v.version}, "
                  f"by {draft.author or '-'} via {draft.engine}", markup=False, highlight=False)
    console.print(f"From: {draft.sender}\nTo: {', '.join(v.to)}\nCc: {', '.join(v.cc)}\nSubject: {v.subject}\n\n"
                  f"{v.body}", markup=False, highlight=False)
    for review in draft.reviews:
        console.print(f"[{review.decision} v{review.version}] {review.comment}", markup=False, highlight=False)
    if removed := draft.generation.get("removed_sentences"):
        errors.print(f"removed from the generated text: {removed}", markup=False, highlight=False)


@app.command()
def email(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="account id")],
    kind: Annotated[str, typer.Option("--kind", help="intro or farewell")] = "intro",
    as_of: AsOf = None,
    as_user: ActAs = None,
    as_json: AsJson = False,
) -> None:
    """Draft a customer email (intro or farewell) for review; nothing is sent until a reviewer approves it."""
    if kind not in ("intro", "farewell"):
        errors.print("[red]error:[/red] --kind is intro or farewell")
        raise typer.Exit(2)
    when = parse_as_of(as_of)
    with open_context(ctx) as context:
        draft = service.draft_email(_acting(context, as_user), account, kind, when)
    _show(draft, as_json)
    if not as_json:
        errors.print(f"draft {draft.id} waits for review: `handoff review approve {draft.id} --as REVIEWER`")


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    account: Annotated[str | None, typer.Option("--account", help="only this account")] = None,
    status: Annotated[str, typer.Option("--status", help="draft (the queue), approved, rejected, all")] = "draft",
    as_user: ActAs = None,
    as_json: AsJson = False,
) -> None:
    """The review queue: drafts waiting for a decision (or --status approved|rejected|all)."""
    with open_context(ctx) as context:
        drafts = service.list_drafts(_acting(context, as_user), account, None if status == "all" else status)
    if as_json:
        console.print_json(json.dumps([d.model_dump(mode="json") for d in drafts]))
        return
    for d in drafts:
        console.print(f"{d.id}\t{d.account_id}\t{d.kind}\t{d.status}\tv{d.current.version}\t{d.author or '-'}\t"
                      f"{d.current.subject}", markup=False, highlight=False)
    if not drafts:
        errors.print("no emails here")


@review_app.command("show")
def review_show(ctx: typer.Context, draft_id: DraftId, as_user: ActAs = None, as_json: AsJson = False) -> None:
    """Show an email draft's latest version and its reviews."""
    with open_context(ctx) as context:
        draft = service.get_draft(_acting(context, as_user), draft_id)
    _show(draft, as_json)


@review_app.command("edit")
def review_edit(
    ctx: typer.Context,
    draft_id: DraftId,
    subject: Annotated[str | None, typer.Option("--subject", help="the new subject")] = None,
    body_file: Annotated[Path | None, typer.Option("--body-file", help="a file with the new body")] = None,
    as_user: ActAs = None,
    as_json: AsJson = False,
) -> None:
    """Edit a draft: a new version (an approved email goes back to review)."""
    body = body_file.read_text(encoding="utf-8") if body_file else None
    with open_context(ctx) as context:
        draft = service.edit_draft(_acting(context, as_user), draft_id, subject=subject, body=body)
    _show(draft, as_json)


@review_app.command("approve")
def review_approve(
    ctx: typer.Context,
    draft_id: DraftId,
    comment: Annotated[str, typer.Option("--comment")] = "",
    as_user: ActAs = None,
) -> None:
    """Approve the latest version (a reviewer other than the author)."""
    with open_context(ctx) as context:
        draft = service.approve(_acting(context, as_user), draft_id, comment)
    console.print(f"email {draft.id} approved (version {draft.current.version})")


@review_app.command("reject")
def review_reject(
    ctx: typer.Context,
    draft_id: DraftId,
    comment: Annotated[str, typer.Option("--comment", help="why (required)")],
    as_user: ActAs = None,
) -> None:
    """Reject a draft, saying why; draft a new one with `handoff email`."""
    with open_context(ctx) as context:
        draft = service.reject(_acting(context, as_user), draft_id, comment)
    console.print(f"email {draft.id} rejected")


@review_app.command("export")
def review_export(
    ctx: typer.Context,
    draft_id: DraftId,
    out: Annotated[Path, typer.Option("--out", help="the .eml file to write")],
    as_user: ActAs = None,
) -> None:
    """Write an approved email as a .eml file."""
    with open_context(ctx) as context:
        data = service.export_eml(_acting(context, as_user), draft_id)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    console.print(f"wrote {out}")


@review_app.command("send")
def review_send(ctx: typer.Context, draft_id: DraftId, as_user: ActAs = None) -> None:
    """Send an approved email over SMTP (HANDOFF_SMTP_HOST; without it, export only)."""
    with open_context(ctx) as context:
        draft = service.send_email(_acting(context, as_user), draft_id)
    console.print(f"email {draft.id} sent at {draft.sent_at:%Y-%m-%d %H:%M}")
