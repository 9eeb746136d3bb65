"""A keyword search finds a date or an amount however a chunk writes it; the chunk's text stays as written."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from assistant.account.ingest import index_documents
from assistant.grounding.retrieval import search
from assistant.store.filters import ChunkFilter
from assistant.store.keyword import keyword_search, search_terms
from assistant.store.keyword_terms import index_terms
from assistant.store.tables import ChunkRow
from ingest.document import Document, MeetingMetadata, SourceType

WRITTEN = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def _note(name: str, text: str, written: datetime | None = WRITTEN) -> Document:
    return Document(
        account_id="acme", source_type=SourceType.MEETING, source_path=f"meetings/{name}.md",
        identity=f"path:meetings/{name}.md", title=name, body=text, created_at=written,
        metadata=MeetingMetadata(format="markdown"),
    )  # fmt: skip


@pytest.fixture
def notes(context):
    index_documents(context, "acme", [
        _note("slash", "Workshop moved to 3/10 at the customer's office."),
        _note("iso", "Workshop confirmed for 2026-03-10."),
        _note("tomorrow", "Workshop is tomorrow, agenda attached.", datetime(2026, 3, 9, 15, tzinfo=timezone.utc)),
        _note("euros", "Annual fee agreed at €84.000 for the platform."),
        _note("dollars", "Annual fee agreed at $84k for the platform."),
        _note("other", "Workshop planning and the annual fee were discussed at length."),
        _note("dated-elsewhere", "Workshop confirmed for 2025-03-10.", datetime(2025, 3, 2, tzinfo=timezone.utc)),
    ])  # fmt: skip
    return context


def _found(context, query: str, ranked: bool = False) -> list[str]:
    with context.db.session() as session:
        ids = keyword_search(session, context.account_access("acme", session), query, 10, ChunkFilter())
        paths = {cid: path for cid, path in session.execute(select(ChunkRow.id, ChunkRow.source_path))}
    names = [paths[i].removeprefix("meetings/").removesuffix(".md") for i in ids]
    return names if ranked else sorted(names)


def test_a_day_written_with_slashes_is_found_by_its_name(notes):
    assert "slash" in _found(notes, "workshop March 10")


def test_a_yearless_query_date_finds_the_day_in_any_year_and_any_format(notes):
    assert _found(notes, "March 10") == ["dated-elsewhere", "iso", "slash", "tomorrow"]


def test_a_query_date_with_a_year_finds_only_that_year(notes):
    assert _found(notes, "10 March 2026") == ["iso", "slash", "tomorrow"]


def test_an_amount_is_found_in_another_currency_format(notes):
    assert _found(notes, "84,000 EUR") == ["dollars", "euros"]
    assert sorted(_found(notes, "fee of EUR 84.000", ranked=True)[:2]) == ["dollars", "euros"]


def test_a_query_date_still_matches_the_words_as_written(notes):
    assert _found(notes, "2026-03-10") == ["iso", "slash", "tomorrow"]


def test_hits_show_the_chunk_text_as_written(notes):
    hits = search(notes, "acme", "March 10", k=3, mode="keyword")
    assert hits and all("md0310" not in hit.text and "md0310" not in hit.header for hit in hits)
    assert {hit.text for hit in hits} <= {
        "Workshop moved to 3/10 at the customer's office.", "Workshop confirmed for 2026-03-10.",
        "Workshop is tomorrow, agenda attached.", "Workshop confirmed for 2025-03-10.",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("content", "ref", "terms"),
    [
        ("due 3/10", date(2026, 3, 2), "d20260310 md0310 m202603"),
        ("due 10.03.2026 or 2026-03-10", None, "d20260310 md0310 m202603"),
        ("due 3/10", None, "md0310"),
        ("due tomorrow", None, ""),
        ("due 3/10", date(2026, 3, 2), "d20260310 md0310 m202603"),
        ("plan for Q2 2026 and FY27", None, "q20262 y2027"),
        ("budget March 2026", None, "m202603"),
        ("fee €84.000,50 or $48k", None, "amt84000p5 amt48000"),
        ("no dates here", date(2026, 3, 2), ""),
    ],
)
def test_index_terms_name_each_date_and_amount_once(content, ref, terms):
    assert index_terms(content, ref) == terms


def test_index_terms_follow_the_sources_numeric_date_order():
    assert index_terms("due 4/3", date(2026, 3, 2), day_first=True).split()[0] == "d20260304"
    assert index_terms("due 4/3", date(2026, 3, 2), day_first=False).split()[0] == "d20260403"


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("renewal on March 10", [("renewal",), ("md0310", "march 10")]),
        ("renewal on 10 March 2026", [("renewal",), ("d20260310", "10 march 2026")]),
        ("what was agreed in Q1 2026", [("agreed",), ("q20261", "q1 2026")]),
        ("what was agreed in Q1", [("agreed",), ("q1",)]),
        ("what is due next week", [("due",), ("next",), ("week",)]),
        ("the EUR 84,000 fee", [("fee",), ("amt84000", "84,000")]),
    ],
)
def test_query_dates_and_amounts_match_their_term_or_their_words(query, terms):
    assert search_terms(query) == terms
