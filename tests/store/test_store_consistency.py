"""The registry, the keyword index and the vector index agree after every ingest, and after an ingest that died
between two stores' writes once the next one has run. ``check_store`` is the referee (``handoff doctor``)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from assistant.account.catalog import forget
from assistant.account.ingest import ingest_path
from assistant.indexing.doctor import check_store, repair_store
from assistant.store.vectors import VectorIndex


class Crash(BaseException):
    """Stands for the process dying: nothing after it runs."""


def long_notes(sections: int) -> str:
    return "\n\n".join(f"## Topic {i}\n\n" + f"Renewal detail {i} about the Ashby site rollout. " * 30
                       for i in range(sections))


def problems(context) -> dict[str, int]:
    return {p.kind: p.count for a in check_store(context).accounts for p in a.problems}


def test_a_fresh_ingest_is_consistent(context, tiny_account):
    ingest_path(context, tiny_account)
    [account] = check_store(context).accounts
    assert account.ok and account.chunks == account.vectors > 0


def test_a_crash_after_a_shrunk_source_was_rewritten_leaves_no_orphan_vectors_once_ingest_runs_again(
    context, tiny_account, monkeypatch
):
    notes = tiny_account / "meetings" / "2025-09-10-kickoff.md"
    notes.write_text(long_notes(6))
    ingest_path(context, tiny_account)
    notes.write_text(long_notes(1))  # fewer chunks: the old tail must leave the vector index

    def die(self, account_id, chunk_ids):
        raise Crash()

    monkeypatch.setattr(VectorIndex, "delete", die)
    with pytest.raises(Crash):
        ingest_path(context, tiny_account)
    monkeypatch.undo()
    assert "orphan-vectors" in problems(context) and "pending-source" in problems(context)

    ingest_path(context, tiny_account)
    assert problems(context) == {}


def test_a_crash_while_pruning_leaves_nothing_that_the_next_prune_does_not_remove(context, tiny_account, monkeypatch):
    ingest_path(context, tiny_account)
    (tiny_account / "meetings" / "2025-09-10-kickoff.md").unlink()
    monkeypatch.setattr(VectorIndex, "delete", lambda *_: (_ for _ in ()).throw(Crash()))
    with pytest.raises(Crash):
        ingest_path(context, tiny_account, prune=True)
    monkeypatch.undo()
    assert problems(context) == {}

    report = ingest_path(context, tiny_account, prune=True)
    assert report.accounts[0].pruned == 1 and problems(context) == {}


def test_a_crash_while_forgetting_a_file_leaves_the_stores_consistent(context, tiny_account, monkeypatch):
    ingest_path(context, tiny_account)
    monkeypatch.setattr(VectorIndex, "delete", lambda *_: (_ for _ in ()).throw(Crash()))
    with pytest.raises(Crash):
        forget(context, "tiny-co", "meetings/2025-09-10-kickoff.md")
    monkeypatch.undo()
    assert problems(context) == {}


def test_the_check_names_vectors_and_keyword_entries_no_chunk_owns_and_repair_removes_them(context, tiny_account):
    ingest_path(context, tiny_account)
    [chunk_id, *_] = sorted(context.vectors.ids("tiny-co"))
    with context.db.session() as session:
        session.execute(text("DELETE FROM chunks WHERE id = :id"), {"id": chunk_id})
    if context.db.dialect == "sqlite":
        with context.db.session() as session:
            session.execute(text("INSERT INTO chunks_fts(body, account_key, chunk_id) SELECT body, account_key, "
                                 "chunk_id FROM chunks_fts LIMIT 1"))
    found = problems(context)
    assert found["orphan-vectors"] == 1 and found["chunk-count"] == 1
    if context.db.dialect == "sqlite":
        assert found["duplicate-keywords"] == 1

    after = repair_store(context)
    assert {p.kind for a in after.accounts for p in a.problems} == {"chunk-count"}  # ingest again rewrites it


def test_two_crashes_in_a_row_on_a_shrinking_source_are_repaired_by_the_next_ingest(context, tiny_account, monkeypatch):
    notes = tiny_account / "meetings" / "2025-09-10-kickoff.md"
    notes.write_text(long_notes(8))
    ingest_path(context, tiny_account)
    monkeypatch.setattr(VectorIndex, "delete", lambda *_: (_ for _ in ()).throw(Crash()))
    for sections in (4, 2):  # the second crash finds the source pending with rows the vectors outnumber
        notes.write_text(long_notes(sections))
        with pytest.raises(Crash):
            ingest_path(context, tiny_account)
    monkeypatch.undo()
    notes.write_text(long_notes(1))
    ingest_path(context, tiny_account)
    assert problems(context) == {}


def _keyword_rows(context) -> list[str]:
    with context.db.session() as session:
        return sorted(session.scalars(text("SELECT chunk_id FROM chunks_fts")))


def test_removing_chunks_removes_exactly_their_keyword_entries_through_the_row_map(context, tiny_account):
    if context.db.dialect != "sqlite":
        pytest.skip("the row map belongs to SQLite's FTS5 table; PostgreSQL indexes a column of the chunk rows")
    ingest_path(context, tiny_account)
    with context.db.session() as session:
        chunk_ids = sorted(session.scalars(text("SELECT id FROM chunks")))
        mapped = sorted(session.scalars(text("SELECT chunk_id FROM chunks_fts_rows")))
    assert _keyword_rows(context) == chunk_ids == mapped

    forget(context, "tiny-co", "meetings")

    with context.db.session() as session:
        left = sorted(session.scalars(text("SELECT id FROM chunks")))
        mapped = sorted(session.scalars(text("SELECT chunk_id FROM chunks_fts_rows")))
    assert len(left) < len(chunk_ids) and _keyword_rows(context) == left == mapped


def test_a_keyword_entry_repaired_by_the_doctor_is_removed_with_its_chunk_later(context, tiny_account):
    if context.db.dialect != "sqlite":
        pytest.skip("the row map belongs to SQLite's FTS5 table")
    ingest_path(context, tiny_account)
    [chunk_id, *_] = sorted(context.vectors.ids("tiny-co"))
    with context.db.session() as session:  # lose the chunk's keyword entry and its map row
        session.execute(text("DELETE FROM chunks_fts WHERE chunk_id = :id"), {"id": chunk_id})
        session.execute(text("DELETE FROM chunks_fts_rows WHERE chunk_id = :id"), {"id": chunk_id})
    assert problems(context) == {"missing-keywords": 1}
    repair_store(context)
    assert chunk_id in _keyword_rows(context)

    with context.db.session() as session:
        session.execute(text("DELETE FROM chunks WHERE id = :id"), {"id": chunk_id})

    assert chunk_id not in _keyword_rows(context)


def test_a_store_made_before_the_row_map_gets_one_and_deletes_stay_exact(tmp_path, embedder, tiny_account):
    from alembic import command

    from assistant.platform.config import Settings
    from assistant.platform.context import Context
    from assistant.store.migrate import alembic_config, upgrade

    context = Context(Settings(data_dir=tmp_path / "data"), embedder=embedder)
    ingest_path(context, tiny_account)
    before = _keyword_rows(context)
    with context.db.engine.begin() as connection:  # back to the previous release's schema, data kept
        config = alembic_config(context.db.engine)
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    upgrade(context.db.engine)  # as opening the store with this release does

    forget(context, "tiny-co", "meetings")

    with context.db.session() as session:
        left = sorted(session.scalars(text("SELECT id FROM chunks")))
    assert 0 < len(left) < len(before) and _keyword_rows(context) == left
    context.close()


def _keyword_entries(context) -> dict[str, str]:
    """What each chunk is keyword-indexed by: the FTS5 body on SQLite, the stored tsvector on PostgreSQL."""
    if context.db.dialect != "sqlite":
        with context.db.session() as session:
            return dict(session.execute(text("SELECT id, tsv::text FROM chunks")).all())
    with context.db.session() as session:
        return {row.chunk_id: " | ".join(map(str, row)) for row in session.execute(text("SELECT * FROM chunks_fts"))}


def test_a_store_made_before_keyword_terms_is_reindexed_as_ingest_would_and_repair_keeps_them(
    context, tiny_account
):
    from alembic import command

    from assistant.store.filters import ChunkFilter
    from assistant.store.keyword import keyword_search
    from assistant.store.migrate import alembic_config, upgrade

    ingest_path(context, tiny_account)
    fresh = _keyword_entries(context)
    assert any("d20250919" in entry for entry in fresh.values())  # "by Sept 19" in the kickoff notes
    with context.db.engine.begin() as connection:  # back to the previous release's schema, data kept
        config = alembic_config(context.db.engine)
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
    assert not any("d20250919" in entry for entry in _keyword_entries(context).values())

    upgrade(context.db.engine)  # as opening the store with this release does

    assert _keyword_entries(context) == fresh
    with context.db.session() as session:
        granted = context.account_access("tiny-co", session)
        [best, *_] = keyword_search(session, granted, "template 9/19/2025", 5, ChunkFilter())
        assert session.scalar(text("SELECT source_path FROM chunks WHERE id = :id"), {"id": best}).startswith(
            "meetings/")
    if context.db.dialect == "sqlite":  # the doctor re-adds a lost entry as the trigger wrote it
        with context.db.session() as session:
            session.execute(text("DELETE FROM chunks_fts WHERE chunk_id = :id"), {"id": best})
        repair_store(context)
        assert _keyword_entries(context) == fresh
