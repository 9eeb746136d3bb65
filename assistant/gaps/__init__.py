"""Documentation gaps: what the outgoing CSM forgot to write down, judged against an ``as_of`` date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from assistant.platform.config import Settings
from assistant.debrief_items.ids import assign_gap_ids
from assistant.facts.material import AccountMaterial, count_sources
from assistant.gaps.absent import (
    missing_communication_preference,
    missing_contract_value,
    missing_executive_sponsor,
    missing_health_score,
    missing_primary_contact,
    missing_renewal_date,
    missing_success_criteria,
)
from assistant.gaps.activity import meeting_missing_metadata, stale_relationship
from assistant.gaps.conflicts import conflicting_facts
from assistant.gaps.followups import aging_high_priority_ticket, overdue_commitment, unanswered_customer_email
from assistant.models import Gap

__all__ = ["count_sources", "detect_gaps"]

_SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def detect_gaps(
    material: AccountMaterial,
    as_of: date,
    settings: Settings,
    judge: Callable[[list[tuple[str, str]]], bool] | None = None,
) -> list[Gap]:
    """Every documentation gap in the account's material as of ``as_of``, most severe first.

    ``judge`` decides from candidate (source, passage) pairs whether success criteria are stated; without one a
    phrase heuristic decides."""
    gaps: list[Gap] = []
    gaps += missing_executive_sponsor(material)
    gaps += missing_primary_contact(material)
    gaps += missing_renewal_date(material)
    gaps += missing_contract_value(material)
    gaps += missing_success_criteria(material, judge)
    gaps += missing_health_score(material)
    gaps += missing_communication_preference(material)
    gaps += stale_relationship(material, as_of, settings.stale_relationship_days)
    gaps += meeting_missing_metadata(material)
    gaps += overdue_commitment(material, as_of)
    gaps += unanswered_customer_email(material, as_of, settings.unanswered_email_business_days)
    gaps += aging_high_priority_ticket(material, as_of, settings.aging_ticket_days)
    gaps += conflicting_facts(material)
    gaps = sorted(gaps, key=lambda g: _SEVERITY_ORDER[g.severity])
    assign_gap_ids(gaps)
    return gaps
