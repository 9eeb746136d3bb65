"""Reads that every question repeats are remembered, never past what they depend on: a parsed document until its
source is ingested again, an access grant for one request's context only (another caller's view checks again). The
store reads an account's material only for an ``AccountAccess``, which only the access check makes."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

import assistant.platform.context
from assistant.access.rules import AccountAccess, SYSTEM
from assistant.chat.service import ask
from assistant.platform.errors import NotFound
from assistant.account.ingest import ingest_path
from assistant.store.documents import load_documents
from assistant.access.users import add_user, assign
from tests_support import stored_documents


def test_a_reingested_source_is_read_anew_not_from_the_remembered_parse(context, tiny_account):
    ingest_path(context, tiny_account, "tiny-co")
    before = {d.source_path: d.body for d in stored_documents(context, "tiny-co").values()}
    assert stored_documents(context, "tiny-co") == stored_documents(context, "tiny-co")
    meeting = next(p for p in (tiny_account / "meetings").iterdir())
    meeting.write_text(meeting.read_text() + "\nThe renewal call moved to Thursday.\n")
    ingest_path(context, tiny_account, "tiny-co")
    after = {d.source_path: d.body for d in stored_documents(context, "tiny-co").values()}
    changed = [path for path in after if after[path] != before.get(path)]
    assert len(changed) == 1 and "moved to Thursday" in after[changed[0]]


def _counted_checks(monkeypatch) -> list[str]:
    checked: list[str] = []
    real = assistant.platform.context.check_account

    def counting(session, principal, account_id):
        checked.append(account_id)
        return real(session, principal, account_id)

    monkeypatch.setattr(assistant.platform.context, "check_account", counting)
    return checked


def test_an_access_grant_is_remembered_for_one_callers_context_only(context, tiny_account, monkeypatch):
    ingest_path(context, tiny_account, "tiny-co")
    reviewer = add_user(context, "Rhea Reviewer", "reviewer")
    assign(context, "Rhea Reviewer", "tiny-co")
    as_reviewer = context.as_principal(reviewer.principal())
    checked = _counted_checks(monkeypatch)
    granted = as_reviewer.account_access("tiny-co")
    assert as_reviewer.account_access("tiny-co") is granted and checked == ["tiny-co"]
    outsider = add_user(context, "Otto Outsider", "reviewer")
    as_outsider = as_reviewer.as_principal(outsider.principal())  # a view made from a view starts afresh
    with pytest.raises(NotFound):
        as_outsider.account_access("tiny-co")
    with pytest.raises(NotFound):
        stored_documents(as_outsider, "tiny-co")
    context.account_access("tiny-co")
    context.account_access("tiny-co")
    assert checked.count("tiny-co") == 5  # the long-lived context views are made from never remembers
    as_operator = context.as_principal(SYSTEM)  # one command's view does
    as_operator.account_access("tiny-co")
    as_operator.account_access("tiny-co")
    assert checked.count("tiny-co") == 6


def test_only_the_access_check_makes_an_account_access(context, tiny_account):
    ingest_path(context, tiny_account, "tiny-co")
    with pytest.raises(TypeError):
        AccountAccess(account_id="tiny-co", name="Tiny Co", crm=None, principal=SYSTEM)
    with context.db.session() as session:
        with pytest.raises(AttributeError):  # a bare account id is not a grant
            load_documents(session, "tiny-co")


def test_one_question_checks_access_once_and_reads_no_other_accounts_crm(context, tiny_account, tmp_path,
                                                                           monkeypatch):
    ingest_path(context, tiny_account, "tiny-co")
    other = tmp_path / "accounts" / "orchard-line"
    (other / "meetings").mkdir(parents=True)
    (other / "meetings" / "2025-10-01-sync.md").write_text(
        "---\ntitle: Sync\ndate: 2025-10-01\nattendees: [Ines Fallon]\nchannel: phone\n---\nThe budget is set.\n")
    ingest_path(context, other, "orchard-line")
    csm = add_user(context, "Mara Quinn", "csm", "mara.quinn@vendor.example")  # the CRM record names her owner
    as_csm = context.as_principal(csm.principal())
    checked = _counted_checks(monkeypatch)
    account_reads: list[str] = []

    def on_statement(conn, cursor, statement, parameters, execution_context, executemany):
        if re.search(r"\bFROM accounts\b", statement):
            account_reads.append(statement)

    event.listen(context.db.engine, "before_cursor_execute", on_statement)
    try:
        answer = ask(as_csm, "tiny-co", "What did Mara promise to send after the kickoff?")
    finally:
        event.remove(context.db.engine, "before_cursor_execute", on_statement)
    assert answer.citations
    assert checked == ["tiny-co"]
    assert len(account_reads) == 1 and re.search(r"WHERE accounts\.id = ", account_reads[0])  # one row, not all
