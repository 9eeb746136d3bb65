"""Candidate statements from evidence text: bullets and sentences, cleaned, with the signals that make a sentence
worth handing over (dates, amounts, names, roles)."""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.engines.base import EvidenceItem
from assistant.safety import REDACTION

MAX_WORDS = 40
MIN_WORDS = 4

_BULLET = re.compile(r"^\s*(?:[-*•>]+|\d+[.)])\s+")
_SPLIT_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")
_SALUTATION = re.compile(
    r"^(hi|hello|hey|dear|thanks|thank you|best|regards|cheers|sincerely|good (morning|afternoon))\b[^.!?]{0,40}[,!.]?$",
    re.IGNORECASE,
)
_FILLER = re.compile(
    r"^(let me know|hope (you|this)|happy to (help|chat)|looking forward|see you|talk soon|sounds good|great to)\b",
    re.IGNORECASE,
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = re.compile(rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b|\b\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\b", re.IGNORECASE)
_AMOUNT = re.compile(r"[$€£]\s?\d|\b\d[\d,.]*\s?(?:%|k\b|K\b|M\b|seats|users|licen[cs]es|hours|hrs|days)", re.IGNORECASE)
_NUMBER = re.compile(r"\b\d[\d,.]*\b")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")


class Candidate(BaseModel):
    text: str
    ref: str
    item_index: int  # order of the item in the evidence
    position: int  # order within the item
    has_date: bool
    has_amount: bool
    has_number: bool
    names: int


def candidates_from(items: list[EvidenceItem]) -> list[Candidate]:
    found: list[Candidate] = []
    for index, item in enumerate(items):
        for position, text in enumerate(_pieces(item.text)):
            found.append(
                Candidate(
                    text=text,
                    ref=item.ref,
                    item_index=index,
                    position=position,
                    has_date=bool(_DATE.search(text)),
                    has_amount=bool(_AMOUNT.search(text)),
                    has_number=bool(_NUMBER.search(text)),
                    names=len(_NAME.findall(text)),
                )
            )
    return found


def _pieces(text: str) -> list[str]:
    pieces = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line or REDACTION in line or line.startswith(("From:", "To:", "Cc:", "Sent:", "Subject:")):
            continue
        for sentence in _SPLIT_SENTENCES.split(line):
            sentence = sentence.strip().strip("*_").strip()
            words = sentence.split()
            if len(words) < MIN_WORDS or _SALUTATION.match(sentence) or _FILLER.match(sentence):
                continue
            pieces.append(shorten(sentence))
    return pieces


def shorten(sentence: str, max_words: int = MAX_WORDS) -> str:
    words = sentence.split()
    if len(words) <= max_words:
        return " ".join(words)
    return " ".join(words[:max_words]).rstrip(",;:") + " ..."
