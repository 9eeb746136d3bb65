"""SQLite keyword index: remove a chunk's entry by its row, not by scanning

The FTS5 table keeps the chunk id in an unindexed column, so the delete trigger scanned the whole keyword table for
every chunk removed (18 ms per chunk at 40k chunks, growing with the store: forgetting a big account took hours).
A small table maps each chunk to its FTS row. PostgreSQL is unchanged.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 23:15:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_TRIGGERS = [
    """CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
           INSERT INTO chunks_fts(body, account_key, chunk_id)
           VALUES (new.header || char(10) || new.text, new.account_key, new.id);
           INSERT OR REPLACE INTO chunks_fts_rows(chunk_id, fts_rowid) VALUES (new.id, last_insert_rowid());
       END""",
    """CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
           DELETE FROM chunks_fts WHERE rowid = (SELECT fts_rowid FROM chunks_fts_rows WHERE chunk_id = old.id);
           DELETE FROM chunks_fts_rows WHERE chunk_id = old.id;
       END""",
]
_OLD_TRIGGERS = [
    """CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
           INSERT INTO chunks_fts(body, account_key, chunk_id)
           VALUES (new.header || char(10) || new.text, new.account_key, new.id);
       END""",
    """CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
           DELETE FROM chunks_fts WHERE chunk_id = old.id;
       END""",
]


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("CREATE TABLE chunks_fts_rows (chunk_id VARCHAR(300) PRIMARY KEY, fts_rowid INTEGER NOT NULL)")
    op.execute("INSERT OR REPLACE INTO chunks_fts_rows(chunk_id, fts_rowid) SELECT chunk_id, rowid FROM chunks_fts")
    op.execute("DROP TRIGGER IF EXISTS chunks_fts_insert")
    op.execute("DROP TRIGGER IF EXISTS chunks_fts_delete")
    for statement in _TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TRIGGER IF EXISTS chunks_fts_insert")
    op.execute("DROP TRIGGER IF EXISTS chunks_fts_delete")
    for statement in _OLD_TRIGGERS:
        op.execute(statement)
    op.execute("DROP TABLE chunks_fts_rows")
