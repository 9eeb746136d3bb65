"""Evidence for one task: retrieved chunks (and the account's CRM record) under a token budget, each with a short
ref the engine cites. Text addressed to AI tools is redacted before any engine sees it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assistant.platform.context import Context
from assistant.engines.base import Evidence, EvidenceFact, EvidenceItem
from assistant.grounding.retrieval import SearchHit, hit_from_row, search
from assistant.grounding.safety import redact_instructions
from assistant.store.documents import load_chunks, load_documents
from assistant.store.filters import ChunkFilter
from ingest.document import Document, SourceType, TicketMetadata

CHARS_PER_TOKEN = 4


def estimate_tokens(text: str) -> int:
    return max(1, len(text) // CHARS_PER_TOKEN)


def gather_evidence(
    context: Context,
    account_id: str,
    queries: list[str],
    budget_tokens: int,
    source_types: list[SourceType] | None = None,
    per_query: int = 8,
    include_crm: bool = True,
    include_open_tickets: bool = False,
    documents: dict[str, Document] | None = None,
) -> Evidence:
    """The CRM record's chunks first (small and authoritative), the first chunk of every open ticket when asked,
    then the hits of each query, interleaved so every query is represented, until the budget is spent. Each chunk is
    ranked on its own (no neighbour smoothing): a section wants diverse evidence, not one long meeting."""
    where = ChunkFilter(source_types=source_types)
    rankings = [search(context, account_id, q, k=per_query, where=where, neighbor_weight=0) for q in queries]
    pinned = []
    if include_crm:
        account = context.account_access(account_id)
        with context.db.session() as session:
            pinned = [hit_from_row(c, 1.0) for c in load_chunks(session, account, ["crm"])]
    if include_open_tickets:
        pinned += open_ticket_heads(context, account_id, documents)
    return build_evidence(context, account_id, [*pinned, *interleave(rankings)], budget_tokens, documents)


def open_ticket_heads(context: Context, account_id: str, documents: dict[str, Document] | None = None) -> list[SearchHit]:
    """The first chunk (subject, status, description) of every open ticket of the account."""
    account = context.account_access(account_id)
    with context.db.session() as session:
        documents = documents if documents is not None else load_documents(session, account)
        tickets = load_chunks(session, account, ["ticket"])
    open_sources = {
        sid for sid, d in documents.items() if isinstance(d.metadata, TicketMetadata) and d.metadata.is_open
    }
    return [hit_from_row(c, 1.0) for c in tickets if c.source_id in open_sources and c.position == 0]


def attach_facts(context: Context, account_id: str, evidence: Evidence, facts: list) -> Evidence:
    """The account model's statements for the task (``ModelFact``s), each with the evidence items holding the passages
    it rests on (added when the retrieval did not bring them). A fact whose passages cannot be found is left out:
    grounded or silent. The evidence given is not changed: callers may build several requests from it."""
    evidence = Evidence(items=list(evidence.items), facts=list(evidence.facts), documents=dict(evidence.documents))
    cited = [c for fact in facts for c in fact.evidence]
    chunks = []
    if cited:
        account = context.account_access(account_id)
        with context.db.session() as session:
            chunks = load_chunks(session, account, source_paths=sorted({c.source for c in cited}))
    for fact in facts:
        refs = []
        for c in fact.evidence:
            mine = [chunk for chunk in chunks if chunk.source_path == c.source]
            holder = next((chunk for chunk in mine if c.quote[:60] in chunk.text), mine[0] if mine else None)
            if holder is None:
                break
            item = next((i for i in evidence.items if i.chunk_id == holder.id), None)
            if item is None:
                hit = hit_from_row(holder, 1.0)
                shared = hit.model_dump(include=set(EvidenceItem.model_fields) - {"ref", "text"})
                item = EvidenceItem(ref=f"E{len(evidence.items) + 1}", text=redact_instructions(hit.text), **shared)
                evidence.items.append(item)
                with context.db.session() as session:
                    evidence.documents.update(load_documents(session, account, [item.source_id]))
            refs.append(item.ref)
        else:
            evidence.facts.append(EvidenceFact(text=fact.text, refs=list(dict.fromkeys(refs)),
                                               subject=fact.subject, complete=fact.complete,
                                               refusal=fact.refusal))
    return evidence


def build_evidence(
    context: Context,
    account_id: str,
    hits: Iterable[SearchHit],
    budget_tokens: int,
    documents: dict[str, Document] | None = None,
    item_tokens: Callable[[EvidenceItem], int] | None = None,
) -> Evidence:
    """Evidence items under the budget. ``documents`` (all the account's, when the caller has them) travel along as
    structure for the engine; without them, the documents of the chosen items are loaded. ``item_tokens`` counts
    what an item costs in a prompt, exactly (then not even the first item may exceed the budget); by default its
    header and text are estimated."""
    items: list[EvidenceItem] = []
    seen: set[str] = set()
    spent = 0
    for hit in hits:
        if hit.chunk_id in seen:
            continue
        shared = hit.model_dump(include=set(EvidenceItem.model_fields) - {"ref", "text"})
        item = EvidenceItem(ref=f"E{len(items) + 1}", text=redact_instructions(hit.text), **shared)
        if item_tokens is None:
            cost = estimate_tokens(hit.header) + estimate_tokens(hit.text)
            if items and spent + cost > budget_tokens:
                continue
        elif spent + (cost := item_tokens(item)) > budget_tokens:
            continue
        seen.add(hit.chunk_id)
        spent += cost
        items.append(item)
    if documents is None:
        account = context.account_access(account_id)
        with context.db.session() as session:
            documents = load_documents(session, account, sorted({item.source_id for item in items}))
    return Evidence(items=items, documents=documents)


def interleave(rankings: list[list[SearchHit]]) -> list[SearchHit]:
    merged = []
    for rank in range(max((len(r) for r in rankings), default=0)):
        merged.extend(ranking[rank] for ranking in rankings if rank < len(ranking))
    return merged

