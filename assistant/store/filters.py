"""Optional narrowing of a search within one account: source types and a date range."""

from __future__ import annotations

from datetime import date, datetime, timezone

from pydantic import BaseModel

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
