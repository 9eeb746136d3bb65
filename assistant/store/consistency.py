"""Do the stores agree? The SQL registry (sources, the files they came from, chunk rows), the keyword index and the
vector index must describe the same chunks. ``check_accounts`` lists every disagreement per account;
``remove_orphans`` removes what no source owns (vectors or keyword entries left by a crash between two stores'
writes). Sources an interrupted ingest left "pending" are repaired by the next ingest of their files, which rewrites
them. ``assistant.indexing.doctor`` runs these for a command."""

from __future__ import annotations

from collections import Counter

from pydantic import BaseModel, Field
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from assistant.store import sentence_vectors as sentence_store
from assistant.store.tables import AccountRow, ChunkRow, SourceFileRow, SourceRow
from assistant.store.vectors import VectorIndex

_SAMPLE = 5  # ids named per problem; the count says how many there are


class Inconsistency(BaseModel):
    kind: str  # pending-source | chunk-count | missing-vectors | orphan-vectors | missing-keywords |
    #            orphan-keywords | duplicate-keywords | dangling-file-source | unfiled-source |
    #            missing-sentence-vectors
    count: int
    examples: list[str]
    detail: str


class AccountCheck(BaseModel):
    account_id: str
    sources: int
    chunks: int
    vectors: int
    problems: list[Inconsistency] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class StoreCheck(BaseModel):
    accounts: list[AccountCheck] = Field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(a.ok for a in self.accounts)


def check_accounts(session: Session, vectors: VectorIndex, model_id: str,
                   account_ids: list[str] | None = None) -> StoreCheck:
    """Compare the registry with both indexes for each account (all of them by default); ``model_id`` is the
    embedder's, whose answer-sentence vectors every chunk should have."""
    ids = account_ids or list(session.scalars(select(AccountRow.id).order_by(AccountRow.id)))
    return StoreCheck(accounts=[_check_account(session, vectors, model_id, account_id) for account_id in ids])


def remove_orphans(session: Session, vectors: VectorIndex, account_id: str) -> None:
    """Delete the account's vectors and keyword entries that no chunk row owns (and duplicated keyword entries)."""
    chunk_ids = set(session.scalars(select(ChunkRow.id).where(ChunkRow.account_id == account_id)))
    if session.get_bind().dialect.name == "sqlite":
        _rebuild_keywords(session, account_id, chunk_ids)
    vectors.delete(account_id, sorted(vectors.ids(account_id) - chunk_ids))


def _check_account(session: Session, vector_index: VectorIndex, model_id: str, account_id: str) -> AccountCheck:
    problems: list[Inconsistency] = []
    sources = {row.id: row for row in session.scalars(select(SourceRow).where(SourceRow.account_id == account_id))}
    chunk_rows = session.execute(select(ChunkRow.id, ChunkRow.source_id).where(ChunkRow.account_id == account_id)).all()
    file_rows = list(session.scalars(select(SourceFileRow).where(SourceFileRow.account_id == account_id)))
    keywords = _keyword_ids(session, account_id)
    unembedded = sentence_store.chunks_without(session, account_id, model_id)
    chunk_ids = {chunk_id for chunk_id, _ in chunk_rows}
    per_source = Counter(source_id for _, source_id in chunk_rows)
    vectors = vector_index.ids(account_id)

    def add(kind: str, ids, detail: str) -> None:
        ids = sorted(ids)
        if ids:
            problems.append(Inconsistency(kind=kind, count=len(ids), examples=ids[:_SAMPLE], detail=detail))

    add("pending-source", [s for s, row in sources.items() if row.status != "ready"],
        "an ingest stopped while writing these; ingest their files again to finish them")
    add("chunk-count", [s for s, row in sources.items() if row.status == "ready" and per_source[s] != row.chunk_count],
        "the source records a different number of chunks than the registry holds")
    ready_chunks = {c for c, s in chunk_rows if sources[s].status == "ready"}
    add("missing-vectors", ready_chunks - vectors, "chunks of ready sources without a vector: dense search misses them")
    add("orphan-vectors", vectors - chunk_ids, "vectors no chunk row owns: `handoff doctor --repair` deletes them")
    if keywords is not None:
        add("missing-keywords", chunk_ids - set(keywords), "chunks without a keyword-index entry")
        add("orphan-keywords", set(keywords) - chunk_ids, "keyword entries no chunk row owns: --repair deletes them")
        add("duplicate-keywords", [c for c, n in keywords.items() if n > 1], "chunks indexed twice for keywords")
    filed = {source_id for row in file_rows for source_id in row.source_ids}
    add("dangling-file-source", {f"{row.path} -> {s}" for row in file_rows for s in row.source_ids if s not in sources},
        "a file row names a source that does not exist; ingest the file again")
    add("missing-sentence-vectors", unembedded, "chunks stored before answer sentences were embedded at ingest: "
        "answers embed their sentences each time; `handoff doctor --repair` stores them")
    if file_rows:  # accounts indexed from files; evaluation sets indexed from documents have no file rows
        add("unfiled-source", set(sources) - filed, "a source no file yields any more: ingest with --prune drops it")
    return AccountCheck(account_id=account_id, sources=len(sources), chunks=len(chunk_ids), vectors=len(vectors),
                        problems=problems)


def _keyword_ids(session, account_id: str) -> Counter | None:
    """Chunk ids in the SQLite FTS5 table, with how often each appears; None on PostgreSQL, whose full-text index is
    over a column generated from the chunk rows themselves and cannot disagree with them."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    from assistant.store.keyword import account_key

    rows = session.execute(
        text("SELECT chunk_id, count(*) FROM chunks_fts WHERE account_key = :key GROUP BY chunk_id"),
        {"key": account_key(account_id)},
    )
    return Counter({chunk_id: count for chunk_id, count in rows})


def _rebuild_keywords(session, account_id: str, chunk_ids: set[str]) -> None:
    """Drop the account's FTS entries that are orphaned or duplicated, and re-add missing ones from the chunk rows
    (the same entry the insert trigger writes, normalised dates and amounts included)."""
    from assistant.store.keyword import FTS_COLUMNS, FTS_VALUES

    counts = _keyword_ids(session, account_id) or Counter()
    bad = [c for c, n in counts.items() if c not in chunk_ids or n > 1]
    for chunk_id in bad:  # a scan per chunk, as a repair may: the row map may be what went wrong
        session.execute(text("DELETE FROM chunks_fts WHERE chunk_id = :id"), {"id": chunk_id})
        session.execute(text("DELETE FROM chunks_fts_rows WHERE chunk_id = :id"), {"id": chunk_id})
    for chunk_id in (chunk_ids - set(counts)) | (set(bad) & chunk_ids):
        session.execute(
            text(f"INSERT INTO chunks_fts({FTS_COLUMNS}) SELECT {FTS_VALUES} FROM chunks WHERE id = :id"),
            {"id": chunk_id},
        )
        session.execute(text("INSERT OR REPLACE INTO chunks_fts_rows(chunk_id, fts_rowid) "
                             "VALUES (:id, last_insert_rowid())"), {"id": chunk_id})
