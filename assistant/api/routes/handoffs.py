"""An account's handoff: who hands it to whom, from when, and where it stands."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel

from assistant.api.deps import UserContext
from assistant.api.problems import API_PROBLEMS
from assistant.handoffs.acceptance import Acceptance, accept_handoff
from assistant.handoffs.models import Handoff
from assistant.handoffs.readiness import Readiness, readiness
from assistant.handoffs.reads import get_handoff

router = APIRouter(prefix="/api/accounts/{account_id}/handoff", tags=["handoffs"], responses=API_PROBLEMS)


@router.get("")
def handoff(account_id: str, context: UserContext) -> Handoff:
    """The account's open handoff (else the latest accepted one), with your part in it; 404 when it has none."""
    return get_handoff(context, account_id)


class AcceptRequest(BaseModel):
    with_open_items: bool = False  # accept although high-severity gaps are open (they are listed in the audit log)
    as_of: date | None = None


@router.get("/readiness")
def handoff_readiness(account_id: str, context: UserContext, as_of: date | None = None) -> Readiness:
    """Open gaps by severity, statements to confirm, unanswered debrief questions, plan progress."""
    return readiness(context, account_id, as_of or date.today())


@router.post("/accept")
def accept(account_id: str, body: AcceptRequest, context: UserContext) -> Acceptance:
    """The incoming CSM (or an admin) accepts the open handoff; 409 while a high-severity gap is open unless
    ``with_open_items``, or when it was accepted already."""
    return accept_handoff(context, account_id, body.as_of, body.with_open_items)
