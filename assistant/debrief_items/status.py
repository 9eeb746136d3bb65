"""Each gap and debrief question with what the outgoing CSM said about it: open, answered or dismissed.

An answered or dismissed item stays closed until newer material brings the problem back: when a source of its
evidence was ingested after the answer, it is open again, its last answer shown beside it. A closed item that is no
longer detected (its answer stated the missing fact, say) is still listed, closed, as it stood when it was closed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from sqlalchemy import func, select

from assistant.platform.context import Context
from assistant.models import DebriefQuestion, Gap, GapEvidence, ItemAnswer
from assistant.store.debrief_tables import DebriefItemRow
from assistant.store.tables import SourceRow

Item = TypeVar("Item", Gap, DebriefQuestion)


def closed_items(context: Context, account_id: str) -> dict[str, DebriefItemRow]:
    with context.db.session() as session:
        rows = session.scalars(select(DebriefItemRow).where(DebriefItemRow.account_id == account_id)).all()
        session.expunge_all()
    return {row.item_id: row for row in rows}


def with_status(context: Context, account_id: str, items: Sequence[Item], kind: type[Item]) -> list[Item]:
    """``items`` with their status and answer, followed by the closed items of ``kind`` no longer among them."""
    closed = closed_items(context, account_id)
    result: list[Item] = []
    for item in items:
        row = closed.get(item.id)
        if row is not None:
            item.answer = answer_of(row)
            item.status = "open" if _newer_evidence(context, account_id, item.evidence, row.at) else row.status
        result.append(item)
    present = {item.id for item in items}
    for row in closed.values():
        if row.item_id not in present and _is_kind(row.item, kind):
            result.append(kind.model_validate(row.item | {"status": row.status, "answer": answer_of(row)}))
    return result


def answer_of(row: DebriefItemRow) -> ItemAnswer:
    return ItemAnswer(status=row.status, text=row.text, author=row.author, at=row.at,
                      source=f"debrief/{row.item_id}" if row.source_id else None)


def open_only(items: Sequence[Item]) -> list[Item]:
    return [item for item in items if item.status == "open"]


def _is_kind(item: dict, kind: type) -> bool:
    return ("topic" in item) == (kind is DebriefQuestion)


def _newer_evidence(context: Context, account_id: str, evidence: list[GapEvidence], since: datetime) -> bool:
    paths = {e.source for e in evidence if not e.source.startswith("absent from")}
    if not paths:
        return False
    with context.db.session() as session:
        newest = session.scalar(select(func.max(SourceRow.ingested_at)).where(
            SourceRow.account_id == account_id, SourceRow.path.in_(paths)))
    return newest is not None and newest > since
