"""What the account model says to each section of the transition note, as statements resting on their passages:
who holds each role (stakeholders), how the customer wants to be reached (communication), open promises
(commitments), emails waiting for our reply (next steps), the stated success criteria (goals), the competitors the
customer weighs (risks) and the current term (commercial)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.account.model import AccountModel, Cited, Preference
from assistant.account.signal_questions import competitors_statement, criteria_statements
from assistant.account.questions import (
    ModelFact,
    current_term,
    open_request_text,
    preference_text,
    promise_text,
    role_facts,
)

MAX_PER_SECTION = 3
MAX_CRITERIA_SOURCES = 2
MAX_COMMUNICATION = 4
RECENT_DAYS = 45  # an email unanswered, or a promise due, this long before the note is still the next step


def section_facts(model: AccountModel, key: str, as_of: date) -> list[ModelFact]:
    filled = {_FIELD_OF_VALUE[v.field] for v in model.record_values} if key == "account_snapshot" else set()
    return [*_model_facts(model, key, as_of), *_answered_fields(model, key, filled)]


def _model_facts(model: AccountModel, key: str, as_of: date) -> list[ModelFact]:
    if key == "stakeholders":
        return role_facts(model)
    if key == "communication":
        # how to reach each person: the newest rule about each (and the newest for everyone), newest first
        rules = [p for p in model.preferences if p.rule and (p.about is None or model.is_customer(p.about))]
        per_person: dict[str | None, Preference] = {}
        for rule in sorted(rules, key=lambda p: p.evidence.when or date.min, reverse=True):
            per_person.setdefault(_person_key(model, rule.about), rule)
        return [ModelFact(text=_naming(model, p), evidence=[p.evidence], subject=p.about)
                for p in list(per_person.values())[:MAX_COMMUNICATION]]
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
    if key == "goals":
        return criteria_statements(model, as_of)[:MAX_CRITERIA_SOURCES]
    if key == "risks":
        weighed = competitors_statement(model, as_of)
        return [weighed] if weighed is not None else []
    if key == "account_snapshot":
        labels = {"renewal_date": "Renewal date", "arr": "ARR"}
        return [ModelFact(text=f"{labels[v.field]}: {v.value} (not in the CRM record; per {v.said_in}).",
                          evidence=[v.evidence]) for v in model.record_values]
    if key == "commercial":
        term = current_term(model, as_of)
        return [term] if term is not None else []
    return []


# Where the note holds each field a gap says is missing: the outgoing CSM's answer is the record of it there.
_SECTION_OF_FIELD = {
    "missing_executive_sponsor": "stakeholders", "missing_primary_contact": "stakeholders",
    "missing_renewal_date": "account_snapshot", "missing_contract_value": "account_snapshot",
    "missing_health_score": "account_snapshot", "missing_success_criteria": "goals",
    "missing_communication_preference": "communication",
}
_FIELD_OF_VALUE = {"renewal_date": "missing_renewal_date", "arr": "missing_contract_value"}
_FIELD_LABEL = {"missing_executive_sponsor": "Executive sponsor", "missing_primary_contact": "Primary contact",
                "missing_renewal_date": "Renewal date", "missing_contract_value": "Contract value",
                "missing_health_score": "Health", "missing_success_criteria": "Success criteria",
                "missing_communication_preference": "Communication preference"}


def _answered_fields(model: AccountModel, key: str, filled: set[str] = frozenset()) -> list[ModelFact]:
    """The debrief answers that record a field this section holds (one the record value did not already give)."""
    return [ModelFact(text=f"{_FIELD_LABEL[a.item_kind]}, per {a.author}'s debrief answer"
                           f"{f', {a.day.isoformat()}' if a.day else ''}: {a.text}", evidence=[a.evidence])
            for a in model.debrief_answers
            if _SECTION_OF_FIELD.get(a.item_kind) == key and a.item_kind not in filled]


def _person_key(model: AccountModel, name: str | None) -> str | None:
    """One key per person however the preference names them."""
    person = model.person(name) if name else None
    return person.name if person else name


def _naming(model: AccountModel, preference: Preference) -> str:
    """The rule, led by whom it is about when it does not say ("Just message me on Slack" is the speaker's)."""
    text = preference_text(preference)
    person = model.person(preference.about) if preference.about else None
    if person is None or any(re.search(rf"\b{re.escape(v)}\b", text, re.IGNORECASE) for v in person.variants
                             if len(v) >= 3):
        return text
    return f"{person.name}: {text}"
