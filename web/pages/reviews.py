"""The review queue: drafts waiting for review, a side-by-side editor with the diff of changes, approve or reject
with a comment, the approved email as .eml; authors see the status of their drafts."""

from __future__ import annotations

import difflib

from fastapi import APIRouter, Request
from pydantic import BaseModel

from assistant.emails.models import EmailDraft, EmailVersion
from assistant.emails.service import approve, edit_draft, get_draft, list_drafts, reject
from assistant.platform.errors import InvalidRequest
from assistant.http.auth import Form, PageContext, PageUser
from assistant.http.permissions import may_decide, may_edit
from web.session import PageRoute, redirect, render

router = APIRouter(prefix="/reviews", route_class=PageRoute, include_in_schema=False)


class DiffLine(BaseModel):
    kind: str  # "add", "del", "same", "hunk"
    text: str


@router.get("")
def queue(request: Request, user: PageUser, context: PageContext):
    every = list_drafts(context, None, status=None)
    return render(request, "reviews.html", user, waiting=[d for d in every if d.status == "draft"],
                  mine=[d for d in every if d.author_id == user.id],
                  decided=[d for d in every if d.status != "draft"][:20])


@router.get("/{draft_id}")
def review_page(request: Request, draft_id: int, user: PageUser, context: PageContext):
    draft = get_draft(context, draft_id)
    first = draft.versions[0]
    return render(request, "review.html", user, draft=draft, first=first, diff=diff_lines(first, draft.current),
                  can_decide=may_decide(context.principal, draft), can_edit=may_edit(context.principal, draft))


def diff_lines(before: EmailVersion, after: EmailVersion) -> list[DiffLine]:
    lines = []
    for line in difflib.unified_diff(_text(before).splitlines(), _text(after).splitlines(), lineterm="", n=2):
        if line.startswith(("---", "+++")):
            continue
        kind = {"@": "hunk", "+": "add", "-": "del"}.get(line[:1], "same")
        lines.append(DiffLine(kind=kind, text=line[1:] if kind != "hunk" else "…"))
    return lines


def _text(version: EmailVersion) -> str:
    return (f"To: {', '.join(version.to)}\nCc: {', '.join(version.cc)}\nSubject: {version.subject}\n\n"
            f"{version.body.rstrip()}\n")


@router.post("/{draft_id}/edit")
def save_edit(draft_id: int, context: PageContext, form: Form):
    draft: EmailDraft = edit_draft(
        context, draft_id, subject=str(form.get("subject", "")).strip() or None, body=_field(form, "body"),
        to=_addresses(form, "to"), cc=_addresses(form, "cc"))
    return redirect(f"/reviews/{draft.id}#diff")


@router.post("/{draft_id}/decide")
def decide(draft_id: int, context: PageContext, form: Form):
    comment = str(form.get("comment", ""))[:4000]
    decision = form.get("decision")
    if decision == "approve":
        approve(context, draft_id, comment)
    elif decision == "reject":
        reject(context, draft_id, comment)
    else:
        raise InvalidRequest("the decision is approve or reject")
    return redirect(f"/reviews/{draft_id}")


def _field(form, name: str) -> str | None:
    value = form.get(name)
    return None if value is None else str(value).replace("\r\n", "\n")


def _addresses(form, name: str) -> list[str] | None:
    value = form.get(name)
    return None if value is None else [a.strip() for a in str(value).splitlines() if a.strip()]
