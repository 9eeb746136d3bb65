"""What a service needs, built once from settings: the SQL database, the vector index and the embedder.

The embedder and the vector client load lazily, so commands that only read SQL stay fast."""

from __future__ import annotations

from functools import cached_property

from assistant.config import Settings
from assistant.embeddings import Embedder, default_embedder
from assistant.store.db import Database
from assistant.store.vectors import VectorIndex, make_chroma_client


class Context:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        self.settings = settings
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.db = Database(settings.resolved_database_url)
        if embedder is not None:
            self.__dict__["embedder"] = embedder

    @cached_property
    def embedder(self) -> Embedder:
        s = self.settings
        return default_embedder(threads=s.embed_threads, batch_size=s.embed_batch_size, max_tokens=s.embed_max_tokens)

    @cached_property
    def vectors(self) -> VectorIndex:
        return VectorIndex(make_chroma_client(self.settings), self.embedder.model_id)

    def close(self) -> None:
        self.db.close()
