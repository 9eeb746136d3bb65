"""Optional masking of payment-card and national-ID numbers in ingested documents (``HANDOFF_REDACT_IDENTIFIERS``).

Applied by the indexer to every text field of a parsed document before anything is hashed, stored or embedded, so
the numbers reach neither the SQL store, the keyword index, the vector index nor a prompt. The documented set:

- payment cards: 13 to 19 digits, optionally grouped by single spaces or hyphens, that pass the Luhn check;
- US Social Security numbers written ``AAA-GG-SSSS`` (area not 000, 666 or 9xx; group not 00; serial not 0000);
- UK National Insurance numbers ``AB 12 34 56 C`` (with or without spaces; HMRC's prefix rules; suffix A-D).

Nine bare digits are not taken for an SSN (too many order and phone numbers look like that).
"""

from __future__ import annotations

import re
from typing import Any

from ingest.document import Document

CARD_MASK = "[card number removed]"
SSN_MASK = "[SSN removed]"
NINO_MASK = "[NI number removed]"

_CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
_SSN = re.compile(r"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])")
_NINO = re.compile(
    r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b"
)
# Fields that name things rather than hold text: changing them would change a source's identity.
_KEEP = {"account_id", "source_path", "identity", "message_id", "in_reply_to", "references", "thread_id", "kind",
         "format", "system", "email", "source_type"}


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def redact_identifiers(text: str) -> str:
    """The text with card numbers, US SSNs and UK NI numbers replaced by short markers."""
    if not text:
        return text

    def card(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        separators = set(re.findall(r"[ -]", match.group(0)))
        if len(separators) > 1 or not luhn_valid(digits):  # mixed separators: a list of numbers, not one card
            return match.group(0)
        return CARD_MASK

    text = _SSN.sub(SSN_MASK, text)
    text = _CARD.sub(card, text)
    return _NINO.sub(NINO_MASK, text)


def redact_document(document: Document) -> Document:
    """A copy of the document with every text field (body, units, title, metadata, people) redacted."""
    return Document.model_validate(_walk(document.model_dump(), None))


def _walk(value: Any, key: str | None) -> Any:
    if key in _KEEP:
        return value
    if isinstance(value, str):
        return redact_identifiers(value)
    if isinstance(value, dict):
        return {k: _walk(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(item, key) for item in value]
    return value
