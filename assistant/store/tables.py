"""SQL tables for ingested material: accounts, sources (the registry), the files they came from, chunks, and the
vectors of the chunks' answer sentences."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (JSON, DateTime, ForeignKey, Integer, LargeBinary, String, Text, TypeDecorator,
                        UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class UtcDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every database. SQLite keeps no offset, so without this a value written as
    2026-02-06T09:00:00+00:00 reads back naive and the API would hand out timestamps without a zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    pass


class AccountRow(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    crm: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # the latest CRM record, as parsed
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SourceRow(Base):
    """One ingested source. ``status`` is "ready" once its chunks are in both indexes; "pending" while being written,
    so that an interrupted write is redone by the next ingest."""

    __tablename__ = "sources"
    __table_args__ = (UniqueConstraint("account_id", "identity"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    identity: Mapped[str] = mapped_column(String(1000))
    source_type: Mapped[str] = mapped_column(String(20), index=True)
    path: Mapped[str] = mapped_column(String(1000))
    title: Mapped[str] = mapped_column(Text)
    doc_date: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    document: Mapped[dict] = mapped_column(JSON)  # the parsed Document, for services that need structure
    chunk_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="pending")
    ingested_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SourceFileRow(Base):
    """A file under an account's ingest root and the sources parsed from it (a tickets export holds many; two copies
    of one email share one). The file hash lets an unchanged file be skipped without parsing."""

    __tablename__ = "source_files"

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True)
    path: Mapped[str] = mapped_column(String(1000), primary_key=True)
    file_hash: Mapped[str] = mapped_column(String(64))
    source_ids: Mapped[list] = mapped_column(JSON)
    ingested_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ChunkRow(Base):
    __tablename__ = "chunks"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(200), index=True)
    account_key: Mapped[str] = mapped_column(String(40))  # the account as one keyword-index token
    source_id: Mapped[str] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    source_type: Mapped[str] = mapped_column(String(20))
    source_path: Mapped[str] = mapped_column(String(1000))
    title: Mapped[str] = mapped_column(Text)
    date: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    day: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # days since 1970-01-01, for filters
    author: Mapped[str | None] = mapped_column(String(300), nullable=True)
    locator: Mapped[str | None] = mapped_column(String(200), nullable=True)
    segment: Mapped[int] = mapped_column(Integer, default=0)
    header: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    # normalised dates and amounts, indexed for keywords after the text (assistant/store/keyword_terms.py)
    keyword_terms: Mapped[str] = mapped_column(Text, default="", server_default="")
    # the model its sentence vectors were stored for ("" for none: a chunk stored before they were, see doctor)
    sentence_model: Mapped[str] = mapped_column(String(100), default="", server_default="")


class SentenceVectorRow(Base):
    """The vector of one sentence of a chunk as the offline answerer splits it, computed at ingest so that answering
    embeds only the question (``assistant/indexing/sentence_vectors.py``). ``key`` is ``vector_key(model, sentence)``: no text
    is kept here. Deleting the chunk (its source, its account) deletes its rows."""

    __tablename__ = "sentence_vectors"

    chunk_id: Mapped[str] = mapped_column(ForeignKey("chunks.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(16), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(200))
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian


class NoteRow(Base):
    """A generated transition note, stored as drafted (with engine, model, prompt versions and evidence ids)."""

    __tablename__ = "notes"
    __table_args__ = (UniqueConstraint("account_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[datetime] = mapped_column(UtcDateTime())
    engine: Mapped[str] = mapped_column(String(40))
    model: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    note: Mapped[dict] = mapped_column(JSON)  # as served: the draft with people's corrections applied
    draft: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # the engine's own draft, on drafted versions


class ThreadRow(Base):
    """A conversation about one account; its turns are kept so follow-up questions can be understood."""

    __tablename__ = "threads"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TurnRow(Base):
    __tablename__ = "thread_turns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    thread_id: Mapped[str] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    question: Mapped[str] = mapped_column(Text)
    standalone_question: Mapped[str] = mapped_column(Text)
    answer: Mapped[dict] = mapped_column(JSON)  # the Answer as returned
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
