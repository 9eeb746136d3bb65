"""A token's last use is kept to the minute: a request does not write it again within a minute of the last write
(a write transaction per request queued every request behind SQLite's one writer), and a use after a long idle
still counts as a new login."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from assistant.store.audit_tables import AuditEventRow
from assistant.store.user_tables import TokenRow
from assistant.access.users import add_user, authenticate, create_token

T0 = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)


def _last_used(context) -> datetime:
    with context.db.session() as session:
        return session.scalar(select(TokenRow.last_used_at))


def _logins(context) -> int:
    with context.db.session() as session:
        return len(session.scalars(select(AuditEventRow).where(AuditEventRow.action == "login")).all())


def test_a_token_used_again_within_a_minute_is_not_written_again(context):
    add_user(context, "Dana", "admin")
    token = create_token(context, "Dana").token

    authenticate(context, token, now=T0)
    authenticate(context, token, now=T0 + timedelta(seconds=59))
    assert _last_used(context) == T0

    authenticate(context, token, now=T0 + timedelta(seconds=61))
    assert _last_used(context) == T0 + timedelta(seconds=61)


def test_a_token_used_after_a_long_idle_is_a_new_login(context):
    add_user(context, "Dana", "admin")
    token = create_token(context, "Dana").token

    authenticate(context, token, now=T0)
    authenticate(context, token, now=T0 + timedelta(seconds=30))
    authenticate(context, token, now=T0 + timedelta(minutes=45))

    assert _logins(context) == 2
