"""Gaps and debrief questions answered or dismissed by the outgoing CSM: a ``debrief_items`` table

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "debrief_items",
        sa.Column("account_id", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.String(100), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_id", sa.String(64), nullable=True),
        sa.Column("item", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id", "item_id"),
    )


def downgrade() -> None:
    op.drop_table("debrief_items")
