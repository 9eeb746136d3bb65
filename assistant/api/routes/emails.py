"""Customer emails with a human in the loop: draft, edit (versions), review (approve/reject), export, send."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, status
from fastapi.responses import Response
from pydantic import BaseModel, Field

from assistant.api.deps import RowId, UserContext
from assistant.api.problems import API_PROBLEMS, problem_responses
from assistant.api.text_fields import VISIBLE
from assistant.emails.models import EmailDraft
from assistant.emails.service import (
    approve,
    draft_email,
    edit_draft,
    export_eml,
    get_draft,
    list_drafts,
    reject,
    send_email,
)

router = APIRouter(tags=["emails"], responses={**API_PROBLEMS, **problem_responses(409, 502)})


class DraftRequest(BaseModel):
    kind: Literal["intro", "farewell"]
    as_of: date | None = None


class Edit(BaseModel):
    subject: str | None = None
    body: str | None = None
    to: list[str] | None = None
    cc: list[str] | None = None


class Approval(BaseModel):
    comment: str = Field(default="", max_length=4000)


class Rejection(BaseModel):
    comment: str = Field(min_length=1, max_length=4000, pattern=VISIBLE, description="why; the author reads it")


@router.post("/api/accounts/{account_id}/emails", status_code=status.HTTP_201_CREATED)
def draft(account_id: str, body: DraftRequest, context: UserContext) -> EmailDraft:
    """Draft the introduction or farewell email; it waits for a reviewer."""
    return draft_email(context, account_id, body.kind, body.as_of)


@router.get("/api/accounts/{account_id}/emails")
def account_emails(account_id: str, context: UserContext) -> list[EmailDraft]:
    return list_drafts(context, account_id, status=None)


@router.get("/api/reviews")
def review_queue(context: UserContext, state: Literal["draft", "approved", "rejected", "all"] = "draft") -> list[EmailDraft]:
    """Drafts waiting for review (or in another state) on the accounts you may see."""
    return list_drafts(context, None, status=None if state == "all" else state)


@router.get("/api/emails/{draft_id}")
def read_draft(draft_id: RowId, context: UserContext) -> EmailDraft:
    return get_draft(context, draft_id)


@router.patch("/api/emails/{draft_id}")
def edit(draft_id: RowId, body: Edit, context: UserContext) -> EmailDraft:
    """Edit the draft: a new version; an approved draft goes back to review."""
    return edit_draft(context, draft_id, subject=body.subject, body=body.body, to=body.to, cc=body.cc)


@router.post("/api/emails/{draft_id}/approve")
def approve_draft(draft_id: RowId, body: Approval, context: UserContext) -> EmailDraft:
    """Reviewers only, and never the draft's author."""
    return approve(context, draft_id, body.comment)


@router.post("/api/emails/{draft_id}/reject")
def reject_draft(draft_id: RowId, body: Rejection, context: UserContext) -> EmailDraft:
    return reject(context, draft_id, body.comment)


@router.get("/api/emails/{draft_id}/eml", response_class=Response,
            responses={200: {"content": {"message/rfc822": {}}, "description": "the approved email as .eml"}})
def export(draft_id: RowId, context: UserContext) -> Response:
    """Only an approved email can be exported."""
    data = export_eml(context, draft_id)
    return Response(data, media_type="message/rfc822",
                    headers={"Content-Disposition": f'attachment; filename="handoff-email-{draft_id}.eml"'})


@router.post("/api/emails/{draft_id}/send")
def send(draft_id: RowId, context: UserContext) -> EmailDraft:
    """Only an approved email can be sent, and only when SMTP is configured."""
    return send_email(context, draft_id)
