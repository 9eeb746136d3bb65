"""Handoffs: an account's transitions from its outgoing to its incoming CSM, opened by the ingest that sees one in the
CRM record (``detect``), and read back for the accounts list, the API and the CLI.

Decisions:
- A handoff is one transition, known by its incoming CSM. At most one per account is open (a partial unique index
  keeps it so).
- A re-ingested record describing the open handoff's transition (the same incoming CSM, or one now named for an
  open handoff that had nobody) updates it in place: outgoing CSM, incoming CSM's details, reason and effective date
  follow the CRM, audited as ``handoff.update``. The plan's due dates then move when someone refreshes the plan (its
  note says the date moved), as they did before handoffs existed.
- A different incoming CSM while one is open *supersedes* it: the open row becomes ``superseded`` (with
  ``superseded_by``) and a new one opens, so the history of who was to take over stays readable.
- A record describing the transition of the latest accepted handoff (the CRM catching up after acceptance) opens
  nothing. A record whose transition disappears leaves the open handoff as it is: closing one is a person's call.
- Opening one makes the account's plan or refreshes its template tasks (``plan_for_handoff``); the audit event
  ``handoff.open`` names what triggered it, the CSMs, and who ran the ingest. The system acts as ``INGEST``.
- An ingest never fails because of a handoff: what went wrong is logged and becomes a note on its report."""

from __future__ import annotations

import logging
from datetime import date, datetime, timezone

from sqlalchemy import select

from assistant import audit
from assistant.access import INGEST, Principal, check_account, visible_account_ids
from assistant.context import Context
from assistant.errors import NotFound
from assistant.handoffs.detect import DescribedTransition, described, person_key, triggers
from assistant.handoffs.models import Csm, Handoff, Side
from assistant.plan.service import plan_for_handoff
from assistant.store.tables import AccountRow
from assistant.store.team_tables import HandoffRow
from ingest.document import CrmRecord

log = logging.getLogger("handoff.handoffs")


def notice_transition(context: Context, account_id: str, before: dict | None, as_of: date) -> str | None:
    """After an account's ingest: open (or update) its handoff if its CRM record, ``before`` the ingest and as stored
    now, shows a transition; a handoff opened gets its plan, with the gaps found ``as_of``. Returns a note for the
    ingest report, or None when there is nothing to say."""
    try:
        return _notice(context, account_id, before, as_of)
    except Exception as exc:  # the ingest itself succeeded; say what did not
        log.exception("could not open the handoff of %s", account_id, extra={"account_id": account_id})
        return f"the CRM record shows a transition, but its handoff could not be opened ({type(exc).__name__}: " \
               f"{exc}); ingest again to retry"


def _notice(context: Context, account_id: str, before: dict | None, as_of: date) -> str | None:
    with context.db.session() as session:
        account = session.get(AccountRow, account_id)
        after = account.crm if account is not None else None
    if after is None or after == before:
        return None
    old, new = (CrmRecord.model_validate(before) if before else None), CrmRecord.model_validate(after)
    seen, transition = triggers(old, new), described(old, new)
    system = context.as_principal(INGEST)
    now = datetime.now(timezone.utc)
    with context.db.session() as session:
        current = _open_row(session, account_id)
        if current is not None and _same_transition(current, transition):
            changes = _update(current, transition, now)
            if changes:
                audit.record(system, "handoff.update", account_id, "handoff", current.id, session=session,
                             detail={"changes": changes, "ingested_by": context.principal.name})
            return None
        if not seen or _already_accepted(session, account_id, transition):
            return None
        row = _new_row(account_id, transition, seen[0], now)
        if current is not None:
            current.status, current.updated_at = "superseded", now
            session.flush()  # the partial unique index allows one open row at a time
        session.add(row)
        session.flush()
        if current is not None:
            current.superseded_by = row.id
        audit.record(system, "handoff.open", account_id, "handoff", row.id, session=session, detail={
            "trigger": seen, "outgoing": _label(transition.outgoing), "incoming": _label(transition.incoming),
            "effective_date": transition.effective_date.isoformat() if transition.effective_date else None,
            "supersedes": current.id if current is not None else None, "ingested_by": context.principal.name,
        })
        opened = _handoff(row)
    try:
        plan = plan_for_handoff(system, account_id, as_of)
    except Exception as exc:  # the handoff stands; the plan can be made by hand
        log.exception("could not make the plan of %s", account_id, extra={"account_id": account_id})
        return f"handoff opened: {opened.summary()}; its plan could not be made ({type(exc).__name__}: {exc}); " \
               f"`handoff plan {account_id}` makes it"
    return f"handoff opened: {opened.summary()}; its plan has {len(plan.tasks)} tasks, due from " \
           f"{plan.due_dates_from.isoformat()} (`handoff plan {account_id}`)"


def current_handoffs(session, account_ids: list[str], principal: Principal) -> dict[str, Handoff]:
    """Each account's current handoff (the open one, else the latest accepted), marked for ``principal``. Callers
    pass only accounts ``principal`` may see."""
    query = select(HandoffRow).where(HandoffRow.account_id.in_(account_ids), HandoffRow.status != "superseded")
    found: dict[str, Handoff] = {}
    for row in session.scalars(query.order_by(HandoffRow.id)):
        if row.status == "open" or found.get(row.account_id) is None or found[row.account_id].status != "open":
            found[row.account_id] = _handoff(row, principal)
    return found


def get_handoff(context: Context, account_id: str) -> Handoff:
    """The account's current handoff (open, else the latest accepted); NotFound when it has none."""
    with context.db.session() as session:
        check_account(session, context.principal, account_id)
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
            check_account(session, context.principal, account_id)
            query = query.where(HandoffRow.account_id == account_id)
        else:
            visible = visible_account_ids(session, context.principal)
            if visible is not None:
                query = query.where(HandoffRow.account_id.in_(sorted(visible)))
        return [_handoff(row, context.principal) for row in session.scalars(query)]


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


def _keys(csm: Csm) -> set[str]:
    return {key for key in (person_key(Csm(email=csm.email)), person_key(Csm(name=csm.name))) if key}


def _open_row(session, account_id: str) -> HandoffRow | None:
    return session.scalars(select(HandoffRow).where(
        HandoffRow.account_id == account_id, HandoffRow.status == "open")).first()


def _same_transition(row: HandoffRow, transition: DescribedTransition) -> bool:
    if row.incoming_name is None and row.incoming_email is None:
        return True  # a handoff opened before anybody was named: whoever the CRM names now takes it over
    return person_key(_csm(row.incoming_name, row.incoming_email)) == person_key(transition.incoming)


def _already_accepted(session, account_id: str, transition: DescribedTransition) -> bool:
    latest = session.scalars(select(HandoffRow).where(HandoffRow.account_id == account_id)
                             .order_by(HandoffRow.id.desc())).first()
    return latest is not None and latest.status == "accepted" and \
        person_key(_csm(latest.incoming_name, latest.incoming_email)) == person_key(transition.incoming)


def _update(row: HandoffRow, transition: DescribedTransition, now: datetime) -> dict[str, list]:
    """Bring an open handoff in line with the CRM; returns the changes ([old, new] by field) for the audit log."""
    wanted = {
        "outgoing_name": transition.outgoing.name if transition.outgoing else None,
        "outgoing_email": transition.outgoing.email if transition.outgoing else None,
        "reason": transition.reason,
        "effective_date": transition.effective_date,
    }
    if transition.incoming is not None:  # a transition section that loses its incoming CSM keeps the one known
        wanted |= {"incoming_name": transition.incoming.name, "incoming_email": transition.incoming.email}
    changes = {}
    for field, value in wanted.items():
        if getattr(row, field) != value:
            changes[field] = [_plain(getattr(row, field)), _plain(value)]
            setattr(row, field, value)
    if changes:
        row.updated_at = now
    return changes


def _new_row(account_id: str, transition: DescribedTransition, trigger: str, now: datetime) -> HandoffRow:
    outgoing, incoming = transition.outgoing or Csm(), transition.incoming or Csm()
    return HandoffRow(
        account_id=account_id, outgoing_name=outgoing.name, outgoing_email=outgoing.email,
        incoming_name=incoming.name, incoming_email=incoming.email, reason=transition.reason,
        effective_date=transition.effective_date, status="open", trigger=trigger, opened_at=now,
        opened_by=INGEST.name, updated_at=now,
    )


def _handoff(row: HandoffRow, principal: Principal | None = None) -> Handoff:
    handoff = Handoff(
        id=row.id, account_id=row.account_id, outgoing=_csm(row.outgoing_name, row.outgoing_email),
        incoming=_csm(row.incoming_name, row.incoming_email), reason=row.reason, effective_date=row.effective_date,
        status=row.status, trigger=row.trigger, opened_at=row.opened_at, opened_by=row.opened_by,
        accepted_at=row.accepted_at, accepted_by=row.accepted_by, superseded_by=row.superseded_by,
    )
    if principal is not None:
        handoff.yours = side_of(principal, handoff)
    return handoff


def _csm(name: str | None, email: str | None) -> Csm | None:
    return Csm(name=name, email=email) if name or email else None


def _label(csm: Csm | None) -> str | None:
    return None if csm is None else (f"{csm.name} <{csm.email}>" if csm.name and csm.email else csm.label())


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
