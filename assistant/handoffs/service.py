"""Handoffs: an account's transitions from its outgoing to its incoming CSM, opened by the ingest that sees one in the
CRM record (``detect``); ``reads`` gives them back to the accounts list, the API and the CLI.

Decisions:
- A handoff is one transition, known by its incoming CSM. At most one per account is open (a partial unique index
  keeps it so).
- A re-ingested record describing the open handoff's transition (the same incoming CSM, or one now named for an
  open handoff that had nobody) updates it in place: outgoing CSM, incoming CSM's details, reason and effective date
  follow the CRM (what it no longer gives keeps its last value), audited as ``handoff.update``. The plan's due dates
  then move when someone refreshes the plan (its note says the date moved), as they did before handoffs existed.
- A different incoming CSM while one is open *supersedes* it: the open row becomes ``superseded`` (with
  ``superseded_by``) and a new one opens, so the history of who was to take over stays readable.
- A record describing the transition of the latest accepted handoff (the CRM catching up after acceptance) opens
  nothing. A record whose transition disappears leaves the open handoff as it is: closing one is a person's call.
- Opening one makes the account's plan, or refreshes the one it has (``plan_for_handoff``); the audit event
  ``handoff.open`` names what triggered it, the CSMs, and who ran the ingest. The system acts as ``INGEST``.
- One plan per account (the plan service's rule): a handoff opened after an accepted one refreshes the same plan,
  whose closed tasks stay closed. Whether a new transition starts a fresh plan is for acceptance (#14 part 3).
- An account with no handoff yet is judged as on its first ingest, even when its record did not change: an ingest
  interrupted after storing the record, or a store older than handoffs, gets its handoff at the next ingest.
- An ingest never fails because of a handoff: what went wrong is logged and becomes a note on its report."""

from __future__ import annotations

import logging
from datetime import date, datetime, timezone

from sqlalchemy import select

from assistant.access import audit
from assistant.access.rules import INGEST
from assistant.platform.context import Context
from assistant.handoffs.detect import DescribedTransition, described, person_key, triggers
from assistant.handoffs.models import Csm
from assistant.handoffs.reads import csm, handoff_of
from assistant.plan.service import plan_for_handoff
from assistant.store.handoff_tables import HandoffRow
from assistant.store.tables import AccountRow
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
        if after is not None and after == before and not _has_handoffs(session, account_id):
            before = None  # never compared: an interrupted ingest stored the record, or it predates handoffs
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
        opened = handoff_of(row)
    try:
        plan = plan_for_handoff(system, account_id, as_of)
    except Exception as exc:  # the handoff stands; the plan can be made by hand
        log.exception("could not make the plan of %s", account_id, extra={"account_id": account_id})
        return f"handoff opened: {opened.summary()}; its plan could not be made ({type(exc).__name__}: {exc}); " \
               f"`handoff plan {account_id}` makes it"
    return f"handoff opened: {opened.summary()}; its plan has {len(plan.tasks)} tasks, due from " \
           f"{plan.due_dates_from.isoformat()} (`handoff plan {account_id}`)"


def _has_handoffs(session, account_id: str) -> bool:
    return session.scalar(select(HandoffRow.id).where(HandoffRow.account_id == account_id).limit(1)) is not None


def _open_row(session, account_id: str) -> HandoffRow | None:
    return session.scalars(select(HandoffRow).where(
        HandoffRow.account_id == account_id, HandoffRow.status == "open")).first()


def _same_transition(row: HandoffRow, transition: DescribedTransition) -> bool:
    if row.incoming_name is None and row.incoming_email is None:
        return True  # a handoff opened before anybody was named: whoever the CRM names now takes it over
    return person_key(csm(row.incoming_name, row.incoming_email)) == person_key(transition.incoming)


def _already_accepted(session, account_id: str, transition: DescribedTransition) -> bool:
    latest = session.scalars(select(HandoffRow).where(HandoffRow.account_id == account_id)
                             .order_by(HandoffRow.id.desc())).first()
    return latest is not None and latest.status == "accepted" and \
        person_key(csm(latest.incoming_name, latest.incoming_email)) == person_key(transition.incoming)


def _update(row: HandoffRow, transition: DescribedTransition, now: datetime) -> dict[str, list]:
    """Bring an open handoff in line with the CRM; returns the changes ([old, new] by field) for the audit log. What
    the CRM no longer gives (a person, a reason, a date) keeps its last known value: removing is a person's call."""
    wanted: dict = {"reason": transition.reason, "effective_date": transition.effective_date}
    if transition.outgoing is not None:
        wanted |= {"outgoing_name": transition.outgoing.name, "outgoing_email": transition.outgoing.email}
    if transition.incoming is not None:
        wanted |= {"incoming_name": transition.incoming.name, "incoming_email": transition.incoming.email}
    changes = {}
    for field, value in wanted.items():
        if field in ("reason", "effective_date") and value is None:
            continue
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


def _label(person: Csm | None) -> str | None:
    if person is None:
        return None
    return f"{person.name} <{person.email}>" if person.name and person.email else person.label()


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
