"""A comments file exported apart from its ticket is joined to the ticket in the store, whichever of the two arrives
first and whichever changes later; a comments file whose ticket is nowhere is refused and read again next time."""

from __future__ import annotations

import shutil
from pathlib import Path

from assistant.facts.material import load_account
from assistant.account.ingest import ingest_path
from assistant.grounding.retrieval import search
from tests_support import stored_documents

COMMENTS = Path(__file__).parent.parent / "fixtures" / "tickets" / "comments"
ROOT_CAUSE = "Root cause: the scheduler queue was paused"


def _ticket(context, ticket_id: str):
    tickets = [d for d in stored_documents(context, "tiny-co").values() if d.identity == f"ticket:zendesk:{ticket_id}"]
    [ticket] = tickets
    return ticket


def _comments_beside_the_tickets(account: Path) -> None:
    (account / "tickets" / "501").mkdir()
    shutil.copy(COMMENTS / "zendesk_ticket_501_comments.json", account / "tickets" / "501" / "comments.json")


def test_a_comments_file_beside_the_tickets_export_is_joined_to_its_ticket_and_cited_as_the_ticket(
        context, tiny_account):
    _comments_beside_the_tickets(tiny_account)

    report = ingest_path(context, tiny_account)

    [account] = report.accounts
    assert [f.path for f in account.failures] == ["emails/broken.eml"]  # the fixture's own broken file
    assert {r.path: r.read_as for r in account.read}["tickets/501/comments.json"] == \
        "comments on ticket 501 (Zendesk)"
    ticket = _ticket(context, "501")
    assert ROOT_CAUSE in ticket.body and ticket.metadata.comment_count == 2
    assert not [d for d in stored_documents(context, "tiny-co").values() if "comments" in d.identity]
    [hit] = [h for h in search(context, "tiny-co", "why was the scheduler queue paused", k=3)
             if ROOT_CAUSE in h.text]
    assert hit.source_path == "tickets/tickets.json#501" and hit.locator == "comment 2"


def test_comments_arriving_after_their_ticket_are_joined_and_reading_again_changes_nothing(context, tiny_account):
    ingest_path(context, tiny_account)
    _comments_beside_the_tickets(tiny_account)

    later = ingest_path(context, tiny_account).accounts[0]
    again = ingest_path(context, tiny_account).accounts[0]

    assert later.documents == 1 and ROOT_CAUSE in _ticket(context, "501").body
    assert again.documents == 0 and again.read == []


def test_a_ticket_exported_again_keeps_the_comments_joined_to_it_before(context, tiny_account):
    _comments_beside_the_tickets(tiny_account)
    ingest_path(context, tiny_account)
    export = tiny_account / "tickets" / "tickets.json"
    export.write_text(export.read_text().replace('"status": "open"', '"status": "pending"', 1))

    ingest_path(context, tiny_account)

    ticket = _ticket(context, "501")
    assert ticket.metadata.status == "pending" and ROOT_CAUSE in ticket.body


def test_comments_for_a_ticket_that_is_nowhere_are_refused_and_the_rest_is_read(context, tiny_account):
    (tiny_account / "tickets" / "777").mkdir()
    shutil.copy(COMMENTS / "zendesk_ticket_501_comments.json", tiny_account / "tickets" / "777" / "comments.json")

    account = ingest_path(context, tiny_account).accounts[0]

    [failure] = [f for f in account.failures if f.path.startswith("tickets/777")]
    assert "Zendesk ticket 777" in failure.reason and "ingest the ticket export with it" in failure.reason
    assert "tickets/777/comments.json" not in {r.path for r in account.read}
    assert _ticket(context, "501").metadata.comment_count == 1
    assert ingest_path(context, tiny_account).accounts[0].failures[-1].path == "tickets/777/comments.json"


def test_an_account_folder_read_without_a_store_joins_comments_to_their_tickets_too(tiny_account):
    _comments_beside_the_tickets(tiny_account)

    material = load_account(tiny_account)

    tickets = {d.identity: d for d in material.documents if d.source_type.value == "ticket"}
    assert sorted(tickets) == ["ticket:zendesk:501", "ticket:zendesk:502"]
    assert ROOT_CAUSE in tickets["ticket:zendesk:501"].body
