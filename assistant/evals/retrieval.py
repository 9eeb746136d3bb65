"""Retrieval quality on QMSum: for each specific query, do the ranked chunks cover the gold transcript turns?

Reported per method (hybrid, dense, keyword): hit@1/5/10 (a chunk overlapping a gold turn within the top k), MRR,
and, because bigger chunks make hit@k easy, the same at a fixed context budget: fill ``budget_chars`` with the
ranked chunks and report the hit rate and the share of gold turns covered.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from assistant.platform.context import Context
from assistant.evals.qmsum import load_meetings, meeting_document, turns_of
from assistant.account.ingest import index_documents
from assistant.grounding.retrieval import SearchHit, search

METHODS = ("hybrid", "dense", "keyword")


class RetrievalScores(BaseModel):
    method: str
    queries: int
    hit_at_1: float
    hit_at_5: float
    hit_at_10: float
    mrr: float
    budget_hit: float
    budget_gold_coverage: float
    avg_chunks_in_budget: float


def evaluate_retrieval(context: Context, folder: Path, budget_chars: int = 4000) -> list[RetrievalScores]:
    meetings = load_meetings(folder)
    rows: dict[str, list[dict]] = {m: [] for m in METHODS}
    for meeting in meetings:
        account_id = f"qmsum-{meeting.meeting_id.lower()}"
        index_documents(context, account_id, [meeting_document(meeting, account_id)])
        for query in meeting.queries:
            for method in METHODS:
                hits = search(context, account_id, query.query, k=60, mode=method)  # type: ignore[arg-type]
                rows[method].append(_score_query(hits, query.gold_turns, budget_chars))
    return [_aggregate(method, rows[method]) for method in METHODS]


def _score_query(hits: list[SearchHit], gold: set[int], budget_chars: int) -> dict:
    relevant = [bool(turns_of(h.locator) & gold) for h in hits]
    first = next((i for i, r in enumerate(relevant, start=1) if r), None)
    covered: set[int] = set()
    used, in_budget = 0, 0
    for hit in hits:
        if used + len(hit.text) > budget_chars:
            continue
        used += len(hit.text)
        in_budget += 1
        covered |= turns_of(hit.locator)
    return {
        "hit_at_1": any(relevant[:1]),
        "hit_at_5": any(relevant[:5]),
        "hit_at_10": any(relevant[:10]),
        "rr": 1.0 / first if first else 0.0,
        "budget_hit": bool(covered & gold),
        "coverage": len(covered & gold) / len(gold) if gold else 0.0,
        "in_budget": in_budget,
    }


def _aggregate(method: str, rows: list[dict]) -> RetrievalScores:
    n = max(len(rows), 1)

    def mean(key: str) -> float:
        return round(sum(float(r[key]) for r in rows) / n, 3)

    return RetrievalScores(
        method=method,
        queries=len(rows),
        hit_at_1=mean("hit_at_1"),
        hit_at_5=mean("hit_at_5"),
        hit_at_10=mean("hit_at_10"),
        mrr=mean("rr"),
        budget_hit=mean("budget_hit"),
        budget_gold_coverage=mean("coverage"),
        avg_chunks_in_budget=mean("in_budget"),
    )
