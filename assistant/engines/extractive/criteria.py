"""Whether passages state measurable success criteria, without a language model: the phrase heuristic the gap
detector uses (``criteria_stated``) on each passage."""

from __future__ import annotations

from assistant.engines.base import Evidence
from assistant.facts.signals import criteria_stated


def judge_criteria(evidence: Evidence) -> bool:
    return any(criteria_stated(item.text) for item in evidence.items)
