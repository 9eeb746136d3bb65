"""Reading handoffs back: each account's current one for the accounts list, one account's for the API, every one
for the CLI, each marked with the reader's part in it ("handing over" or "taking over"). Access as everywhere: an
account the reader may not see is NotFound, and lists hold only the accounts they see."""

from __future__ import annotations

from sqlalchemy import select

from assistant.access.rules import Principal, visible_account_ids
from assistant.platform.context import Context
from assistant.platform.errors import NotFound
from assistant.handoffs.detect import person_key
from assistant.handoffs.models import Csm, Handoff, Side
from assistant.store.handoff_tables import HandoffRow


def current_handoffs(session, account_ids: list[str], principal: Principal) -> dict[str, Handoff]:
    """Each account's current handoff (the open one, else the latest accepted), marked for ``principal``. Callers
    pass only accounts ``principal`` may see."""
    query = select(HandoffRow).where(HandoffRow.account_id.in_(account_ids), HandoffRow.status != "superseded")
    found: dict[str, Handoff] = {}
    for row in session.scalars(query.order_by(HandoffRow.id)):
        if row.status == "open" or found.get(row.account_id) is None or found[row.account_id].status != "open":
            found[row.account_id] = handoff_of(row, principal)
    return found


def get_handoff(context: Context, account_id: str) -> Handoff:
    """The account's current handoff (open, else the latest accepted); NotFound when it has none."""
    with context.db.session() as session:
        context.account_access(account_id, session)
        found = current_handoffs(session, [account_id], context.principal).get(account_id)
    if found is None:
        raise NotFound(f"account {account_id!r} has no handoff; one opens when an ingest sees a transition in its "
                       "CRM record (an incoming CSM, a new owner, or a transition section)")
    return found


def list_handoffs(context: Context, account_id: str | None = None) -> list[Handoff]:
    """Every handoff (superseded ones too) of one account, or of every account the caller may see, newest first."""
    with context.db.session() as session:
        query = select(HandoffRow).order_by(HandoffRow.id.desc())
        if account_id is not None:
            context.account_access(account_id, session)
            query = query.where(HandoffRow.account_id == account_id)
        else:
            visible = visible_account_ids(session, context.principal)
            if visible is not None:
                query = query.where(HandoffRow.account_id.in_(sorted(visible)))
        return [handoff_of(row, context.principal) for row in session.scalars(query)]


def side_of(principal: Principal, handoff: Handoff) -> Side | None:
    """The principal's part in a handoff, by email or by name as the CRM gives them."""
    if principal.is_system:
        return None
    me = {key for key in (person_key(Csm(email=principal.email)), person_key(Csm(name=principal.name))) if key}
    if handoff.incoming is not None and _keys(handoff.incoming) & me:
        return "taking over"
    if handoff.outgoing is not None and _keys(handoff.outgoing) & me:
        return "handing over"
    return None


def _keys(person: Csm) -> set[str]:
    return {key for key in (person_key(Csm(email=person.email)), person_key(Csm(name=person.name))) if key}


def handoff_of(row: HandoffRow, principal: Principal | None = None) -> Handoff:
    handoff = Handoff(
        id=row.id, account_id=row.account_id, outgoing=csm(row.outgoing_name, row.outgoing_email),
        incoming=csm(row.incoming_name, row.incoming_email), reason=row.reason, effective_date=row.effective_date,
        status=row.status, trigger=row.trigger, opened_at=row.opened_at, opened_by=row.opened_by,
        accepted_at=row.accepted_at, accepted_by=row.accepted_by, superseded_by=row.superseded_by,
    )
    if principal is not None:
        handoff.yours = side_of(principal, handoff)
    return handoff


def csm(name: str | None, email: str | None) -> Csm | None:
    return Csm(name=name, email=email) if name or email else None
