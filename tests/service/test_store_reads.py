"""Reads that every question repeats are remembered, never past what they depend on: a parsed document until its
source is ingested again, an access check for one request's context only (another caller's view checks again)."""

from __future__ import annotations

import pytest

from assistant.errors import NotFound
from assistant.indexer import ingest_path
from assistant.store.documents import ensure_visible, load_documents
from assistant.users import add_user, assign


def test_a_reingested_source_is_read_anew_not_from_the_remembered_parse(context, tiny_account):
    ingest_path(context, tiny_account, "tiny-co")
    before = {d.source_path: d.body for d in load_documents(context, "tiny-co").values()}
    assert load_documents(context, "tiny-co") == load_documents(context, "tiny-co")
    meeting = next(p for p in (tiny_account / "meetings").iterdir())
    meeting.write_text(meeting.read_text() + "\nThe renewal call moved to Thursday.\n")
    ingest_path(context, tiny_account, "tiny-co")
    after = {d.source_path: d.body for d in load_documents(context, "tiny-co").values()}
    changed = [path for path in after if after[path] != before.get(path)]
    assert len(changed) == 1 and "moved to Thursday" in after[changed[0]]


def test_an_access_check_is_remembered_for_one_callers_context_only(context, tiny_account):
    ingest_path(context, tiny_account, "tiny-co")
    reviewer = add_user(context, "Rita Reviewer", "reviewer")
    assign(context, "Rita Reviewer", "tiny-co")
    as_reviewer = context.as_principal(reviewer.principal())
    ensure_visible(as_reviewer, "tiny-co")
    assert as_reviewer.visible_accounts == {"tiny-co"}
    outsider = add_user(context, "Oscar Outsider", "reviewer")
    as_outsider = as_reviewer.as_principal(outsider.principal())  # a view made from a view starts afresh
    with pytest.raises(NotFound):
        ensure_visible(as_outsider, "tiny-co")
    with pytest.raises(NotFound):
        load_documents(as_outsider, "tiny-co")
    ensure_visible(context, "tiny-co")
    assert context.visible_accounts == set()  # the long-lived system context never remembers
