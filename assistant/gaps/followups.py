"""Gaps in follow-through: overdue promises, unanswered customer emails, aging high-priority tickets."""

from __future__ import annotations

from datetime import date

from assistant.facts.commitments import Commitment, overdue
from assistant.facts.text import clip
from assistant.facts.threads import email_threads
from assistant.facts.tickets import open_tickets
from assistant.facts.material import AccountMaterial
from assistant.models import Gap, GapEvidence, GapKind


def _same_promise(a: Commitment, b: Commitment) -> bool:
    shared = set(a.keywords) & set(b.keywords)
    return len(shared) >= max(1, min(len(a.keywords), len(b.keywords)) // 2)


def overdue_commitment(material: AccountMaterial, as_of: date) -> list[Gap]:
    groups: list[list[Commitment]] = []
    for commitment in sorted(overdue(material, as_of), key=lambda c: (c.stated_on or date.min, c.due)):
        group = next((g for g in groups if _same_promise(g[0], commitment)), None)
        if group is None:
            groups.append([commitment])
        else:
            group.append(commitment)
    gaps = []
    for group in groups:
        first, latest_due = group[0], max(c.due for c in group)
        days = (as_of - latest_due).days
        recommitted = len({c.due for c in group}) > 1
        evidence = [GapEvidence(source=c.source, quote=clip(c.quote)) for c in group]
        for c in group:
            evidence += [GapEvidence(source=e.source, quote=clip(e.quote)) for e in c.evidence
                         if e.quote and not any(x.source == e.source and x.quote == clip(e.quote) for x in evidence)]
        still_owed = any(c.status == "not_done" for c in group)
        gaps.append(Gap(
            kind=GapKind.OVERDUE_COMMITMENT,
            severity="high" if days > 14 or still_owed else "medium",
            detail=(f"{first.who} promised the customer: \"{clip(first.what, 140)}\" (due {first.due:%b %d, %Y}"
                    + (f", re-committed for {latest_due:%b %d, %Y}" if recommitted else "")
                    + f"); {days} days overdue as of {as_of:%b %d, %Y} "
                    + ("and later material says it is still owed." if still_owed else "with no sign it was done.")),
            evidence=evidence[:6],
            question="Was this ever delivered? If not, what is blocking it, and what has the customer been told?",
        ))
    return gaps


def unanswered_customer_email(material: AccountMaterial, as_of: date, business_days: int) -> list[Gap]:
    gaps = []
    for thread in email_threads(material, as_of):
        waiting = thread.awaiting_customer_reply_since()
        if waiting is None or waiting.sent_at is None:
            continue
        days = thread.business_days_waiting(as_of)
        if days <= business_days:
            continue
        sender = waiting.sender.name or waiting.sender.email if waiting.sender else "the customer"
        autos = [m for m in thread.auto_replies if m.sent_at and m.sent_at >= waiting.sent_at]
        evidence = [GapEvidence(source=waiting.source, quote=waiting.quote)]
        evidence += [GapEvidence(source=m.source, quote=m.quote) for m in autos]
        gaps.append(Gap(
            kind=GapKind.UNANSWERED_CUSTOMER_EMAIL,
            severity="high" if days > 2 * business_days else "medium",
            detail=(f"{sender}'s email \"{waiting.subject}\" of {waiting.sent_at:%b %d, %Y} has had no reply for "
                    f"{days} business days" + (" (only an auto-reply)." if autos else ".")),
            evidence=evidence,
            question=f"Has anyone answered {sender} about \"{waiting.subject}\", by email or another channel?",
        ))
    return gaps


def aging_high_priority_ticket(material: AccountMaterial, as_of: date, days: int) -> list[Gap]:
    gaps = []
    for ticket in open_tickets(material, as_of, {"high", "urgent"}):
        if ticket.age_days is None or ticket.age_days <= days:
            continue
        gaps.append(Gap(
            kind=GapKind.AGING_HIGH_PRIORITY_TICKET,
            severity="high",
            detail=(f"{ticket.priority.capitalize()} ticket {ticket.ticket_id} ({ticket.subject}) has been open since "
                    f"{ticket.opened:%b %d, %Y}: {ticket.age_days} days as of {as_of:%b %d, %Y}."),
            evidence=[GapEvidence(source=ticket.source, quote=ticket.quote)],
            question=f"What is the plan and ETA for ticket {ticket.ticket_id}, and who owns it with engineering?",
        ))
    return gaps
