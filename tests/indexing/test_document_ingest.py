"""A PDF contract or order form and a Google Meet transcript in an account folder: ingested, indexed by page or turn,
listed among the account's sources, retrievable by type, and cited with the page they come from."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from assistant.account.catalog import list_accounts, list_sources
from assistant.chat.service import ask
from assistant.cli import app
from assistant.account.ingest import ingest_path
from assistant.models import Citation, Section, Statement, TransitionNote
from assistant.notes.render import render_html, render_markdown
from assistant.grounding.retrieval import search
from assistant.store.filters import ChunkFilter
from assistant.store.tables import ChunkRow
from ingest.document import SourceType

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ORDER_FORM = "documents/order-form.pdf"


@pytest.fixture
def account_with_documents(tiny_account):
    (tiny_account / "documents").mkdir()
    shutil.copy(FIXTURES / "documents" / "orchard-line-order-form.pdf", tiny_account / ORDER_FORM)
    shutil.copy(FIXTURES / "transcripts" / "Orchard Line weekly sync (2026-02-17 10_30 GMT+01_00) - Transcript.txt",
                tiny_account / "meetings" / "weekly sync - Transcript.txt")
    return tiny_account


@pytest.fixture
def ingested(context, account_with_documents):
    ingest_path(context, account_with_documents)
    return context


def test_a_pdf_in_an_account_folder_is_indexed_one_page_per_chunk_and_gives_no_crm_record(ingested):
    [account] = list_accounts(ingested)
    assert account.documents["document"] == 1 and account.documents["crm"] == 1
    with ingested.db.session() as session:
        rows = session.execute(select(ChunkRow.source_type, ChunkRow.locator).where(
            ChunkRow.source_path == ORDER_FORM)).all()
    assert sorted(rows) == [("document", "page 1"), ("document", "page 2")]


def test_a_document_and_a_meet_transcript_are_listed_among_the_accounts_sources(ingested):
    sources = {s.path: s for s in list_sources(ingested, "tiny-co")}
    assert sources[ORDER_FORM].source_type == "document"
    assert sources[ORDER_FORM].title == "Orchard Line order form"
    assert sources[ORDER_FORM].date.date() == date(2026, 3, 2)
    meet = sources["meetings/weekly sync - Transcript.txt"]
    assert meet.source_type == "meeting" and meet.title == "Orchard Line weekly sync"


def test_retrieval_filtered_to_documents_finds_only_document_pages(ingested):
    hits = search(ingested, "tiny-co", "payment due within 30 days of invoice",
                  where=ChunkFilter(source_types=[SourceType.DOCUMENT]))
    assert hits and {hit.source_type for hit in hits} == {SourceType.DOCUMENT}
    assert (hits[0].source_path, hits[0].locator) == (ORDER_FORM, "page 2")


def test_an_answer_from_a_document_cites_it_with_its_page(ingested):
    answer = ask(ingested, "tiny-co", "When is payment due under the order form?",
                 where=ChunkFilter(source_types=[SourceType.DOCUMENT]))

    assert answer.answerable
    cited = [c for c in answer.citations if c.source == ORDER_FORM]
    assert cited and cited[0].locator == "page 2"
    assert cited[0].where() == "documents/order-form.pdf, page 2"


def test_the_cli_says_a_pdf_was_read_as_a_document_and_a_meet_transcript_as_one(tmp_path, embedder,
                                                                                   account_with_documents):
    result = CliRunner().invoke(app, ["--data-dir", str(tmp_path / "data"), "ingest", str(account_with_documents),
                                      "--files"])
    assert "read: tiny-co/documents/order-form.pdf: document (PDF)" in result.output
    assert "read: tiny-co/meetings/weekly sync - Transcript.txt: transcript (Google Meet, text)" in result.output


def test_a_notes_sources_name_the_page_they_cite():
    citation = Citation(chunk_id="s1:1", source=ORDER_FORM, quote="Payment is due within 30 days of invoice.",
                        locator="page 2")
    note = TransitionNote(account_id="tiny-co", as_of=date(2026, 3, 9), engine="extractive", model="extractive",
                          sections=[Section(key="commercial", title="Commercial", statements=[
                              Statement(text="Invoices are due in 30 days.", citations=[citation])])])

    assert '`documents/order-form.pdf` (page 2): "Payment is due' in render_markdown(note, "Tiny Co")
    assert "<code>documents/order-form.pdf</code> (page 2)" in render_html(note, "Tiny Co")


def test_the_cli_searches_documents_only_and_shows_the_page_of_each_hit(tmp_path, embedder, account_with_documents):
    def run(*args: str):
        return CliRunner().invoke(app, ["--data-dir", str(tmp_path / "data"), *args])

    run("ingest", str(account_with_documents))
    text = run("search", "tiny-co", "payment due within 30 days", "--type", "document", "--k", "1").output
    assert "documents/order-form.pdf, page 2" in text
