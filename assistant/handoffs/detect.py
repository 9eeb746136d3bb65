"""What a change of an account's CRM record says about its transition. Pure: two records in, a finding out.

A record names a transition when it has an incoming CSM (other than its owner) or a transition section. Comparing
the record before an ingest with the one after, a transition is *seen* when the owner changed, an incoming CSM was
named (or a different one), or a transition section appeared; the first record of an account is compared with
nothing, so one that already names an incoming CSM or a transition is seen too. An owner named for the first time is
not a transition (every account has an owner)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from assistant.handoffs.models import Csm, HandoffTrigger
from ingest.document import CrmRecord, Person


class DescribedTransition(BaseModel):
    """The transition a CRM record describes now: who hands over to whom, why, from when."""

    outgoing: Csm | None
    incoming: Csm | None
    reason: str | None
    effective_date: date | None


def person_key(person: Csm | Person | None) -> str | None:
    """Who a CRM person is: their email when the record has one, else their name (case and spacing ignored)."""
    if person is None:
        return None
    if person.email and person.email.strip():
        return person.email.strip().lower()
    return " ".join((person.name or "").lower().split()) or None


def triggers(before: CrmRecord | None, after: CrmRecord | None) -> list[HandoffTrigger]:
    """Why the change from ``before`` to ``after`` opens a handoff, most telling first; empty when it does not."""
    if after is None or before == after:
        return []
    found: list[HandoffTrigger] = []
    incoming = _incoming(after)
    if incoming is not None and (before is None or person_key(_incoming(before)) != person_key(incoming)):
        found.append("incoming_csm_named")
    if before is not None and person_key(before.owner_csm) and person_key(after.owner_csm) \
            and person_key(before.owner_csm) != person_key(after.owner_csm):
        found.append("owner_changed")
    if after.transition is not None and (before is None or before.transition is None):
        found.append("transition_appeared")
    return found


def described(before: CrmRecord | None, after: CrmRecord) -> DescribedTransition:
    """The transition ``after`` describes. With an incoming CSM named, the owner hands over to them; without one, an
    owner changed since ``before`` means the old owner handed over to the new one; else the owner hands over to
    somebody not named yet."""
    incoming = _incoming(after)
    if incoming is not None:
        outgoing = after.owner_csm
    elif before is not None and person_key(before.owner_csm) and \
            person_key(before.owner_csm) != person_key(after.owner_csm):
        outgoing, incoming = before.owner_csm, after.owner_csm
    else:
        outgoing = after.owner_csm
    transition = after.transition
    return DescribedTransition(
        outgoing=_csm(outgoing), incoming=_csm(incoming),
        reason=transition.reason if transition is not None else None,
        effective_date=transition.effective_date if transition is not None else None,
    )


def _incoming(record: CrmRecord) -> Person | None:
    """The record's incoming CSM, unless it names nobody or the owner themselves (the CRM caught up)."""
    key = person_key(record.incoming_csm)
    return record.incoming_csm if key is not None and key != person_key(record.owner_csm) else None


def _csm(person: Person | None) -> Csm | None:
    if person is None or not (person.name or person.email):
        return None
    return Csm(name=person.name, email=person.email)
