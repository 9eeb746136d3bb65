"""A stricter check for golden questions whose answer key names no terms: the answer must state the specifics of the
reference answer's first sentence (the direct answer): its dates, amounts and numbers, ids, e-mail addresses and
names of people or things. Without it, any answer that is not a refusal counts as right.

Dates compare by the day they resolve to (against the account's ``as_of``), amounts and numbers by their digits,
names by any of their words of three letters or more ("Jane" or "Roe" for "Jane Roe")."""

from __future__ import annotations

import re
from datetime import date

from assistant.facts.text import stated_days
from assistant.text.sentences import FIRST_SENTENCE

_NUMBER = re.compile(r"[$€£]?\d[\d,.'’]*\d|\d")
_ID = re.compile(r"#?\b[A-Z]{1,10}-\d[\w-]*|#\d{3,}")
_EMAIL = re.compile(r"[\w.+-]+@[\w.-]*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'’&-]+(?:\s+(?:of\s+|de\s+|van\s+)?[A-Z][\w'’&-]+)*")
_CURRENCIES = frozenset({"EUR", "USD", "GBP", "CHF", "CAD", "AUD", "BRL", "R$"})
_LEADING_WORDS = frozenset("yes no not the a an it its this that they he she we our their his her by since "
                           "with only still all".split())


def first_sentence(text: str) -> str:
    match = FIRST_SENTENCE.match(text.strip())
    sentence = match.group(1) if match else text.strip()
    if len(sentence.split()) <= 2:  # "No." / "Pricing.": the direct answer runs into the next sentence
        rest = text.strip()[len(sentence):]
        follow = FIRST_SENTENCE.match(rest.strip())
        sentence = f"{sentence} {follow.group(1) if follow else rest.strip()}"
    return sentence


def specifics(reference: str, as_of: date) -> list[str]:
    """The specifics of the reference answer's direct answer, as written there."""
    sentence = first_sentence(reference)
    found: list[str] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int) -> None:
        if any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append(sentence[start:end])

    for _, start, end in stated_days(sentence, as_of, back_days=400):
        add(start, end)
    for pattern in (_EMAIL, _ID, _NUMBER):
        for match in pattern.finditer(sentence):
            if pattern is not _NUMBER or len(re.sub(r"\D", "", match.group(0))) >= 2:
                add(match.start(), match.end())
    for match in _NAME.finditer(sentence):
        words = [w for w in match.group(0).split() if w.lower() not in _LEADING_WORDS and w not in _CURRENCIES]
        if words:
            add(match.start(), match.end())
    return list(dict.fromkeys(found))


def states(answer: str, specific: str, as_of: date) -> bool:
    """Whether the answer states one specific of the reference, in any format."""
    lowered = answer.lower()
    days = [d for d, _, _ in stated_days(specific, as_of, back_days=400)]
    if days:
        return any(d in days for d, _, _ in stated_days(answer, as_of, back_days=400)) or specific.lower() in lowered
    if _EMAIL.fullmatch(specific) or _ID.fullmatch(specific):
        return specific.lower().lstrip("#") in lowered
    if _NUMBER.fullmatch(specific):
        digits = re.sub(r"\D", "", specific.split(".")[0] if re.search(r"\.\d{2}$", specific) else specific)
        return digits in {re.sub(r"\D", "", n) for n in _NUMBER.findall(answer)} or \
            digits in re.sub(r"[,.'’]", "", answer)
    words = [w.lower() for w in re.findall(r"[\w'’&-]+", specific) if len(w) >= 3 and w.lower() not in _LEADING_WORDS]
    return any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words) if words else True


def states_reference(answer: str, reference: str, as_of: date) -> bool:
    """At least half of the reference's specifics (all of one or two... rounded up) are stated; a reference with
    none passes."""
    wanted = specifics(reference, as_of)
    if not wanted:
        return True
    stated = sum(states(answer, s, as_of) for s in wanted)
    return stated * 2 >= len(wanted)
