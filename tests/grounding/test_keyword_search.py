"""Keyword search stays fast on big accounts: chunks holding every term first, and a bound on what BM25 scores."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant.account.ingest import index_documents
from assistant.store import keyword
from assistant.store.filters import ChunkFilter
from assistant.store.keyword import keyword_search
from assistant.store.tables import ChunkRow
from ingest.document import Document, MeetingMetadata, SourceType


def _note(account_id: str, name: str, text: str) -> Document:
    return Document(
        account_id=account_id, source_type=SourceType.MEETING, source_path=f"meetings/{name}.md",
        identity=f"path:meetings/{name}.md", title=name, body=text, metadata=MeetingMetadata(format="markdown"),
    )  # fmt: skip


@pytest.fixture
def notes(context):
    """Twenty notes, indexed in this order: one names the renewal and the uplift, one repeats the renewal, eight
    mention an uplift, ten neither."""
    documents = [
        _note("acme", "both", "The renewal comes with an uplift."),
        _note("acme", "renewal", "Renewal, renewal, renewal and the renewal again."),
        *(_note("acme", f"uplift-{i}", "An uplift was mentioned.") for i in range(8)),
        *(_note("acme", f"other-{i}", "Weekly sync about onboarding.") for i in range(10)),
    ]
    index_documents(context, "acme", documents)
    return context


def _search(context, query: str, limit: int) -> list[str]:
    with context.db.session() as session:
        ids = keyword_search(session, context.account_access("acme", session), query, limit, ChunkFilter())
        paths = {cid: path for cid, path in session.execute(select(ChunkRow.id, ChunkRow.source_path))}
    return [paths[i].removeprefix("meetings/").removesuffix(".md") for i in ids]


def test_with_enough_chunks_holding_every_term_only_those_are_ranked(notes):
    assert _search(notes, "renewal uplift", limit=1) == ["both"]


def test_with_too_few_chunks_holding_every_term_chunks_holding_any_term_are_ranked(notes):
    ranked = _search(notes, "renewal uplift", limit=20)

    assert sorted(ranked) == ["both", "renewal", *(f"uplift-{i}" for i in range(8))]


def test_beyond_the_scoring_bound_the_chunks_holding_every_term_are_kept(notes, monkeypatch):
    if notes.db.dialect != "sqlite":
        pytest.skip("on PostgreSQL the bounded matches are the first the index returns, not the newest")
    monkeypatch.setattr(keyword, "MAX_SCORED", 3)  # only the 3 most recently indexed matches get scored

    ranked = _search(notes, "renewal uplift", limit=20)

    assert ranked[0] == "both"
    assert sorted(ranked[1:]) == ["uplift-5", "uplift-6", "uplift-7"]


def test_on_every_store_a_bounded_ranking_keeps_the_chunks_holding_every_term_first(notes, monkeypatch):
    monkeypatch.setattr(keyword, "MAX_SCORED", 3)

    ranked = _search(notes, "renewal uplift", limit=20)

    assert ranked[0] == "both" and 2 <= len(ranked) <= 4
    assert set(ranked) <= {"both", "renewal", *(f"uplift-{i}" for i in range(8))}


@pytest.mark.parametrize("limit", [1, 3, 20])
def test_a_filtered_search_ranks_as_if_the_filter_were_in_the_query(context, limit):
    """SQLite ranks unfiltered and keeps what passes; the answer must be what the filter inside the query gives."""
    documents = [
        *(_note("acme", f"mail-{i}", "An uplift was asked for in this email.") for i in range(6)),
        *(_note("acme", f"note-{i}", "The uplift " + "was discussed at length " * i) for i in range(6)),
    ]
    for document in documents[:6]:
        document.source_type = SourceType.EMAIL
    index_documents(context, "acme", documents)
    only_mail = ChunkFilter(source_types=[SourceType.EMAIL])
    with context.db.session() as session:
        found = keyword_search(session, context.account_access("acme", session), "uplift", limit, only_mail)
        if context.db.dialect == "sqlite":
            reference, _ = keyword._sqlite_fts_query(session, "acme", ["uplift"], "OR", limit, only_mail)
            assert found == reference
        sources = {cid: source_type for cid, source_type in session.execute(select(ChunkRow.id, ChunkRow.source_type))}
    assert len(found) == min(limit, 6) and {sources[i] for i in found} == {"email"}
