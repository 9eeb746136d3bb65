"""The outgoing CSM's corrections of the latest note: edit, remove, confirm, add a statement, and decide on an edit
whose sources changed. Each answers with the new note version; the decisions' history is listed too."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, Field

from assistant.api.deps import UserContext
from assistant.api.problems import API_PROBLEMS
from assistant.models import TransitionNote
from assistant.notes.corrections import (DECISIONS, MAX_CITATIONS, MAX_STATEMENT_CHARS, add_statement, decisions_of,
                                         edit_statement)
from assistant.notes.decisions import DecisionRecord
from assistant.api.text_fields import VISIBLE


router = APIRouter(prefix="/api/accounts/{account_id}/notes", tags=["note corrections"], responses=API_PROBLEMS)

StatementText = Annotated[str, Field(min_length=1, max_length=MAX_STATEMENT_CHARS, pattern=VISIBLE)]
Author = Annotated[str | None, Field(default=None, max_length=200)]  # who decides; default the signed-in user


class StatementEditRequest(BaseModel):
    text: StatementText
    by: Author = None


class Decider(BaseModel):
    by: Author = None


class NewStatement(BaseModel):
    text: StatementText
    # passages it cites (chunk ids from the note's citations or a search); none: from the person's own knowledge,
    # stored as a debrief source and cited to it
    citations: list[str] = Field(default_factory=list, max_length=MAX_CITATIONS)
    by: Author = None


@router.post("/statements/{statement_id}/edit")
def edit(account_id: str, statement_id: str, body: StatementEditRequest, context: UserContext) -> TransitionNote:
    """Replace a statement's text; its citations stay. Answers with the new note version."""
    return edit_statement(context, account_id, statement_id, body.text, body.by)


# one route per decision, not /{decision}: each is documented on its own, and an account is checked before anything
@router.post("/statements/{statement_id}/remove")
def remove(account_id: str, statement_id: str, body: Decider, context: UserContext) -> TransitionNote:
    return DECISIONS["remove"](context, account_id, statement_id, body.by)


@router.post("/statements/{statement_id}/confirm")
def confirm(account_id: str, statement_id: str, body: Decider, context: UserContext) -> TransitionNote:
    """Vouch for a statement: a ``confirm`` statement stops waiting for confirmation."""
    return DECISIONS["confirm"](context, account_id, statement_id, body.by)


@router.post("/statements/{statement_id}/keep")
def keep(account_id: str, statement_id: str, body: Decider, context: UserContext) -> TransitionNote:
    """Its sources changed since your decision: keep the decision on the passages as they are now."""
    return DECISIONS["keep"](context, account_id, statement_id, body.by)


@router.post("/statements/{statement_id}/revert")
def revert(account_id: str, statement_id: str, body: Decider, context: UserContext) -> TransitionNote:
    """Take every decision on a statement back: the engine's draft stands (a statement you added goes)."""
    return DECISIONS["revert"](context, account_id, statement_id, body.by)


@router.post("/sections/{section_key}/statements", status_code=status.HTTP_201_CREATED)
def add(account_id: str, section_key: str, body: NewStatement, context: UserContext) -> TransitionNote:
    return add_statement(context, account_id, section_key, body.text, body.citations, body.by)


@router.get("/decisions")
def decisions(account_id: str, context: UserContext,
              statement: Annotated[str | None, Query(max_length=40)] = None) -> list[DecisionRecord]:
    """Every decision on the note's statements, oldest first (one statement's with ``statement``)."""
    return decisions_of(context, account_id, statement)
