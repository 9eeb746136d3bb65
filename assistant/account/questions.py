"""Questions the account model answers from structure rather than text rank: who holds a role in the relationship
now ("who's the exec sponsor these days?"), with who held it before when that changed."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel

from assistant.engines.extractive.sentences import shorten
from assistant.text.sentences import sentences
from assistant.account.model import (
    ROLE_LABELS,
    AccountModel,
    Cited,
    OpenRequest,
    PersonEntry,
    Preference,
    RoleHolding,
)

_WHO = re.compile(r"\bwho\b|\bwhose\b|\bwhom\b|\bname\b", re.IGNORECASE)
_ASKED_ROLES: dict[str, re.Pattern[str]] = {
    "executive_sponsor": re.compile(r"\b(?:exec(?:utive)?\.?\s+)?sponsor\b", re.IGNORECASE),
    "economic_buyer": re.compile(r"\beconomic buyer\b|\bdecision[- ]maker\b|\bbudget owner\b|\bsigns?\b(?! up)|"
                                r"\bsigning\b|\bapprov\w*\b.*\b(?:renewal|contract|purchase|budget|spend)",
                                re.IGNORECASE),
    "champion": re.compile(r"\bchampion\b", re.IGNORECASE),
    "technical_lead": re.compile(r"\btechnical (?:lead|owner|contact)\b", re.IGNORECASE),
}


class ModelFact(BaseModel):
    """A statement the account model makes, with the passages it rests on."""

    text: str
    evidence: list[Cited]
    subject: str | None = None  # the person it is about
    complete: bool = False  # it answers in full: no passage need follow it
    refusal: bool = False  # the record does not hold what is asked: the answer is "not in the record"


_TITLE_Q = re.compile(r"\b(?:title|job|position)\b", re.IGNORECASE)


def title_fact(model: AccountModel, question: str) -> ModelFact | None:
    """"What is Jane Roe's current title?": the latest stated title of the one person the question names, and what
    an older source still says when that differs."""
    if not _TITLE_Q.search(question):
        return None
    named = _named_people(model, question)
    if len(named) != 1:
        return None
    person = named[0]
    if not person.titles:
        return None
    latest = person.titles[-1]
    when = f" (as of {latest.evidence.when.isoformat()})" if latest.evidence.when else ""
    text = f"{person.name}'s title is {latest.title}{when}"
    evidence = [latest.evidence]
    older = next((t for t in reversed(person.titles[:-1]) if t.title.lower() != latest.title.lower()), None)
    if older is not None:
        text += f"; {older.evidence.source} still says {older.title}"
        evidence.append(older.evidence)
    return ModelFact(text=f"{text}.", evidence=evidence, subject=person.name)


_REACH_Q = re.compile(
    r"\bhow\b[^?]{0,40}\b(?:contact|reach|communicat\w*|get hold|get in touch|talk to|e-?mail|call|approach|"
    r"address|work with)\b|\bprefer\w*\b[^?]{0,30}\b(?:communicat\w*|contact\w*|reach\w*|hear|updates?|"
    r"channel)\b|\bbest way to\b|\bwhich channel\b|\bwhat channel\b|"
    r"\b(?:kept|keep \w+|stay)\s+(?:informed|in the loop|up to date|posted|updated)\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*•]+|\d+[.)])\s*")
ASK_WORDS = 30
MAX_PREFERENCES = 3
MAX_PREFERENCE_WORDS = 60


def contact_fact(model: AccountModel, question: str) -> ModelFact | None:
    """"How should I contact Dr. Roe?", "How do they prefer to communicate?": what the record says about reaching
    that person (their own word first, then what applies to everyone there), or about reaching the customer's
    people: the rules themselves before mentions that a rule exists, newest first."""
    if not _REACH_Q.search(question):
        return None
    named = _named_people(model, question)
    if len(named) > 1:
        return None
    person = named[0] if named else None
    newest = sorted(model.preferences, key=lambda p: (p.rule, p.evidence.when or date.min), reverse=True)
    if person is not None:
        own = [p for p in newest if p.about and model.person(p.about) is person]
        picked = own + [p for p in newest if p.about is None]
    else:
        picked = [p for p in newest if p.about is None or model.is_customer(p.about)]
    chosen: list = []
    for preference in picked:
        words = sum(len(p.statement.split()) for p in chosen) + len(preference.statement.split())
        if len(chosen) == MAX_PREFERENCES or chosen and words > MAX_PREFERENCE_WORDS:
            break
        chosen.append(preference)
    if not chosen:
        return None
    text = " ".join(preference_text(p) for p in chosen)
    return ModelFact(text=text, evidence=[p.evidence for p in chosen], subject=person.name if person else None)


_WAITING_Q = re.compile(r"\bwaiting (?:on|for)\b|\b(?:need|needs|want|wants|asked|expect\w*)\b[^?]{0,30}\bfrom us\b|"
                        r"\b(?:do|did) we owe\b|\bunanswered\b", re.IGNORECASE)


def waiting_fact(model: AccountModel, question: str) -> ModelFact | None:
    """"What is Jane waiting on from us?": her emails that still have no reply, newest first, with what they ask;
    None when the record holds none (the passages may still say)."""
    if not _WAITING_Q.search(question):
        return None
    named = _named_people(model, question)
    if len(named) > 1:
        return None
    person = named[0] if named else None
    requests = [r for r in model.requests if person is None or model.person(r.person) is person]
    requests = sorted(requests, key=lambda r: r.evidence.when or date.min, reverse=True)[:2]
    if not requests:
        return None
    text = " ".join(open_request_text(r) for r in requests)
    return ModelFact(text=text, evidence=[r.evidence for r in requests], subject=person.name if person else None)


_STATUS_Q = re.compile(r"\bstatus of\b|^\s*where (?:is|are)\b|\bwhere (?:does|do) .+ stand\b|"
                       r"\bwhat happened (?:to|with) (?:the|our)\b", re.IGNORECASE)
_NOT_TOPIC = frozenset("what where when status stand stands does did have has the our their its and for with from "
                       "yet still now currently happened send sent deliver delivered provide provided share shared "
                       "they you are was were".split())
_STATUS_WORDS = {"done": "Later material shows it done", "not_done": "Not done as of the latest word",
                 "unknown": "Nothing later in the record shows it done"}


def commitment_fact(model: AccountModel, question: str) -> ModelFact | None:
    """"What is the status of the audit report?": the latest promise to the customer about it, when it was made and
    due, and what later material says of it (done, not done, or nothing)."""
    if not _STATUS_Q.search(question):
        return None
    topic = [w for w in re.findall(r"[a-z][a-z0-9-]{2,}", question.lower()) if w not in _NOT_TOPIC]
    if not topic:
        return None
    # a promise is made before it is due: "the proposal I promised for Feb 6 still hasn't gone out" reports one
    about = [c for c in model.commitments if c.direction == "to_customer" and
             (c.stated_on is None or c.due >= c.stated_on) and
             all(re.search(rf"\b{re.escape(w)}", c.what.lower()) for w in topic)]
    if not about:
        return None
    latest = max(about, key=lambda c: (c.stated_on or date.min, c.due))
    text = f"{promise_text(latest)} {_STATUS_WORDS[latest.status]}"
    evidence = [Cited(source=latest.source, quote=latest.quote, when=latest.stated_on)]
    if latest.evidence:
        said = latest.evidence[-1]
        first = next(iter(sentences(_BULLET.sub("", said.quote.strip()))), said.quote)
        text += f": {ended(shorten(first, ASK_WORDS))}"
        evidence.append(Cited(source=said.source, quote=said.quote, when=said.when))
    return ModelFact(text=text if text.endswith((".", '"')) else f"{text}.", evidence=evidence)


_TERM_Q = re.compile(
    r"\b(?:contract|term|subscription|agreement|licen[cs]e|order form|PO)\b[^?]*\b(?:end|ends|ending|expire[sd]?|"
    r"expiry|expiration|run|runs|through|until|up)\b|\b(?:end|expiry|expiration) date\b", re.IGNORECASE)


def term_fact(model: AccountModel, question: str, day: date) -> ModelFact | None:
    """"When does their current contract end?": the term that holds on ``day`` as the newest source states it, and
    the CRM's renewal date when that disagrees."""
    if not _TERM_Q.search(question):
        return None
    return current_term(model, day)


def current_term(model: AccountModel, day: date) -> ModelFact | None:
    """The term that holds on ``day`` as the newest source states it, and the CRM's renewal date when that
    disagrees."""
    current = [t for t in model.terms if t.holds(day)]
    if not current:
        return None
    latest = max(current, key=lambda t: t.evidence.when or date.min)
    text = f"The current term runs {_day(latest.start) + ' through ' if latest.start else 'until '}" \
           f"{_day(latest.end)}, per {latest.evidence.source}"
    evidence = [latest.evidence]
    crm = next((t for t in model.terms if t.evidence.when is None and t.renews), None)
    if crm is not None and crm is not latest and abs((crm.end - latest.end).days) > 1:
        text += f"; the CRM record gives {crm.renews.isoformat()} as the renewal date"
        evidence.append(crm.evidence)
    return ModelFact(text=f"{text}.", evidence=evidence, complete=True)


def _day(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def promise_text(commitment) -> str:
    stated = commitment.stated_on.isoformat() if commitment.stated_on else "an undated day"
    return f"{commitment.who} committed on {stated} (due {commitment.due.isoformat()}): " \
           f"{ended(_BULLET.sub('', shorten(commitment.what.strip(), ASK_WORDS)))}"


def open_request_text(request: OpenRequest) -> str:
    when = f" of {request.evidence.when.isoformat()}" if request.evidence.when else ""
    return f"{request.person}'s email \"{request.subject}\"{when} has no reply: {ended(shorten(request.ask, ASK_WORDS))}"


def ended(text: str) -> str:
    return text if text.endswith((".", "!", "?", '"')) else f"{text.rstrip(':;,')}."


def _named_people(model: AccountModel, question: str) -> list[PersonEntry]:
    """The people a question names by any of their variants (full name, first name, surname, "Dr Roe"), each once."""
    named = {p.name: p for p in model.people for v in p.variants if len(v) >= 3 and
             re.search(rf"\b{re.escape(v)}\b", question, re.IGNORECASE)}
    return list(named.values())


def preference_text(preference: Preference) -> str:
    statement = _BULLET.sub("", preference.statement)
    return statement if statement.endswith((".", "!", ")", '"')) else f"{statement}."


def role_asked(question: str) -> str | None:
    """The relationship role a who-question asks about, if any."""
    if not _WHO.search(question):
        return None
    for role, pattern in _ASKED_ROLES.items():
        if pattern.search(question):
            return role
    return None


def role_fact(model: AccountModel, role: str) -> ModelFact | None:
    """"Jane Roe (COO) is the executive sponsor." (with "since" the date of the word that made it so, and who held
    it before when that was someone else), or None when the record does not say who holds it now."""
    holding = model.current_holder(role)
    if holding is None or not holding.name:
        return None
    label = ROLE_LABELS[role]
    person = model.person(holding.name)
    title = person.title if person and person.title else holding.title
    named = f"{holding.name} ({title})" if title else holding.name
    status = " (interim)" if holding.status == "interim" else ""
    text = f"{named} is the {label}{status}"
    evidence = [holding.evidence]
    if person is not None and person.titles and holding.name and holding.name not in holding.evidence.quote:
        evidence.append(person.titles[-1].evidence)  # the source names a title; this one says whose it is
    before = _predecessor(model, role, holding)
    if before is not None:
        text += f"; {before.name} held the role before"
        evidence.append(_latest_word_on(model, role, before.name) or before.evidence)
    return ModelFact(text=f"{text}.", evidence=evidence, subject=holding.name)


def _predecessor(model: AccountModel, role: str, current: RoleHolding) -> RoleHolding | None:
    """Someone else the record names in the role who has since stopped holding it (stepped down, left, on leave);
    several people can share a role, so an earlier holder alone is no predecessor."""
    for holding in model.holders(role):
        if not holding.name or holding.name == current.name:
            continue
        person = model.person(holding.name)
        if holding.status == "former" or person is not None and person.status != "active" or current.inferred:
            return holding
    return None


def _latest_word_on(model: AccountModel, role: str, name: str) -> Cited | None:
    """The newest passage about that person's tenure (that they stepped down, left, went on leave)."""
    person = model.person(name)
    words = [h.evidence for h in model.holders(role) if h.name == name and h.status == "former"]
    if person is not None:
        words += [p.evidence for p in person.presence]
    dated = [w for w in words if w.when is not None]
    return max(dated, key=lambda w: w.when) if dated else (words[0] if words else None)


def role_facts(model: AccountModel) -> list[ModelFact]:
    """Who holds each role in the relationship now, for the note's stakeholders."""
    return [fact for role in ROLE_LABELS if (fact := role_fact(model, role)) is not None]
