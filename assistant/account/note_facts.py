"""What the account model says to each section of the transition note, as statements resting on their passages:
who holds each role (stakeholders), how the customer wants to be reached (communication), open promises
(commitments), emails waiting for our reply (next steps) and the current term (commercial)."""

from __future__ import annotations

from datetime import date, timedelta

from assistant.account.model import AccountModel, Cited
from assistant.account.questions import (
    ModelFact,
    current_term,
    open_request_text,
    preference_text,
    promise_text,
    role_facts,
)

MAX_PER_SECTION = 3
RECENT_DAYS = 45  # an email unanswered, or a promise due, this long before the note is still the next step


def section_facts(model: AccountModel, key: str, as_of: date) -> list[ModelFact]:
    if key == "stakeholders":
        return role_facts(model)
    if key == "communication":
        rules = [p for p in model.preferences if p.rule and (p.about is None or model.is_customer(p.about))]
        newest = sorted(rules, key=lambda p: p.evidence.when or date.min, reverse=True)[:MAX_PER_SECTION]
        return [ModelFact(text=preference_text(p), evidence=[p.evidence], subject=p.about) for p in newest]
    if key == "next_steps":
        waiting = [r for r in model.requests if r.evidence.when is not None and
                   as_of - timedelta(days=RECENT_DAYS) <= r.evidence.when <= as_of]
        newest = sorted(waiting, key=lambda r: r.evidence.when or date.min, reverse=True)[:MAX_PER_SECTION]
        return [ModelFact(text=f"Reply to {open_request_text(r)}", evidence=[r.evidence], subject=r.person)
                for r in newest]
    if key == "commitments":
        # shown undone, or due lately or still to come: an old promise nothing mentions again is not news
        open_ = [c for c in model.commitments if c.direction == "to_customer" and c.stated_on is not None and
                 c.stated_on <= as_of and c.due >= c.stated_on and
                 (c.status == "not_done" or c.status == "unknown" and c.due >= as_of - timedelta(days=RECENT_DAYS))]
        newest = sorted(open_, key=lambda c: c.stated_on, reverse=True)[:MAX_PER_SECTION]
        return [ModelFact(text=promise_text(c), evidence=[Cited(source=c.source, quote=c.quote, when=c.stated_on)])
                for c in newest]
    if key == "commercial":
        term = current_term(model, as_of)
        return [term] if term is not None else []
    return []
