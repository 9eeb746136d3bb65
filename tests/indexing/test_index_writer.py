"""The background embed-and-write stages keep ingest crash-consistent: a failed batch leaves its sources pending,
the error reaches the caller, and the next ingest repairs the store."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from assistant.indexing.index_writer import BatchWriter
from assistant.account.ingest import ingest_path
from assistant.store.tables import ChunkRow, SourceFileRow, SourceRow


class VectorStoreDown(Exception):
    pass


def _statuses(context) -> set[str]:
    with context.db.session() as session:
        return set(session.scalars(select(SourceRow.status)))


def _refuse(*_args, **_kwargs):
    raise VectorStoreDown("chroma is down")


def test_a_failed_vector_write_reaches_the_caller_and_leaves_sources_pending(context, tiny_account, monkeypatch):
    monkeypatch.setattr(context.vectors, "upsert", _refuse)

    with pytest.raises(VectorStoreDown):
        ingest_path(context, tiny_account)

    assert _statuses(context) == {"pending"}
    with context.db.session() as session:
        assert session.scalars(select(SourceFileRow)).all() == []  # files are re-read next time


def test_the_next_ingest_repairs_what_a_failed_one_left(context, tiny_account, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(context.vectors, "upsert", _refuse)
        with pytest.raises(VectorStoreDown):
            ingest_path(context, tiny_account)

    report = ingest_path(context, tiny_account).accounts[0]

    assert report.documents == 5
    assert _statuses(context) == {"ready"}
    with context.db.session() as session:
        sql_ids = set(session.scalars(select(ChunkRow.id)))
    assert context.vectors.ids("tiny-co") == sql_ids


def test_an_embedding_failure_reaches_the_caller(context, tiny_account, monkeypatch):
    def broken(_texts):
        raise RuntimeError("model crashed")

    monkeypatch.setattr(context.embedder, "embed", broken)

    with pytest.raises(RuntimeError, match="model crashed"):
        ingest_path(context, tiny_account)
    assert _statuses(context) == set()


def test_batches_fill_up_across_accounts(context, tiny_account, tmp_path, monkeypatch):
    batches: list[set[str]] = []
    write = BatchWriter._write

    def record_accounts(self, batch, vectors):
        batches.append({source.document.account_id for source in batch.sources})
        return write(self, batch, vectors)

    monkeypatch.setattr(BatchWriter, "_write", record_accounts)
    other = tmp_path / "accounts" / "other-co" / "meetings"
    other.mkdir(parents=True)
    (other / "sync.md").write_text("# Sync\nThe Monday refresh failed again for the warehouse team.\n")

    report = ingest_path(context, tiny_account.parent)

    assert batches == [{"tiny-co", "other-co"}]  # one batch, embedded and written once, for both small accounts
    assert {a.account_id: a.documents for a in report.accounts} == {"tiny-co": 5, "other-co": 1}


def test_a_batch_closes_once_it_holds_the_configured_number_of_chunks(context, tiny_account, monkeypatch):
    sizes: list[int] = []
    write = BatchWriter._write

    def record_sizes(self, batch, vectors):
        sizes.append(len(batch.chunks))
        return write(self, batch, vectors)

    monkeypatch.setattr(BatchWriter, "_write", record_sizes)
    monkeypatch.setattr(context.settings, "ingest_batch_chunks", 2)

    report = ingest_path(context, tiny_account).accounts[0]

    assert len(sizes) > 1 and sum(sizes) == report.chunks
    assert all(size >= 2 for size in sizes[:-1])  # whole sources: a batch may run over, never closes short
    with context.db.session() as session:
        assert context.vectors.ids("tiny-co") == set(session.scalars(select(ChunkRow.id)))
