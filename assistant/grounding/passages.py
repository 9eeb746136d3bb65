"""Cited passages read back for display: the chunk a citation points at, scoped to the caller's account."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel
from sqlalchemy import select

from assistant.platform.context import Context
from assistant.platform.errors import NotFound
from assistant.store.tables import ChunkRow


class Passage(BaseModel):
    chunk_id: str
    source_type: str
    source_path: str
    title: str
    date: datetime | None
    author: str | None
    locator: str | None
    text: str


def get_passage(context: Context, account_id: str, chunk_id: str) -> Passage:
    """The passage ``chunk_id`` of the account; a chunk of another account is reported as missing."""
    with context.db.session() as session:
        context.account_access(account_id, session)
        row = session.scalars(select(ChunkRow).where(ChunkRow.id == chunk_id)).first()
        if row is None or row.account_id != account_id:
            raise NotFound(f"no passage {chunk_id!r} in account {account_id!r}")
        return Passage(chunk_id=row.id, source_type=row.source_type, source_path=row.source_path, title=row.title,
                       date=row.date, author=row.author, locator=row.locator, text=row.text)
