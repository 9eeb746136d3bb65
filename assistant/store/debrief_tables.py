"""What the outgoing CSM said about each gap and debrief question: answered (with the debrief source the answer
became) or dismissed (with why)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store.tables import Base, UtcDateTime


class DebriefItemRow(Base):
    __tablename__ = "debrief_items"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    status: Mapped[str] = mapped_column(String(12))  # "answered" or "dismissed"
    text: Mapped[str] = mapped_column(Text)  # the answer, or why it was dismissed
    author: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UtcDateTime())
    source_id: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the answer's debrief source
    item: Mapped[dict] = mapped_column(JSON)  # the gap or question as it stood, to list it once it is closed
