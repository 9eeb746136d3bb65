"""The audit log: who did what, when. Services record; admins read."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel
from sqlalchemy import select

from assistant.access.rules import require_role
from assistant.platform.context import Context
from assistant.store.audit_tables import AuditEventRow


class AuditEvent(BaseModel):
    id: int
    at: datetime
    actor: str
    actor_id: int | None
    action: str
    account_id: str | None
    object_type: str | None
    object_id: str | None
    detail: dict[str, Any]


def record(
    context: Context,
    action: str,
    account_id: str | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    detail: dict[str, Any] | None = None,
    session=None,
) -> None:
    """Append an event for the context's principal. Pass ``session`` to write it in the caller's transaction."""
    row = AuditEventRow(
        at=datetime.now(timezone.utc),
        actor_id=context.principal.user_id,
        actor=context.principal.name,
        action=action,
        account_id=account_id,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        detail=detail or {},
    )
    if session is not None:
        session.add(row)
        return
    with context.db.session() as own:
        own.add(row)


def read_events(
    context: Context, account_id: str | None = None, action: str | None = None, limit: int = 200
) -> list[AuditEvent]:
    require_role(context.principal, "admin")
    query = select(AuditEventRow).order_by(AuditEventRow.id.desc()).limit(limit)
    if account_id:
        query = query.where(AuditEventRow.account_id == account_id)
    if action:
        query = query.where(AuditEventRow.action == action)
    with context.db.session() as session:
        return [
            AuditEvent(id=r.id, at=r.at, actor=r.actor, actor_id=r.actor_id, action=r.action,
                       account_id=r.account_id, object_type=r.object_type, object_id=r.object_id, detail=r.detail)
            for r in session.scalars(query)
        ]
