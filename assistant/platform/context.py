"""What a service needs, built once from settings: the SQL database, the vector index, the embedder, and who is
asking. ``as_principal`` gives a per-request view that shares the stores but carries the caller's identity.

The embedder and the vector client load lazily, so commands that only read SQL stay fast."""

from __future__ import annotations

import copy
import threading

from sqlalchemy.orm import Session

from assistant.access.rules import SYSTEM, AccountAccess, Principal, check_account
from assistant.platform.config import Settings
from assistant.indexing.embedding_cache import CachedEmbedder
from assistant.indexing.embeddings import MINILM_MODEL_ID, Embedder, default_embedder
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
        # accounts granted to the principal, remembered by a view's context (one request or job); None: not at all
        self._granted: dict[str, AccountAccess] | None = None

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
        view._granted = {}
        return view

    def account_access(self, account_id: str, session: Session | None = None) -> AccountAccess:
        """The account, if the caller may see it (else NotFound, as if it did not exist), checked once per request:
        a view's context (``as_principal``: one request or job) remembers the grant, so a service that calls another
        is answered from memory. The root context (the CLI's, a server's) lives long, so it never remembers (an
        account forgotten or re-ingested meanwhile is read afresh)."""
        if self._granted is not None and account_id in self._granted:
            return self._granted[account_id]
        if session is None:
            with self.db.session() as own:
                granted = check_account(own, self.principal, account_id)
        else:
            granted = check_account(session, self.principal, account_id)
        if self._granted is not None:
            self._granted[account_id] = granted
        return granted

    def close(self) -> None:
        self.db.close()
