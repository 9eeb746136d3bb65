"""Who is asking, and which accounts they may see. ``check_account`` is the only maker of an ``AccountAccess``, and
the store's reads of an account's material take one, so no route, page or command can reach another account's
material without having been granted it. A request checks each account once (``Context.account_access``).

A CSM sees the accounts whose CRM record names them as owner or incoming CSM, plus explicit assignments; reviewers
and admins see what they are assigned. The local operator of the command line (``SYSTEM``) sees everything."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import exists, select

from assistant.platform.errors import Forbidden, NotFound
from assistant.store.tables import AccountRow
from assistant.store.user_tables import AssignmentRow

Role = Literal["admin", "csm", "reviewer"]
ROLES: tuple[Role, ...] = ("admin", "csm", "reviewer")
WRITERS: tuple[Role, ...] = ("admin", "csm")  # who ingests, drafts notes and plans: the roles that do handoffs


class Principal(BaseModel):
    user_id: int | None
    name: str
    role: Role
    email: str | None = None

    @property
    def is_system(self) -> bool:
        return self.user_id is None


SYSTEM = Principal(user_id=None, name="local operator", role="admin")
# The system acting on what an ingest found (a transition in the CRM), whoever ran the ingest: the audit log names
# "ingest" as the actor. Never the identity of a request.
INGEST = Principal(user_id=None, name="ingest", role="admin")


def visible_account_ids(session, principal: Principal) -> set[str] | None:
    """The accounts ``principal`` may see; None means every account (the local operator)."""
    if principal.is_system:
        return None
    visible = set(session.scalars(select(AssignmentRow.account_id).where(AssignmentRow.user_id == principal.user_id)))
    if principal.role == "csm" and principal.email:
        email = principal.email.lower()
        for account_id, crm in session.execute(select(AccountRow.id, AccountRow.crm)):
            if email in _csm_emails(crm or {}):
                visible.add(account_id)
    return visible


def _csm_emails(crm: dict) -> set[str]:
    return {
        (crm.get(field) or {}).get("email", "").lower()
        for field in ("owner_csm", "incoming_csm")
        if isinstance(crm.get(field), dict) and (crm.get(field) or {}).get("email")
    }


_GRANTED = object()  # held only by this module: nothing but ``check_account`` makes an AccountAccess


@dataclass(frozen=True)
class AccountAccess:
    """An account ``principal`` was found to see, with what services read of its row. The store's account-scoped
    reads take this rather than an account id, so reading an account's material requires having been granted it."""

    account_id: str
    name: str
    crm: dict | None
    principal: Principal
    granted_by: object = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.granted_by is not _GRANTED:
            raise TypeError("an AccountAccess is made by access.check_account only")


def check_account(session, principal: Principal, account_id: str) -> AccountAccess:
    """The account, if it exists and ``principal`` may see it. An account they may not see is reported exactly like
    one that does not exist, so its existence does not leak. Reads the one account's row (never every CRM record)."""
    if principal.is_system:
        account, assigned = session.get(AccountRow, account_id), True
    else:  # the account and whether it is assigned to the caller, in one query
        is_assigned = exists().where(AssignmentRow.user_id == principal.user_id, AssignmentRow.account_id == account_id)
        found = session.execute(select(AccountRow, is_assigned).where(AccountRow.id == account_id)).first()
        account, assigned = found if found is not None else (None, False)
    if account is None or not (assigned or _csm_of(principal, account.crm)):
        raise NotFound(f"no account {account_id!r}; `handoff accounts` lists the ones you can see")
    return AccountAccess(account_id=account.id, name=account.name, crm=account.crm, principal=principal,
                         granted_by=_GRANTED)


def _csm_of(principal: Principal, crm: dict | None) -> bool:
    """A CSM sees the accounts whose CRM record names them as owner or incoming CSM (as ``visible_account_ids``)."""
    return principal.role == "csm" and bool(principal.email) and principal.email.lower() in _csm_emails(crm or {})


def has_role(principal: Principal, *roles: Role) -> bool:
    return principal.role in roles


def require_role(principal: Principal, *roles: Role) -> None:
    if not has_role(principal, *roles):
        raise Forbidden(f"this needs the {' or '.join(roles)} role; you are {principal.role}")


def is_outgoing_csm_or_admin(principal: Principal, account: AccountAccess) -> bool:
    """Whether ``principal`` is the account's outgoing CSM (the CRM record's owner) or an admin."""
    if principal.is_system or principal.role == "admin":
        return True
    owner = (account.crm or {}).get("owner_csm") or {}
    email = (owner.get("email") or "").lower() if isinstance(owner, dict) else ""
    return principal.role == "csm" and bool(principal.email) and principal.email.lower() == email


def require_outgoing_csm(principal: Principal, account: AccountAccess, what: str) -> None:
    """Only the account's outgoing CSM (the CRM record's owner) or an admin does ``what``."""
    if not is_outgoing_csm_or_admin(principal, account):
        raise Forbidden(f"only the account's outgoing CSM (the CRM record's owner) or an admin {what}")
