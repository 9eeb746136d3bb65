"""Rate limiting of failed sign-ins, kept in the SQL store so that every API worker process shares the counts.

Each failed authentication counts against the client's address and against the token presented (by hash). A key
with ``auth_max_failures`` failures inside ``auth_failure_window_seconds`` is blocked for ``auth_lockout_seconds``:
every sign-in from that client, or with that token, is refused with ``TooManyAttempts`` (HTTP 429 + Retry-After)
before the token is even looked up, so a blocked client cannot go on guessing. A success does not clear the count
(else one valid token would let a client guess forever). ``auth_max_failures = 0`` turns the limit off.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, or_, select, update
from sqlalchemy.exc import IntegrityError

from assistant.platform.context import Context
from assistant.platform.errors import TooManyAttempts
from assistant.store.signin_tables import AuthFailureRow


def keys_for(token_hash: str, client: str | None) -> list[str]:
    keys = [f"token:{token_hash[:40]}"]
    if client:
        keys.append(f"client:{client[:150]}")
    return keys


def check(context: Context, keys: list[str], now: datetime) -> None:
    """``TooManyAttempts`` when any key is blocked now."""
    if context.settings.auth_max_failures <= 0:
        return
    with context.db.session() as session:
        blocks = session.scalars(select(AuthFailureRow.blocked_until).where(AuthFailureRow.key.in_(keys))).all()
    until = max((_aware(b) for b in blocks if b is not None), default=None)
    if until is not None and until > now:
        raise TooManyAttempts(max(1, math.ceil((until - now).total_seconds())))


def record_failure(context: Context, keys: list[str], now: datetime) -> None:
    """Count one failure against each key; block the keys that reach the limit."""
    settings = context.settings
    if settings.auth_max_failures <= 0:
        return
    window_start = now - timedelta(seconds=settings.auth_failure_window_seconds)
    for key in keys:
        with context.db.session() as session:  # an atomic increment: workers may fail at the same moment
            counted = session.execute(
                update(AuthFailureRow)
                .where(AuthFailureRow.key == key, AuthFailureRow.window_started_at > window_start)
                .values(failures=AuthFailureRow.failures + 1)
            ).rowcount
        if not counted:
            _start_window(context, key, now)
        with context.db.session() as session:
            row = session.get(AuthFailureRow, key)
            if row is not None and row.failures >= settings.auth_max_failures:
                row.blocked_until = now + timedelta(seconds=settings.auth_lockout_seconds)
                row.failures, row.window_started_at = 0, now
    _forget_old(context, window_start, now)


def _start_window(context: Context, key: str, now: datetime) -> None:
    """A first failure, or the first after the window passed (a block in force is kept)."""
    try:
        with context.db.session() as session:
            row = session.get(AuthFailureRow, key)
            if row is None:
                session.add(AuthFailureRow(key=key, failures=1, window_started_at=now))
            else:
                row.failures, row.window_started_at = 1, now
    except IntegrityError:  # another worker inserted the row first: count on it
        with context.db.session() as session:
            session.execute(update(AuthFailureRow).where(AuthFailureRow.key == key)
                            .values(failures=AuthFailureRow.failures + 1))


def _forget_old(context: Context, window_start: datetime, now: datetime) -> None:
    with context.db.session() as session:
        session.execute(delete(AuthFailureRow).where(
            AuthFailureRow.window_started_at <= window_start,
            or_(AuthFailureRow.blocked_until.is_(None), AuthFailureRow.blocked_until <= now),
        ))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
