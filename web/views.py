"""Shapes for the templates, built from what the services return (never from the stores directly).

Slow things stay off the page path: the accounts list shows the gap count stored with each account's latest note
(computed when the note job ran); the account page's live gaps and debrief come from the pack service, which caches
what is costly."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from assistant.account.catalog import AccountSummary, SourceSummary
from assistant.platform.context import Context
from assistant.platform.errors import NotFound
from assistant.models import TransitionNote
from assistant.notes.reading import read_note
from assistant.notes.storage import get_note
from assistant.handoffs.models import Handoff
from assistant.handoffs.reads import get_handoff
from assistant.plan import get_plan
from assistant.plan.models import Plan
from assistant.store.documents import crm_record
from ingest.document import CrmRecord, Person


class AccountView(BaseModel):
    summary: AccountSummary
    health: float | None
    renewal: date | None
    transition: str
    gaps: int | None  # from the latest note; None before any note
    note_version: int | None


class StakeholderView(BaseModel):
    name: str
    title: str
    role: str
    email: str


def latest_note(context: Context, account_id: str) -> TransitionNote | None:
    try:
        return get_note(context, account_id)
    except NotFound:
        return None


def read_latest_note(context: Context, account_id: str) -> TransitionNote | None:
    """The latest note as the signed-in user reads it on the account page (recorded as read, changes marked)."""
    try:
        return read_note(context, account_id)
    except NotFound:
        return None


def plan_or_none(context: Context, account_id: str) -> Plan | None:
    try:
        return get_plan(context, account_id)
    except NotFound:
        return None


def handoff_or_none(context: Context, account_id: str) -> Handoff | None:
    try:
        return get_handoff(context, account_id)
    except NotFound:
        return None


def crm_of(context: Context, account_id: str) -> CrmRecord | None:
    return crm_record(context.account_access(account_id))


def transition_status(crm: CrmRecord | None, plan: Plan | None) -> str:
    parts = []
    transition = crm.transition if crm else None
    if transition and transition.effective_date:
        parts.append(f"effective {transition.effective_date.isoformat()}")
    elif crm and crm.incoming_csm:
        parts.append("incoming CSM named")
    parts.append(f"plan {plan.progress_percent}% done" if plan else "no plan yet")
    return " · ".join(parts)


def account_rows(context: Context, summaries: list[AccountSummary]) -> list[AccountView]:
    rows = []
    for summary in summaries:
        crm = crm_of(context, summary.account_id)
        note = latest_note(context, summary.account_id)
        gaps_section = next((s for s in note.sections if s.key == "gaps"), None) if note else None
        rows.append(AccountView(
            summary=summary, health=crm.health_score if crm else None, renewal=crm.renewal_date if crm else None,
            transition=transition_status(crm, plan_or_none(context, summary.account_id)),
            gaps=len(gaps_section.statements) if gaps_section else None, note_version=note.version if note else None,
        ))
    return rows


def stakeholders(crm: CrmRecord | None) -> list[StakeholderView]:
    if crm is None:
        return []
    named: list[tuple[Person | None, str]] = [
        (crm.executive_sponsor, "Executive sponsor"), (crm.primary_contact, "Primary contact"),
        *((person, person.role or "Contact") for person in crm.contacts),
        (crm.account_executive, "Account executive"), (crm.owner_csm, "Outgoing CSM"),
        (crm.incoming_csm, "Incoming CSM"),
    ]
    seen: dict[str, StakeholderView] = {}
    for person, role in named:
        if person is None or not (person.name or person.email):
            continue
        key = (person.email or person.name or "").lower()
        if key in seen:
            if role not in seen[key].role:
                seen[key].role += f", {role}"
            continue
        seen[key] = StakeholderView(name=person.name or "", title=person.title or "", role=role,
                                    email=person.email or "")
    return list(seen.values())


def timeline(sources: list[SourceSummary], source_type: str | None) -> list[SourceSummary]:
    items = [s for s in sources if s.source_type != "crm" and (not source_type or s.source_type == source_type)]
    return sorted(items, key=lambda s: (s.date is None, s.date), reverse=True)
