"""The incoming CSM accepts the handoff: once nothing of high severity is open, or with the open items listed.

Acceptance is the incoming CSM's (or an admin's) alone, happens once per handoff, is audited (``handoff.accept``,
with every item still open), and completes the plan's internal-handoff milestone."""

from __future__ import annotations

from datetime import date, datetime, timezone

from pydantic import BaseModel, Field
from sqlalchemy import select

from assistant.access import audit
from assistant.access.rules import Principal
from assistant.platform.context import Context
from assistant.platform.errors import Conflict, Forbidden, NotFound
from assistant.handoffs.models import Handoff
from assistant.handoffs.readiness import OpenItem, readiness
from assistant.handoffs.reads import handoff_of, side_of
from assistant.plan.service import close_internal_handoff
from assistant.store.handoff_tables import HandoffRow


class Acceptance(BaseModel):
    handoff: Handoff
    open_items: list[OpenItem] = Field(default_factory=list)  # what was still open when it was accepted
    milestone_completed: str | None = None


def may_accept(principal: Principal, handoff: Handoff) -> bool:
    """Only the incoming CSM (or an admin) accepts a handoff."""
    return principal.is_system or principal.role == "admin" or side_of(principal, handoff) == "taking over"


def accept_handoff(context: Context, account_id: str, as_of: date | None = None,
                   with_open_items: bool = False) -> Acceptance:
    when = as_of or date.today()
    ready = readiness(context, account_id, when)  # checks access first
    handoff = ready.handoff
    if handoff is None:
        raise NotFound(f"account {account_id!r} has no handoff to accept")
    principal = context.principal
    if not may_accept(principal, handoff):
        raise Forbidden("only the incoming CSM (or an admin) accepts the handoff")
    if handoff.status != "open":
        raise Conflict(f"the handoff of {account_id} was accepted already, by {handoff.accepted_by} on "
                       f"{handoff.accepted_at:%Y-%m-%d}")
    if not ready.ready and not with_open_items:
        high = [item.id for item in ready.open_items if item.severity == "high"]
        raise Conflict(f"{len(high)} high-severity gap(s) are still open ({', '.join(high)}): have the outgoing CSM "
                       "answer them, or accept with the open items listed (--with-open-items)")
    now = datetime.now(timezone.utc)
    with context.db.session() as session:
        row = session.scalar(select(HandoffRow).where(HandoffRow.id == handoff.id, HandoffRow.status == "open")
                             .with_for_update())
        if row is None:  # accepted or superseded since it was read
            raise Conflict(f"the handoff of {account_id} is no longer open")
        row.status, row.accepted_at, row.accepted_by, row.updated_at = "accepted", now, principal.name, now
        audit.record(context, "handoff.accept", account_id, "handoff", row.id, session=session, detail={
            "with_open_items": bool(ready.open_items), "open_items": [item.id for item in ready.open_items],
            "open_gaps": ready.open_gaps, "statements_to_confirm": ready.statements_to_confirm,
            "open_questions": ready.open_questions})
        session.flush()
        accepted = handoff_of(row, principal)
    milestone = close_internal_handoff(context, account_id, f"handoff accepted by {principal.name}")
    return Acceptance(handoff=accepted, open_items=ready.open_items, milestone_completed=milestone)
