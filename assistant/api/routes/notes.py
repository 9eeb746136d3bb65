"""The handoff pack: transition notes (generated in the background), gaps and the debrief agenda."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, status
from fastapi.responses import HTMLResponse, PlainTextResponse
from pydantic import BaseModel, Field

from assistant.api.problems import API_PROBLEMS, problem_responses
from assistant.api.deps import Jobs, RowId, UserContext
from assistant.http.background import start_note
from assistant.debrief_items.service import MAX_ANSWER_CHARS, answer_item, dismiss_item
from assistant.gaps.service import find_gaps
from assistant.platform.jobs import Job
from assistant.models import DebriefQuestion, Gap, ItemAnswer, TransitionNote
from assistant.notes.render import render_html, render_markdown
from assistant.notes.added_sources import AddedSinceNote, added_since_latest_note
from assistant.notes.reading import read_note
from assistant.notes.storage import list_note_versions
from assistant.pack.assemble import current_debrief
from assistant.api.text_fields import VISIBLE

router = APIRouter(
    prefix="/api/accounts/{account_id}", tags=["handoff pack"], responses={**API_PROBLEMS, **problem_responses(502)}
)


class NoteRequest(BaseModel):
    as_of: date | None = None  # default today


class NoteVersion(BaseModel):
    version: int
    created_at: str
    engine: str


@router.post("/notes", status_code=status.HTTP_202_ACCEPTED)
def generate(account_id: str, body: NoteRequest, context: UserContext, jobs: Jobs) -> Job:
    """Draft a new note version (with gaps and debrief) in the background; poll the job for progress."""
    return start_note(context, jobs, account_id, body.as_of or date.today())


@router.get("/notes")
def versions(account_id: str, context: UserContext) -> list[NoteVersion]:
    return [NoteVersion(version=v, created_at=c.isoformat(), engine=e) for v, c, e in list_note_versions(context, account_id)]


@router.get("/notes/latest", response_model=TransitionNote)
def latest(account_id: str, context: UserContext, format: Literal["json", "md", "html"] = "json"):
    """The latest version, recorded as read by the caller; statements new or changed since the version they read
    before carry ``change``, and each statement its ``newest_source_date``."""
    return _rendered(context, account_id, read_note(context, account_id), format)


@router.get("/notes/{version}", response_model=TransitionNote)
def by_version(account_id: str, version: RowId, context: UserContext, format: Literal["json", "md", "html"] = "json"):
    return _rendered(context, account_id, read_note(context, account_id, version), format)


@router.get("/sources/added-since-note")
def added_since_note(account_id: str, context: UserContext) -> AddedSinceNote:
    """Sources ingested (new, or changed) after the latest note version was drafted: what that note cannot show."""
    return added_since_latest_note(context, account_id)


def _rendered(context, account_id: str, note: TransitionNote, format: str):
    name = context.account_access(account_id).name
    if format == "md":
        return PlainTextResponse(render_markdown(note, name), media_type="text/markdown")
    if format == "html":
        return HTMLResponse(render_html(note, name))
    return note


@router.get("/gaps")
def gaps(account_id: str, context: UserContext, as_of: Annotated[date | None, Query()] = None) -> list[Gap]:
    return find_gaps(context, account_id, as_of or date.today())


@router.get("/debrief")
def debrief(account_id: str, context: UserContext, as_of: Annotated[date | None, Query()] = None) -> list[DebriefQuestion]:
    """Questions for the live debrief: the open gaps, then the latest note's risks and the open commitments (before
    the first note, the open gaps only)."""
    return current_debrief(context, account_id, as_of or date.today())


NonBlank = Annotated[str, Field(min_length=1, max_length=MAX_ANSWER_CHARS, pattern=VISIBLE)]


class ItemAnswerRequest(BaseModel):
    text: NonBlank  # what the outgoing CSM knows that the record does not say
    by: str | None = Field(default=None, max_length=200)  # who answers; default the signed-in user
    as_of: date | None = None


class ItemDismissal(BaseModel):
    reason: NonBlank
    by: str | None = Field(default=None, max_length=200)
    as_of: date | None = None


@router.post("/items/{item_id}/answer")
def answer(account_id: str, item_id: str, body: ItemAnswerRequest, context: UserContext) -> ItemAnswer:
    """Answer a gap or debrief question (ids from ``/gaps`` and ``/debrief``): the answer becomes a debrief source,
    cited like any other, and the item is closed. Only the outgoing CSM or an admin."""
    return answer_item(context, account_id, item_id, body.text, body.by, body.as_of)


@router.post("/items/{item_id}/dismiss")
def dismiss(account_id: str, item_id: str, body: ItemDismissal, context: UserContext) -> ItemAnswer:
    """Close a gap or debrief question without an answer, saying why. Only the outgoing CSM or an admin."""
    return dismiss_item(context, account_id, item_id, body.reason, body.by, body.as_of)
