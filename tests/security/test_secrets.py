"""Secrets stay secret: the database never holds a raw API token (only its SHA-256), and no log line of a whole
flow (API calls with tokens, a language-model call with an API key, an SMTP login with a password) carries any."""

from __future__ import annotations

import logging
from email.message import EmailMessage
from pathlib import Path

import pytest
from fakes.openai_server import FakeReply
from fakes.smtp_server import running_smtp_server
from sqlalchemy import inspect, select, text

from assistant.platform.config import Settings
from assistant.emails.send import smtp_send
from assistant.platform.errors import ProviderError
from assistant.account.ingest import ingest_path
from assistant.access.users import create_token, hash_token, revoke_tokens

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "accounts"
API_KEY = "sk-live-9f8e7d6c5b4a39281706f5e4d3c2b1a0"
SMTP_PASSWORD = "smtp-pa55word-Zq81!"


def every_stored_value(context) -> str:
    """Every value of every row of every table, as text."""
    engine = context.db.engine
    values = []
    with engine.connect() as connection:
        for table in inspect(engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                values.extend(str(v) for v in row)
    return "\n".join(values)


def test_the_database_holds_token_hashes_never_tokens(make_service):
    service = make_service()
    second = create_token(service.context, "ada", label="laptop").token
    service.get("/api/me", token=service.token)  # a login: audit row, last_used_at
    service.get("/api/me", token=second + "x")  # a failure: a sign-in throttle row
    revoke_tokens(service.context, "ada")

    stored = every_stored_value(service.context)
    files = b"".join(p.read_bytes() for p in service.context.settings.data_dir.rglob("handoff.db*"))

    for token in (service.token, second, second + "x"):
        secret_part = token.removeprefix("hnd_")
        assert secret_part not in stored and secret_part.encode() not in files
    assert hash_token(service.token) in stored


def test_a_stored_hash_does_not_sign_in(make_service):
    service = make_service()
    from assistant.store.user_tables import TokenRow

    with service.context.db.session() as session:
        stored_hash = session.scalar(select(TokenRow.token_hash))

    assert service.get("/api/me", token=stored_hash).status_code == 401


@pytest.fixture
def smtp_server():
    with running_smtp_server(auth=True, refuse_logins=1) as server:  # the first login fails, the retry succeeds
        yield server


def test_no_log_line_of_a_whole_flow_carries_a_secret(make_service, json_logs, openai_server, smtp_server):
    service = make_service(llm_base_url=openai_server.base_url, llm_api_key=API_KEY, llm_max_retries=1,
                           llm_timeout_seconds=5, smtp_host="127.0.0.1", smtp_port=smtp_server.server_address[1],
                           smtp_username="csm-bot", smtp_password=SMTP_PASSWORD, smtp_starttls=False)
    context = service.context
    ingest_path(context, EXAMPLES / "fernhill-creamery" / "crm.json", account_id="fernhill-creamery")
    from assistant.access.users import assign

    assign(context, "ada", "fernhill-creamery")
    openai_server.enqueue(
        FakeReply.error(429, headers={"Retry-After": "0"}),  # a retry, logged as a warning
        FakeReply.json({"answer": "March 31, 2026.", "answerable": True, "citations": ["E1"]}),
        FakeReply.error(401, f"Incorrect API key provided: {API_KEY}"),  # a provider echoing the key back
    )
    headers = {"Authorization": f"Bearer {service.token}"}
    asked = service.client.post("/api/accounts/fernhill-creamery/ask", json={"question": "When is the renewal?"},
                                headers=headers)
    refused = service.client.post("/api/accounts/fernhill-creamery/ask", json={"question": "And the price?"},
                                  headers=headers)
    service.get("/api/me", token="hnd_not-a-real-token-0123456789")
    logging.getLogger("handoff.test").warning("a careless caller logs %s and %s",
                                              f"Authorization: Bearer {service.token}", API_KEY)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "nadia@example.com", "margit@example.com", "Hello"
    message.set_content("Hello")
    with pytest.raises(ProviderError):
        smtp_send(context.settings, message)  # 535: logged by nobody, but the error must not carry the password
    smtp_send(context.settings, message)

    assert asked.status_code == 200 and refused.status_code == 502
    assert API_KEY in openai_server.request_headers[-1]["authorization"]  # the key really was used...
    assert SMTP_PASSWORD.encode() in smtp_server.credentials[-1]  # ...and so was the password
    captured = json_logs.text
    assert "handoff.engine" in captured and "a careless caller" in captured  # the flow was logged
    for secret in (API_KEY, SMTP_PASSWORD, service.token, "hnd_not-a-real-token-0123456789"):
        assert secret not in captured
    assert SMTP_PASSWORD not in refused.text and API_KEY not in refused.text
