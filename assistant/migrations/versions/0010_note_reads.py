"""Read receipts of transition notes: a ``note_reads`` table

One row per account, user and note version the user read (the first reading's time), so that a note can mark the
statements that are new or changed since the version its reader read before. Rows go with their account or user.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "note_reads",
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id", "user_id", "version"),
    )


def downgrade() -> None:
    op.drop_table("note_reads")
