"""The dense index: one Chroma collection per account, so the account boundary is a storage boundary.

Embedded ``PersistentClient`` in the data dir by default; ``HttpClient`` to a Chroma server when ``chroma_url`` is
set. Vectors are computed by handoff's own embedder and passed in; the collection records which model made them.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlparse

import numpy as np

from assistant.platform.config import Settings
from assistant.platform.errors import ConfigError
from assistant.store.filters import ChunkFilter, day_number
from ingest.chunking import Chunk


def collection_name(account_id: str) -> str:
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", account_id).strip("-._")[:40] or "account"
    digest = hashlib.sha1(account_id.encode()).hexdigest()[:8]
    return f"handoff-{slug}-{digest}"


def make_chroma_client(settings: Settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        return chromadb.HttpClient(
            host=url.hostname or "127.0.0.1",
            port=url.port or (443 if url.scheme == "https" else 8000),
            ssl=url.scheme == "https",
            settings=chroma_settings,
        )
    settings.chroma_path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_path), settings=chroma_settings)


class VectorIndex:
    def __init__(self, client, model_id: str) -> None:
        self._client = client
        self._model_id = model_id
        self._max_batch = client.get_max_batch_size()
        self._handles: dict[str, object] = {}  # collection name -> handle, for queries

    def _collection(self, account_id: str, create: bool):
        name = collection_name(account_id)
        if create:
            collection = self._client.get_or_create_collection(
                name,
                metadata={"account_id": account_id, "embedding_model": self._model_id},
                configuration={"hnsw": {"space": "cosine"}},
                embedding_function=None,
            )
        else:
            try:
                collection = self._client.get_collection(name, embedding_function=None)
            except Exception:  # chroma raises NotFoundError (or ValueError in older clients)
                return None
        stored_model = (collection.metadata or {}).get("embedding_model")
        if stored_model != self._model_id:
            raise ConfigError(
                f"the index of account {account_id!r} was built with embedding model {stored_model!r}, but "
                f"{self._model_id!r} is configured; run `handoff forget {account_id}` and ingest it again",
                fix=f"re-index account {account_id!r} (`handoff forget {account_id}`, then ingest it again)",
            )
        return collection

    def upsert(self, account_id: str, chunks: list[Chunk], vectors: np.ndarray) -> None:
        if not chunks:
            return
        collection = self._collection(account_id, create=True)
        for start in range(0, len(chunks), self._max_batch):
            batch = chunks[start : start + self._max_batch]
            collection.upsert(
                ids=[c.chunk_id for c in batch],
                embeddings=vectors[start : start + len(batch)],
                metadatas=[_metadata(c) for c in batch],
                documents=[c.content for c in batch],
            )

    def delete(self, account_id: str, chunk_ids: list[str]) -> None:
        collection = self._collection(account_id, create=False)
        if collection is None or not chunk_ids:
            return
        for start in range(0, len(chunk_ids), self._max_batch):
            collection.delete(ids=chunk_ids[start : start + self._max_batch])

    def delete_account(self, account_id: str) -> None:
        self._handles.pop(collection_name(account_id), None)
        if self._collection(account_id, create=False) is not None:
            self._client.delete_collection(collection_name(account_id))

    def query(self, account_id: str, vector: np.ndarray, limit: int, where: ChunkFilter) -> list[str]:
        """Looking a collection up costs as much as a small query, so the handle is kept; when it has gone stale
        (another process forgot the account and ingested it again), it is looked up afresh once."""
        name = collection_name(account_id)
        cached = self._handles.get(name)
        collection = cached or self._collection(account_id, create=False)
        if collection is None:
            return []
        try:
            result = collection.query(
                query_embeddings=vector.reshape(1, -1), n_results=limit, where=where.chroma_where(), include=[]
            )
        except Exception:
            self._handles.pop(name, None)
            if cached is None:
                raise
            return self.query(account_id, vector, limit, where)
        self._handles[name] = collection
        return list(result["ids"][0])

    def source_chunk_ids(self, account_id: str, source_ids: list[str]) -> set[str]:
        """Ids of the vectors stored for these sources, whatever the SQL registry says."""
        collection = self._collection(account_id, create=False)
        if collection is None or not source_ids:
            return set()
        found: set[str] = set()
        for start in range(0, len(source_ids), 500):
            where = {"source_id": {"$in": source_ids[start : start + 500]}}
            found.update(collection.get(where=where, include=[])["ids"])
        return found

    def heartbeat(self) -> None:
        self._client.heartbeat()

    def ids(self, account_id: str) -> set[str]:
        collection = self._collection(account_id, create=False)
        if collection is None:
            return set()
        return set(collection.get(include=[])["ids"])


def _metadata(chunk: Chunk) -> dict:
    metadata = {"source_id": chunk.source_id, "source_type": chunk.source_type.value, "source_path": chunk.source_path}
    if chunk.date is not None:
        metadata["day"] = day_number(chunk.date)
    return metadata
