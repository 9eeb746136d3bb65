"""The outgoing CSM's decisions on the note's statements: every edit, removal, confirmation and addition, one row
per decision, numbered per statement; the newest row of a statement is its state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store.tables import Base, UtcDateTime


class StatementEditRow(Base):
    __tablename__ = "statement_edits"
    __table_args__ = (UniqueConstraint("account_id", "statement_id", "revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    statement_id: Mapped[str] = mapped_column(String(40))
    revision: Mapped[int] = mapped_column(Integer)
    section_key: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(12))  # edit, remove, confirm, add, keep, revert
    text: Mapped[str | None] = mapped_column(Text, nullable=True)  # the person's text; None: the engine's stands
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    removed: Mapped[bool] = mapped_column(Boolean, default=False)
    added: Mapped[bool] = mapped_column(Boolean, default=False)
    statement: Mapped[dict] = mapped_column(JSON)  # the statement as decided: provenance, citations
    anchor: Mapped[dict] = mapped_column(JSON)  # {chunk id: digest of its text} of the passages it cited
    drafted_text: Mapped[str | None] = mapped_column(Text, nullable=True)  # the engine's text decided on
    author: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    note_version: Mapped[int] = mapped_column(Integer)  # the version the decision was made on
