"""A note section's evidence for a language model, under its share of the note's token budget.

Tokens are scarce here, so the pack is built to cover as much of the account as it can:
- only the parts of the CRM record the section needs are pinned (``crm_parts`` in the template), not the whole
  record in every section; open tickets, when the section pins them, go most recently active first;
- each query's hits are re-ranked with a mild preference for recent material (a transition note is about the
  account's current state, and a long history is mostly old material);
- material no earlier section of the note was shown comes before material one was (a chunk the note already holds
  reaches the model again only when room is left), so the sections together see more of the history;
- every item is counted as the block it makes in the prompt, and the rendered prompt is checked against the
  section's allowance, so the note's total is a bound, not an estimate.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timezone

from assistant.platform.context import Context
from assistant.engines.base import Evidence
from assistant.engines.requests import NoteSectionRequest
from assistant.grounding.evidence import build_evidence, interleave, open_ticket_heads
from assistant.notes.template import SectionSpec
from assistant.grounding.prompts import evidence_item_tokens, prompt_tokens
from assistant.grounding.retrieval import SearchHit, hit_from_row, search
from assistant.store.documents import load_chunks
from assistant.store.filters import ChunkFilter
from ingest.document import Document

PER_QUERY = 24  # candidates per section query, re-ranked with recency
RANK_K = 10  # a hit at rank r (from 0) scores 1 / (RANK_K + r) before its recency weight
RECENCY_FLOOR = 0.8  # the weight of material far older than the note's as_of (and of undated material)
RECENCY_HALF_LIFE_DAYS = 180  # the rest of the weight (up to 1.0) halves with every half-life of age

RequestFor = Callable[[Evidence], NoteSectionRequest]  # the section's request around a given evidence


def budgeted_request(
    context: Context,
    account_id: str,
    spec: SectionSpec,
    documents: dict[str, Document],
    shown: set[str],
    allowance: int,
    request_for: RequestFor,
    as_of: date,
) -> NoteSectionRequest:
    """The section's request, its prompt at most ``allowance`` tokens. ``shown``: chunk ids earlier sections of the
    note were given (this section's are added)."""
    overhead = prompt_tokens(request_for(Evidence()).prompt)
    budget = min(context.settings.section_token_budget, allowance - overhead)
    hits = _section_hits(context, account_id, spec, documents, shown, as_of)
    evidence = build_evidence(context, account_id, hits, max(0, budget), documents, evidence_item_tokens)
    request = request_for(evidence)
    while evidence.items and prompt_tokens(request.prompt) > allowance:  # only if the count per item fell short
        evidence = Evidence(items=evidence.items[:-1], documents=evidence.documents)
        request = request_for(evidence)
    shown.update(item.chunk_id for item in evidence.items)
    return request


def _section_hits(
    context: Context, account_id: str, spec: SectionSpec, documents: dict[str, Document], shown: set[str],
    as_of: date,
) -> list[SearchHit]:
    where = ChunkFilter(source_types=spec.source_types)
    rankings = [_by_recency(search(context, account_id, q, k=PER_QUERY, where=where, neighbor_weight=0), as_of)
                for q in spec.queries or [spec.title]]
    account = context.account_access(account_id)
    with context.db.session() as session:
        pinned = [hit_from_row(c, 1.0) for c in load_chunks(session, account, ["crm"]) if _wanted(c.header, spec)]
    if spec.include_open_tickets:
        pinned += sorted(open_ticket_heads(context, account_id, documents),
                         key=lambda hit: _last_activity(documents.get(hit.source_id), hit), reverse=True)
    ranked = interleave(rankings)
    return [*pinned, *(h for h in ranked if h.chunk_id not in shown), *(h for h in ranked if h.chunk_id in shown)]


def _by_recency(hits: list[SearchHit], as_of: date) -> list[SearchHit]:
    def weight(hit: SearchHit) -> float:
        if hit.date is None:
            return RECENCY_FLOOR
        age = max(0, (as_of - hit.date.date()).days)
        return RECENCY_FLOOR + (1 - RECENCY_FLOOR) * 0.5 ** (age / RECENCY_HALF_LIFE_DAYS)

    scored = [(weight(hit) / (RANK_K + rank), rank) for rank, hit in enumerate(hits)]
    return [hits[rank] for _, rank in sorted(scored, key=lambda pair: (-pair[0], pair[1]))]


def _last_activity(document: Document | None, hit: SearchHit) -> datetime:
    when = (document.updated_at or document.created_at) if document is not None else None
    when = when or hit.date or datetime.min.replace(tzinfo=timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _wanted(crm_header: str, spec: SectionSpec) -> bool:
    """Whether the section pins this CRM chunk; its header ends with the part's heading ("... | People")."""
    return spec.crm_parts is None or crm_header.rsplit(" | ", 1)[-1] in spec.crm_parts
