"""Contracts, order forms and success plans, as PDF and Word files, become documents: one unit per PDF page located
as "page N", or per Word heading section, with the title, author and date the file gives. Files that cannot be read
as such (encrypted, damaged, scanned, empty) are refused with the reason."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from ingest.dispatch import parse_file, read_as
from ingest.document import SourceType
from ingest.errors import IngestError

DOCUMENTS = Path(__file__).resolve().parents[1] / "fixtures" / "documents"


def read(name: str, path: str | None = None):
    [document] = parse_file((DOCUMENTS / name).read_bytes(), path or f"documents/{name}", "orchard-line")
    return document


def word_file(*paragraphs: str, heading: str | None = None) -> bytes:
    word = docx.Document()
    if heading:
        word.add_heading(heading, level=1)
    for text in paragraphs:
        word.add_paragraph(text)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# ---- PDF -------------------------------------------------------------------------------------------------------


def test_a_pdf_order_form_is_a_document_with_one_unit_per_page_located_by_page_number():
    form = read("orchard-line-order-form.pdf")

    assert form.source_type is SourceType.DOCUMENT
    assert form.metadata.kind == "document" and form.metadata.format == "pdf"
    assert form.metadata.page_count == 2
    assert [unit.locator for unit in form.units] == ["page 1", "page 2"]
    assert "Payment is due within 30 days of invoice." in form.units[1].text
    assert read_as([form]) == "document (PDF)"


def test_a_pdf_takes_title_author_and_date_from_its_properties():
    form = read("orchard-line-order-form.pdf")

    assert form.title == form.metadata.title == "Orchard Line order form"
    assert form.metadata.author == "Tomas Greer" and form.authors[0].name == "Tomas Greer"
    assert form.metadata.date == date(2026, 3, 2)
    assert form.created_at == datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def test_a_pdf_without_properties_is_titled_by_its_first_line_and_dated_by_its_text():
    nda = read("nda.pdf")

    assert nda.title == "Mutual Non-Disclosure Agreement"
    assert nda.metadata.author is None
    assert nda.metadata.date == date(2026, 1, 14)  # "Effective 14 January 2026"


def test_a_pdf_in_a_meetings_folder_is_still_a_document():
    document = read("orchard-line-order-form.pdf", "meetings/orchard-line-order-form.pdf")
    assert document.source_type is SourceType.DOCUMENT


def test_an_encrypted_pdf_is_refused_asking_for_an_unprotected_copy():
    with pytest.raises(IngestError, match="encrypted with a password") as caught:
        read("encrypted-order-form.pdf")
    assert caught.value.path == "documents/encrypted-order-form.pdf"


def test_a_pdf_restricted_only_by_an_owner_password_opens_and_is_read():
    writer = PdfWriter(clone_from=io.BytesIO((DOCUMENTS / "orchard-line-order-form.pdf").read_bytes()))
    writer.encrypt(user_password="", owner_password="no-editing", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)

    [form] = parse_file(buffer.getvalue(), "documents/locked.pdf", "orchard-line")
    assert form.metadata.page_count == 2 and "Payment is due" in form.units[1].text


def test_a_pdf_with_no_text_layer_is_refused_as_scanned():
    with pytest.raises(IngestError, match="no text layer; it looks scanned: OCR it first"):
        read("scanned-contract.pdf")


def test_a_damaged_pdf_is_refused_as_damaged():
    with pytest.raises(IngestError, match="damaged PDF"):
        parse_file(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\n%%EOF\n", "documents/broken.pdf", "a")


def test_a_file_named_pdf_that_is_no_pdf_is_refused():
    with pytest.raises(IngestError, match="not a PDF file"):
        parse_file(b"Order form: 40 seats\n", "documents/order.pdf", "orchard-line")


def test_a_truncated_pdf_is_read_or_refused_never_crashes():
    data = (DOCUMENTS / "orchard-line-order-form.pdf").read_bytes()
    for cut in range(0, len(data), 97):
        try:
            documents = parse_file(data[:cut], "documents/cut.pdf", "orchard-line")
        except IngestError as exc:
            assert exc.reason
        else:
            assert documents[0].source_type is SourceType.DOCUMENT


# ---- Word ------------------------------------------------------------------------------------------------------


def test_a_word_success_plan_is_a_document_split_by_heading_section():
    plan = read("success-plan.docx")

    assert plan.source_type is SourceType.DOCUMENT and plan.metadata.format == "docx"
    assert [unit.heading for unit in plan.units] == ["Goals", "Milestones", "Owners"]
    assert "Exports live in all depots | April 15, 2026" in plan.units[1].text
    assert plan.metadata.page_count is None
    assert read_as([plan]) == "document (DOCX)"


def test_a_word_document_takes_title_author_and_date_from_its_properties():
    plan = read("success-plan.docx")

    assert plan.title == "Orchard Line success plan 2026"
    assert plan.metadata.author == "Tomas Greer"
    assert plan.metadata.date == date(2026, 1, 12)


def test_a_word_contract_without_properties_is_titled_by_its_heading_and_dated_by_its_text():
    data = word_file("This agreement is made on April 1, 2026 between Orchard Line and Fenwick Analytics.",
                     heading="Master Services Agreement")
    [contract] = parse_file(data, "contract.docx", "orchard-line")

    assert contract.source_type is SourceType.DOCUMENT
    assert contract.title == "Master Services Agreement"
    assert contract.metadata.date == date(2026, 4, 1)


def test_word_notes_with_meeting_labels_stay_meeting_notes_wherever_they_are():
    data = word_file("Attendees: Ines Fallon, Tomas Greer", "We agreed on the training dates.")
    [notes] = parse_file(data, "documents/sync.docx", "orchard-line")
    assert notes.source_type is SourceType.MEETING and notes.metadata.format == "docx"


def test_word_notes_without_labels_in_a_meetings_folder_stay_meeting_notes():
    [notes] = parse_file(word_file("Renewal talk; quote by Feb 6."), "meetings/2026-01-20-renewal.docx", "a")
    assert notes.source_type is SourceType.MEETING


def test_a_contract_named_as_one_is_a_document_even_in_a_meetings_folder():
    data = word_file("Date: March 2, 2026", "Orchard Line orders 40 seats.", heading="Order form")
    [form] = parse_file(data, "meetings/orchard-order-form.docx", "orchard-line")
    assert form.source_type is SourceType.DOCUMENT and form.metadata.date == date(2026, 3, 2)


def test_a_dated_word_file_outside_any_document_folder_is_read_as_meeting_notes():
    [notes] = parse_file(word_file("Date: March 2, 2026", "Talked through the rollout."), "sync.docx", "a")
    assert notes.source_type is SourceType.MEETING


def test_an_empty_word_document_is_refused_as_having_no_text():
    with pytest.raises(IngestError, match="no text"):
        read("empty.docx")
