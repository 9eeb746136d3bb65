"""One account: snapshot, stakeholders, timeline, the latest note with its citations, gaps, debrief agenda, the
handoff plan with task check-off, and its customer emails."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, Request

from assistant.account.service import account_model
from assistant.account.snapshot_fills import snapshot_fills
from assistant.account.catalog import list_sources
from assistant.http.background import start_note
from assistant.emails.service import draft_email, list_drafts
from assistant.debrief_items.service import answer_item, dismiss_item
from assistant.handoffs.acceptance import accept_handoff
from assistant.handoffs.readiness import summarise
from assistant.platform.errors import InvalidRequest
from assistant.http.auth import Form, Jobs, PageContext, PageUser
from assistant.notes.added_sources import added_since_latest_note
from assistant.pack.assemble import gaps_and_debrief
from assistant.grounding.passages import get_passage
from assistant.http.permissions import may_accept, may_answer, may_write
from assistant.plan import create_plan, update_task
from assistant.store.documents import crm_record
from web.session import PageRoute, redirect, render
from web.views import (handoff_or_none, plan_or_none, read_latest_note, stakeholders, timeline,
                       transition_status)

router = APIRouter(prefix="/accounts/{account_id}", route_class=PageRoute, include_in_schema=False)

SOURCE_TYPES = {"meeting": "Meetings", "email": "Emails", "chat": "Chat", "ticket": "Tickets", "document": "Documents",
                "debrief": "Debrief answers"}


@router.get("")
def account_page(request: Request, account_id: str, user: PageUser, context: PageContext,
                 type: Literal["meeting", "email", "chat", "ticket", "document", "debrief"] | None = None,
                 as_of: date | None = None):
    account = context.account_access(account_id)
    crm = crm_record(account)
    sources = list_sources(context, account_id)
    note = read_latest_note(context, account_id)
    as_of = as_of or (note.as_of if note else date.today())  # gaps and debrief agree with the note shown
    gaps, debrief = gaps_and_debrief(context, account_id, as_of)
    plan = plan_or_none(context, account_id)
    ready = summarise(account_id, as_of, gaps, debrief, note, handoff_or_none(context, account_id), plan)
    return render(
        request, "account.html", user, account_id=account_id, name=account.name, crm=crm,
        transition=transition_status(crm, plan), people=stakeholders(crm), timeline=timeline(sources, type),
        source_type=type, source_types=SOURCE_TYPES, note=note, gaps=gaps, debrief=debrief, plan=plan,
        emails=list_drafts(context, account_id, status=None), can_edit=may_write(context.principal),
        can_answer=may_answer(context, account_id), as_of=as_of, readiness=ready,
        can_accept=bool(ready.handoff and may_accept(context.principal, ready.handoff)),
        added=added_since_latest_note(context, account_id) if note else None,
        fills=snapshot_fills(account_model(context, account_id)),
    )


@router.get("/passage")
def passage(request: Request, account_id: str, chunk: str, context: PageContext, user: PageUser,
            quote: str = ""):
    """The cited passage as an HTML fragment, the quote marked, for opening a citation in place."""
    found = get_passage(context, account_id, chunk)
    before, marked, after = _split_on_quote(found.text, quote)
    return render(request, "_passage.html", user, passage=found, before=before, marked=marked, after=after)


def _split_on_quote(text: str, quote: str) -> tuple[str, str, str]:
    at = text.find(quote) if quote else -1
    if at < 0:
        return text, "", ""
    return text[:at], quote, text[at + len(quote):]


@router.post("/notes")
def generate_note(account_id: str, context: PageContext, form: Form, jobs: Jobs):
    """Without JavaScript: start the note draft and follow it on its job page."""
    try:
        as_of = date.fromisoformat(str(form.get("as_of") or date.today().isoformat()))
    except ValueError:
        raise InvalidRequest("the note's date is written like 2026-02-06") from None
    return redirect(f"/jobs/{start_note(context, jobs, account_id, as_of).id}")


@router.post("/plan")
def make_plan(account_id: str, context: PageContext, _: Form):
    create_plan(context, account_id, date.today())
    return redirect(f"/accounts/{account_id}#plan")


@router.post("/plan/tasks/{task_id}")
def change_task(account_id: str, task_id: int, context: PageContext, form: Form):
    update_task(context, account_id, task_id, status=str(form.get("status", "")))
    return redirect(f"/accounts/{account_id}#task-{task_id}")


@router.post("/handoff/accept")
def accept_form(account_id: str, context: PageContext, form: Form):
    accept_handoff(context, account_id, _as_of(form), with_open_items=bool(form.get("with_open_items")))
    return redirect(f"/accounts/{account_id}#handoff")


@router.post("/items/{item_id}/answer")
def answer_item_form(account_id: str, item_id: str, context: PageContext, form: Form):
    answer_item(context, account_id, item_id, str(form.get("text", "")), as_of=_as_of(form))
    return redirect(f"/accounts/{account_id}#item-{item_id}")


@router.post("/items/{item_id}/dismiss")
def dismiss_item_form(account_id: str, item_id: str, context: PageContext, form: Form):
    dismiss_item(context, account_id, item_id, str(form.get("reason", "")), as_of=_as_of(form))
    return redirect(f"/accounts/{account_id}#item-{item_id}")


def _as_of(form) -> date | None:
    try:
        return date.fromisoformat(str(form.get("as_of"))) if form.get("as_of") else None
    except ValueError:
        raise InvalidRequest("the date is written like 2026-02-06") from None


@router.post("/emails")
def new_email(account_id: str, context: PageContext, form: Form):
    draft = draft_email(context, account_id, str(form.get("kind", "")))
    return redirect(f"/reviews/{draft.id}")
