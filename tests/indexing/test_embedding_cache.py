"""The cached embedder gives the same vectors as the model it wraps and asks the model once per distinct text."""

import numpy as np

from assistant.indexing.embedding_cache import CachedEmbedder, knowing, vector_key


class CountingEmbedder:
    model_id = "counting"
    dimensions = 3

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts):
        self.calls.append(list(texts))
        vectors = np.array([[len(t), t.count("a"), 1.0] for t in texts], dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_vectors_are_the_wrapped_models():
    inner = CountingEmbedder()
    texts = ["alpha", "beta", "a gamma ray"]
    assert np.array_equal(CachedEmbedder(inner, 100).embed(texts), CountingEmbedder().embed(texts))


def test_a_text_seen_before_is_not_embedded_again():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, 100)
    first = cached.embed(["renewal is in March", "Dana is the sponsor"])
    second = cached.embed(["Dana is the sponsor", "a new question", "renewal is in March"])
    assert inner.calls == [["renewal is in March", "Dana is the sponsor"], ["a new question"]]
    assert np.array_equal(second[0], first[1]) and np.array_equal(second[2], first[0])
    assert (cached.hits, cached.misses) == (2, 3)


def test_a_text_repeated_within_one_call_is_embedded_once():
    inner = CountingEmbedder()
    vectors = CachedEmbedder(inner, 100).embed(["same", "other", "same"])
    assert inner.calls == [["same", "other"]]
    assert np.array_equal(vectors[0], vectors[2])


def test_the_least_recently_used_text_leaves_first_when_full():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, 2)
    cached.embed(["one", "two"])
    cached.embed(["one"])  # "two" is now the least recently used
    cached.embed(["three"])
    assert len(cached) == 2
    cached.embed(["one", "two"])
    assert inner.calls[-1] == ["two"]


def test_a_zero_size_cache_remembers_nothing():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, 0)
    cached.embed(["one"])
    cached.embed(["one"])
    assert len(inner.calls) == 2 and len(cached) == 0


def test_vectors_known_for_a_block_are_used_there_without_the_model():
    inner = CountingEmbedder()
    cached = CachedEmbedder(inner, 0)
    known = {vector_key("counting", "stored at ingest"): np.array([0.0, 0.0, 1.0], dtype=np.float32)}

    with knowing(known):
        vectors = cached.embed(["the question", "stored at ingest"])
    cached.embed(["stored at ingest"])

    assert inner.calls == [["the question"], ["stored at ingest"]]
    assert np.array_equal(vectors[1], [0.0, 0.0, 1.0])


def test_a_known_vector_is_keyed_by_model_as_well_as_text():
    inner = CountingEmbedder()
    with knowing({vector_key("another-model", "same words"): np.ones(3, dtype=np.float32)}):
        CachedEmbedder(inner, 0).embed(["same words"])
    assert inner.calls == [["same words"]]
