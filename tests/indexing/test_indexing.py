"""Ingesting an account folder into the stores: incremental, idempotent, and losing nothing on bad files."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from assistant.account.catalog import forget, list_accounts
from assistant.platform.errors import NotFound
from assistant.account.ingest import ingest_path
from assistant.store.tables import ChunkRow, SourceRow


def _counts(context, account_id):
    with context.db.session() as session:
        sources = session.scalar(select(func.count()).select_from(SourceRow).where(SourceRow.account_id == account_id))
        chunks = session.scalar(select(func.count()).select_from(ChunkRow).where(ChunkRow.account_id == account_id))
    return sources, chunks


def test_an_account_folder_is_ingested_with_documents_by_type(context, tiny_account):
    report = ingest_path(context, tiny_account)

    [account] = list_accounts(context)
    assert account.account_id == "tiny-co"
    assert account.name == "Tiny Co"
    assert account.documents == {"crm": 1, "email": 1, "meeting": 1, "ticket": 2}
    assert account.chunks == report.accounts[0].chunks > 0


def test_a_bad_file_is_reported_and_the_rest_of_the_batch_is_ingested(context, tiny_account):
    report = ingest_path(context, tiny_account)

    [failure] = report.accounts[0].failures
    assert failure.path == "emails/broken.eml"
    assert failure.reason
    assert _counts(context, "tiny-co")[0] == 5


def test_the_same_message_saved_twice_is_stored_once(context, tiny_account):
    report = ingest_path(context, tiny_account)

    assert report.accounts[0].duplicates == 1
    with context.db.session() as session:
        emails = session.scalars(select(SourceRow).where(SourceRow.source_type == "email")).all()
    assert len(emails) == 1


def test_ingesting_an_unchanged_folder_again_writes_nothing(context, tiny_account):
    ingest_path(context, tiny_account)
    before = _counts(context, "tiny-co")

    again = ingest_path(context, tiny_account).accounts[0]

    assert (again.documents, again.chunks) == (0, 0)
    assert again.unchanged == again.files - len(again.failures)
    assert _counts(context, "tiny-co") == before


def test_a_changed_file_replaces_its_chunks_in_both_indexes(context, tiny_account):
    ingest_path(context, tiny_account)
    notes = tiny_account / "meetings" / "2025-09-10-kickoff.md"
    notes.write_text(notes.read_text().replace("weekly utilisation reports", "daily billable-hours alerts"))

    report = ingest_path(context, tiny_account).accounts[0]

    assert report.documents == 1
    with context.db.session() as session:
        texts = " ".join(session.scalars(select(ChunkRow.text).where(ChunkRow.source_path.like("meetings/%"))))
    assert "billable-hours" in texts and "weekly utilisation" not in texts
    with context.db.session() as session:
        sql_ids = set(session.scalars(select(ChunkRow.id).where(ChunkRow.account_id == "tiny-co")))
    assert context.vectors.ids("tiny-co") == sql_ids


def test_one_changed_ticket_in_an_export_reindexes_only_that_ticket(context, tiny_account):
    ingest_path(context, tiny_account)
    tickets = tiny_account / "tickets" / "tickets.json"
    tickets.write_text(tickets.read_text().replace("scheduler backlog", "scheduler queue, fix due Friday"))

    report = ingest_path(context, tiny_account).accounts[0]

    assert report.documents == 1
    assert report.unchanged >= 1


def test_prune_removes_sources_whose_files_disappeared(context, tiny_account):
    ingest_path(context, tiny_account)
    (tiny_account / "meetings" / "2025-09-10-kickoff.md").unlink()

    kept = ingest_path(context, tiny_account).accounts[0]
    assert kept.pruned == 0 and _counts(context, "tiny-co")[0] == 5

    pruned = ingest_path(context, tiny_account, prune=True).accounts[0]
    assert pruned.pruned == 1
    assert _counts(context, "tiny-co")[0] == 4


def test_a_duplicate_email_survives_pruning_while_one_copy_remains(context, tiny_account):
    ingest_path(context, tiny_account)
    (tiny_account / "emails" / "2025-09-22-template.eml").unlink()

    ingest_path(context, tiny_account, prune=True)

    with context.db.session() as session:
        assert session.scalar(select(func.count()).select_from(SourceRow).where(SourceRow.source_type == "email")) == 1


def test_forget_a_path_deletes_only_its_sources(context, tiny_account):
    ingest_path(context, tiny_account)

    result = forget(context, "tiny-co", "tickets/tickets.json#501")

    assert result.sources == 1
    with context.db.session() as session:
        paths = set(session.scalars(select(SourceRow.path)))
    assert "tickets/tickets.json#501" not in paths and "tickets/tickets.json#502" in paths


def test_forget_an_account_empties_every_store(context, tiny_account):
    ingest_path(context, tiny_account)

    forget(context, "tiny-co")

    assert list_accounts(context) == []
    assert _counts(context, "tiny-co") == (0, 0)
    assert context.vectors.ids("tiny-co") == set()


def test_forget_an_unknown_account_is_not_found(context):
    with pytest.raises(NotFound):
        forget(context, "nobody")


def test_a_file_over_the_size_limit_is_refused_with_its_size(context, tiny_account):
    context.settings.max_file_bytes = 300

    report = ingest_path(context, tiny_account).accounts[0]

    reasons = {f.path: f.reason for f in report.failures}
    assert "over the 300-byte limit" in reasons["tickets/tickets.json"]


def test_loose_files_need_an_account(context, tiny_account):
    with pytest.raises(ValueError, match="--account"):
        ingest_path(context, tiny_account / "crm.json")

    report = ingest_path(context, tiny_account / "crm.json", account_id="loose")
    assert report.accounts[0].documents == 1
