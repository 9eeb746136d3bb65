"""Users, roles and API tokens. A token is shown once when created; only its SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta, timezone

from pydantic import BaseModel
from sqlalchemy import select

from assistant.access import audit

from assistant.access import throttle
from assistant.access.rules import ROLES, Principal, Role, require_role
from assistant.platform.context import Context
from assistant.platform.errors import Forbidden, InvalidRequest, NotFound
from assistant.store.user_tables import AssignmentRow, TokenRow, UserRow

TOKEN_PREFIX = "hnd_"
LOGIN_IDLE = timedelta(minutes=30)  # a token used after this long idle counts as a new login in the audit log
# A token's last use is written at most this often: writing it on every request made each one a write transaction,
# and under load the requests queued for SQLite's single writer. (A login is still told from LOGIN_IDLE of idleness.)
LAST_USED_STEP = timedelta(minutes=1)


class User(BaseModel):
    id: int
    name: str
    email: str | None
    role: Role
    title: str | None = None
    background: str | None = None
    active: bool = True

    def principal(self) -> Principal:
        return Principal(user_id=self.id, name=self.name, role=self.role, email=self.email)


class NewToken(BaseModel):
    user: User
    token: str  # shown once


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _user(row: UserRow) -> User:
    return User(id=row.id, name=row.name, email=row.email, role=row.role, title=row.title, background=row.background,
                active=row.active)


def add_user(context: Context, name: str, role: str, email: str | None = None, title: str | None = None,
             background: str | None = None) -> User:
    require_role(context.principal, "admin")
    if role not in ROLES:
        raise InvalidRequest(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    with context.db.session() as session:
        if session.scalar(select(UserRow).where(UserRow.name == name)) is not None:
            raise InvalidRequest(f"a user named {name!r} already exists")
        row = UserRow(name=name, role=role, email=email.lower() if email else None, title=title,
                      background=background, active=True, created_at=datetime.now(timezone.utc))
        session.add(row)
        session.flush()
        audit.record(context, "user.create", object_type="user", object_id=row.id, detail={"name": name, "role": role},
                     session=session)
        return _user(row)


def update_profile(context: Context, user_id: int, title: str | None = None, background: str | None = None) -> User:
    """A user's title and short background, used when an introduction email presents them to a customer."""
    if context.principal.user_id != user_id:
        require_role(context.principal, "admin")
    with context.db.session() as session:
        row = session.get(UserRow, user_id)
        if row is None:
            raise NotFound(f"no user {user_id}")
        if title is not None:
            row.title = title
        if background is not None:
            row.background = background
        audit.record(context, "user.profile", object_type="user", object_id=user_id, session=session)
        return _user(row)


def find_user(context: Context, name_or_id: str | int) -> User:
    with context.db.session() as session:
        if isinstance(name_or_id, int) or str(name_or_id).isdigit():
            row = session.get(UserRow, int(name_or_id))
        else:
            row = session.scalar(select(UserRow).where(UserRow.name == name_or_id))
        if row is None:
            raise NotFound(f"no user {name_or_id!r}; `handoff users list` shows them")
        return _user(row)


def list_users(context: Context) -> list[User]:
    require_role(context.principal, "admin")
    with context.db.session() as session:
        return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def create_token(context: Context, user_name: str, label: str = "") -> NewToken:
    """A new bearer token for the user (admins make tokens for anyone; a user may make their own)."""
    user = find_user(context, user_name)
    if context.principal.user_id != user.id:
        require_role(context.principal, "admin")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with context.db.session() as session:
        session.add(TokenRow(user_id=user.id, token_hash=hash_token(token), label=label,
                             created_at=datetime.now(timezone.utc), revoked=False))
        audit.record(context, "token.create", object_type="user", object_id=user.id, detail={"label": label},
                     session=session)
    return NewToken(user=user, token=token)


def authenticate(context: Context, token: str, now: datetime | None = None, client: str | None = None) -> User:
    """The active user a token belongs to. Unknown, revoked or inactive: Forbidden with no detail.

    Failed attempts are counted per token and per ``client`` (the caller's address, when known); past the limit,
    ``TooManyAttempts`` until the lockout ends (``assistant.access.throttle``)."""
    now = now or datetime.now(timezone.utc)
    token_hash = hash_token(token)
    attempt_keys = throttle.keys_for(token_hash, client)
    throttle.check(context, attempt_keys, now)
    with context.db.session() as session:
        found = session.execute(select(TokenRow, UserRow).join(UserRow, UserRow.id == TokenRow.user_id)
                                .where(TokenRow.token_hash == token_hash)).first()
        row, user = found if found is not None else (None, None)
        if row is not None and not row.revoked and user.active:
            last = row.last_used_at
            if last is not None and last.tzinfo is None:
                last = last.replace(tzinfo=timezone.utc)
            if last is None or now - last > LOGIN_IDLE:
                as_user = context.as_principal(_user(user).principal())
                audit.record(as_user, "login", object_type="token", object_id=row.id, session=session)
            if last is None or now - last >= LAST_USED_STEP:
                row.last_used_at = now
            return _user(user)
    throttle.record_failure(context, attempt_keys, now)
    raise Forbidden("invalid token")


def revoke_tokens(context: Context, user_name: str) -> int:
    user = find_user(context, user_name)
    if context.principal.user_id != user.id:
        require_role(context.principal, "admin")
    with context.db.session() as session:
        rows = session.scalars(select(TokenRow).where(TokenRow.user_id == user.id, TokenRow.revoked.is_(False))).all()
        for row in rows:
            row.revoked = True
        audit.record(context, "token.revoke", object_type="user", object_id=user.id, detail={"count": len(rows)},
                     session=session)
        return len(rows)


def assign(context: Context, user_name: str, account_id: str) -> None:
    """Grant one account to one user (reviewers and admins see only what they are assigned)."""
    require_role(context.principal, "admin")
    user = find_user(context, user_name)
    with context.db.session() as session:
        context.account_access(account_id, session)
        if session.get(AssignmentRow, (user.id, account_id)) is None:
            session.add(AssignmentRow(user_id=user.id, account_id=account_id, created_at=datetime.now(timezone.utc)))
        audit.record(context, "account.assign", account_id=account_id, object_type="user", object_id=user.id,
                     session=session)


def assign_self(context: Context, account_id: str) -> None:
    """Before an upload: an existing account must be visible to the caller; a new one is created and assigned to
    them, so the uploader can see what they uploaded."""
    from assistant.store.registry import ensure_account
    from assistant.store.tables import AccountRow

    with context.db.session() as session:
        if session.get(AccountRow, account_id) is not None:
            context.account_access(account_id, session)
            return
        ensure_account(session, account_id)
        if context.principal.user_id is not None:
            session.add(AssignmentRow(user_id=context.principal.user_id, account_id=account_id,
                                      created_at=datetime.now(timezone.utc)))
        audit.record(context, "account.create", account_id=account_id, session=session)
