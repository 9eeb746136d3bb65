"""Handoffs of an account from its outgoing to its incoming CSM, and their plans with tasks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from assistant.store.tables import Base, UtcDateTime


class PlanRow(Base):
    """A handoff plan for one transition, made from a plan template."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    template: Mapped[str] = mapped_column(String(200))
    transition_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TaskRow(Base):
    __tablename__ = "plan_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    milestone: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(40))  # outgoing | incoming | reviewer | a user name
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | done | skipped
    source: Mapped[str] = mapped_column(String(200), default="template")  # template | gap:<kind>
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class HandoffRow(Base):
    """One transition of an account from its outgoing to its incoming CSM, as the CRM names them: opened by an
    ingest that saw the transition (or by a person), later accepted by the incoming CSM. At most one per account is
    open; one superseded by a newer transition keeps its row (status "superseded", ``superseded_by``)."""

    __tablename__ = "handoffs"
    __table_args__ = (Index("ux_handoffs_one_open", "account_id", unique=True, sqlite_where=text("status = 'open'"),
                            postgresql_where=text("status = 'open'")),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    outgoing_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    outgoing_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    incoming_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    incoming_email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    effective_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")  # open | accepted | superseded
    trigger: Mapped[str] = mapped_column(String(40))  # owner_changed | incoming_csm_named | transition_appeared
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    opened_by: Mapped[str] = mapped_column(String(200))  # "ingest", or the name of the user who opened it
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    accepted_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    accepted_by: Mapped[str | None] = mapped_column(String(200), nullable=True)
    superseded_by: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the handoff that replaced this one
