"""End to end on the shared golden accounts: every file ingests, duplicates collapse, a second run writes nothing."""

from __future__ import annotations

import email
import email.policy
import json

from assistant.account.catalog import list_accounts
from assistant.account.ingest import ingest_path


def _expected_counts(account_dir) -> dict[str, int]:
    message_ids = {
        email.message_from_bytes(p.read_bytes(), policy=email.policy.compat32)["Message-ID"].strip()
        for p in (account_dir / "emails").glob("*.eml")
    }
    tickets = json.loads((account_dir / "tickets" / "tickets.json").read_text())["tickets"]
    meetings = [p for p in (account_dir / "meetings").iterdir() if p.is_file()]
    return {"crm": 1, "email": len(message_ids), "meeting": len(meetings), "ticket": len(tickets)}


def test_every_golden_account_ingests_with_the_right_counts_and_no_failures(context, golden_accounts):
    report = ingest_path(context, golden_accounts)

    assert [a.failures for a in report.accounts] == [[] for _ in report.accounts]
    summaries = {s.account_id: s for s in list_accounts(context)}
    for account_dir in sorted(p for p in golden_accounts.iterdir() if p.is_dir()):
        assert summaries[account_dir.name].documents == _expected_counts(account_dir), account_dir.name
    assert sum(a.duplicates for a in report.accounts) >= 1  # the same Message-ID saved twice is stored once

    again = ingest_path(context, golden_accounts)
    assert [(a.documents, a.chunks) for a in again.accounts] == [(0, 0) for _ in again.accounts]
