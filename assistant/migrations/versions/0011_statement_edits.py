"""The outgoing CSM's corrections and confirmations of note statements: a ``statement_edits`` table

The notes table keeps each drafted version's own draft beside the note as served (the draft with the decisions
applied), so that a later decision is applied to the draft again rather than to an earlier correction.

One row per decision (edit, remove, confirm, add, keep, revert), numbered per statement, so a statement's history is
its rows and its state the newest one. Rows go with their account.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 23:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statement_edits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("statement_id", sa.String(40), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("section_key", sa.String(80), nullable=False),
        sa.Column("action", sa.String(12), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("added", sa.Boolean(), nullable=False),
        sa.Column("statement", sa.JSON(), nullable=False),
        sa.Column("anchor", sa.JSON(), nullable=False),
        sa.Column("drafted_text", sa.Text(), nullable=True),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note_version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("account_id", "statement_id", "revision"),
    )
    op.create_index("ix_statement_edits_account_id", "statement_edits", ["account_id"])
    with op.batch_alter_table("notes") as notes:
        notes.add_column(sa.Column("draft", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("notes") as notes:
        notes.drop_column("draft")
    op.drop_index("ix_statement_edits_account_id", table_name="statement_edits")
    op.drop_table("statement_edits")
