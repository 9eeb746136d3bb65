"""An account's handoff: who hands it to whom, from when, and where it stands."""

from __future__ import annotations

from fastapi import APIRouter

from assistant.api.deps import UserContext
from assistant.api.problems import API_PROBLEMS
from assistant.handoffs.models import Handoff
from assistant.handoffs.reads import get_handoff

router = APIRouter(prefix="/api/accounts/{account_id}/handoff", tags=["handoffs"], responses=API_PROBLEMS)


@router.get("")
def handoff(account_id: str, context: UserContext) -> Handoff:
    """The account's open handoff (else the latest accepted one), with your part in it; 404 when it has none."""
    return get_handoff(context, account_id)
