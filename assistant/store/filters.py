"""Optional narrowing of a search within one account: source types and a date range."""

from __future__ import annotations

from datetime import date, datetime, timezone

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from assistant.store.tables import ChunkRow
from ingest.document import SourceType


def day_number(value: date | datetime) -> int:
    """Days since 1970-01-01: how dates are stored in vector metadata, where only numbers compare."""
    if isinstance(value, datetime):
        value = value.astimezone(timezone.utc).date() if value.tzinfo else value.date()
    return value.toordinal() - date(1970, 1, 1).toordinal()


class ChunkFilter(BaseModel):
    source_types: list[SourceType] | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive

    def sql(self, alias: str) -> tuple[str, dict]:
        """An ``AND ...`` clause over the chunks table aliased ``alias``, and its parameters."""
        clauses, params = [], {}
        if self.source_types:
            names = []
            for i, source_type in enumerate(self.source_types):
                params[f"source_type_{i}"] = source_type.value
                names.append(f":source_type_{i}")
            clauses.append(f"{alias}.source_type IN ({', '.join(names)})")
        if self.date_from:
            params["day_from"] = day_number(self.date_from)
            clauses.append(f"{alias}.day >= :day_from")
        if self.date_to:
            params["day_to"] = day_number(self.date_to)
            clauses.append(f"{alias}.day <= :day_to")
        return "".join(f" AND {c}" for c in clauses), params

    def matches(self, source_type: str, day: int | None) -> bool:
        """Whether a chunk with this source type and day passes (the same test as ``sql``)."""
        if self.source_types and source_type not in {t.value for t in self.source_types}:
            return False
        if self.date_from and (day is None or day < day_number(self.date_from)):
            return False
        if self.date_to and (day is None or day > day_number(self.date_to)):
            return False
        return True

    def chroma_where(self) -> dict | None:
        """The same narrowing as a Chroma ``where`` clause (None when there is nothing to narrow)."""
        clauses: list[dict] = []
        if self.source_types:
            clauses.append({"source_type": {"$in": [t.value for t in self.source_types]}})
        if self.date_from:
            clauses.append({"day": {"$gte": day_number(self.date_from)}})
        if self.date_to:
            clauses.append({"day": {"$lte": day_number(self.date_to)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def passing(session: Session, account_id: str, chunk_ids: list[str], where: ChunkFilter) -> list[str]:
    """The ids, in order, of chunks of the account that pass the filter. Rows are looked up by primary key only and
    tested here: with the account or the filter in SQL, SQLite chose an index on them and scanned the account."""
    if not chunk_ids:
        return []
    query = select(ChunkRow.id, ChunkRow.account_id, ChunkRow.source_type, ChunkRow.day).where(
        ChunkRow.id.in_(chunk_ids))
    found = {chunk_id for chunk_id, owner, source_type, day in session.execute(query)
             if owner == account_id and where.matches(source_type, day)}
    return [chunk_id for chunk_id in chunk_ids if chunk_id in found]
