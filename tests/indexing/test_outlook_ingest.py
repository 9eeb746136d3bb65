"""An Outlook .msg in an account's emails/ folder is indexed as an email, in the same thread as the .eml messages
of its conversation, and the ingest report says what it was read as."""

from __future__ import annotations

import shutil

from assistant.account.ingest import ingest_path
from tests_support import stored_documents
from ingest.document import SourceType

THREAD = ["1-kickoff.eml", "2-reply-received.msg", "3-reply.eml", "4-sent-item.msg"]


def test_msg_files_are_indexed_as_emails_threaded_with_the_eml_files_of_their_conversation(
        context, tmp_path, fixtures_dir):
    emails = tmp_path / "accounts" / "orchard-line" / "emails"
    emails.mkdir(parents=True)
    for name in THREAD:
        shutil.copy(fixtures_dir / "emails" / "outlook" / name, emails / name)

    [report] = ingest_path(context, emails.parent).accounts

    assert report.failures == []
    read_as = {r.path: r.read_as for r in report.read}
    assert read_as["emails/2-reply-received.msg"] == read_as["emails/4-sent-item.msg"] == "email (Outlook .msg)"
    documents = [d for d in stored_documents(context, "orchard-line").values() if d.source_type is SourceType.EMAIL]
    assert sorted(d.source_path for d in documents) == [f"emails/{name}" for name in THREAD]
    assert {d.metadata.thread_id for d in documents} == {"kickoff-1@ourco.example"}
    received = next(d for d in documents if d.source_path == "emails/2-reply-received.msg")
    assert received.metadata.format == "msg" and "Dunmore packing house" in received.body
