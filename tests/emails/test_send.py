"""Sending: only an approved email, only with an SMTP server configured, delivered to To and Cc, recorded."""

from __future__ import annotations

from datetime import date
from email import message_from_bytes, policy

import pytest
from fakes.smtp_server import running_smtp_server

from assistant.access.audit import read_events
from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.emails import service
from assistant.emails.models import EmailStateError
from assistant.platform.errors import ConfigError


@pytest.fixture
def smtp_server():
    with running_smtp_server() as server:
        yield server


def _approved(team) -> int:
    draft = service.draft_email(team["nadia"], "fernhill-creamery", "intro", date(2026, 2, 10))
    service.approve(team["rita"], draft.id)
    return draft.id


@pytest.fixture
def with_smtp(smtp_server):
    """A view of a user's context whose settings point at the local SMTP server (same stores)."""
    opened: list[Context] = []

    def make(context: Context) -> Context:
        settings = Settings(data_dir=context.settings.data_dir, database_url=context.settings.database_url,
                            smtp_host="127.0.0.1", smtp_port=smtp_server.server_address[1], smtp_starttls=False)
        opened.append(Context(settings, embedder=context.embedder))
        return opened[-1].as_principal(context.principal)

    yield make
    for context in opened:
        context.close()


def test_an_approved_email_is_sent_over_smtp_to_to_and_cc(team, smtp_server, with_smtp, fernhill):
    draft_id = _approved(team)
    sent = service.send_email(with_smtp(team["nadia"]), draft_id)

    [delivery] = smtp_server.received
    assert delivery["to"] == ["roduya@fernhillcreamery.com", "elliot.faraday@cobaltline.io"]
    message = message_from_bytes(delivery["data"], policy=policy.default)
    assert message["Subject"] == sent.subject and sent.sent_at is not None
    assert [e.action for e in read_events(fernhill, action="email.send")] == ["email.send"]


def test_an_email_is_sent_once(team, with_smtp):
    draft_id = _approved(team)
    context = with_smtp(team["nadia"])
    service.send_email(context, draft_id)
    with pytest.raises(EmailStateError, match="already sent"):
        service.send_email(context, draft_id)


def test_an_unapproved_email_is_not_sent_even_with_smtp(team, smtp_server, with_smtp):
    draft = service.draft_email(team["nadia"], "fernhill-creamery", "intro", date(2026, 2, 10))
    with pytest.raises(EmailStateError):
        service.send_email(with_smtp(team["nadia"]), draft.id)
    assert smtp_server.received == []


def test_without_an_smtp_host_approved_emails_are_export_only(team):
    draft_id = _approved(team)
    with pytest.raises(ConfigError, match="export only"):
        service.send_email(team["nadia"], draft_id)
    assert service.export_eml(team["nadia"], draft_id).startswith(b"From: ")
