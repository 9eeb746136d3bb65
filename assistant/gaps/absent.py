"""Gaps for facts nobody documented: sponsor, primary contact, renewal date, contract value, success criteria,
health score, communication preference. A fact stated in any source (CRM or not) is not a gap."""

from __future__ import annotations

from collections.abc import Callable

from assistant.account.model import AccountModel
from assistant.account.service import model_of
from assistant.facts.material import AccountMaterial, count_sources
from assistant.facts.people import role_mentions
from assistant.facts.signals import (
    criteria_stated,
    health_passages,
    preference_passages,
    success_criteria_passages,
)
from assistant.facts.text import clip
from assistant.facts.values import stated_values
from assistant.models import Gap, GapEvidence, GapKind

Judge = Callable[[list[tuple[str, str]]], bool]


def _absent(material: AccountMaterial, crm_field: str, extra: list[GapEvidence] | None = None) -> list[GapEvidence]:
    evidence = [GapEvidence(source=f"absent from all {count_sources(material)} sources")]
    if material.crm_source:
        evidence.append(GapEvidence(source=material.crm_source, quote=None))
    return evidence + (extra or [])


def _denials(mentions) -> list[GapEvidence]:
    return [GapEvidence(source=m.source, quote=clip(m.quote)) for m in mentions if not m.affirmed][:3]


def missing_executive_sponsor(material: AccountMaterial, model: AccountModel | None = None) -> list[Gap]:
    if material.crm and material.crm.executive_sponsor and material.crm.executive_sponsor.name:
        return []
    holder = (model or model_of(material)).current_holder("executive_sponsor")
    if holder is not None and holder.name:  # e.g. the CRM gives only a title, and a signature says whose it is
        return []
    mentions = role_mentions(material, "executive_sponsor")
    if any(m.affirmed for m in mentions):
        return []
    return [Gap(
        kind=GapKind.MISSING_EXECUTIVE_SPONSOR, severity="high",
        detail="No executive sponsor is recorded: the CRM field is empty and no note or email names one"
        + (" (the notes say none has been identified)." if _denials(mentions) else "."),
        evidence=_absent(material, "executive_sponsor", _denials(mentions)),
        question="Who at the customer is the executive sponsor (the senior person who owns the outcome and the "
        "budget), and has anyone tried to secure one?",
    )]


def missing_primary_contact(material: AccountMaterial) -> list[Gap]:
    crm = material.crm
    if crm and crm.primary_contact and (crm.primary_contact.name or crm.primary_contact.email):
        return []
    for role in ("primary_contact", "champion"):
        for mention in role_mentions(material, role):
            if mention.affirmed and any(material.is_customer(_person(material, n)) for n in mention.names):
                return []
    return [Gap(
        kind=GapKind.MISSING_PRIMARY_CONTACT, severity="high",
        detail="No primary (day-to-day) contact is recorded in the CRM or named in any note or email.",
        evidence=_absent(material, "primary_contact"),
        question="Who is the customer's day-to-day contact, and who backs them up?",
    )]


def _person(material: AccountMaterial, name: str):
    from assistant.facts.material import directory

    return directory(material).get(name.lower())


def missing_renewal_date(material: AccountMaterial) -> list[Gap]:
    if material.crm and material.crm.renewal_date:
        return []
    if any(not v.proposal for v in stated_values(material, "renewal_date")):
        return []
    return [Gap(
        kind=GapKind.MISSING_RENEWAL_DATE, severity="high",
        detail="No renewal or term-end date is recorded in the CRM or stated in any source.",
        evidence=_absent(material, "renewal_date"),
        question="When does the current term end, what is the notice period, and does it auto-renew?",
    )]


def missing_contract_value(material: AccountMaterial) -> list[Gap]:
    if material.crm and material.crm.arr_usd:
        return []
    if any(not v.proposal for v in stated_values(material, "arr")):
        return []
    return [Gap(
        kind=GapKind.MISSING_CONTRACT_VALUE, severity="medium",
        detail="No ARR or contract value is recorded in the CRM or stated in any order, PO or invoice.",
        evidence=_absent(material, "arr_usd"),
        question="What is the current annual contract value, and where is the signed order form?",
    )]


def missing_success_criteria(material: AccountMaterial, judge: Judge | None = None) -> list[Gap]:
    crm = material.crm
    if crm and crm.success_criteria:
        return []
    passages = success_criteria_passages(material)
    if judge is not None:
        stated = judge([(p.source, p.quote) for p in passages])
    else:
        stated = any(criteria_stated(p.quote) for p in passages)
    if stated:
        return []
    extra = [GapEvidence(source=p.source, quote=clip(p.quote)) for p in passages[-3:]]
    return [Gap(
        kind=GapKind.MISSING_SUCCESS_CRITERIA, severity="medium",
        detail="No measurable success criteria or business goals are documented"
        + (f"; {len(passages)} passage(s) mention a success plan but leave it undefined or in draft." if passages
           else "."),
        evidence=_absent(material, "success_criteria", extra),
        question="What outcomes does the customer measure us by, and were success criteria ever agreed with them?",
    )]


def missing_health_score(material: AccountMaterial) -> list[Gap]:
    if material.crm and material.crm.health_score is not None:
        return []
    if health_passages(material):
        return []
    return [Gap(
        kind=GapKind.MISSING_HEALTH_SCORE, severity="medium",
        detail="The CRM health score is empty and no source states a health score or rating.",
        evidence=_absent(material, "health_score"),
        question="How healthy is the account in your judgement (score or red/amber/green), and why?",
    )]


def missing_communication_preference(material: AccountMaterial) -> list[Gap]:
    if material.crm and material.crm.communication_preference:
        return []
    if preference_passages(material):
        return []
    return [Gap(
        kind=GapKind.MISSING_COMMUNICATION_PREFERENCE, severity="low",
        detail="No communication preference (channel, cadence, formality) is recorded for the customer's contacts.",
        evidence=_absent(material, "communication_preference"),
        question="How do the key contacts prefer to be reached (email, chat, calls), how often, and how formally?",
    )]
