"""The keyword (BM25-style) index beside the vector index: SQLite FTS5 by default, PostgreSQL full-text at scale.

Both live in the SQL database next to the chunk rows, so a chunk and its keyword entry are written in one transaction.
"""

from __future__ import annotations

import hashlib
import re

from sqlalchemy import text
from sqlalchemy.orm import Session

from assistant.access.rules import AccountAccess
from assistant.store.filters import ChunkFilter, passing
from assistant.store.keyword_terms import Term, query_value_terms

# Words too common to help ranking; dropping them keeps OR-queries fast on big accounts.
_STOPWORDS = frozenset(
    "a an and are as at be but by did do does for from had has have how i if in into is it its me my of on or our "
    "so than that the their them then there these they this to was we were what when where which who whom why will "
    "with would you your about any can could should tell us"
    # question scaffolding: how people ask, not what they ask about
    " discuss discussed discussing discussion discussions summarize summarise summary talk talked think thought"
    " opinion mean meant say said saying".split()
)
# BM25 is computed for every match; an account's matches beyond this many (the most recently indexed are kept) are
# not scored. A query that matches thousands of chunks of one account is unselective, and dense retrieval ranks it.
MAX_SCORED = 2000
_FILTER_OVERFETCH = 4  # a filtered search ranks this many times the wanted chunks unfiltered, then filters them
_WORD = re.compile(r"[\w][\w'.-]*[\w]|[\w]", re.UNICODE)
# The SQLite keyword index's columns and what they hold of a chunk row, as the insert trigger (migration 0006)
# writes them: the normalised dates and amounts (keyword_terms.py) have a column of their own beside the text.
FTS_COLUMNS = "body, account_key, chunk_id, terms"
FTS_VALUES = "header || char(10) || text, account_key, id, keyword_terms"


def query_terms(query: str) -> list[str]:
    """The distinct non-trivial words of a query, lower-cased, in order."""
    seen: dict[str, None] = {}
    for match in _WORD.finditer(query.lower()):
        word = match.group(0).strip("'.-")
        if word and word not in _STOPWORDS:
            seen.setdefault(word, None)
    return list(seen)


def search_terms(query: str) -> list[Term]:
    """What a keyword search looks for: the query's words, and its dates and amounts however a chunk writes them
    (each matched by its normalised term or by the words as written; see ``keyword_terms``)."""
    values, rest = query_value_terms(query)
    return [(word,) for word in query_terms(rest)] + values


def keyword_search(session: Session, account: AccountAccess, query: str, limit: int, where: ChunkFilter) -> list[str]:
    """Chunk ids of one account ranked by keyword relevance, best first.

    Chunks holding every query term are ranked on their own when there are at least ``limit`` of them; otherwise
    chunks holding any term are. On a big account an OR of common words matches most of it, and ranking (BM25 is
    computed per match) would cost more than the rest of a search together."""
    terms = search_terms(query)
    if not terms:
        return []
    account_id = account.account_id
    rank = _sqlite_search if session.get_bind().dialect.name == "sqlite" else _postgres_search
    if len(terms) == 1:
        return rank(session, account_id, terms, "OR", limit, where)[0]
    every, _ = rank(session, account_id, terms, "AND", limit, where)
    if len(every) >= limit:
        return every
    anyone, capped = rank(session, account_id, terms, "OR", limit, where)
    if not capped:
        return anyone  # the chunks with every term are in it, ranked among the rest
    seen = set(every)  # the OR ranking scored only the newest matches: keep every chunk with all the terms first
    return (every + [cid for cid in anyone if cid not in seen])[:limit]


def account_key(account_id: str) -> str:
    """One FTS token that stands for the account (account ids themselves split into several tokens)."""
    return "acct" + hashlib.sha1(account_id.encode()).hexdigest()[:16]


def _sqlite_search(
    session: Session, account_id: str, terms: list[Term], operator: str, limit: int, where: ChunkFilter
) -> tuple[list[str], bool]:
    """Ranked ids, and whether matches beyond the ``MAX_SCORED`` most recently indexed ones were left unscored.

    A filtered search first ranks without the filter and keeps the chunks that pass (BM25 scores do not depend on
    the filter, so the order is the same); joining the chunk rows into the FTS query costs a lookup per match. When
    too few pass and the unfiltered ranking was cut short, the filter goes into the query after all."""
    if where.sql("c")[0]:
        wide = limit * _FILTER_OVERFETCH
        ranked, capped = _sqlite_search(session, account_id, terms, operator, wide, ChunkFilter())
        kept = passing(session, account_id, ranked, where)
        if len(kept) >= limit or (len(ranked) < wide and not capped):
            return kept[:limit], capped
        return _sqlite_fts_query(session, account_id, terms, operator, limit, where)
    return _sqlite_fts_query(session, account_id, terms, operator, limit, where)


def _sqlite_fts_query(
    session: Session, account_id: str, terms: list[Term | str], operator: str, limit: int, where: ChunkFilter
) -> tuple[list[str], bool]:
    words = f" {operator} ".join(_fts_term(t) for t in terms)
    match = f"account_key : {account_key(account_id)} AND ({words})"
    sql, params = where.sql("c")
    tables = "chunks_fts f JOIN chunks c ON c.id = f.chunk_id" if sql else "chunks_fts f"
    params |= {"match": match, "limit": limit, "skip": MAX_SCORED - 1}
    floor = session.scalar(
        text(f"SELECT f.rowid FROM {tables} WHERE chunks_fts MATCH :match {sql} ORDER BY f.rowid DESC "
             "LIMIT 1 OFFSET :skip"),
        params,
    )  # fmt: skip
    rows = session.execute(
        text(f"SELECT f.chunk_id FROM {tables} WHERE chunks_fts MATCH :match AND f.rowid >= :floor {sql} "
             "ORDER BY bm25(chunks_fts, 1.0, 0.0, 0.0, 1.0) LIMIT :limit"),
        {**params, "floor": floor or 0},
    )  # fmt: skip
    return [row[0] for row in rows], floor is not None


def _fts_term(term: Term | str) -> str:
    """One FTS5 query term: a quoted phrase, or alternatives in brackets."""
    quoted = ['"' + t.replace('"', '""') + '"' for t in ((term,) if isinstance(term, str) else term)]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def _ts_term(term: Term) -> str:
    """One tsquery term: words in a row, or alternatives in brackets."""
    phrases = [" <-> ".join(words) for t in term if (words := re.sub(r"[^\w]", " ", t).split())]
    if len(phrases) > 1:
        return "(" + " | ".join(phrases) + ")"
    return phrases[0] if phrases else ""


def _postgres_search(
    session: Session, account_id: str, terms: list[Term], operator: str, limit: int, where: ChunkFilter
) -> tuple[list[str], bool]:
    """As on SQLite, at most ``MAX_SCORED`` matches are ranked; here they are the first the index scan returns
    (ordering all matches to choose the newest cost more than ranking them)."""
    sql, params = where.sql("c")
    tsquery = (" & " if operator == "AND" else " | ").join(t for t in map(_ts_term, terms) if t)
    if not tsquery:
        return [], False
    rows = session.execute(
        text(
            "WITH q AS (SELECT to_tsquery('english', :tsquery) AS query), "
            "matched AS (SELECT c.id, c.tsv FROM chunks c, q WHERE c.tsv @@ q.query AND c.account_id = :account_id "
            f"{sql} LIMIT :bound) "
            "SELECT m.id, count(*) OVER () FROM matched m, q ORDER BY ts_rank(m.tsv, q.query) DESC, m.id LIMIT :limit"
        ),
        {"tsquery": tsquery, "account_id": account_id, "limit": limit, "bound": MAX_SCORED, **params},
    ).all()
    return [row[0] for row in rows], bool(rows) and rows[0][1] >= MAX_SCORED
