"""Keyword index: normalised dates and amounts after each chunk's text

A chunk row gets ``keyword_terms`` (d20260310 md0310 m202603 amt84000 ...; see assistant/store/keyword_terms.py),
filled here for the chunks already stored, and both keyword indexes index it: SQLite's FTS5 table is recreated with
a ``terms`` column beside the body and refilled (the insert trigger fills it from now on), PostgreSQL's stored
tsvector is regenerated over header, text and terms. The terms are computed by this release's code, as ingest
does.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 10:00:00
"""

from datetime import date
from itertools import groupby

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_BATCH = 2000  # sources whose chunks are read and updated together

_FTS5 = "CREATE VIRTUAL TABLE chunks_fts USING fts5({columns}, tokenize='porter unicode61')"
_INSERT_TRIGGER = """CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
       INSERT INTO chunks_fts({columns}) VALUES ({values});
       INSERT OR REPLACE INTO chunks_fts_rows(chunk_id, fts_rowid) VALUES (new.id, last_insert_rowid());
   END"""
_DELETE_TRIGGER = """CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
       DELETE FROM chunks_fts WHERE rowid = (SELECT fts_rowid FROM chunks_fts_rows WHERE chunk_id = old.id);
       DELETE FROM chunks_fts_rows WHERE chunk_id = old.id;
   END"""
# FTS5 columns, and the chunk row values they take. The terms get a column of their own, so the body stays the
# chunk's words as written and the terms can be weighted apart (FTS5's BM25 normalises by the whole row's length).
_WITH_TERMS = ("body, account_key, chunk_id UNINDEXED, terms",
               "{row}header || char(10) || {row}text, {row}account_key, {row}id, {row}keyword_terms")
_WITHOUT_TERMS = ("body, account_key, chunk_id UNINDEXED",
                  "{row}header || char(10) || {row}text, {row}account_key, {row}id")


def upgrade() -> None:
    op.add_column("chunks", sa.Column("keyword_terms", sa.Text(), nullable=False, server_default=""))
    _fill_keyword_terms()
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_keyword_index(*_WITH_TERMS)
    else:
        _postgres_tsv("header || ' ' || text || ' ' || keyword_terms")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_keyword_index(*_WITHOUT_TERMS)
    else:
        _postgres_tsv("header || ' ' || text")
    op.drop_column("chunks", "keyword_terms")  # ALTER TABLE; batch mode would copy the table and lose its triggers


def _fill_keyword_terms() -> None:
    from assistant.store.keyword_terms import index_terms
    from assistant.text.dates import day_first_hint

    connection = op.get_bind()
    source_ids = list(connection.scalars(sa.text("SELECT DISTINCT source_id FROM chunks ORDER BY 1")))
    for first in range(0, len(source_ids), _BATCH):
        batch = source_ids[first : first + _BATCH]
        rows = connection.execute(
            sa.text("SELECT id, source_id, date, header, text FROM chunks WHERE source_id IN :ids "
                    "ORDER BY source_id, position").bindparams(sa.bindparam("ids", expanding=True)),
            {"ids": batch},
        ).all()
        updates = []
        for _, chunks in groupby(rows, key=lambda row: row.source_id):
            chunks = list(chunks)
            day_first = day_first_hint(chunk.text for chunk in chunks)
            for chunk in chunks:
                terms = index_terms(f"{chunk.header}\n{chunk.text}", _day(chunk.date), day_first)
                if terms:
                    updates.append({"id": chunk.id, "terms": terms})
        if updates:
            connection.execute(sa.text("UPDATE chunks SET keyword_terms = :terms WHERE id = :id"), updates)


def _day(value) -> date | None:
    """The day of a chunk's date as stored: a datetime on PostgreSQL, a string on SQLite; in UTC, where ingest
    takes the day in the source's own time zone (a source written late in the evening west of Greenwich may
    resolve "tomorrow" a day later here than when it is ingested again)."""
    if value is None:
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value.date()


def _sqlite_keyword_index(declared: str, values: str) -> None:
    """Recreate the FTS5 table with these columns and fill it from the chunk rows, oldest first (a search ranks the
    most recently indexed matches of a big account)."""
    columns = declared.replace(" UNINDEXED", "")
    op.execute("DROP TRIGGER IF EXISTS chunks_fts_insert")
    op.execute("DROP TRIGGER IF EXISTS chunks_fts_delete")
    op.execute("DROP TABLE chunks_fts")
    op.execute(_FTS5.format(columns=declared))
    op.execute(f"INSERT INTO chunks_fts({columns}) SELECT {values.format(row='')} FROM chunks ORDER BY rowid")
    op.execute("DELETE FROM chunks_fts_rows")
    op.execute("INSERT INTO chunks_fts_rows(chunk_id, fts_rowid) SELECT chunk_id, rowid FROM chunks_fts")
    op.execute(_INSERT_TRIGGER.format(columns=columns, values=values.format(row="new.")))
    op.execute(_DELETE_TRIGGER)


def _postgres_tsv(document: str) -> None:
    op.execute("DROP INDEX IF EXISTS chunks_tsv")
    op.execute("ALTER TABLE chunks DROP COLUMN tsv")
    op.execute(f"ALTER TABLE chunks ADD COLUMN tsv tsvector "
               f"GENERATED ALWAYS AS (to_tsvector('english', {document})) STORED")
    op.execute("CREATE INDEX chunks_tsv ON chunks USING gin (tsv)")
