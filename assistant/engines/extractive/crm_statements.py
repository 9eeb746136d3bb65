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
    return [StatementDraft(text=text, provenance="data", citations=_cite(text, crm_items, refs)) for text in builder(record)]


def _cite(text: str, items: list[EvidenceItem], refs: list[str]) -> list[str]:
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
    lines = []
    kind = ", ".join(x for x in (r.segment, r.industry) if x)
    plan = f" on the {r.plan} plan" if r.plan else ""
    products = f" ({', '.join(r.products)})" if r.products else ""
    if r.name:
        lines.append(f"{r.name}{f' ({kind})' if kind else ''} is{plan or ' a customer'}{products}.")
    money_bits = [f"ARR {money(r.arr_usd)}" if r.arr_usd is not None else None]
    seats = None
    if r.seats_purchased is not None or r.seats_active is not None:
        seats = f"{r.seats_purchased if r.seats_purchased is not None else '?'} seats purchased, " \
                f"{r.seats_active if r.seats_active is not None else '?'} active"
    joined = "; ".join(x for x in (*money_bits, seats) if x)
    if joined:
        lines.append(f"CRM: {joined}.")
    dates = []
    if r.contract_start:
        dates.append(f"contract start {r.contract_start.isoformat()}")
    dates.append(f"renewal date {r.renewal_date.isoformat()}" if r.renewal_date else "renewal date not recorded in CRM")
    lines.append(f"CRM: {'; '.join(dates)}.")
    scores = [f"health score {r.health_score:g}" if r.health_score is not None else None,
              f"NPS {r.nps:g}" if r.nps is not None else None]
    if any(scores):
        lines.append(f"CRM: {'; '.join(s for s in scores if s)}.")
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


def _stakeholders(r: CrmRecord) -> list[str]:
    lines = []
    if r.executive_sponsor and r.executive_sponsor.name:
        lines.append(f"{person(r.executive_sponsor)} is the executive sponsor (CRM).")
    if r.primary_contact and r.primary_contact.name:
        lines.append(f"{person(r.primary_contact)} is the primary contact (CRM).")
    for contact in r.contacts:
        if contact.name:
            role = f": {contact.role}" if contact.role else ""
            lines.append(f"{person(contact)}{role} (CRM contact).")
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
    "stakeholders": _stakeholders,
    "communication": _communication,
    "commercial": _commercial,
}
