"""Access is resolved once per request: a question (answered or streamed) or a debrief agenda checks the caller's
access to the account once, reading that one account's row, not every CRM record; another account stays not found."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

import assistant.platform.context


@pytest.fixture
def account_reads(api_context):
    """The SQL statements reading the accounts table while a test runs."""
    reads: list[str] = []

    def on_statement(conn, cursor, statement, parameters, execution_context, executemany):
        if re.search(r"\bFROM accounts\b", statement):
            reads.append(statement)

    event.listen(api_context.db.engine, "before_cursor_execute", on_statement)
    yield reads
    event.remove(api_context.db.engine, "before_cursor_execute", on_statement)


@pytest.fixture
def access_checks(monkeypatch) -> list[str]:
    checked: list[str] = []
    check = getattr(assistant.platform.context, "check_account", None)

    def counting(session, principal, account_id):
        checked.append(account_id)
        return check(session, principal, account_id)

    if check is not None:
        monkeypatch.setattr(assistant.platform.context, "check_account", counting)
    return checked


@pytest.mark.parametrize("route", ["/ask", "/ask/stream"])
def test_a_question_checks_access_once_reading_one_account_row(api, account_reads, access_checks, route):
    api.get("nadia", "/api/accounts")  # the sign-in and listing reads are not the question's
    account_reads.clear()
    response = api.post("nadia", f"/api/accounts/fernhill-creamery{route}", json={"question": "Who signs the renewal?"})
    assert response.status_code == 200
    assert access_checks == ["fernhill-creamery"]
    assert len(account_reads) == 1 and re.search(r"WHERE accounts\.id = ", account_reads[0])


def test_the_debrief_agenda_checks_access_once(api, account_reads, access_checks):
    response = api.get("nadia", "/api/accounts/fernhill-creamery/debrief", params={"as_of": "2026-02-06"})
    assert response.status_code == 200
    assert access_checks == ["fernhill-creamery"]
    assert len(account_reads) == 1


def test_a_question_about_an_account_the_caller_does_not_own_is_not_found_after_one_check(api, access_checks):
    response = api.post("joanna", "/api/accounts/fernhill-creamery/ask", json={"question": "Who signs the renewal?"})
    assert response.status_code == 404
    assert access_checks == ["fernhill-creamery"]
