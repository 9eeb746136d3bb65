"""The account's CRM record is chosen deliberately among the CRM records it holds, and a file that is no CRM record
never takes its place."""

from __future__ import annotations

import json
from datetime import date, datetime

from assistant.account.catalog import forget
from assistant.gaps.service import account_material, find_gaps
from assistant.account.ingest import ingest_path
from assistant.store.documents import crm_record
from ingest.crm import crm_document
from ingest.crm_choice import choose_account_record
from ingest.document import CrmRecord

AS_OF = date(2025, 12, 1)
# A Zendesk comments response: an export of a kind handoff does not take for an account record
COMMENTS_PAGE = {"comments": [{"id": 1, "author_id": 7, "body": "Thanks", "plain_body": "Thanks"}], "count": 1,
                 "next_page": None}


def _record_of(context, account_id: str) -> CrmRecord | None:
    return crm_record(context.account_access(account_id))


def _gap_kinds(context) -> list[tuple[str, str]]:
    return sorted((g.kind, g.detail) for g in find_gaps(context, "tiny-co", AS_OF))


def test_a_misshaped_json_beside_crm_json_changes_nothing_in_the_record_or_the_gaps(context, tiny_account):
    ingest_path(context, tiny_account)
    record, gaps = _record_of(context, "tiny-co"), _gap_kinds(context)
    for path in ("Accounts.json", "calls/0-export.json"):
        (tiny_account / path).parent.mkdir(exist_ok=True)
        (tiny_account / path).write_text(json.dumps(COMMENTS_PAGE))

    report = ingest_path(context, tiny_account)

    [account] = report.accounts
    refused = {f.path: f.reason for f in account.failures if f.path.endswith(".json")}
    assert sorted(refused) == ["Accounts.json", "calls/0-export.json"]
    assert all("Zendesk comments" in reason for reason in refused.values())
    assert _record_of(context, "tiny-co") == record
    assert account_material(context, "tiny-co").crm == record
    assert _gap_kinds(context) == gaps


def test_crm_json_at_the_account_root_speaks_for_the_account_and_the_others_are_reported(context, tiny_account):
    other = json.loads((tiny_account / "crm.json").read_text()) | {"renewal_date": "2027-06-30", "arr_usd": 1}
    (tiny_account / "Accounts.json").write_text(json.dumps(other))  # sorts before crm.json

    report = ingest_path(context, tiny_account)

    assert _record_of(context, "tiny-co").renewal_date == date(2026, 1, 31)
    assert account_material(context, "tiny-co").crm.renewal_date == date(2026, 1, 31)
    assert account_material(context, "tiny-co").crm_source == "crm.json"
    records = [note for note in report.accounts[0].notes if "CRM records" in note]
    assert records == ["2 CRM records for this account: using crm.json; not used: Accounts.json"]


def test_forgetting_the_accounts_record_falls_back_to_the_remaining_one(context, tiny_account):
    other = json.loads((tiny_account / "crm.json").read_text()) | {"renewal_date": "2027-06-30"}
    (tiny_account / "Accounts.json").write_text(json.dumps(other))
    ingest_path(context, tiny_account)

    forget(context, "tiny-co", "crm.json")

    assert _record_of(context, "tiny-co").renewal_date == date(2027, 6, 30)
    forget(context, "tiny-co", "Accounts.json")
    assert _record_of(context, "tiny-co") is None


def _crm(path: str, name: str, modified: str | None = None):
    fields = {"name": name, "arr_usd": 1} | ({"last_modified": modified} if modified else {})
    return crm_document(CrmRecord.model_validate(fields), "json", path, f"path:{path}", "acme-co")


def test_without_a_root_crm_file_the_record_naming_the_account_then_the_newest_wins():
    older = _crm("exports/a.json", "Acme Co", "2026-01-01T00:00:00Z")
    newer = _crm("exports/b.json", "Acme Co", "2026-02-01T00:00:00Z")
    stranger = _crm("exports/0.json", "Someone Else", "2026-03-01T00:00:00Z")

    choice = choose_account_record("acme-co", [stranger, older, newer])

    assert choice.chosen is newer and choice.others == [older, stranger]
    assert choose_account_record("acme-co", [older, _crm("crm.json", "Acme", None)]).chosen.source_path == "crm.json"
    assert choose_account_record("acme-co", []).chosen is None
    assert isinstance(newer.updated_at, datetime)
