"""A PDF uploaded through the API: ingested as a document, found by the document type filter with its page."""

from __future__ import annotations

from pathlib import Path

ORDER_FORM = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "orchard-line-order-form.pdf"


def test_an_uploaded_pdf_is_a_document_found_by_type_with_its_page(api):
    response = api.post("olga", "/api/accounts/orchard-line/uploads",
                        files=[("files", ("order-form.pdf", ORDER_FORM.read_bytes(), "application/pdf"))])
    assert response.status_code == 202
    job = api.wait_for_job("olga", response.json()["id"])
    assert job["status"] == "done" and job["result"]["documents"] == 1

    hits = api.get("olga", "/api/accounts/orchard-line/search",
                   params={"q": "payment due within 30 days", "type": "document"}).json()
    assert hits and {hit["source_type"] for hit in hits} == {"document"}
    assert (hits[0]["source_path"], hits[0]["locator"]) == ("order-form.pdf", "page 2")
    [source] = api.get("olga", "/api/accounts/orchard-line/sources").json()
    assert (source["source_type"], source["title"]) == ("document", "Orchard Line order form")
