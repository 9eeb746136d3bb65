"""What a service needs, built once from settings: the SQL database, the vector index, the embedder, and who is
asking. ``as_principal`` gives a per-request view that shares the stores but carries the caller's identity.

The embedder and the vector client load lazily, so commands that only read SQL stay fast."""

from __future__ import annotations

import copy
import threading

from assistant.access import SYSTEM, Principal
from assistant.config import Settings
from assistant.embedding_cache import CachedEmbedder
from assistant.embeddings import MINILM_MODEL_ID, Embedder, default_embedder
from assistant.store.db import Database
from assistant.store.vectors import VectorIndex, make_chroma_client


class _Shared:
    """Resources every view of one context shares, created on first use."""

    def __init__(self, settings: Settings, embedder: Embedder | None) -> None:
        self.settings = settings
        self.db = Database(settings.resolved_database_url, settings.sql_pool_size)
        self.embedder = embedder
        self.cached_embedder: CachedEmbedder | None = None
        self.vectors: VectorIndex | None = None
        self.lock = threading.RLock()


class Context:
    def __init__(self, settings: Settings, embedder: Embedder | None = None) -> None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self._shared = _Shared(settings, embedder)
        self.principal: Principal = SYSTEM
        # accounts this principal was found to see, remembered for this context's life (one request or job)
        self.visible_accounts: set[str] = set()

    @property
    def settings(self) -> Settings:
        return self._shared.settings

    @property
    def db(self) -> Database:
        return self._shared.db

    @property
    def embedder(self) -> Embedder:
        shared = self._shared
        if shared.embedder is None:
            with shared.lock:
                if shared.embedder is None:
                    s = shared.settings
                    shared.embedder = default_embedder(
                        threads=s.embed_threads, batch_size=s.embed_batch_size, max_tokens=s.embed_max_tokens
                    )
        return shared.embedder

    @property
    def cached_embedder(self) -> CachedEmbedder:
        """The embedder for questions, queries and answer sentences: it remembers texts it has seen."""
        shared = self._shared
        if shared.cached_embedder is None:
            embedder = self.embedder
            with shared.lock:
                if shared.cached_embedder is None:
                    shared.cached_embedder = CachedEmbedder(embedder, shared.settings.embed_cache_entries)
        return shared.cached_embedder

    @property
    def embedding_model_id(self) -> str:
        """The embedder's model id; the default model's is known without loading it (reading needs no model)."""
        embedder = self._shared.embedder
        return embedder.model_id if embedder is not None else MINILM_MODEL_ID

    @property
    def vectors(self) -> VectorIndex:
        shared = self._shared
        if shared.vectors is None:
            with shared.lock:
                if shared.vectors is None:
                    shared.vectors = VectorIndex(make_chroma_client(shared.settings), self.embedding_model_id)
        return shared.vectors

    def as_principal(self, principal: Principal) -> Context:
        view = copy.copy(self)
        view.principal = principal
        view.visible_accounts = set()
        return view

    def close(self) -> None:
        self.db.close()
