"""Candidate statements from evidence text: bullets and sentences, cleaned of mail furniture (greetings, sign-offs,
signature lines, forwarded-message and ticket header lines), with the signals that make a sentence worth handing
over (dates, amounts, names). A run of short ``Label: value`` lines (an order confirmation, a proposal's terms)
becomes one candidate, so the values that belong together stay together."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel

from assistant.engines.base import EvidenceItem
from assistant.grounding.safety import REDACTION
from assistant.text.calendar_words import MONTH_WORD
from assistant.text.names import FULL_NAME_SPEAKER
from assistant.text.sentences import CANDIDATE_BREAK

MAX_WORDS = 40
MIN_WORDS = 4

_BULLET = re.compile(r"^\s*(?:[-*•]+|\d+[.)]|\(?[a-z]\))\s+")
_SALUTATION = re.compile(
    r"^(hi|hello|hey|dear|thanks|thank you|many thanks|best|regards|kind regards|warm regards|cheers|sincerely|"
    r"good (morning|afternoon))\b[^.!?]{0,40}[,!.]?$",
    re.IGNORECASE,
)
_GREETING_PREFIX = re.compile(r"^(?:hi|hello|hey|dear)\s+[A-Z][\w.' -]{0,40}?[,!:]\s*", re.IGNORECASE)
_FILLER = re.compile(
    r"^(let me know|hope (you|this|all)|happy to (help|chat|walk)|looking forward|see you|talk soon|sounds good|"
    r"great to|thanks (again|for)|thank you (again|for)|questions\?|any questions|please (let|don't hesitate)|"
    r"fyi\b|just reply)",
    re.IGNORECASE,
)
_FURNITURE = re.compile(
    r"^(?:from|to|cc|bcc|sent|date|subject|reply-to)\s*:|forwarded message|original message|^-{2,}|^_{3,}|"
    r"^on .{5,80} wrote:?$|wrote:$|^>|confidentiality notice|intended (only )?for the (named )?recipient|"
    r"privileged|unsubscribe|out of (the )?office|auto(matic)?[- ]?reply|^sent from my|^get outlook",
    re.IGNORECASE,
)
_TICKET_HEADER = re.compile(r"\b(?:Status|Priority|Requester|Assignee|Tags|Created)\s*:.*\|", re.IGNORECASE)
_EMAIL_OR_URL_ONLY = re.compile(r"^[\w.+-]+@[\w.-]+(\s*\|.*)?$|^(https?://|www\.)\S+$", re.IGNORECASE)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_KEY_VALUE = re.compile(r"^(?P<key>[A-Z][\w /&().'-]{0,40}?):\s+(?P<value>\S.{0,120})$")
_DATE = re.compile(rf"\b{MONTH_WORD}\s+\d{{1,2}}\b|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
                   r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b", re.IGNORECASE)
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
        for position, text in enumerate(pieces(item.text)):
            found.append(make_candidate(text, item.ref, index, position))
    return found


def make_candidate(text: str, ref: str, index: int = 0, position: int = 0) -> Candidate:
    has_date, has_amount, has_number, names = _features(text)
    return Candidate(text=text, ref=ref, item_index=index, position=position, has_date=has_date,
                     has_amount=has_amount, has_number=has_number, names=names)


@functools.lru_cache(maxsize=65_536)
def _features(text: str) -> tuple[bool, bool, bool, int]:
    return bool(_DATE.search(text)), bool(_AMOUNT.search(text)), bool(_NUMBER.search(text)), len(_NAME.findall(text))


def is_furniture(line: str) -> bool:
    """Mail and ticket furniture: header lines, quote markers, disclaimers, signature lines."""
    stripped = line.strip()
    if not stripped or REDACTION in stripped:
        return True
    if _FURNITURE.search(stripped) or _TICKET_HEADER.search(stripped) or _EMAIL_OR_URL_ONLY.match(stripped):
        return True
    return is_signature_line(stripped)


def is_signature_line(line: str) -> bool:
    """``Title | Company``, ``name@x.com | x.com``, a phone number, or a short title-only line with no verb."""
    parts = [p.strip() for p in line.split("|")]
    if len(parts) > 1 and all(len(p.split()) <= 6 for p in parts) and not line.endswith((".", "!", "?")):
        return True
    if re.fullmatch(r"[+()\d\s.-]{7,}", line):
        return True
    return False


def pieces(text: str) -> list[str]:
    """The sentences (or key-value blocks) of a passage worth quoting, in order, without repeats."""
    return list(_pieces(text))


@functools.lru_cache(maxsize=16_384)  # the same retrieved chunks come back question after question
def _pieces(text: str) -> tuple[str, ...]:
    lines = _unwrap(text.splitlines())
    out: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if len(block) >= 2:
            out.append(shorten("; ".join(block), MAX_WORDS + 10))
        elif block:
            out.extend(_sentences(block[0]))
        block.clear()

    for raw in lines:
        line = _BULLET.sub("", raw).strip()
        if not line or is_furniture(line):
            flush()
            continue
        if _MD_HEADING.match(line):
            flush()
            continue
        match = _KEY_VALUE.match(line)
        if (match and len(line.split()) <= 16 and not CANDIDATE_BREAK.search(line)
                and not FULL_NAME_SPEAKER.match(line)):
            block.append(line.rstrip("."))
            continue
        flush()
        out.extend(_sentences(line))
    flush()
    seen: set[str] = set()
    unique = []
    for piece in out:
        key = piece.lower()
        if key not in seen:
            seen.add(key)
            unique.append(piece)
    return tuple(unique)


def _unwrap(lines: list[str]) -> list[str]:
    """Hard-wrapped prose back into one line: a line that does not end a sentence continues on the next line
    when that one starts in lower case (and is not a bullet)."""
    out: list[str] = []
    for line in lines:
        stripped = line.strip()
        if (out and stripped and stripped[0].islower() and not _BULLET.match(line)
                and out[-1].strip() and not out[-1].rstrip().endswith((".", "!", "?", ":"))):
            out[-1] = f"{out[-1].rstrip()} {stripped}"
        else:
            out.append(line)
    return out


def _sentences(line: str) -> list[str]:
    found = []
    for sentence in CANDIDATE_BREAK.split(line):
        sentence = _GREETING_PREFIX.sub("", sentence.strip()).strip()
        sentence = sentence.replace("**", "").strip().strip("_").strip()
        words = sentence.split()
        if len(words) < MIN_WORDS or _SALUTATION.match(sentence) or _FILLER.match(sentence):
            continue
        if is_furniture(sentence) or sentence.endswith(":") and len(words) < 25:
            continue
        found.append(shorten(sentence))
    return found


def shorten(sentence: str, max_words: int = MAX_WORDS) -> str:
    words = sentence.split()
    if len(words) <= max_words:
        return " ".join(words)
    return " ".join(words[:max_words]).rstrip(",;:") + " ..."
