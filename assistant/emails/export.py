"""An approved email as an RFC 5322 message (``.eml``): From the outgoing CSM (or the configured sender), To/Cc,
Subject, Date, Message-ID, MIME-Version and a text/plain UTF-8 body. Anything not approved is refused."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, getaddresses

from assistant.emails.models import EmailDraft, EmailStateError
from assistant.platform.errors import ConfigError, InvalidRequest


def require_approved(draft: EmailDraft, action: str) -> None:
    if draft.status != "approved":
        raise EmailStateError(
            f"email {draft.id} is {draft.status}: only an approved email can be {action}; a reviewer approves it "
            f"with `handoff review approve {draft.id} --as REVIEWER`"
        )


def sender_of(draft: EmailDraft, default_from: str) -> str:
    sender = draft.sender if "@" in draft.sender else default_from
    if "@" not in (sender or ""):
        raise ConfigError("the email has no sender address (the CRM names no owner CSM email): set "
                          "HANDOFF_EMAIL_FROM", fix="set HANDOFF_EMAIL_FROM")
    return sender


def message_id(draft: EmailDraft, sender: str) -> str:
    """A Message-ID fixed per approved version, so an exported file and the sent message match."""
    stored = draft.generation.get("message_ids", {}).get(str(draft.current.version))
    domain = getaddresses([sender])[0][1].rpartition("@")[2] or "handoff.local"
    return stored or f"<handoff.{draft.id}.v{draft.current.version}.{secrets.token_hex(6)}@{domain}>"


def build_message(draft: EmailDraft, default_from: str, when: datetime | None = None) -> EmailMessage:
    require_approved(draft, "exported")
    sender = sender_of(draft, default_from)
    message = EmailMessage(policy=SMTP)
    message["From"] = _address(sender)
    message["To"] = [_address(a) for a in draft.current.to]
    if draft.current.cc:
        message["Cc"] = [_address(a) for a in draft.current.cc]
    message["Subject"] = draft.current.subject
    message["Date"] = format_datetime(when or datetime.now(timezone.utc))
    message["Message-ID"] = message_id(draft, sender)
    message.set_content(draft.current.body, subtype="plain", charset="utf-8")
    return message  # EmailMessage adds MIME-Version: 1.0 with the content


def _address(text: str) -> Address:
    name, email = getaddresses([text])[0]
    if "@" not in email:
        raise InvalidRequest(f"{text!r} is not an email address; edit the recipients with `handoff review edit`")
    user, _, domain = email.rpartition("@")
    return Address(display_name=name, username=user, domain=domain)


def to_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=SMTP)
