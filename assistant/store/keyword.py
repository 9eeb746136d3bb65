"""The keyword (BM25-style) index beside the vector index: SQLite FTS5 by default, PostgreSQL full-text at scale.

Both live in the SQL database next to the chunk rows, so a chunk and its keyword entry are written in one transaction.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from assistant.store.filters import ChunkFilter

# Words too common to help ranking; dropping them keeps OR-queries fast on big accounts.
_STOPWORDS = frozenset(
    "a an and are as at be but by did do does for from had has have how i if in into is it its me my of on or our "
    "so than that the their them then there these they this to was we were what when where which who whom why will "
    "with would you your about any can could should tell us"
    # question scaffolding: how people ask, not what they ask about
    " discuss discussed discussing discussion discussions summarize summarise summary talk talked think thought"
    " opinion mean meant say said saying".split()
)
_WORD = re.compile(r"[\w][\w'.-]*[\w]|[\w]", re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The distinct non-trivial words of a query, lower-cased, in order."""
    seen: dict[str, None] = {}
    for match in _WORD.finditer(query.lower()):
        word = match.group(0).strip("'.-")
        if word and word not in _STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def keyword_search(session: Session, account_id: str, query: str, limit: int, where: ChunkFilter) -> list[str]:
    """Chunk ids of one account ranked by keyword relevance, best first."""
    terms = query_terms(query)
    if not terms:
        return []
    if session.get_bind().dialect.name == "sqlite":
        return _sqlite_search(session, account_id, terms, limit, where)
    return _postgres_search(session, account_id, terms, limit, where)


def account_key(account_id: str) -> str:
    """One FTS token that stands for the account (account ids themselves split into several tokens)."""
    return "acct" + hashlib.sha1(account_id.encode()).hexdigest()[:16]


def _sqlite_search(session: Session, account_id: str, terms: list[str], limit: int, where: ChunkFilter) -> list[str]:
    words = " OR ".join('"' + t.replace('"', '""') + '"' for t in terms)
    match = f"account_key : {account_key(account_id)} AND ({words})"
    sql, params = where.sql("c")
    if not sql:
        rows = session.execute(
            text("SELECT chunk_id FROM chunks_fts WHERE chunks_fts MATCH :match ORDER BY bm25(chunks_fts, 1.0, 0.0, 0.0) "
                 "LIMIT :limit"),
            {"match": match, "limit": limit},
        )
        return [row[0] for row in rows]
    rows = session.execute(
        text(
            "SELECT f.chunk_id FROM chunks_fts f JOIN chunks c ON c.id = f.chunk_id "
            f"WHERE chunks_fts MATCH :match {sql} ORDER BY bm25(chunks_fts, 1.0, 0.0, 0.0) LIMIT :limit"
        ),
        {"match": match, "limit": limit, **params},
    )
    return [row[0] for row in rows]


def _postgres_search(session: Session, account_id: str, terms: list[str], limit: int, where: ChunkFilter) -> list[str]:
    sql, params = where.sql("c")
    words = [re.sub(r"[^\w]", " ", t).split() for t in terms]
    tsquery = " | ".join(" <-> ".join(parts) for parts in words if parts)
    if not tsquery:
        return []
    rows = session.execute(
        text(
            "SELECT c.id FROM chunks c, to_tsquery('english', :tsquery) q "
            "WHERE to_tsvector('english', c.header || ' ' || c.text) @@ q AND c.account_id = :account_id "
            f"{sql} ORDER BY ts_rank(to_tsvector('english', c.header || ' ' || c.text), q) DESC LIMIT :limit"
        ),
        {"tsquery": tsquery, "account_id": account_id, "limit": limit, **params},
    )
    return [row[0] for row in rows]
