"""Answer sentences embedded at ingest: a ``sentence_vectors`` table, and the model each chunk's were stored for

The offline answerer embeds the question and every candidate sentence of its evidence; embedding the sentences
while indexing makes a question's first asking embed only the question. Each row is one sentence of one chunk (its
vector under a digest of model and text), deleted with its chunk. Chunks stored before this release have none
(``chunks.sentence_model`` is empty): answers embed their sentences as before, and ``handoff doctor --repair``
computes them.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 09:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("chunks", sa.Column("sentence_model", sa.String(100), nullable=False, server_default=""))
    op.create_table(
        "sentence_vectors",
        sa.Column("chunk_id", sa.String(80), nullable=False),
        sa.Column("key", sa.LargeBinary(16), nullable=False),
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["chunk_id"], ["chunks.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("chunk_id", "key"),
    )


def downgrade() -> None:
    op.drop_table("sentence_vectors")
    op.drop_column("chunks", "sentence_model")  # ALTER TABLE; batch mode would copy the table and lose its triggers
