"""The audit log: who did what, when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store.tables import Base, UtcDateTime


class AuditEventRow(Base):
    """Who did what, when: logins by token, generations, edits, approvals, exports, deletions."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # None: the local CLI/system
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(60), index=True)
    account_id: Mapped[str | None] = mapped_column(String(200), nullable=True, index=True)
    object_type: Mapped[str | None] = mapped_column(String(40), nullable=True)
    object_id: Mapped[str | None] = mapped_column(String(80), nullable=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
