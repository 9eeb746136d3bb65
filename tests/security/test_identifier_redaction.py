"""HANDOFF_REDACT_IDENTIFIERS masks payment-card numbers (Luhn-checked), US SSNs and UK NI numbers at ingest,
before anything is stored, embedded or searchable; off by default."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.account.ingest import ingest_path
from assistant.indexing.redaction import CARD_MASK, NINO_MASK, SSN_MASK, luhn_valid, redact_identifiers

CARD = "4111 1111 1111 1111"  # a Luhn-valid test Visa number
NOTE = f"""---
title: Billing call
date: 2025-10-01
---
# Billing call

They read out card {CARD} for the overage, and the contractor's SSN 123-45-6789 and NI number AB 12 34 56 C.
Order 4111 1111 1111 1112 is unrelated.
"""


@pytest.mark.parametrize("number", ["4111111111111111", "4111-1111-1111-1111", "5500 0000 0000 0004",
                                    "378282246310005"])
def test_luhn_valid_card_numbers_are_masked(number):
    assert redact_identifiers(f"card {number} on file") == f"card {CARD_MASK} on file"


@pytest.mark.parametrize("number", ["4111 1111 1111 1112", "2025-10-01", "+1 415 555 0100", "1234567890"])
def test_numbers_that_are_not_cards_stay(number):
    assert redact_identifiers(f"ref {number}") == f"ref {number}"


def test_ssns_and_ni_numbers_are_masked_but_impossible_ones_stay():
    assert redact_identifiers("SSN 123-45-6789") == f"SSN {SSN_MASK}"
    assert redact_identifiers("NI CE123456A and AB 12 34 56 D") == f"NI {NINO_MASK} and {NINO_MASK}"
    assert redact_identifiers("000-12-3456, 666-12-3456, GB123456A, QQ123456C, 123456789") == (
        "000-12-3456, 666-12-3456, GB123456A, QQ123456C, 123456789")


def test_luhn_check():
    assert luhn_valid("79927398713") and not luhn_valid("79927398710")


def _stored_text(context: Context) -> str:
    """Every value of every SQL table: chunks, stored documents, the keyword index."""
    engine = context.db.engine
    values = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            values += [str(v) for row in connection.execute(text(f'SELECT * FROM "{table}"')) for v in row]
    return "\n".join(values)


def _ingest(tmp_path, embedder, redact: bool) -> Context:
    account = tmp_path / "accounts" / "acme"
    (account / "meetings").mkdir(parents=True, exist_ok=True)
    (account / "meetings" / "billing.md").write_text(NOTE)
    context = Context(Settings(data_dir=tmp_path / "data", redact_identifiers=redact), embedder=embedder)
    ingest_path(context, account)
    return context


def test_with_the_setting_nothing_stored_or_indexed_holds_the_numbers(tmp_path, embedder):
    context = _ingest(tmp_path, embedder, redact=True)
    stored = _stored_text(context)
    vector_ids = context.vectors.ids("acme")
    collection_docs = context.vectors._collection("acme", create=False).get(include=["documents"])["documents"]
    context.close()

    assert CARD not in stored and "123-45-6789" not in stored and "AB 12 34 56 C" not in stored
    assert CARD_MASK in stored and "4111 1111 1111 1112" in stored
    assert vector_ids and not any(CARD in (doc or "") for doc in collection_docs)


def test_without_the_setting_the_text_is_kept_and_turning_it_on_redacts_on_the_next_ingest(tmp_path, embedder):
    context = _ingest(tmp_path, embedder, redact=False)
    assert CARD in _stored_text(context)
    context.close()

    context = _ingest(tmp_path, embedder, redact=True)  # same files, setting now on
    stored = _stored_text(context)
    context.close()
    assert CARD not in stored and CARD_MASK in stored
