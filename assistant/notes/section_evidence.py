"""A note section's evidence for a language model, under its share of the note's token budget.

Tokens are scarce here, so the pack is built to cover as much of the account as it can:
- only the parts of the CRM record the section needs are pinned (``crm_parts`` in the template), not the whole
  record in every section;
- material no earlier section of the note was shown comes before material one was (a chunk the note already holds
  reaches the model again only when room is left), so the sections together see more of the history;
- every item is counted as the block it makes in the prompt, and the rendered prompt is checked against the
  section's allowance, so the note's total is a bound, not an estimate.
"""

from __future__ import annotations

from collections.abc import Callable

from assistant.context import Context
from assistant.engines.base import EngineRequest, Evidence
from assistant.evidence import build_evidence, interleave, open_ticket_heads
from assistant.notes.template import SectionSpec
from assistant.prompts import evidence_item_tokens, prompt_tokens
from assistant.retrieval import SearchHit, hit_from_row, search
from assistant.store.documents import load_chunks
from assistant.store.filters import ChunkFilter
from ingest.document import Document

PER_QUERY = 8  # hits per section query, as the offline engine's evidence takes

RequestFor = Callable[[Evidence], EngineRequest]  # the section's request around a given evidence


def budgeted_request(
    context: Context,
    account_id: str,
    spec: SectionSpec,
    documents: dict[str, Document],
    shown: set[str],
    allowance: int,
    request_for: RequestFor,
) -> EngineRequest:
    """The section's request, its prompt at most ``allowance`` tokens. ``shown``: chunk ids earlier sections of the
    note were given (this section's are added)."""
    overhead = prompt_tokens(request_for(Evidence()).prompt)
    budget = min(context.settings.section_token_budget, allowance - overhead)
    hits = _section_hits(context, account_id, spec, documents, shown)
    evidence = build_evidence(context, account_id, hits, max(0, budget), documents, evidence_item_tokens)
    request = request_for(evidence)
    while evidence.items and prompt_tokens(request.prompt) > allowance:  # only if the count per item fell short
        evidence = Evidence(items=evidence.items[:-1], documents=evidence.documents)
        request = request_for(evidence)
    shown.update(item.chunk_id for item in evidence.items)
    return request


def _section_hits(
    context: Context, account_id: str, spec: SectionSpec, documents: dict[str, Document], shown: set[str]
) -> list[SearchHit]:
    where = ChunkFilter(source_types=spec.source_types)
    rankings = [search(context, account_id, q, k=PER_QUERY, where=where, neighbor_weight=0)
                for q in spec.queries or [spec.title]]
    pinned = [hit_from_row(c, 1.0) for c in load_chunks(context, account_id, ["crm"]) if _wanted(c.header, spec)]
    if spec.include_open_tickets:
        pinned += open_ticket_heads(context, account_id, documents)
    ranked = interleave(rankings)
    return [*pinned, *(h for h in ranked if h.chunk_id not in shown), *(h for h in ranked if h.chunk_id in shown)]


def _wanted(crm_header: str, spec: SectionSpec) -> bool:
    """Whether the section pins this CRM chunk; its header ends with the part's heading ("... | People")."""
    return spec.crm_parts is None or crm_header.rsplit(" | ", 1)[-1] in spec.crm_parts
