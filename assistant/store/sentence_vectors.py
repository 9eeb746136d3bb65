"""Reads and writes of the stored answer-sentence vectors (``SentenceVectorRow``), always within one account."""

from __future__ import annotations

import numpy as np
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from assistant.store.tables import ChunkRow, SentenceVectorRow, SourceRow


def write(session: Session, rows: list[dict]) -> None:
    """Insert rows of ``chunk_id``, ``key``, ``account_id`` and ``vector`` (a float32 array)."""
    if rows:
        session.execute(insert(SentenceVectorRow),
                        [{**row, "vector": np.asarray(row["vector"], dtype="<f4").tobytes()} for row in rows])


def replace(session: Session, chunk_ids: list[str], rows: list[dict], model_id: str) -> None:
    """The chunks' sentence vectors are ``rows`` (any earlier ones dropped), stored for ``model_id``."""
    if not chunk_ids:
        return
    session.execute(delete(SentenceVectorRow).where(SentenceVectorRow.chunk_id.in_(chunk_ids)))
    write(session, rows)
    session.execute(update(ChunkRow).where(ChunkRow.id.in_(chunk_ids)).values(sentence_model=model_id))


def vectors_of_chunks(session: Session, account_id: str, chunk_ids: list[str]) -> dict[bytes, np.ndarray]:
    """The stored sentence vectors of these chunks of the account, by key (one query)."""
    if not chunk_ids:
        return {}
    query = select(SentenceVectorRow.key, SentenceVectorRow.vector).where(
        SentenceVectorRow.chunk_id.in_(chunk_ids), SentenceVectorRow.account_id == account_id)
    return {key: np.frombuffer(vector, dtype="<f4") for key, vector in session.execute(query)}


def chunks_without(session: Session, account_id: str, model_id: str) -> list[str]:
    """Chunks of the account's ready sources whose sentence vectors are not stored for ``model_id``."""
    query = (select(ChunkRow.id).join(SourceRow, SourceRow.id == ChunkRow.source_id)
             .where(ChunkRow.account_id == account_id, SourceRow.status == "ready", ChunkRow.sentence_model != model_id))
    return list(session.scalars(query))
