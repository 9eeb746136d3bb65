"""Failed sign-ins, counted in SQL so every API worker sees the same throttle."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store.tables import Base, UtcDateTime


class AuthFailureRow(Base):
    """Failed sign-ins per client address or per presented token (by hash), so that every API worker process sees
    the same count: enough failures inside the window block the key until ``blocked_until``."""

    __tablename__ = "auth_failures"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # "client:1.2.3.4" or "token:<sha256 prefix>"
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    blocked_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
