"""An embedder that remembers the vectors of texts it has embedded, for the engines and query embedding.

An offline answer embeds the question and every candidate sentence of the retrieved passages; most of those
sentences come back in the account's next questions, so remembering them turns a ~0.3 s answer into tens of
milliseconds. The memory is per process, bounded (least recently used out first) and keyed by a digest of the text,
so no text is kept; a forgotten account's vectors age out with use. Ingest does not use it: it embeds each chunk once.

Vectors already known for a request (the answer sentences stored at ingest, ``assistant.indexing.sentence_vectors``) are
handed in with ``knowing``: while that block runs, in that thread, they are used before the cache and the model.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Sequence

import numpy as np

from assistant.platform import metrics
from assistant.indexing.embeddings import Embedder

_KNOWN: ContextVar[Mapping[bytes, np.ndarray]] = ContextVar("known_vectors", default={})


def vector_key(model_id: str, text: str) -> bytes:
    """What a text's vector is stored and cached under: a digest of the model and the text (no text is kept)."""
    return hashlib.blake2b(f"{model_id}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).digest()


@contextmanager
def knowing(vectors: Mapping[bytes, np.ndarray]) -> Iterator[None]:
    """Within the block (in this thread), texts whose ``vector_key`` is in ``vectors`` are not embedded."""
    token = _KNOWN.set(vectors)
    try:
        yield
    finally:
        _KNOWN.reset(token)


class CachedEmbedder:
    """Wraps an embedder; same protocol, same vectors, computed once per distinct text while they stay cached."""

    def __init__(self, inner: Embedder, max_entries: int) -> None:
        self.model_id = inner.model_id
        self.dimensions = inner.dimensions
        self._inner = inner
        self._max_entries = max_entries
        self._vectors: OrderedDict[bytes, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        keys = [vector_key(self.model_id, text) for text in texts]
        result = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        missing: dict[bytes, list[int]] = {}  # a text asked twice in one call is embedded once
        known = _KNOWN.get()
        with self._lock:
            for row, key in enumerate(keys):
                vector = known.get(key)
                if vector is None and (vector := self._vectors.get(key)) is not None:
                    self._vectors.move_to_end(key)
                if vector is None:
                    missing.setdefault(key, []).append(row)
                else:
                    result[row] = vector
            hits = len(texts) - sum(len(rows) for rows in missing.values())
            self.hits += hits
            self.misses += len(missing)
        metrics.EMBEDDING_CACHE.labels("hit").inc(hits)
        metrics.EMBEDDING_CACHE.labels("miss").inc(len(missing))
        if not missing:
            return result
        computed = self._inner.embed([texts[rows[0]] for rows in missing.values()])  # outside the lock: slow
        with self._lock:
            for (key, rows), vector in zip(missing.items(), computed):
                result[rows] = vector
                if self._max_entries > 0:
                    self._vectors[key] = vector.copy()
                    self._vectors.move_to_end(key)
            while len(self._vectors) > self._max_entries:
                self._vectors.popitem(last=False)
        return result

    def __len__(self) -> int:
        return len(self._vectors)
