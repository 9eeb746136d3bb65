"""Passages that state (or deny) success criteria, a health score or a communication preference."""

from __future__ import annotations

import re

from assistant.facts.material import AccountMaterial
from assistant.facts.text import Located, doc_date, quote_around
from ingest.document import SourceType

_NEGATED = re.compile(
    r"\bTBD\b|\bdraft\b|\bno\b|\bnot\b|\bnever\b|\bnobody\b|\bnone\b|didn'?t|\bwithout\b|not yet|\bpush\w*|"
    r"\blater\b|\bafter the\b|\bundefined\b|\bpending\b|\bmissing\b",
    re.IGNORECASE,
)
_SUCCESS = re.compile(
    r"success criteri(?:a|on)|success\s*=|measures? of success|\bKPIs?\b|success metrics?|success plan|"
    r"(?:^|#|\b(?:business|year|fy\d\d|\d{4})\s)goals?\b|\bobjectives\b|goals for",
    re.IGNORECASE,
)
_MEASURABLE = re.compile(r"\d+\s*%|\d|\btarget\b|\bby (?:end|q\d)|>=|<=", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^\s*(?:\d+[.)]|[-*•])\s+")

_HEALTH = re.compile(r"health(?:\s+score)?\s*(?:is|=|:|of|at)?\s*\d{1,3}\b|\b(?:red|amber|yellow|green)\s+health|"
                     r"health(?:\s+score)?\s*(?:is\s+)?(?:red|amber|yellow|green)\b", re.IGNORECASE)

_CHANNEL = r"(?:e-?mail|slack|teams|phone|calls?|chat|text|sms|zoom|in writing|written|one[- ]page|summary|whatsapp)"
PREFERENCE = re.compile(
    rf"prefer\w*[^.\n]{{0,60}}{_CHANNEL}|{_CHANNEL}[^.\n]{{0,40}}\bonly\b|\bonly\b[^.\n]{{0,20}}{_CHANNEL}|"
    rf"(?:wants?|likes?|rather)\b[^.\n]{{0,40}}{_CHANNEL}|"
    rf"(?:don'?t|do not|no|not)\s+(?:\w+\s+){{0,2}}{_CHANNEL}|lives? in\s+{_CHANNEL}|"
    rf"how (?:they|he|she|\w+) wants? to work|communication (?:protocol|preference)|"
    rf"{_CHANNEL}\s+(?:is\s+)?fine|{_CHANNEL} for (?:anything|quick|everything)|"
    rf"\b(?:send|ping|message|text|call|e-?mail|keep|update) (?:me|us)\b[^.\n]{{0,30}}{_CHANNEL}",
    re.IGNORECASE,
)


def _passages(material: AccountMaterial, pattern: re.Pattern, window_lines: int = 0,
              negated: re.Pattern | None = None) -> list[Located]:
    """Matching passages; with ``negated``, matches whose nearby text denies them are left out."""
    found = []
    for document in material.documents:
        if document.source_type == SourceType.CRM or getattr(document.metadata, "is_auto_reply", False):
            continue
        body = document.body
        all_lines = body.splitlines(keepends=True)
        offset = 0
        for index, line in enumerate(all_lines):
            match = pattern.search(line)
            if match and negated is not None and negated.search(line[max(0, match.start() - 40) : match.end()]):
                match = None
            if match:
                end = offset + len(line) + sum(len(x) for x in all_lines[index + 1 : index + 1 + window_lines])
                start = offset if window_lines else offset + match.start()
                text = body[start:end] if window_lines else body[offset + match.start() : offset + match.end()]
                found.append(Located(source=document.source_path, quote=quote_around(body, start, start + len(text))
                                     if not window_lines else text.strip(), when=doc_date(document)))
            offset += len(line)
    return found


def success_criteria_passages(material: AccountMaterial) -> list[Located]:
    """Candidate passages about success criteria or goals: the matching line plus the few lines below it."""
    return _passages(material, _SUCCESS, window_lines=5)


def criteria_stated(passage: str) -> bool:
    """Heuristic: the passage states measurable criteria (a list or a target), and does not say they are missing.

    Either the keyword is a label followed by a measurable statement ("Success criteria: >=30 weekly users"), or a
    short heading ("## FY26 goals", "Success plan scorecard") directly followed by at least two measurable items."""
    head, _, rest = passage.partition("\n")
    match = _SUCCESS.search(head)
    if match is None or _NEGATED.search(head[max(0, match.start() - 40) : match.end() + 15]):
        return False
    after = head[match.end() :]
    label = re.match(r"\s*(?:\([^)]*\))?\s*[:=]\s*(?P<text>.*)", after)
    if label and label["text"].strip():
        text = label["text"]
        return bool(_MEASURABLE.search(text)) and not _NEGATED.search(text)
    if len(after.strip().strip("#*:")) > 35:
        return False
    items = []
    for line in rest.splitlines():
        if not line.strip():
            if items:
                break
            continue
        if not _LIST_ITEM.match(line) and not (items and line.startswith(" ")):
            break
        if _LIST_ITEM.match(line):
            items.append(line)
    measurable = [line for line in items if _MEASURABLE.search(line) and not re.search(r"\bTBD\b", line)]
    return len(measurable) >= 2


def health_passages(material: AccountMaterial) -> list[Located]:
    return _passages(material, _HEALTH, negated=_NEGATED)


def preference_passages(material: AccountMaterial) -> list[Located]:
    return _passages(material, PREFERENCE)
