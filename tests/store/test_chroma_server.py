"""The same ingest and search through a Chroma server instead of the embedded client (the scale path)."""

from __future__ import annotations

from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.account.ingest import ingest_path
from assistant.grounding.retrieval import search


def test_ingest_and_search_through_a_chroma_server(tmp_path, embedder, empty_chroma_server, tiny_account):
    context = Context(Settings(data_dir=tmp_path / "data", chroma_url=empty_chroma_server), embedder=embedder)

    report = ingest_path(context, tiny_account).accounts[0]
    hits = search(context, "tiny-co", "Monday refresh failed", k=3, mode="dense")

    assert report.chunks > 0
    assert hits[0].source_path == "tickets/tickets.json#501"
    assert not (tmp_path / "data" / "chroma").exists()  # nothing went to the embedded store
    context.close()
