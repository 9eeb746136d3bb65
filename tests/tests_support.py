"""Small helpers shared by test modules."""

from __future__ import annotations


def parse_sse(text: str) -> list[tuple[str, str]]:
    """(event, data) pairs of a server-sent-events body."""
    events = []
    for block in text.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            events.append((fields["event"], fields.get("data", "")))
    return events


def stored_documents(context, account_id: str) -> dict:
    """The account's parsed documents as the caller of ``context`` may read them (NotFound if they may not)."""
    from assistant.store.documents import load_documents

    account = context.account_access(account_id)
    with context.db.session() as session:
        return load_documents(session, account)


def stored_chunks(context, account_id: str) -> list:
    """The account's chunk rows as the caller of ``context`` may read them."""
    from assistant.store.documents import load_chunks

    account = context.account_access(account_id)
    with context.db.session() as session:
        return load_chunks(session, account)


def strings(value):
    """Every string in a nested structure of dicts and lists (keys included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(key)
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


# A customer email dated after the fernhill example's material: what arrives once a note has been read.
LATE_FERNHILL_EMAIL = b"""From: Ines Fallon <ines.fallon@fernhill.example>
To: Nadia Voss <nadia.voss@cobaltline.io>
Subject: Sensors pilot: going ahead with all three plants
Date: Tue, 10 Feb 2026 09:30:00 +0000
Message-ID: <pilot-three-plants-0210@fernhill.example>

Hi Nadia, the board approved the sensors pilot for all three plants. We will sign the expansion order by March 6,
and Tomas Greer will own the rollout on our side. Please send the revised quote by February 20.
"""
