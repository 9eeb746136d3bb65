"""Citation checks after generation: only refs that were in the evidence survive, each becomes a citation with a
verbatim quote (at most 200 characters) from the cited chunk, and a statement left with no citation, or carrying a
link its sources do not contain, is dropped (or kept as "confirm", by setting)."""

from __future__ import annotations

import re

from assistant.engines.base import Evidence, EvidenceItem, StatementDraft
from assistant.models import Citation, Statement
from assistant.grounding.safety import REDACTION, unbacked_urls
from assistant.text.sentences import SENTENCE_SPAN

MAX_QUOTE = 200
_WORD = re.compile(r"[a-z0-9$%][a-z0-9$%,.'-]*", re.IGNORECASE)
_COMMON = frozenset("the a an and or of to in on for at by with is are was were be it this that from as we our you".split())


def verify_statements(
    drafts: list[StatementDraft], evidence: Evidence, keep_unverified: bool = False
) -> tuple[list[Statement], int]:
    """(statements that survived, how many were dropped)."""
    by_ref = evidence.by_ref()
    kept: list[Statement] = []
    dropped = 0
    for draft in drafts:
        items = _unique(by_ref[ref] for ref in draft.citations if ref in by_ref)
        text = " ".join(draft.text.split())
        if not text:
            continue
        if items and unbacked_urls(text, [item.text for item in items]):
            dropped += 1  # a link no source contains: planted or invented
            continue
        if not items:
            if keep_unverified:
                kept.append(Statement(text=text, provenance="confirm", note="no citation could be checked"))
            else:
                dropped += 1
            continue
        citations = [citation_for(item, text) for item in items]
        kept.append(Statement(text=text, provenance=draft.provenance, citations=citations))
    return kept, dropped


def citation_for(item: EvidenceItem, statement: str) -> Citation:
    return Citation(chunk_id=item.chunk_id, source=item.source_path, quote=best_quote(item.text, statement),
                    locator=item.locator)


def best_quote(source_text: str, statement: str) -> str:
    """The sentence of ``source_text`` that shares most words with ``statement``, trimmed to 200 characters
    around its best part. Always a verbatim substring of ``source_text``."""
    wanted = _words(statement)
    best, best_score = "", -1.0
    for match in SENTENCE_SPAN.finditer(source_text):
        sentence = match.group(0).strip()
        if not sentence or REDACTION in sentence:
            continue
        score = len(wanted & _words(sentence)) + min(len(sentence), 120) / 1000
        if score > best_score:
            best, best_score = sentence, score
    return _trim(best, wanted)


def _trim(sentence: str, wanted: set[str]) -> str:
    if len(sentence) <= MAX_QUOTE:
        return sentence
    words = list(re.finditer(r"\S+", sentence))
    best_start, best_score = 0, -1
    for i, word in enumerate(words):
        end = i
        while end + 1 < len(words) and words[end + 1].end() - word.start() <= MAX_QUOTE:
            end += 1
        score = sum(1 for w in words[i : end + 1] if _norm(w.group(0)) in wanted)
        if score > best_score:
            best_start, best_score = i, score
    start = words[best_start].start()
    end = start
    for word in words[best_start:]:
        if word.end() - start > MAX_QUOTE:
            break
        end = word.end()
    return sentence[start:end]


def _words(text: str) -> set[str]:
    return {_norm(w) for w in _WORD.findall(text)} - _COMMON


def _norm(word: str) -> str:
    return word.lower().strip(".,;:'\"()")


def _unique(items) -> list[EvidenceItem]:
    seen, unique = set(), []
    for item in items:
        if item.chunk_id not in seen:
            seen.add(item.chunk_id)
            unique.append(item)
    return unique
