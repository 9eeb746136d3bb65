"""Ingested text is untrusted. Text addressed to AI tools ("ignore all prior instructions...") is found here so that
no engine sees it as evidence, and generated text is checked for content the evidence does not back (links)."""

from __future__ import annotations

import re

REDACTION = "[text addressed to AI tools removed]"

_TRIGGERS = re.compile(
    r"ignore\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:prior|previous|above|earlier|preceding|other)?\s*instructions"
    r"|disregard\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:prior|previous|above|earlier)?\s*(?:instructions|rules)"
    r"|\b(?:AI|A\.I\.)\s+(?:assistants?|systems?|tools?|models?)\b"
    r"|\b(?:language\s+models?|LLMs?|chatbots?|summari[sz]ation\s+tools?)\b"
    r"|\bsystem\s+prompt\b|\bassistant\s+directive\b|\bnew\s+instructions\s*:"
    r"|^\s*(?:system|assistant)\s*:",
    re.IGNORECASE | re.MULTILINE,
)
# Blocks that hide or set apart text: [..], [[..]], <!-- .. -->, and whole paragraphs.
_BLOCKS = re.compile(r"<!--.*?-->|\[\[.*?\]\]|\[[^\[\]]{20,}?\]", re.DOTALL)
_PARAGRAPHS = re.compile(r"(?:[^\n]+\n?)+", re.MULTILINE)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>()\"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|co|io|net|org|example)/\S*",
                  re.IGNORECASE)


def instruction_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each bracketed block, or else paragraph, that addresses AI tools."""
    spans = [block.span() for block in _BLOCKS.finditer(text) if _TRIGGERS.search(block.group(0))]
    covered = list(spans)
    for trigger in _TRIGGERS.finditer(text):
        if any(s <= trigger.start() and trigger.end() <= e for s, e in covered):
            continue
        paragraph = next(p for p in _PARAGRAPHS.finditer(text) if p.start() <= trigger.start() < p.end())
        spans.append(paragraph.span())
        covered.append(paragraph.span())
    return sorted(set(spans))


def redact_instructions(text: str) -> str:
    """The text with every block that addresses AI tools replaced by a short marker."""
    spans = instruction_spans(text)
    if not spans:
        return text
    pieces, cursor = [], 0
    for start, end in spans:
        if start < cursor:
            continue
        pieces.append(text[cursor:start])
        pieces.append(REDACTION + ("\n" if text[start:end].endswith("\n") else ""))
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def urls(text: str) -> set[str]:
    return {match.group(0).rstrip(".,;:!?").lower() for match in _URL.finditer(text)}


def unbacked_urls(statement: str, evidence_texts: list[str]) -> set[str]:
    """Links in a generated statement that appear in none of the texts it cites."""
    backed = set().union(*(urls(redact_instructions(t)) for t in evidence_texts)) if evidence_texts else set()
    return {u for u in urls(statement) if u not in backed}
