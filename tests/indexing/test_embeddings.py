"""The offline embedding model: installed from PyPI, deterministic, normalised, recorded with the index."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.platform.errors import ConfigError
from assistant.store.filters import ChunkFilter
from assistant.store.vectors import VectorIndex
from ingest.chunking import Chunk
from ingest.document import SourceType


def test_vectors_are_unit_length_and_384_wide(model):
    vectors = model.embed(["The renewal is on June 14.", "Seats: 25"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_similar_sentences_are_closer_than_unrelated_ones(model):
    a, b, c = model.embed(["When does the contract renew?", "The renewal date is June 14, 2026.", "Pizza recipe"])
    assert a @ b > a @ c + 0.2


def test_batching_and_order_do_not_change_a_vector(model):
    texts = ["short", "a much longer sentence about the quarterly business review and its action items", "mid size"]
    together = model.embed(texts)
    alone = np.vstack([model.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-4)


def test_an_index_built_with_another_model_is_refused_with_a_reindex_hint(context):
    chunk = Chunk(chunk_id="s:0", source_id="s", account_id="acme", position=0, source_type=SourceType.EMAIL,
                  source_path="emails/a.eml", title="t", header="t", text="hello")
    context.vectors.upsert("acme", [chunk], context.embedder.embed([chunk.content]))

    other_model = VectorIndex(context.vectors._client, "some-other-model")
    with pytest.raises(ConfigError, match="handoff forget acme"):
        other_model.query("acme", np.zeros(384, dtype=np.float32), 3, where=ChunkFilter())


def test_a_query_still_finds_an_account_another_process_forgot_and_indexed_again(context):
    def chunk(text: str) -> Chunk:
        return Chunk(chunk_id=f"{text}:0", source_id=text, account_id="acme", position=0,
                     source_type=SourceType.EMAIL, source_path=f"emails/{text}.eml", title="t", header="t", text=text)

    first = chunk("hello")
    context.vectors.upsert("acme", [first], context.embedder.embed([first.content]))
    vector = context.embedder.embed([first.content])[0]
    assert context.vectors.query("acme", vector, 3, where=ChunkFilter()) == ["hello:0"]  # its handle is kept
    other_process = VectorIndex(context.vectors._client, context.embedding_model_id)
    other_process.delete_account("acme")
    second = chunk("again")
    other_process.upsert("acme", [second], context.embedder.embed([second.content]))
    assert context.vectors.query("acme", vector, 3, where=ChunkFilter()) == ["again:0"]
