"""Documents on the account's pages: listed in the timeline under their own filter, and cited with their page."""

from __future__ import annotations

import shutil

import pytest

from assistant.account.ingest import ingest_path
from assistant.grounding.retrieval import search
from assistant.store.filters import ChunkFilter
from ingest.document import SourceType
from web_support import FERNHILL, FIXTURES


@pytest.fixture
def with_order_form(web, tmp_path):
    folder = tmp_path / "more" / "documents"
    folder.mkdir(parents=True)
    shutil.copy(FIXTURES / "documents" / "orchard-line-order-form.pdf", folder / "order-form.pdf")
    ingest_path(web.context, folder.parent, account_id=FERNHILL)
    return web


def _timeline(page: str) -> str:
    return page.split('id="timeline-h"')[1].split("</section>")[0]


def test_the_timeline_lists_a_document_and_filters_to_documents(with_order_form):
    client = with_order_form("elliot")
    everything = _timeline(client.get(f"/accounts/{FERNHILL}").text)
    documents = _timeline(client.get(f"/accounts/{FERNHILL}?type=document").text)

    assert '?type=document#timeline' in everything and ">Documents<" in everything
    assert "Orchard Line order form" in everything and '<li class="type-document">' in everything
    assert "Orchard Line order form" in documents and "documents/order-form.pdf" in documents
    assert "Fernhill transition prep (internal)" not in documents


def test_a_cited_document_passage_names_its_page(with_order_form):
    hit = search(with_order_form.context, FERNHILL, "payment due within 30 days of invoice", k=1,
                 where=ChunkFilter(source_types=[SourceType.DOCUMENT]))[0]
    fragment = with_order_form("elliot").get(f"/accounts/{FERNHILL}/passage", params={"chunk": hit.chunk_id}).text
    assert "documents/order-form.pdf" in fragment and "page 2" in fragment


def test_an_answers_sources_show_the_page_of_the_document_they_cite(with_order_form):
    client = with_order_form("elliot")
    response = client.post(f"/accounts/{FERNHILL}/chat", data={
        "csrf_token": with_order_form.csrf("elliot"),
        "question": "When is payment due under the Orchard Line order form?"})
    page = client.get(response.headers["location"]).text
    sources = page.split('class="sources"')[1].split("</aside>")[0]
    assert "documents/order-form.pdf, page 2" in sources
