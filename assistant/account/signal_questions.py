"""Questions about the account's signals the account model answers from structure: which competitors the customer
weighs, what its success criteria are, and why the account is at risk. When a question asks *which* competitor or
*what* criteria and the record names none, the model says so, and the answer is "not in the record" rather than
loosely related sentences."""

from __future__ import annotations

import re
from datetime import date

from assistant.account.model import AccountModel, Cited
from assistant.account.questions import ModelFact, ended
from assistant.engines.extractive.answer_types import AMOUNT
from assistant.engines.extractive.sentences import shorten

_COMPETITOR_Q = re.compile(
    r"\bcompetit\w*|\brivals?\b|\bother vendors?\b|\b(?:looking|shopping) (?:around|elsewhere)\b|\bbid\w* against\b|"
    r"\bvendors?\b[^?]*\b(?:looking at|evaluat\w*|consider\w*|shortlist\w*|moving to|switch\w* to)|"
    r"\balternatives? to (?:us|our)\b", re.IGNORECASE)
_NAMES_ASKED = re.compile(r"^\s*(?:which|who|what|name)\b|\b(?:which|who|name of|names of)\b", re.IGNORECASE)
_CRITERIA_Q = re.compile(r"\bsuccess (?:criteri(?:a|on)|plan|metrics?|measures?)\b|\bKPIs?\b|\bmeasures? of success\b|"
                         r"\bwhat does success look like\b|\bhow (?:do|will|would) they measure\b", re.IGNORECASE)
_YES_NO = re.compile(r"^\s*(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would)\b", re.IGNORECASE)
_RISK_Q = re.compile(r"\bhealth\b[^?]*\b(?:low|red|amber|yellow|drop\w*|down|bad|poor|fall\w*|fell)\b|"
                     r"\b(?:at risk|churn\w*|risks?|unhappy|upset)\b", re.IGNORECASE)
_WHY = re.compile(r"^\s*why\b|\bwhat(?:'s| is| are)? (?:the )?(?:main )?risks?\b|\bwhat (?:is|are) driving\b",
                  re.IGNORECASE)
_OWNER_AND_DUE = re.compile(r"\s+[-–]\s+(?=(?:owner|due|by)\b)|,?\s+due\b|\s+\(?owner\b", re.IGNORECASE)
MAX_CRITERIA = 4
MAX_CRITERIA_WORDS = 60
CRITERIA_LINE_WORDS = 25


def competitor_fact(model: AccountModel, question: str, day: date) -> ModelFact | None:
    """"Is the customer weighing other vendors?": each competitor the record names (as of ``day``), when it was first and
    last named. "Which vendors are they evaluating?" with none named: the record does not say."""
    if not _COMPETITOR_Q.search(question):
        return None
    weighed = competitors_statement(model, day)
    if weighed is None and _NAMES_ASKED.search(question) and not _YES_NO.match(question):
        return ModelFact(text="The record names no competitor the customer is weighing.", evidence=[], refusal=True)
    return weighed


def competitors_statement(model: AccountModel, day: date) -> ModelFact | None:
    """Each competitor the record names by ``day`` (at most three), when it was first and last named, and the
    newest mention with an amount (what the competitor costs is what a CSM needs next)."""
    mentions = [m for m in model.competitors if m.evidence.when is None or m.evidence.when <= day]
    if not mentions:
        return None
    names = list(dict.fromkeys(m.name for m in mentions))
    parts = []
    for name in names[:3]:
        dated = [m.evidence.when for m in mentions if m.name == name and m.evidence.when]
        since = f" (named from {min(dated).isoformat()} to {max(dated).isoformat()})" if len(set(dated)) > 1 else \
            f" (named {dated[0].isoformat()})" if dated else ""
        parts.append(f"{name}{since}")
    latest = {name: max((m for m in mentions if m.name == name), key=lambda m: m.evidence.when or date.min)
              for name in names[:3]}
    text = f"Competitors the customer is weighing: {'; '.join(parts)}."
    evidence = [m.evidence for m in latest.values()]
    priced = [m for m in mentions if AMOUNT.search(m.evidence.quote)]
    if priced:
        newest = max(priced, key=lambda m: m.evidence.when or date.min)
        text += f" {ended(shorten(newest.evidence.quote, CRITERIA_LINE_WORDS))}"
        evidence = [newest.evidence, *[c for c in evidence if c != newest.evidence]]
    return ModelFact(text=text, evidence=evidence, subject=names[0].split()[0])


def criteria_fact(model: AccountModel, question: str) -> ModelFact | None:
    """"Which success criteria does the customer track?": the criteria the newest source stating any gives, cited line by line.
    Asked what they are when no source states any, the record does not say ("were criteria ever agreed?" is left
    to the passages, which may say they never were)."""
    if not _CRITERIA_Q.search(question):
        return None
    if not model.success_criteria:
        if _YES_NO.match(question):
            return None
        return ModelFact(text="The record states no measurable success criteria for the account.", evidence=[],
                         refusal=True)
    stated = criteria_statements(model)
    return stated[0] if stated else None


def criteria_statements(model: AccountModel, day: date | None = None) -> list[ModelFact]:
    """One statement per source stating success criteria (as of ``day``), newest source first, each listing that
    source's criteria line by line."""
    sources = {c.source: c.when for c in model.success_criteria if day is None or c.when is None or c.when <= day}
    statements = []
    for source, when in sorted(sources.items(), key=lambda s: s[1] or date.min, reverse=True):
        chosen: list[Cited] = []
        for line in [c for c in model.success_criteria if c.source == source][:MAX_CRITERIA]:
            if chosen and sum(len(shorten(c.quote, CRITERIA_LINE_WORDS).split()) for c in [*chosen, line]) > \
                    MAX_CRITERIA_WORDS:
                break
            chosen.append(line)
        dated = f" ({when.isoformat()})" if when else ""
        items = "; ".join(_item(c.quote) for c in chosen)
        statements.append(ModelFact(text=f"Success criteria per {source}{dated}: {items}.", evidence=chosen,
                                    complete=True))
    return statements


def risk_fact(model: AccountModel, question: str, day: date) -> ModelFact | None:
    """"Why has the health score dropped?": the risk signals the model holds (a competitor the customer weighs, our
    overdue promises), for the passages to explain further."""
    if not (_RISK_Q.search(question) and _WHY.search(question)):
        return None
    signals: list[tuple[str, Cited]] = []
    competitors = [m for m in model.competitors if m.evidence.when is None or m.evidence.when <= day]
    if competitors:
        first = min(competitors, key=lambda m: m.evidence.when or date.min)
        since = f" since {first.evidence.when.isoformat()}" if first.evidence.when else ""
        signals.append((f"{first.name}, a competitor, weighed{since}", first.evidence))
    overdue = [c for c in model.commitments if c.direction == "to_customer" and c.status != "done" and c.due < day
               and (c.stated_on is None or c.stated_on <= c.due)]
    if overdue:
        promise = max(overdue, key=lambda c: c.due)
        what = _OWNER_AND_DUE.split(_item(promise.what))[0].rstrip(" -,;:")
        signals.append((f"overdue since {promise.due.isoformat()}: {what}",
                        Cited(source=promise.source, quote=promise.quote, when=promise.stated_on)))
    if not signals:
        return None
    text = "Risks: " + "; ".join(s for s, _ in signals)
    return ModelFact(text=text if text.endswith(".") else f"{text}.", evidence=[c for _, c in signals])


def _item(line: str) -> str:
    text = re.sub(r"^\s*(?:\d+[.)]|[-*•])\s+", "", line).strip().rstrip(".;")
    return shorten(text, CRITERIA_LINE_WORDS).rstrip(".")
