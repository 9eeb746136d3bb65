"""Chat messages count like emails in the facts: a promise made in a message has its writer as owner, and the
people who write in a channel are stakeholders last heard from that day."""

from __future__ import annotations

import json
from datetime import date

from assistant.facts.commitments import commitments
from assistant.facts.material import build_material
from assistant.facts.people import stakeholders
from gaps.helpers import crm
from ingest.dispatch import parse_file
from ingest.slack_export import build_directory

USERS = [
    {"id": "U1", "name": "olive", "profile": {"real_name": "Olive Owner", "email": "olive@vendor.io"}},
    {"id": "U2", "name": "pat", "profile": {"real_name": "Pat Buyer", "email": "pat@acme.com",
                                            "title": "Director of Operations"}},
]


def chat_day(*messages: tuple[str, str, str]) -> bytes:
    return json.dumps([{"type": "message", "user": user, "text": text, "ts": ts} for user, text, ts in messages]).encode()


def account(day: bytes):
    directory = build_directory(USERS, [{"id": "C1", "name": "acme-shared", "members": ["U1", "U2"]}])
    documents = [*parse_file(crm().encode(), "crm.json", "acme"),
                 *parse_file(day, "slack/acme-shared/2026-01-12.json", "acme", slack=directory)]
    return build_material("acme", documents)


def test_a_promise_written_in_a_chat_message_is_owned_by_its_writer():
    material = account(chat_day(
        ("U2", "Could we get the SSO runbook before the rollout?", "1768209240.000100"),
        ("U1", "Sure, I'll send the SSO runbook by Jan 20.", "1768209600.000200"),
        ("U2", "Thanks. We will send the network diagram by Jan 22.", "1768210000.000300"),
    ))

    found = {(c.who, c.direction, c.due) for c in commitments(material, date(2026, 1, 13))}

    assert ("Olive Owner", "to_customer", date(2026, 1, 20)) in found
    assert ("Pat Buyer", "by_customer", date(2026, 1, 22)) in found


def test_people_writing_in_a_channel_are_stakeholders_last_heard_from_that_day():
    material = account(chat_day(("U2", "The dashboard export works now.", "1768209240.000100")))

    pat = next(s for s in stakeholders(material) if s.email == "pat@acme.com")

    assert pat.last_contact == date(2026, 1, 12) and pat.is_customer
    assert "slack/acme-shared/2026-01-12.json" in pat.sources
