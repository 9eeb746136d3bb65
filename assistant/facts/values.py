"""Commercial values and contact titles as the non-CRM sources state them, for gap and conflict checks."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel

from assistant.facts.material import AccountMaterial
from assistant.facts.text import doc_date, stated_days, usd_amounts, quote_around
from ingest.document import Document, SourceType

ValueKind = Literal["arr", "seats", "renewal_date"]

_ARR_WORDS = re.compile(
    r"\bARR\b|annual recurring (?:fee|revenue)|annual (?:subscription )?fee|annual contract value|\bACV\b|"
    r"PO amount|contract value|/\s?yr\b|per year|/year\b",
    re.IGNORECASE,
)
_SEAT_VALUE = re.compile(r"(?P<n>\d{1,3}(?:,\d{3})?)\s+(?:named |licensed |enterprise |total )?(?:seats|users|licen[cs]es)\b"
                         r"|seat (?:total|count|limit)(?: is)?(?: now)?:?\s*(?P<m>\d{1,3}(?:,\d{3})?)", re.IGNORECASE)
_RENEWAL_CUE = re.compile(r"renew\w*|term end|term ends|expir\w*|\bperiod\b|\bterm\b", re.IGNORECASE)
_START = re.compile(r"start\w*|from|begin\w*|effective|since", re.IGNORECASE)
_DELTA = re.compile(r"(?:\+|add(?:ing)?|more|additional|extra|another)\s*$", re.IGNORECASE)
_CURRENT_CUE = re.compile(
    r"\b(?:new (?:seat )?totals?|updated|now|effective|amendment|amended|source of truth|correct numbers|"
    r"contracted|currently|current)\b",
    re.IGNORECASE,
)
_PROPOSAL_CUE = re.compile(
    r"\b(?:propos\w*|quote[ds]?|offer\w*|option|would|could|if|list price|lists at|discount|pilot|approved:|"
    r"prepared to|deal desk|draft|estimate|ballpark|plan to|aiming)\b",
    re.IGNORECASE,
)
_EXPLAINED = re.compile(r"temporar\w*|\btemp\b|waiv\w*|overage|trial|grace period|one[- ]off|exception", re.IGNORECASE)
_ACTIVE = re.compile(r"\bactive\b|\busers? (?:on|of)\b|logged in", re.IGNORECASE)


class StatedValue(BaseModel):
    kind: ValueKind
    value: float | date
    source: str
    quote: str
    when: date | None
    current: bool  # the passage says this is the current state (new total, updated, now, amendment ...)
    proposal: bool  # a quote, offer or proposal rather than the contract
    explained: bool  # the passage explains a difference (temporary bump, waived overage ...)


def _heading(all_lines: list[str], index: int) -> str:
    for line in reversed(all_lines[:index]):
        stripped = line.strip()
        if stripped.startswith("#") or stripped.endswith(":"):
            return stripped
    return ""


def _line_spans(body: str):
    offset = 0
    all_lines = body.splitlines(keepends=True)
    plain = [line.rstrip("\n") for line in all_lines]
    for index, line in enumerate(all_lines):
        yield index, plain, line.rstrip("\n"), offset
        offset += len(line)


def _values_in(document: Document) -> list[StatedValue]:
    found: list[StatedValue] = []
    when = doc_date(document)
    title_proposal = bool(_PROPOSAL_CUE.search(document.title))
    for index, all_lines, line, offset in _line_spans(document.body):
        if not line.strip():
            continue
        context = line + " " + _heading(all_lines, index)
        proposal = bool(_PROPOSAL_CUE.search(context)) or (title_proposal and not _CURRENT_CUE.search(line))
        explained = bool(_EXPLAINED.search(line))

        def add(kind: ValueKind, value, start: int, end: int) -> None:
            quote = quote_around(document.body, offset + start, offset + end)
            current = bool(_CURRENT_CUE.search(line[max(0, start - 40) : start]))
            found.append(StatedValue(kind=kind, value=value, source=document.source_path, quote=quote, when=when,
                                     current=current, proposal=proposal, explained=explained))

        if _ARR_WORDS.search(line):
            for amount, start, end in usd_amounts(line):
                if amount >= 1000:
                    add("arr", amount, start, end)
        for match in _SEAT_VALUE.finditer(line):
            number = int((match["n"] or match["m"]).replace(",", ""))
            before = line[max(0, match.start() - 25) : match.start()]
            after = line[match.end() : match.end() + 12]
            if _DELTA.search(before) or re.match(r"\s*(?:more|additional|extra)", after, re.I):
                continue
            if not _ACTIVE.search(line[match.start() : match.end() + 10]) and not re.search(r"active", before, re.I):
                add("seats", number, match.start(), match.end())
        if _RENEWAL_CUE.search(line):
            dates = stated_days(line, when)
            for position, (stated, start, end) in enumerate(dates):
                window = line[max(0, start - 60) : end + 40]
                if (not _RENEWAL_CUE.search(window) or _START.search(line[max(0, start - 15) : start])
                        or re.search(r"\bnotice\b", window, re.IGNORECASE)):
                    continue
                ranged = position + 1 < len(dates) and re.fullmatch(r"\s*(?:-|–|to|through)\s*", line[end : dates[position + 1][1]])
                if ranged:
                    continue  # the start of a range; its end is the term end
                add("renewal_date", stated, start, end)
    return found


def stated_values(material: AccountMaterial, kind: ValueKind | None = None) -> list[StatedValue]:
    """Values stated outside the CRM, oldest first."""
    found: list[StatedValue] = []
    for document in material.documents:
        if document.source_type == SourceType.CRM or getattr(document.metadata, "is_auto_reply", False):
            continue
        found.extend(v for v in _values_in(document) if kind is None or v.kind == kind)
    return sorted(found, key=lambda v: (v.when or date.min, v.source))


def explained_elsewhere(material: AccountMaterial, value: float | int) -> bool:
    """Whether some source explains this value as temporary, waived or otherwise deliberate."""
    number = f"{int(value)}" if float(value).is_integer() else str(value)
    pattern = re.compile(rf"(?<![\d,.]){re.escape(number)}(?![\d,])")
    for document in material.documents:
        if document.source_type == SourceType.CRM:
            continue
        for line in document.body.splitlines():
            if pattern.search(line) and _EXPLAINED.search(line):
                return True
    return False
