"""Customer emails as the CLI and the HTTP API use them. Every function checks account access in the store layer
(``check_account``: an account the caller may not see is reported as not found) and what its action needs: anyone
who may see the account may draft (a reviewer too: then another reviewer approves); approving and rejecting need
the reviewer role and a reviewer other than the author; exporting and sending need an approved draft."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from assistant.access import audit
from assistant.platform.context import Context
from assistant.emails import lifecycle
from assistant.emails.compose import check_content, email_request
from assistant.emails.drafting import build_facts
from assistant.emails.export import build_message, to_bytes
from assistant.emails.models import KINDS, EmailDraft, EmailKind, EmailStateError, IncomingCsm
from assistant.emails.send import smtp_send
from assistant.engines.base import Capability, Engine, Evidence
from assistant.engines.factory import make_ai_engine
from assistant.platform.errors import InvalidRequest
from assistant.grounding.evidence import gather_evidence
from assistant.gaps.service import account_material
from assistant.grounding.prompts import prompt_version
from assistant.store.user_tables import UserRow

EVIDENCE_QUERIES = ["communication preference channel email formal", "transition new CSM introduction",
                    "recent priorities goals concerns", "escalation concern complaint"]
EVIDENCE_BUDGET_TOKENS = 1800

list_drafts = lifecycle.list_drafts
get_draft = lifecycle.get
edit_draft = lifecycle.edit


def draft_email(context: Context, account_id: str, kind: EmailKind, as_of: date | None = None,
                engine: Engine | None = None) -> EmailDraft:
    """Draft the account's intro or farewell email (version 1, status draft, author the caller)."""
    if kind not in KINDS:
        raise InvalidRequest(f"the email kind is intro or farewell, not {kind!r}")
    as_of = as_of or date.today()
    account = context.account_access(account_id)
    material = account_material(context, account_id)
    facts = build_facts(material, account.name, kind, _incoming_profile(context, material), as_of)
    engine = engine or make_ai_engine(context)
    reads_prompts = Capability.READS_PROMPTS in engine.capabilities  # else a template is filled with the facts
    evidence = gather_evidence(context, account_id, EVIDENCE_QUERIES, EVIDENCE_BUDGET_TOKENS, include_crm=False) \
        if reads_prompts else Evidence()
    result = engine.generate(email_request(facts, evidence, as_of))
    content, removed = check_content(result.output, facts, evidence)
    generation = {
        "prompt": f"email_{kind}", "prompt_version": prompt_version(f"email_{kind}"),
        "template": None if reads_prompts else f"email_{kind}.txt.j2",  # the offline template filled
        "as_of": as_of.isoformat(), "evidence_ids": [i.chunk_id for i in evidence.items],
        "usage": result.usage.model_dump(), "from": facts.sender.address(),
        "facts": facts.model_dump(mode="json"), "removed_sentences": removed,
    }
    return lifecycle.create_draft(context, account_id, kind, content, [c.address() for c in facts.to],
                                  [c.address() for c in facts.cc], engine.name, result.model, generation)


def approve(context: Context, draft_id: int, comment: str = "") -> EmailDraft:
    return lifecycle.decide(context, draft_id, "approve", comment)


def reject(context: Context, draft_id: int, comment: str) -> EmailDraft:
    if not comment.strip():
        raise InvalidRequest("say why the email is rejected (--comment); the author reads it")
    return lifecycle.decide(context, draft_id, "reject", comment)


def export_eml(context: Context, draft_id: int) -> bytes:
    """The approved email as ``.eml`` bytes (refused unless approved)."""
    draft = lifecycle.get(context, draft_id)
    message = build_message(draft, context.settings.email_from)
    _record(context, draft, "email.export", message["Message-ID"], sent=False)
    return to_bytes(message)


def send_email(context: Context, draft_id: int) -> EmailDraft:
    """Send the approved email over SMTP (refused unless approved, or when it was sent already)."""
    draft = lifecycle.get(context, draft_id)
    if draft.sent_at is not None:
        raise EmailStateError(f"email {draft_id} was already sent at {draft.sent_at:%Y-%m-%d %H:%M}")
    message = build_message(draft, context.settings.email_from)
    delivered = smtp_send(context.settings, message)
    _record(context, draft, "email.send", message["Message-ID"], sent=True, recipients=delivered)
    return lifecycle.get(context, draft_id)


def _record(context: Context, draft: EmailDraft, action: str, msgid: str, sent: bool,
            recipients: list[str] | None = None) -> None:
    with context.db.session() as session:
        row = lifecycle.load(context, draft.id, session)
        ids = dict(row.generation.get("message_ids", {}))
        ids[str(draft.current.version)] = msgid
        row.generation = {**row.generation, "message_ids": ids}
        if sent:
            row.sent_at = lifecycle.now()
        detail = {"version": draft.current.version, "message_id": msgid}
        if recipients is not None:
            detail["recipients"] = recipients
        audit.record(context, action, row.account_id, "email", row.id, detail, session=session)


def _incoming_profile(context: Context, material) -> IncomingCsm | None:
    """The incoming CSM as a user of handoff (matched by email, else name), with the title and background set on
    the user; None when the CRM names nobody or no user matches."""
    person = material.crm.incoming_csm if material.crm else None
    if person is None:
        return None
    with context.db.session() as session:
        row = None
        if person.email:
            row = session.scalar(select(UserRow).where(UserRow.email == person.email.lower()))
        if row is None and person.name:
            row = session.scalar(select(UserRow).where(UserRow.name == person.name))
    if row is None:
        return None
    return IncomingCsm(name=person.name or row.name, email=person.email or row.email, title=row.title,
                       background=row.background)


__all__ = ["approve", "draft_email", "edit_draft", "export_eml", "get_draft", "list_drafts", "reject",
           "send_email"]
