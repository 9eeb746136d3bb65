"""Hybrid retrieval within one account: dense (Chroma) and keyword (FTS) rankings fused by reciprocal rank."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import Row, select

from assistant.platform.context import Context
from assistant.store.filters import ChunkFilter, passing
from assistant.store.keyword import keyword_search
from assistant.store.tables import ChunkRow
from ingest.document import SourceType

SearchMode = Literal["hybrid", "dense", "keyword"]
# The dense half of a hybrid search runs here while the keyword half runs in the caller's thread: the model,
# Chroma and SQLite all release the GIL while they work.
_DENSE_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="dense-search")


class SearchHit(BaseModel):
    chunk_id: str
    source_id: str
    source_type: SourceType
    source_path: str
    title: str
    date: datetime | None
    author: str | None
    locator: str | None
    header: str
    text: str
    score: float
    dense_rank: int | None = None  # 1-based rank in each method's list, None when that method missed it
    keyword_rank: int | None = None


def search(
    context: Context,
    account_id: str,
    query: str,
    k: int = 8,
    where: ChunkFilter | None = None,
    mode: SearchMode = "hybrid",
    neighbor_weight: float | None = None,
) -> list[SearchHit]:
    """The ``k`` best chunks of one account for ``query``. ``neighbor_weight`` overrides the setting: 0 ranks each
    chunk on its own (wanted when a caller needs diverse evidence rather than whole stretches of one meeting)."""
    where = where or ChunkFilter()
    candidates = max(k, context.settings.retrieval_candidates)
    weight = context.settings.neighbor_weight if neighbor_weight is None else neighbor_weight
    account = context.account_access(account_id)  # the caller may see this account, or NotFound
    with context.db.session() as session:
        dense = None
        if mode != "keyword":  # started first, it runs while the keyword query does
            dense = _DENSE_POOL.submit(_dense, context, account_id, query, candidates, where, k)
        keyword_ids = keyword_search(session, account, query, candidates, where) if mode != "dense" else []
    dense_ids = dense.result() if dense is not None else []
    fused = fuse_rankings([dense_ids, keyword_ids], context.settings.rrf_k)
    segments = _segments(context, account_id, [chunk_id for chunk_id, _ in fused])
    fused = [(chunk_id, score) for chunk_id, score in fused if chunk_id in segments]
    if weight > 0 and fused:
        fused = smooth_by_neighbors(fused, segments, weight, context.settings.neighbor_radius)
    rows = _rows(context, account_id, [chunk_id for chunk_id, _ in fused[:k]])  # whole rows only for the hits
    dense_rank = {cid: i for i, cid in enumerate(dense_ids, start=1)}
    keyword_rank = {cid: i for i, cid in enumerate(keyword_ids, start=1)}
    hits = [
        hit_from_row(rows[chunk_id], score, dense_rank.get(chunk_id), keyword_rank.get(chunk_id))
        for chunk_id, score in fused
        if chunk_id in rows
    ]
    return hits[:k]


def _dense(context: Context, account_id: str, query: str, candidates: int, where: ChunkFilter, k: int) -> list[str]:
    """Dense candidates. Chroma filters metadata before the vector search, which is slow on a big account, so a
    filtered query first over-fetches unfiltered and filters in SQL, and asks Chroma to filter only if too few
    candidates survive."""
    vector = context.cached_embedder.embed([query])[0]
    if where.chroma_where() is None:
        return context.vectors.query(account_id, vector, candidates, where)
    wide = context.vectors.query(account_id, vector, candidates * 4, ChunkFilter())
    kept = _matching(context, account_id, wide, where)
    if len(kept) >= k:
        return kept[:candidates]
    return context.vectors.query(account_id, vector, candidates, where)


def _matching(context: Context, account_id: str, chunk_ids: list[str], where: ChunkFilter) -> list[str]:
    with context.db.session() as session:
        return passing(session, account_id, chunk_ids, where)


def fuse_rankings(rankings: list[list[str]], rrf_k: int = 60) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: each list adds 1 / (rrf_k + rank) to an id's score. Best first, ties by id."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (rrf_k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


def smooth_by_neighbors(
    fused: list[tuple[str, float]], segments: dict[str, int], weight: float, radius: int
) -> list[tuple[str, float]]:
    """Add to each chunk's score ``weight / distance`` times the scores of the candidates next to it in the same
    continuous flow (``segments``: chunk id -> segment of its source). A passage of a conversation whose neighbours
    also match sits inside a discussion of the topic, not on a passing mention, so stretches of relevant
    conversation rise together. Separate sections of a note do not lift each other."""
    if weight <= 0 or radius <= 0:
        return fused
    scores = dict(fused)
    smoothed = {}
    for chunk_id, score in fused:
        source, position = _split_chunk_id(chunk_id)
        for distance in range(1, radius + 1):
            for neighbor in (f"{source}:{position - distance}", f"{source}:{position + distance}"):
                if neighbor in scores and segments.get(neighbor) == segments.get(chunk_id):
                    score += weight * scores[neighbor] / distance
        smoothed[chunk_id] = score
    return sorted(smoothed.items(), key=lambda pair: (-pair[1], pair[0]))


def _split_chunk_id(chunk_id: str) -> tuple[str, int]:
    source, position = chunk_id.rsplit(":", 1)
    return source, int(position)


def _segments(context: Context, account_id: str, chunk_ids: list[str]) -> dict[str, int]:
    """The segment of each candidate chunk of the account (what smoothing needs), by primary key as ``_rows``."""
    if not chunk_ids:
        return {}
    query = select(ChunkRow.id, ChunkRow.account_id, ChunkRow.segment).where(ChunkRow.id.in_(chunk_ids))
    with context.db.session() as session:
        return {chunk_id: segment for chunk_id, owner, segment in session.execute(query) if owner == account_id}


def _rows(context: Context, account_id: str, chunk_ids: list[str]) -> dict[str, Row]:
    """Chunk rows by id (plain rows with the columns' names, not ORM objects: only read), looked up by primary key
    and then scoped to the account (an id from the vector index never reaches another account's rows). Filtering by
    account in SQL would make SQLite scan the account's index."""
    if not chunk_ids:
        return {}
    with context.db.session() as session:
        rows = session.execute(select(*ChunkRow.__table__.columns).where(ChunkRow.id.in_(chunk_ids)))
        return {row.id: row for row in rows if row.account_id == account_id}


def hit_from_row(row: ChunkRow | Row, score: float, dense_rank: int | None = None, keyword_rank: int | None = None) -> SearchHit:
    return SearchHit(
        chunk_id=row.id,
        source_id=row.source_id,
        source_type=SourceType(row.source_type),
        source_path=row.source_path,
        title=row.title,
        date=row.date,
        author=row.author,
        locator=row.locator,
        header=row.header,
        text=row.text,
        score=score,
        dense_rank=dense_rank,
        keyword_rank=keyword_rank,
    )
