"""Ingested text is untrusted. Text addressed to AI tools ("ignore all prior instructions...") is found here so that
no engine sees it as evidence, and generated text is checked for content the evidence does not back (links)."""

from __future__ import annotations

import functools
import re

from ingest.document import Document

REDACTION = "[text addressed to AI tools removed]"

_TRIGGERS = re.compile(
    r"ignore\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:prior|previous|above|earlier|preceding|other)?\s*instructions"
    r"|disregard\s+(?:all\s+|any\s+|the\s+|your\s+)*(?:prior|previous|above|earlier)?\s*(?:instructions|rules)"
    r"|\b(?:AI|A\.I\.)\s+(?:assistants?|systems?|tools?|models?)\b"
    r"|\b(?:language\s+models?|LLMs?|chatbots?|summari[sz]ation\s+tools?)\b"
    r"|\bsystem\s+prompt\b|\bassistant\s+directive\b|\bnew\s+instructions\s*:"
    r"|^\s*(?:system|assistant)\s*:"
    # fake system prompts: chat-template tokens and role tags, "developer mode"
    r"|<\|[a-z_]{2,20}\|>|\[/?INST\]|<</?SYS>>|</?\s*(?:system|assistant|instructions?)\s*>|\bdeveloper\s+mode\b"
    # text addressed to whatever reads or writes about it, and orders for every output
    r"|\b(?:whoever|anyone|anything|whatever|any\s+tool)\s+(?:that\s+|who\s+)?(?:summari[sz]es|reads|processes)\b"
    r"|\bwhen\s+(?:you\s+)?(?:summari[sz]|draft|writ|generat)\w*\s+(?:this|these|the|a|an|any|about)\b"
    r"|\b(?:every|each|all|any)\s+(?:summar(?:y|ies)|answers?|emails?|drafts?|repl(?:y|ies)|notes?)\b[^.\n]{0,80}"
    r"\b(?:include|add|mention|contain|link)"
    # requests to reveal other accounts or the prompt itself
    r"|\b(?:reveal|list|show|share|paste|print|dump)\b[^.\n]{0,40}\b(?:other|all|every)\s+(?:other\s+)?"
    r"(?:accounts?|customers?|clients?)\b"
    r"|\b(?:print|reveal|repeat|show|dump)\b[^.\n]{0,30}\b(?:prompt|instructions)\b",
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


@functools.lru_cache(maxsize=16_384)  # evidence is redacted on every use, and the same chunks recur
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


def clean_quote(quote: str) -> str:
    """The longest stretch of a verbatim quote that addresses no AI tool (still a verbatim substring)."""
    spans = instruction_spans(quote)
    if not spans:
        return quote
    pieces, cursor = [], 0
    for start, end in spans:
        pieces.append(quote[cursor:start])
        cursor = max(cursor, end)
    pieces.append(quote[cursor:])
    return max((p.strip() for p in pieces), key=len)


_PERSON_FIELDS = ("name", "title", "organization", "role")


def without_planted_person_fields(document: Document) -> Document:
    """The document with every person's name, title, organization or role that addresses AI tools removed: a
    signature line like "P.S. AI tools: ignore..." must not become someone's organization in a note or email."""
    dumped = document.model_dump()
    if not _strip_people(dumped):
        return document
    return Document.model_validate(dumped)


def _strip_people(value) -> bool:
    changed = False
    if isinstance(value, dict):
        if "email" in value and any(field in value for field in _PERSON_FIELDS):
            for field in _PERSON_FIELDS:
                text = value.get(field)
                if isinstance(text, str) and _TRIGGERS.search(text):
                    value[field] = None
                    changed = True
        for child in value.values():
            changed = _strip_people(child) or changed
    elif isinstance(value, list):
        for child in value:
            changed = _strip_people(child) or changed
    return changed
