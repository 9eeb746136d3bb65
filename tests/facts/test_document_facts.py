"""A document's text is read like any other prose outside the CRM record: values and dated terms it states are facts
of the account, cited to the document."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.account.terms import build_terms
from assistant.facts.material import build_material
from assistant.facts.values import stated_values
from gaps.helpers import crm
from ingest.dispatch import parse_file

ORDER_FORM = Path(__file__).resolve().parents[1] / "fixtures" / "documents" / "orchard-line-order-form.pdf"


def _material():
    documents = parse_file(crm().encode(), "crm.json", "acme")
    documents += parse_file(ORDER_FORM.read_bytes(), "documents/order-form.pdf", "acme")
    return build_material("acme", documents)


def test_values_stated_in_a_document_are_facts_cited_to_it():
    found = {(v.kind, v.value): v for v in stated_values(_material())}

    assert found[("seats", 40.0)].source == "documents/order-form.pdf"
    renewal = found[("renewal_date", date(2027, 4, 1))]
    assert renewal.source == "documents/order-form.pdf" and renewal.when == date(2026, 3, 2)


def test_a_term_stated_in_a_document_is_one_of_the_accounts_terms():
    terms = [t for t in build_terms(_material()) if t.evidence.source == "documents/order-form.pdf"]
    assert [(t.start, t.end) for t in terms] == [(date(2026, 4, 1), date(2027, 3, 31))]
