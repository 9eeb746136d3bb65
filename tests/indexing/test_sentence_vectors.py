"""Answer sentences are embedded at ingest and stored with their chunk: a question's first asking embeds only the
question, the vectors go wherever their chunk goes, and a store made before them is reported and repaired."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from sqlalchemy import func, select, text

from assistant.account.catalog import forget
from assistant.chat.service import answer_evidence, ask
from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.indexing.embedding_cache import vector_key
from assistant.engines.extractive.answer_text import passages_from
from assistant.account.ingest import ingest_path
from assistant.notes.service import generate_note
from assistant.indexing.sentence_vectors import chunk_sentences
from assistant.indexing.doctor import check_store, repair_store
from assistant.store.tables import ChunkRow, SentenceVectorRow

QUESTION = "Why did the Monday refresh fail?"


class Recording:
    """The real model, recording every text it is asked to embed."""

    def __init__(self, inner) -> None:
        self.model_id, self.dimensions = inner.model_id, inner.dimensions
        self._inner = inner
        self.texts: list[str] = []

    def embed(self, texts):
        self.texts += list(texts)
        return self._inner.embed(texts)


@pytest.fixture
def recorded(tmp_path, embedder):
    """A context whose model records what it embeds, with the per-process cache off (nothing remembered)."""
    model = Recording(embedder)
    context = Context(Settings(data_dir=tmp_path / "data", embed_cache_entries=0), embedder=model)
    yield context, model
    context.close()


def _stored(context, account_id: str | None = None) -> set[tuple[str, bytes]]:
    query = select(SentenceVectorRow.chunk_id, SentenceVectorRow.key)
    if account_id is not None:
        query = query.where(SentenceVectorRow.account_id == account_id)
    with context.db.session() as session:
        return set(session.execute(query).all())


def _expected(context) -> set[tuple[str, bytes]]:
    """What ingest should store: each chunk's answer sentences under the model's key."""
    with context.db.session() as session:
        chunks = session.execute(select(ChunkRow.id, ChunkRow.text)).all()
    model = context.embedding_model_id
    return {(chunk_id, vector_key(model, s)) for chunk_id, body in chunks for s in chunk_sentences(body)}


def test_after_ingest_answering_a_question_embeds_only_the_question(recorded, tiny_account):
    context, model = recorded
    ingest_path(context, tiny_account)
    model.texts.clear()

    answer = ask(context, "tiny-co", QUESTION)

    assert answer.answerable
    assert set(model.texts) == {QUESTION}


def test_after_ingest_drafting_a_note_embeds_none_of_the_stored_sentences_again(recorded, tiny_account):
    context, model = recorded
    ingest_path(context, tiny_account)
    stored = {key for _, key in _stored(context)}
    model.texts.clear()

    generate_note(context, "tiny-co", date(2026, 3, 1))

    assert model.texts  # section topics and the like are still embedded
    assert not {vector_key(context.embedding_model_id, t) for t in model.texts} & stored


def test_every_passage_the_answerer_reads_was_embedded_at_ingest(context, tiny_account):
    ingest_path(context, tiny_account)
    evidence = answer_evidence(context, "tiny-co", "What did the kickoff agree about onboarding and renewal?")
    stored = {key for _, key in _stored(context)}

    passages = passages_from(evidence.items)

    assert len(passages) > 5
    assert {vector_key(context.embedding_model_id, p.text) for p in passages} <= stored


def test_ingest_stores_each_chunks_sentences_and_a_changed_file_replaces_them(context, tiny_account):
    ingest_path(context, tiny_account)
    assert _stored(context) == _expected(context) != set()
    kickoff = tiny_account / "meetings" / "2025-09-10-kickoff.md"
    kickoff.write_text(kickoff.read_text() + "\nThe customer asked for a weekly status call on Thursdays.\n")

    ingest_path(context, tiny_account)

    assert _stored(context) == _expected(context)
    assert any(key == vector_key(context.embedding_model_id, "The customer asked for a weekly status call on "
                                 "Thursdays.") for _, key in _stored(context))


def test_deleting_an_account_deletes_its_sentence_vectors_and_no_other_accounts(context, tiny_account, tmp_path):
    twin = tmp_path / "accounts" / "twin-co"
    shutil.copytree(tiny_account, twin)  # the same sentences, in another account
    ingest_path(context, tiny_account)
    ingest_path(context, twin)
    twins = _stored(context, "twin-co")

    forget(context, "tiny-co")

    assert _stored(context, "tiny-co") == set()
    assert _stored(context, "twin-co") == twins != set()


def test_forgetting_a_folder_deletes_the_sentence_vectors_of_its_chunks(context, tiny_account):
    ingest_path(context, tiny_account)
    with context.db.session() as session:
        meetings = set(session.scalars(select(ChunkRow.id).where(ChunkRow.source_path.startswith("meetings/"))))
    assert meetings & {chunk_id for chunk_id, _ in _stored(context)}

    forget(context, "tiny-co", "meetings")

    left = {chunk_id for chunk_id, _ in _stored(context)}
    assert left and not left & meetings


def test_a_store_made_before_sentence_vectors_is_reported_answers_alike_and_is_repaired(recorded, tiny_account):
    from alembic import command

    from assistant.store.migrate import alembic_config, upgrade

    context, model = recorded
    ingest_path(context, tiny_account)
    fresh = _stored(context)
    before = ask(context, "tiny-co", QUESTION).answer
    with context.db.engine.begin() as connection:  # back to the previous release's schema, data kept
        config = alembic_config(context.db.engine)
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    upgrade(context.db.engine)  # as opening the store with this release does
    with context.db.session() as session:
        chunks = session.scalar(select(func.count()).select_from(ChunkRow))

    problems = {p.kind: p.count for a in check_store(context).accounts for p in a.problems}
    assert problems == {"missing-sentence-vectors": chunks}
    model.texts.clear()
    assert ask(context, "tiny-co", QUESTION).answer == before
    assert len(set(model.texts)) > 1  # the sentences were embedded at question time

    assert repair_store(context).ok
    assert _stored(context) == fresh
    model.texts.clear()
    ask(context, "tiny-co", QUESTION)
    assert set(model.texts) == {QUESTION}


def test_sentence_vectors_are_looked_up_within_the_asking_account_only(recorded, tiny_account):
    context, model = recorded
    ingest_path(context, tiny_account)
    with context.db.session() as session:  # rows claiming another account are not used for this one
        session.execute(text("UPDATE sentence_vectors SET account_id = 'elsewhere'"))
    model.texts.clear()

    ask(context, "tiny-co", QUESTION)

    assert len(set(model.texts)) > 1
