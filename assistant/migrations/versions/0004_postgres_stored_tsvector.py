"""PostgreSQL keyword index on a stored tsvector column

The expression index made PostgreSQL parse every matching chunk's text again, to recheck and to rank it (ts_rank
over to_tsvector(...)): 0.5-8 s per query on an account of 100k chunks. A generated column keeps the parsed vector.
SQLite (FTS5) is unchanged.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 23:00:00
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE chunks ADD COLUMN tsv tsvector "
               "GENERATED ALWAYS AS (to_tsvector('english', header || ' ' || text)) STORED")
    op.execute("CREATE INDEX chunks_tsv ON chunks USING gin (tsv)")
    op.execute("DROP INDEX IF EXISTS chunks_fulltext")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX chunks_fulltext ON chunks USING gin (to_tsvector('english', header || ' ' || text))")
    op.execute("DROP INDEX IF EXISTS chunks_tsv")
    op.execute("ALTER TABLE chunks DROP COLUMN tsv")
