"""Conflicting facts: the CRM and later sources disagree on ARR, seats, renewal date or a contact's title/role.

A difference a source explains (a temporary seat bump with waived overage) is not a conflict; neither is a quote
or proposal, nor a value from a previous term."""

from __future__ import annotations

import re
from datetime import date, timedelta

from assistant.facts.material import AccountMaterial
from assistant.facts.people import role_mentions, titles_from_signatures
from assistant.facts.text import clip, quote_around
from assistant.facts.values import StatedValue, explained_elsewhere, stated_values
from assistant.models import Gap, GapEvidence, GapKind
from ingest.document import Person, SourceType

_CRM_STALE = re.compile(
    r"\b(?:CRM|Salesforce|HubSpot)\b[^.\n]{0,40}\b(?:still (?:shows|says|has|lists)|is wrong|wrong|incorrect|outdated|"
    r"out of date|needs? (?:fixing|updating|correcting|to be (?:fixed|updated)))",
    re.IGNORECASE,
)
_QUESTION = "Which value is right, which document proves it, and will you correct the CRM before handing over?"


def _crm_evidence(material: AccountMaterial) -> GapEvidence:
    return GapEvidence(source=material.crm_source or "crm")


def _differs(a: float, b: float) -> bool:
    return abs(a - b) > 0.02 * max(abs(a), abs(b), 1)


def _current_disagreement(material: AccountMaterial, kind: str, crm_value: float | None) -> list[StatedValue]:
    """The latest document's current, non-proposal statements of ``kind`` when none of them matches the CRM."""
    if crm_value is None:
        return []
    values = [v for v in stated_values(material, kind) if v.current and not v.proposal]
    if not values:
        return []
    latest = max(v.when or date.min for v in values)
    newest = [v for v in values if (v.when or date.min) == latest]
    if any(not _differs(v.value, crm_value) for v in newest):
        return []
    return [v for v in newest if not v.explained and not explained_elsewhere(material, v.value)]


def _value_conflicts(material: AccountMaterial) -> list[Gap]:
    crm = material.crm
    gaps = []
    for kind, label, crm_value in (("arr", "ARR", crm.arr_usd), ("seats", "seat count", crm.seats_purchased)):
        disagreeing = _current_disagreement(material, kind, crm_value)
        if disagreeing:
            shown = f"${crm_value:,.0f}" if kind == "arr" else f"{crm_value:,.0f}"
            stated = ", ".join(sorted({f"${v.value:,.0f}" if kind == "arr" else f"{v.value:,.0f}" for v in disagreeing}))
            gaps.append(Gap(
                kind=GapKind.CONFLICTING_FACTS, severity="high",
                detail=f"{label}: the CRM says {shown}, but {disagreeing[0].source} ({disagreeing[0].when}) states "
                       f"{stated}.",
                evidence=[_crm_evidence(material)] + [GapEvidence(source=v.source, quote=clip(v.quote))
                                                      for v in disagreeing[:3]],
                question=_QUESTION,
            ))
    if crm.seats_active and crm.seats_purchased and crm.seats_active > crm.seats_purchased:
        if not explained_elsewhere(material, crm.seats_active) and not gaps:
            gaps.append(Gap(
                kind=GapKind.CONFLICTING_FACTS, severity="medium",
                detail=f"The CRM shows {crm.seats_active} active users on {crm.seats_purchased} purchased seats, "
                       "and no source explains the overage.",
                evidence=[_crm_evidence(material)], question=_QUESTION,
            ))
    return gaps


def _renewal_conflict(material: AccountMaterial) -> list[Gap]:
    crm = material.crm
    if crm.renewal_date is None:
        return []
    window = timedelta(days=200)
    values = [
        v for v in stated_values(material, "renewal_date")
        if not v.proposal and abs(v.value - crm.renewal_date) <= window
        and (crm.contract_start is None or v.value > crm.contract_start + timedelta(days=31))
    ]
    if not values or any(abs((v.value - crm.renewal_date).days) <= 1 for v in values):
        return []
    newest = sorted(values, key=lambda v: v.when or date.min)[-3:]
    stated = newest[-1]
    return [Gap(
        kind=GapKind.CONFLICTING_FACTS, severity="high",
        detail=f"Renewal date: the CRM says {crm.renewal_date:%b %d, %Y}, but {stated.source} puts the end of the "
               f"term at {stated.value:%b %d, %Y}.",
        evidence=[_crm_evidence(material)] + [GapEvidence(source=v.source, quote=clip(v.quote)) for v in newest[:3]],
        question=_QUESTION,
    )]


def _tokens(title: str) -> set[str]:
    text = title.lower().replace("&", " and ").replace("sr.", "senior").replace("vp", "vice president")
    return set(re.findall(r"[a-z]+", text)) - {"of", "the", "and", "for", "at"}


def _title_conflicts(material: AccountMaterial) -> list[Gap]:
    crm = material.crm
    extras = [v for v in (crm.model_extra or {}).values() if isinstance(v, dict)]
    people = [p for p in (crm.primary_contact, crm.executive_sponsor, *crm.contacts) if p]
    people += [Person(**{k: v for k, v in e.items() if k in ("name", "email", "title")}) for e in extras
               if e.get("email") and e.get("title")]
    signatures = titles_from_signatures(material)
    gaps = []
    for person in people:
        if not person.email or not person.title:
            continue
        signed = signatures.get(person.email.lower())
        if signed is None or _tokens(signed.title) == _tokens(person.title):
            continue
        if _tokens(signed.title) <= _tokens(person.title) or _tokens(person.title) <= _tokens(signed.title):
            continue
        evidence = [_crm_evidence(material), GapEvidence(source=signed.source, quote=signed.quote)]
        gaps.append(Gap(
            kind=GapKind.CONFLICTING_FACTS, severity="medium",
            detail=f"{person.name}'s title: the CRM says '{person.title}', but their {signed.when} email signature "
                   f"says '{signed.title}'.",
            evidence=evidence, question=f"What is {person.name}'s current title and role? {_QUESTION}",
        ))
    return gaps


def _sponsor_conflict(material: AccountMaterial) -> list[Gap]:
    sponsor = material.crm.executive_sponsor
    if sponsor is None or not sponsor.name:
        return []
    last = sponsor.name.split()[-1]
    named = [m for m in role_mentions(material, "executive_sponsor") if m.affirmed and m.names]
    others = [m for m in named if not any(last in n for n in m.names)]
    if not others or len(others) < len(named):
        return []
    m = others[-1]
    return [Gap(
        kind=GapKind.CONFLICTING_FACTS, severity="medium",
        detail=f"Executive sponsor: the CRM names {sponsor.name}, but {m.source} names {', '.join(m.names)}.",
        evidence=[_crm_evidence(material), GapEvidence(source=m.source, quote=clip(m.quote))],
        question=_QUESTION,
    )]


def _crm_flagged_stale(material: AccountMaterial) -> list[Gap]:
    for document in material.documents:
        if document.source_type == SourceType.CRM:
            continue
        match = _CRM_STALE.search(document.body)
        if match:
            return [Gap(
                kind=GapKind.CONFLICTING_FACTS, severity="high",
                detail="A note says the CRM record is out of date and disagrees with the current facts.",
                evidence=[_crm_evidence(material), GapEvidence(
                    source=document.source_path, quote=quote_around(document.body, match.start(), match.end()))],
                question=_QUESTION,
            )]
    return []


def conflicting_facts(material: AccountMaterial) -> list[Gap]:
    if material.crm is None:
        return []
    gaps = _value_conflicts(material) + _renewal_conflict(material) + _title_conflicts(material)
    gaps += _sponsor_conflict(material)
    if not gaps:
        gaps = _crm_flagged_stale(material)
    return gaps
