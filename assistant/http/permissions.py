"""What the caller may do, for a transport deciding which forms to offer. Each answer is the rule the service itself
enforces, asked rather than restated: the service still refuses, and hiding a form is a courtesy, not the check."""

from __future__ import annotations

from assistant.access.rules import WRITERS, Principal, has_role, is_outgoing_csm_or_admin
from assistant.platform.context import Context
from assistant.emails.lifecycle import may_decide, may_edit
from assistant.handoffs.acceptance import may_accept


def may_write(principal: Principal) -> bool:
    """Upload and ingest sources, draft notes, make and change an account's plan."""
    return has_role(principal, *WRITERS)


def may_answer(context: Context, account_id: str) -> bool:
    """Answer or dismiss the account's gaps and debrief questions, and correct or confirm its note: its outgoing
    CSM or an admin (``access.require_outgoing_csm``)."""
    with context.db.session() as session:
        account = context.account_access(account_id, session)
        return is_outgoing_csm_or_admin(context.principal, account)


__all__ = ["may_accept", "may_answer", "may_decide", "may_edit", "may_write"]
