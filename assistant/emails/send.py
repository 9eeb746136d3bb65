"""Sending an approved email over SMTP, when a server is configured (``HANDOFF_SMTP_HOST``); without one, approved
emails are export only."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from email.utils import getaddresses

from assistant.platform.config import Settings
from assistant.platform.errors import ConfigError, ProviderError

TIMEOUT_SECONDS = 30


def smtp_send(settings: Settings, message: EmailMessage) -> list[str]:
    """Deliver ``message`` to its To and Cc recipients; returns them. SMTP failures become ProviderError."""
    if not settings.smtp_host:
        raise ConfigError("no SMTP server is configured (HANDOFF_SMTP_HOST), so approved emails are export only: "
                          "`handoff review export ID --out FILE`", fix="set HANDOFF_SMTP_HOST")
    recipients = [email for _, email in getaddresses(message.get_all("To", []) + message.get_all("Cc", []))]
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_SECONDS) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            refused = smtp.send_message(message, to_addrs=recipients)
    except (smtplib.SMTPException, OSError) as error:
        raise ProviderError(f"sending through {settings.smtp_host}:{settings.smtp_port} failed: "
                            f"{type(error).__name__}: {str(error)[:200]}") from None
    return [r for r in recipients if r not in refused]
