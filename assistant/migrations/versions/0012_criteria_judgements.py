"""Success-criteria judgements kept in the store: a ``criteria_judgements`` table

One row per account, revision and prompt version: a language model's judgement whether the account's success
criteria are stated, so that the command line, every API worker and the web pages read one judgement per account
revision instead of asking the model each. Rows go with their account.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 03:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "criteria_judgements",
        sa.Column("account_id", sa.String(200), nullable=False),
        sa.Column("revision", sa.String(200), nullable=False),
        sa.Column("prompt_version", sa.String(40), nullable=False),
        sa.Column("stated", sa.Boolean(), nullable=False),
        sa.Column("engine", sa.String(200), nullable=False),
        sa.Column("judged_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id", "revision", "prompt_version"),
    )


def downgrade() -> None:
    op.drop_table("criteria_judgements")
