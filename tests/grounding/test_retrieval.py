"""Hybrid retrieval: scoped to one account, fused from dense and keyword rankings, filterable."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.platform.errors import NotFound
from assistant.account.ingest import ingest_path
from assistant.grounding.retrieval import fuse_rankings, search, smooth_by_neighbors
from assistant.store.filters import ChunkFilter, day_number
from ingest.document import SourceType


@pytest.fixture
def indexed(context, tiny_account, tmp_path):
    ingest_path(context, tiny_account)
    other = tmp_path / "accounts" / "other-co"
    (other / "meetings").mkdir(parents=True)
    (other / "meetings" / "2025-10-01-sync.md").write_text(
        "---\ntitle: Sync\ndate: 2025-10-01\n---\nThe Monday refresh failed again for Other Co's warehouse team.\n"
    )
    ingest_path(context, other)
    return context


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = dict(fuse_rankings([["a", "b", "c"], ["b", "a", "d"]], rrf_k=60))
    assert fused["a"] == fused["b"] > fused["c"] > 0
    assert fused["d"] == fused["c"]


def test_search_finds_the_passage_that_answers(indexed):
    hits = search(indexed, "tiny-co", "why did the Monday refresh fail?", k=3)
    assert hits[0].source_path == "tickets/tickets.json#501"
    assert hits[0].dense_rank is not None and hits[0].keyword_rank is not None


def test_search_never_returns_another_accounts_chunks(indexed):
    for mode in ("hybrid", "dense", "keyword"):
        hits = search(indexed, "tiny-co", "Monday refresh failed warehouse", k=20, mode=mode)
        assert hits and all(h.source_id and not h.source_path.startswith("meetings/2025-10-01") for h in hits)


def test_search_in_an_unknown_account_is_not_found(indexed):
    with pytest.raises(NotFound):
        search(indexed, "nobody", "renewal")


def test_source_type_filter_keeps_only_that_type(indexed):
    hits = search(indexed, "tiny-co", "dashboard", k=10, where=ChunkFilter(source_types=[SourceType.EMAIL]))
    assert hits and {h.source_type for h in hits} == {SourceType.EMAIL}


def test_date_filter_keeps_only_material_in_range(indexed):
    where = ChunkFilter(date_from=date(2025, 10, 1), date_to=date(2025, 10, 31))
    hits = search(indexed, "tiny-co", "dashboard refresh", k=10, where=where)
    assert hits and all(date(2025, 10, 1) <= h.date.date() <= date(2025, 10, 31) for h in hits)


@pytest.mark.parametrize("mode", ["dense", "keyword"])
def test_each_method_applies_the_filters_on_its_own(indexed, mode):
    where = ChunkFilter(source_types=[SourceType.EMAIL, SourceType.MEETING], date_from=date(2025, 9, 15),
                        date_to=date(2025, 9, 30))
    hits = search(indexed, "tiny-co", "dashboard template", k=10, where=where, mode=mode)
    assert hits and all(h.source_type in where.source_types and date(2025, 9, 15) <= h.date.date()
                        <= date(2025, 9, 30) for h in hits)


def test_a_filter_matches_a_chunk_exactly_as_its_sql_does():
    where = ChunkFilter(source_types=[SourceType.EMAIL], date_from=date(2025, 10, 1), date_to=date(2025, 10, 31))
    first, last = day_number(date(2025, 10, 1)), day_number(date(2025, 10, 31))
    assert where.matches("email", first) and where.matches("email", last)
    assert not where.matches("ticket", first)
    assert not where.matches("email", first - 1) and not where.matches("email", last + 1)
    assert not where.matches("email", None) and ChunkFilter().matches("ticket", None)


def test_a_query_of_only_common_words_still_gets_dense_results(indexed):
    assert search(indexed, "tiny-co", "what is it about", k=3, mode="hybrid")
    assert search(indexed, "tiny-co", "what is it about", k=3, mode="keyword") == []


def test_neighbouring_matches_in_one_conversation_lift_each_other():
    fused = [("s:5", 0.030), ("t:0", 0.031), ("s:6", 0.020), ("s:4", 0.020)]
    segments = {"s:4": 0, "s:5": 0, "s:6": 0, "t:0": 0}
    ranked = [chunk_id for chunk_id, _ in smooth_by_neighbors(fused, segments, weight=0.6, radius=2)]
    assert ranked[0] == "s:5"


def test_separate_sections_of_a_note_do_not_lift_each_other():
    fused = [("s:5", 0.030), ("t:0", 0.031), ("s:6", 0.020), ("s:4", 0.020)]
    segments = {"s:4": 4, "s:5": 5, "s:6": 6, "t:0": 0}
    ranked = [chunk_id for chunk_id, _ in smooth_by_neighbors(fused, segments, weight=0.6, radius=2)]
    assert ranked[0] == "t:0"
