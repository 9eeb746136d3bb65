"""One note section without a language model: the CRM's own statements for the section, then the evidence
sentences most relevant to the section and richest in specifics, diverse, each cited to its chunk."""

from __future__ import annotations

import numpy as np

from assistant.embeddings import Embedder
from assistant.engines.base import EngineRequest, EvidenceItem, SectionDraft, StatementDraft
from assistant.engines.extractive.crm_statements import crm_statements
from assistant.engines.extractive.sentences import Candidate, candidates_from
from ingest.document import CrmMetadata, SourceType

DATED_SECTIONS = {"history", "commitments", "support", "risks", "next_steps"}
_DUPLICATE_SIMILARITY = 0.85


def draft_section(request: EngineRequest, embedder: Embedder) -> SectionDraft:
    section = request.params["section"]
    key, limit = section["key"], int(section.get("max_statements", 6))
    items = request.evidence.items
    crm_items = [i for i in items if i.source_type is SourceType.CRM]
    statements = _from_crm(request, key, crm_items)
    others = [i for i in items if i.source_type is not SourceType.CRM]
    picked = _pick_sentences(section, candidates_from(others), embedder, limit)
    by_ref = {i.ref: i for i in others}
    for candidate in picked:
        statements.append(
            StatementDraft(text=_worded(candidate, by_ref[candidate.ref], key), provenance="data", citations=[candidate.ref])
        )
    return SectionDraft(statements=statements[: limit + len(crm_items)])


def _from_crm(request: EngineRequest, key: str, crm_items: list[EvidenceItem]) -> list[StatementDraft]:
    for item in crm_items:
        document = request.evidence.documents.get(item.source_id)
        if document is not None and isinstance(document.metadata, CrmMetadata):
            return crm_statements(key, document.metadata.record, crm_items)
    return []


def _pick_sentences(section: dict, candidates: list[Candidate], embedder: Embedder, limit: int) -> list[Candidate]:
    if not candidates or limit <= 0:
        return []
    topic = " ".join([section["title"], section.get("instructions", ""), *section.get("queries", [])])
    vectors = embedder.embed([topic, *(c.text for c in candidates)])
    relevance = vectors[1:] @ vectors[0]
    scores = [r + _specificity(c) for r, c in zip(relevance, candidates)]
    order = np.argsort(scores)[::-1]
    chosen: list[int] = []
    for index in order:
        if len(chosen) >= limit:
            break
        if any(float(vectors[1 + index] @ vectors[1 + j]) > _DUPLICATE_SIMILARITY for j in chosen):
            continue
        chosen.append(int(index))
    return [candidates[i] for i in chosen]


def _specificity(candidate: Candidate) -> float:
    return 0.08 * candidate.has_date + 0.08 * candidate.has_amount + 0.04 * candidate.has_number + 0.03 * min(
        candidate.names, 2
    )


def _worded(candidate: Candidate, item: EvidenceItem, key: str) -> str:
    if key in DATED_SECTIONS and item.date:
        return f"{item.date.strftime('%Y-%m-%d')}: {candidate.text}"
    return candidate.text
