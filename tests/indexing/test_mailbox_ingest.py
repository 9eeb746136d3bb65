"""A whole mailbox is streamed, never read whole, and only the account's correspondence is kept: messages with
someone at the customer's domain or naming the customer. What was skipped is counted in the ingest report."""

from __future__ import annotations

import json

from assistant.account.ingest import ingest_path
from tests_support import stored_documents
from ingest.document import SourceType


def _message(n: int, sender: str, to: str, subject: str, body: str) -> str:
    return (f"From {sender} Mon Feb  2 10:{n % 60:02d}:00 2026\nFrom: {sender}\nTo: {to}\nSubject: {subject}\n"
            f"Date: Mon, 02 Feb 2026 10:{n % 60:02d}:00 +0000\nMessage-ID: <m{n}@mail.example>\n\n{body}\n\n")


def _account(tmp_path, messages: list[str], crm: dict | None = None):
    folder = tmp_path / "accounts" / "orchard-line"
    (folder / "emails").mkdir(parents=True)
    if crm is not None:
        (folder / "crm.json").write_text(json.dumps(crm))
    (folder / "emails" / "All mail Including Spam and Trash.mbox").write_text("".join(messages))
    return folder


CRM = {"name": "Orchard Line Growers", "domain": "https://www.orchardline.example", "renewal_date": "2026-09-30"}


def test_a_mailbox_larger_than_the_file_limit_is_streamed_and_filtered_to_the_accounts_correspondence(
        context, tmp_path):
    context.settings.max_file_bytes = 4_000
    unrelated = [_message(n, "newsletter@shop.example", "elena@vendor.example", f"Deal {n}", "Buy now. " * 30)
                 for n in range(40)]
    messages = [*unrelated,
                _message(100, "Tomas Greer <tomas@orchardline.example>", "elena@vendor.example", "Seats",
                         "We need 240 seats."),
                _message(101, "elena@vendor.example", "legal@vendor.example", "Internal: Orchard Line Growers quote",
                         "Please check the Orchard Line Growers quote before Friday.")]
    folder = _account(tmp_path, messages, CRM)

    [report] = ingest_path(context, folder).accounts

    assert report.failures == []
    emails = [d for d in stored_documents(context, "orchard-line").values() if d.source_type is SourceType.EMAIL]
    assert sorted(d.title for d in emails) == ["Internal: Orchard Line Growers quote", "Seats"]
    assert all(d.source_path.startswith("emails/All mail Including Spam and Trash.mbox#") for d in emails)
    [note] = [n for n in report.notes if ".mbox" in n]
    assert "2 messages kept, 40 skipped as not the account's correspondence (no one at orchardline.example" in note
    assert any(r.read_as == "2 × email (mbox)" for r in report.read)


def test_an_unchanged_mailbox_is_not_read_again(context, tmp_path):
    folder = _account(tmp_path, [_message(1, "tomas@orchardline.example", "elena@vendor.example", "Hi", "Hello")],
                      CRM)
    ingest_path(context, folder)

    [again] = ingest_path(context, folder).accounts

    assert again.unchanged >= 1 and not any(".mbox" in r.path for r in again.read)


def test_without_a_crm_record_every_readable_message_is_kept(context, tmp_path):
    messages = [_message(n, f"person{n}@somewhere{n}.example", "elena@vendor.example", f"Note {n}", "Text.")
                for n in range(3)]
    [report] = ingest_path(context, _account(tmp_path, messages)).accounts

    assert any(r.read_as == "3 × email (mbox)" for r in report.read) and report.notes == []
