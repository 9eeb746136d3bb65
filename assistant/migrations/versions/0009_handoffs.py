"""Handoffs: one row per transition of an account (outgoing and incoming CSM as the CRM names them, reason,
effective date, what the ingest saw change), opened by an ingest and later accepted by the incoming CSM. At most one
open handoff per account, kept by a partial unique index where the database has them (SQLite and PostgreSQL both do).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoffs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("outgoing_name", sa.String(200), nullable=True),
        sa.Column("outgoing_email", sa.String(320), nullable=True),
        sa.Column("incoming_name", sa.String(200), nullable=True),
        sa.Column("incoming_email", sa.String(320), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("effective_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("trigger", sa.String(40), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.String(200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("accepted_by", sa.String(200), nullable=True),
        sa.Column("superseded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_handoffs_account_id", "handoffs", ["account_id"])
    op.create_index("ux_handoffs_one_open", "handoffs", ["account_id"], unique=True,
                    sqlite_where=sa.text("status = 'open'"), postgresql_where=sa.text("status = 'open'"))


def downgrade() -> None:
    op.drop_index("ux_handoffs_one_open", table_name="handoffs")
    op.drop_index("ix_handoffs_account_id", table_name="handoffs")
    op.drop_table("handoffs")
