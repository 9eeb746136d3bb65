"""A draft's life: ``draft -> approved | rejected``. Version 1 is what the engine wrote; every edit adds a version
(an edit of an approved draft sends it back to draft; a rejected draft stays rejected: draft a new one instead).
Approving and rejecting need the reviewer role (strictly: admins do not approve) and a reviewer other than the
draft's author. Every transition is an audit event with who, when and the diff."""

from __future__ import annotations

import difflib
from datetime import datetime, timezone

from sqlalchemy import select

from assistant.access import audit
from assistant.access.rules import Principal, has_role, require_role, visible_account_ids
from assistant.platform.context import Context
from assistant.emails.models import EmailContent, EmailDraft, EmailStateError, EmailVersion, Review
from assistant.platform.errors import Forbidden, NotFound
from assistant.store.email_tables import EmailDraftRow, EmailVersionRow, ReviewRow


EDITORS = ("csm", "reviewer", "admin")  # who may edit a draft (a reviewer edits before approving)


def now() -> datetime:
    return datetime.now(timezone.utc)


def create_draft(context: Context, account_id: str, kind: str, content: EmailContent, to: list[str], cc: list[str],
                 engine: str, model: str, generation: dict) -> EmailDraft:
    principal = context.principal
    with context.db.session() as session:
        context.account_access(account_id, session)
        at = now()
        row = EmailDraftRow(account_id=account_id, kind=kind, status="draft", author_id=principal.user_id,
                            engine=engine, model=model, generation={**generation, "author": principal.name},
                            created_at=at, updated_at=at)
        session.add(row)
        session.flush()
        session.add(EmailVersionRow(draft_id=row.id, version=1, subject=content.subject, body=content.body, to=to,
                                    cc=cc, editor_id=principal.user_id, created_at=at))
        audit.record(context, "email.draft", account_id, "email", row.id,
                     {"kind": kind, "engine": engine, "model": model, "status": "draft", "version": 1},
                     session=session)
        session.flush()
        return _draft(session, row)


def load(context: Context, draft_id: int, session) -> EmailDraftRow:
    """The draft row, if it exists and the caller may see its account (else NotFound either way)."""
    row = session.get(EmailDraftRow, draft_id)
    if row is None:
        raise NotFound(f"no email draft {draft_id}; `handoff review list` shows the drafts you can see")
    try:
        context.account_access(row.account_id, session)
    except NotFound:
        raise NotFound(f"no email draft {draft_id}; `handoff review list` shows the drafts you can see") from None
    return row


def get(context: Context, draft_id: int) -> EmailDraft:
    with context.db.session() as session:
        return _draft(session, load(context, draft_id, session))


def list_drafts(context: Context, account_id: str | None = None, status: str | None = "draft") -> list[EmailDraft]:
    """Drafts of the accounts the caller may see, newest first; by default the review queue (status draft)."""
    with context.db.session() as session:
        query = select(EmailDraftRow).order_by(EmailDraftRow.id.desc())
        if account_id:
            context.account_access(account_id, session)
            query = query.where(EmailDraftRow.account_id == account_id)
        elif (visible := visible_account_ids(session, context.principal)) is not None:
            query = query.where(EmailDraftRow.account_id.in_(visible))
        if status:
            query = query.where(EmailDraftRow.status == status)
        return [_draft(session, row) for row in session.scalars(query)]


def edit(context: Context, draft_id: int, subject: str | None = None, body: str | None = None,
         to: list[str] | None = None, cc: list[str] | None = None) -> EmailDraft:
    """A new version with the changes; an approved draft goes back to draft. No change, no version."""
    require_role(context.principal, *EDITORS)
    with context.db.session() as session:
        row = load(context, draft_id, session)
        if (refusal := _edit_refusal(row.id, row.status, row.sent_at)) is not None:
            raise refusal
        last = _versions(session, row.id)[-1]
        new = dict(subject=last.subject if subject is None else subject, body=last.body if body is None else body,
                   to=last.to if to is None else to, cc=last.cc if cc is None else cc)
        if new == dict(subject=last.subject, body=last.body, to=last.to, cc=last.cc):
            return _draft(session, row)
        at, before = now(), row.status
        session.add(EmailVersionRow(draft_id=row.id, version=last.version + 1, editor_id=context.principal.user_id,
                                    created_at=at, **new))
        row.status, row.updated_at = "draft", at
        audit.record(context, "email.edit", row.account_id, "email", row.id,
                     {"version": last.version + 1, "status": f"{before} -> draft",
                      "diff": unified_diff(_text(last.subject, last.body, last.to, last.cc),
                                           _text(**new), last.version, last.version + 1)},
                     session=session)
        session.flush()
        return _draft(session, row)


def decide(context: Context, draft_id: int, decision: str, comment: str = "") -> EmailDraft:
    """Approve or reject the latest version: a reviewer who is not the draft's author."""
    principal = context.principal
    require_role(principal, "reviewer")
    with context.db.session() as session:
        row = load(context, draft_id, session)
        if (refusal := _decision_refusal(principal, row.id, row.author_id, row.status)) is not None:
            raise refusal
        versions = _versions(session, row.id)
        first, last = versions[0], versions[-1]
        at = now()
        status = "approved" if decision == "approve" else "rejected"
        session.add(ReviewRow(draft_id=row.id, version=last.version, reviewer_id=principal.user_id,
                              decision=status, comment=comment, created_at=at))
        row.status, row.updated_at = status, at
        audit.record(context, f"email.{decision}", row.account_id, "email", row.id,
                     {"version": last.version, "status": f"draft -> {status}", "comment": comment,
                      "diff": unified_diff(_text(first.subject, first.body, first.to, first.cc),
                                           _text(last.subject, last.body, last.to, last.cc), 1, last.version)},
                     session=session)
        session.flush()
        return _draft(session, row)


def may_edit(principal: Principal, draft: EmailDraft) -> bool:
    """Whether ``edit`` would take the principal's changes to this draft (the form to offer)."""
    return has_role(principal, *EDITORS) and _edit_refusal(draft.id, draft.status, draft.sent_at) is None


def may_decide(principal: Principal, draft: EmailDraft) -> bool:
    """Whether ``decide`` would take the principal's approval or rejection of this draft (the form to offer)."""
    return has_role(principal, "reviewer") and \
        _decision_refusal(principal, draft.id, draft.author_id, draft.status) is None


def _edit_refusal(draft_id: int, status: str, sent_at: datetime | None) -> EmailStateError | None:
    if status == "rejected" or sent_at is not None:
        what = "was sent" if sent_at is not None else "was rejected"
        return EmailStateError(f"email {draft_id} {what} and cannot change; draft a new one with `handoff email`")
    return None


def _decision_refusal(principal: Principal, draft_id: int, author_id: int | None,
                      status: str) -> Forbidden | EmailStateError | None:
    if principal.user_id is None:
        return Forbidden("approving needs a reviewer's own account: run it as a reviewer (`--as NAME`)")
    if author_id is not None and author_id == principal.user_id:
        return Forbidden("you drafted this email; another reviewer must approve or reject it")
    if status != "draft":
        return EmailStateError(f"email {draft_id} is {status}; only a draft can be approved or rejected")
    return None


def unified_diff(before: str, after: str, from_version: int, to_version: int) -> str:
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        fromfile=f"v{from_version}", tofile=f"v{to_version}"))


def _text(subject: str, body: str, to: list[str], cc: list[str]) -> str:
    return f"To: {', '.join(to)}\nCc: {', '.join(cc)}\nSubject: {subject}\n\n{body.rstrip()}\n"


def _versions(session, draft_id: int) -> list[EmailVersionRow]:
    return list(session.scalars(select(EmailVersionRow).where(EmailVersionRow.draft_id == draft_id)
                                .order_by(EmailVersionRow.version)))


def _draft(session, row: EmailDraftRow) -> EmailDraft:
    reviews = session.scalars(select(ReviewRow).where(ReviewRow.draft_id == row.id).order_by(ReviewRow.id))
    generation = dict(row.generation or {})
    return EmailDraft(
        id=row.id, account_id=row.account_id, kind=row.kind, status=row.status, author_id=row.author_id,
        author=generation.get("author", ""), sender=generation.get("from", ""), engine=row.engine, model=row.model,
        generation=generation, created_at=row.created_at, updated_at=row.updated_at, sent_at=row.sent_at,
        versions=[EmailVersion(version=v.version, subject=v.subject, body=v.body, to=list(v.to), cc=list(v.cc),
                               editor_id=v.editor_id, created_at=v.created_at)
                  for v in _versions(session, row.id)],
        reviews=[Review(version=r.version, reviewer_id=r.reviewer_id, decision=r.decision, comment=r.comment,
                        created_at=r.created_at) for r in reviews],
    )
