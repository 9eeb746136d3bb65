"""Answer sentences embedded once, at ingest. The offline answerer embeds the question and every candidate sentence of
its evidence; a sentence of a chunk never asked about before cost most of a question's first asking. Ingest now
embeds each chunk's sentences exactly as the answerer will split them (``chunk_sentences``) and stores their vectors
with the chunk's rows, in the same transaction; answering looks them up in one query (``known_for``) and embeds only
what is not stored: the question, and sentences of chunks stored before this existed (``fill_missing`` computes
those, for ``handoff doctor --repair``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import select

from assistant.platform.context import Context
from assistant.indexing.embedding_cache import knowing, vector_key
from assistant.engines.base import Evidence
from assistant.engines.extractive.answer_text import passage_texts
from assistant.grounding.safety import redact_instructions
from assistant.store import sentence_vectors as store
from assistant.store.tables import ChunkRow

_REPAIR_BATCH = 256  # chunks whose sentences are embedded and written together by a repair


def chunk_sentences(text: str) -> list[str]:
    """The sentences the offline answerer embeds for a chunk with this text: evidence text is the chunk's text with
    instructions to AI tools redacted (``assistant.grounding.evidence``)."""
    return passage_texts(redact_instructions(text))


@dataclass
class ChunkSentences:
    """The distinct sentences of some chunks (``texts``, to embed once each) and which chunk holds which."""

    texts: list[str] = field(default_factory=list)
    held: list[tuple[str, str, list[int]]] = field(default_factory=list)  # (chunk id, account id, indexes in texts)

    @classmethod
    def of(cls, chunks: Sequence[tuple[str, str, str]]) -> ChunkSentences:
        """``chunks``: (chunk id, account id, text) each."""
        found = cls()
        index: dict[str, int] = {}
        for chunk_id, account_id, text in chunks:
            held = [index.setdefault(sentence, len(index)) for sentence in chunk_sentences(text)]
            found.held.append((chunk_id, account_id, held))
        found.texts = list(index)
        return found

    def rows(self, model_id: str, vectors: np.ndarray) -> list[dict]:
        """Rows for ``assistant.store.sentence_vectors``, ``vectors`` being those of ``texts`` in order."""
        keys = [vector_key(model_id, text) for text in self.texts]
        return [{"chunk_id": chunk_id, "account_id": account_id, "key": keys[i], "vector": vectors[i]}
                for chunk_id, account_id, held in self.held for i in held]


@contextmanager
def known_for(context: Context, account_id: str, evidence: Evidence) -> Iterator[None]:
    """While answering from ``evidence``: the stored vectors of its chunks' sentences are known to the cached
    embedder (``assistant.indexing.embedding_cache.knowing``), so they are not embedded again."""
    with context.db.session() as session:
        vectors = store.vectors_of_chunks(session, account_id, sorted({item.chunk_id for item in evidence.items}))
    with knowing(vectors):
        yield


def chunks_missing(context: Context, account_id: str) -> list[str]:
    """Chunks of the account's ready sources whose sentence vectors are not stored for the current model."""
    with context.db.session() as session:
        return store.chunks_without(session, account_id, context.embedding_model_id)


def fill_missing(context: Context, account_id: str) -> int:
    """Embed and store the sentences of the account's chunks that have none stored; returns how many chunks. A chunk
    rewritten by an ingest meanwhile is left as that ingest wrote it."""
    embedder = context.embedder
    chunk_ids = chunks_missing(context, account_id)
    for first in range(0, len(chunk_ids), _REPAIR_BATCH):
        texts = _texts(context, chunk_ids[first: first + _REPAIR_BATCH])
        sentences = ChunkSentences.of([(chunk_id, account_id, text) for chunk_id, text in texts.items()])
        rows = sentences.rows(embedder.model_id, embedder.embed(sentences.texts))
        with context.db.session() as session:
            same = [chunk_id for chunk_id, text in _texts(context, list(texts), session).items()
                    if text == texts[chunk_id]]
            store.replace(session, same, [row for row in rows if row["chunk_id"] in set(same)], embedder.model_id)
    return len(chunk_ids)


def _texts(context: Context, chunk_ids: list[str], session=None) -> dict[str, str]:
    query = select(ChunkRow.id, ChunkRow.text).where(ChunkRow.id.in_(chunk_ids))
    if session is not None:
        return dict(session.execute(query).all())
    with context.db.session() as session:
        return dict(session.execute(query).all())
