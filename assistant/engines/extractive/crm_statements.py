"""Statements stated by the CRM record, worded for people, per note section."""

from __future__ import annotations

from collections.abc import Callable

from assistant.engines.base import EvidenceItem, StatementDraft
from ingest.document import CrmRecord, Person


def crm_statements(section: str, record: CrmRecord, crm_items: list[EvidenceItem]) -> list[StatementDraft]:
    builder = _BUILDERS.get(section)
    if builder is None or not crm_items:
        return []
    refs = [item.ref for item in crm_items]
    return [StatementDraft(text=text, provenance="data", citations=cite_crm(text, crm_items, refs)) for text in builder(record)]


def cite_crm(text: str, items: list[EvidenceItem], refs: list[str]) -> list[str]:
    """The CRM chunks that share the most words with the statement (all of them when none stands out)."""
    words = {w.strip(",.;:()$").lower() for w in text.split() if len(w) > 2}
    scored = [(len(words & {w.strip(",.;:()$").lower() for w in i.text.split()}), i.ref) for i in items]
    best = max(score for score, _ in scored)
    return [ref for score, ref in scored if score == best and score > 0] or refs[:1]


def money(value: float | None) -> str | None:
    return None if value is None else f"${value:,.0f}"


def person(p: Person | None) -> str | None:
    if p is None or not p.name:
        return None
    return f"{p.name} ({p.title})" if p.title else p.name


def reason_words(reason: str | None) -> str | None:
    return reason.replace("_", " ") if reason else None


def _snapshot(r: CrmRecord) -> list[str]:
    """Who the customer is, what they pay for, the contract dates and scores: one statement."""
    lines = []
    kind = ", ".join(x for x in (r.segment, r.industry) if x)
    subject = f"{r.name or 'The account'}{f' ({kind})' if kind else ''}"
    what = f"is on the {r.plan} plan" if r.plan else "is a customer"
    if r.products:
        what += f" ({', '.join(r.products)})"
    terms = []
    if r.arr_usd is not None:
        terms.append(f"{money(r.arr_usd)} ARR")
    if r.seats_purchased is not None:
        active = f" ({r.seats_active} active)" if r.seats_active is not None else ""
        terms.append(f"{r.seats_purchased} seats{active}")
    elif r.seats_active is not None:
        terms.append(f"{r.seats_active} active users")
    text = f"{subject} {what}"
    if terms:
        text += (" at " if r.arr_usd is not None else " with ") + " with ".join(terms)
    dates = []
    if r.contract_start:
        dates.append(f"contract started {r.contract_start.isoformat()}")
    dates.append(f"renewal date {r.renewal_date.isoformat()}" if r.renewal_date else "renewal date not recorded")
    if r.health_score is not None:
        dates.append(f"health score {r.health_score:g}")
    if r.nps is not None:
        dates.append(f"NPS {r.nps:g}")
    lines.append(f"{text}; {'; '.join(dates)} (CRM).")
    return lines


def _transition(r: CrmRecord) -> list[str]:
    lines = []
    owner, incoming = person(r.owner_csm), person(r.incoming_csm)
    t = r.transition
    if owner or incoming:
        text = f"{owner or 'The current CSM'} hands the account to {incoming or 'a new CSM (not named in CRM)'}"
        if t and t.reason:
            text += f"; reason: {reason_words(t.reason)}"
        if t and t.effective_date:
            text += f"; effective {t.effective_date.isoformat()}"
        lines.append(text + ".")
    if t and t.notes:
        lines.append(f"Transition notes (CRM): {t.notes}")
    return lines


def _communication(r: CrmRecord) -> list[str]:
    return [f"Communication preference (CRM): {r.communication_preference}."] if r.communication_preference else []


def _commercial(r: CrmRecord) -> list[str]:
    lines = []
    if r.sla:
        lines.append(f"SLA (CRM): {r.sla}")
    if r.account_executive and r.account_executive.name:
        lines.append(f"Account executive: {person(r.account_executive)}.")
    return lines


_BUILDERS: dict[str, Callable[[CrmRecord], list[str]]] = {
    "account_snapshot": _snapshot,
    "transition": _transition,
    "communication": _communication,
    "commercial": _commercial,
}
