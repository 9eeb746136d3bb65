"""The success criteria the record states: the CRM field, then each passage that states measurable criteria (a
"Success criteria: >=30 weekly users" label, or a goals heading over measurable items), one cited line each."""

from __future__ import annotations

import re

from assistant.account.model import Cited
from assistant.facts.material import AccountMaterial
from assistant.facts.signals import criteria_stated, success_criteria_passages
from assistant.facts.text import clip

_LABEL = re.compile(r"success criteri(?:a|on)|success\s*=|measures? of success|\bKPIs?\b|success metrics?",
                    re.IGNORECASE)
_MEASURABLE_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+.*\d")


def build_success_criteria(material: AccountMaterial) -> list[Cited]:
    found: list[Cited] = []
    crm = material.crm
    if crm is not None and crm.success_criteria and material.crm_source:
        stated = crm.success_criteria if isinstance(crm.success_criteria, list) else [crm.success_criteria]
        found += [Cited(source=material.crm_source, quote=text) for text in stated if text.strip()]
    labelled: list[Cited] = []
    listed: list[Cited] = []
    for passage in success_criteria_passages(material):
        if not criteria_stated(passage.quote):
            continue
        head, _, rest = passage.quote.partition("\n")
        if _labels_itself(head):
            labelled.append(Cited(source=passage.source, quote=clip(head.strip()), when=passage.when))
        else:
            listed += [Cited(source=passage.source, quote=clip(line.strip()), when=passage.when)
                       for line in rest.splitlines() if _MEASURABLE_ITEM.match(line)]
    seen: set[str] = set()
    for cited in [*found, *labelled, *listed]:
        if _plain(cited.quote) not in seen:
            seen.add(_plain(cited.quote))
            if cited not in found:
                found.append(cited)
    return found


def _labels_itself(head: str) -> bool:
    """"Success criteria: >=30 weekly users" states them on its own line; "**Success criteria**" heads a list."""
    match = _LABEL.search(head)
    return match is not None and re.match(r"\s*(?:\([^)]*\))?\s*[:=]\s*\S", head[match.end():]) is not None


def _plain(line: str) -> str:
    return re.sub(r"^\s*(?:\d+[.)]|[-*•])\s+", "", line).strip().lower()
