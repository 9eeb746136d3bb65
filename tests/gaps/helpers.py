"""Build small accounts in code: file name -> text, parsed the way ingest parses a folder."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.facts.material import AccountMaterial, build_material
from ingest.dispatch import parse_file

CRM = {
    "account_id": "acme", "name": "Acme Co", "domain": "acme.com", "arr_usd": 50000, "contract_start": "2025-06-01",
    "renewal_date": "2026-05-31", "seats_purchased": 100, "seats_active": 80, "health_score": 70,
    "owner_csm": {"name": "Olive Owner", "email": "olive@vendor.io"},
    "incoming_csm": {"name": "Ian Incoming", "email": "ian@vendor.io"},
    "primary_contact": {"name": "Pat Buyer", "email": "pat@acme.com", "title": "Director of Operations"},
    "executive_sponsor": {"name": "Sam Boss", "email": "sam@acme.com", "title": "COO"},
    "success_criteria": "Cut reporting time by 50%", "communication_preference": "Email",
}


def crm(**changes) -> str:
    return json.dumps({**CRM, **changes})


def meeting(date: str | None, body: str, attendees: list[str] | None = None, channel: str | None = "video",
            title: str = "Check-in") -> str:
    head = [f"title: {title}"]
    if date:
        head.append(f"date: {date}")
    if attendees is not None:
        head.append("attendees: [" + ", ".join(f'"{a}"' for a in attendees) + "]")
    if channel:
        head.append(f"channel: {channel}")
    return "---\n" + "\n".join(head) + "\n---\n" + body + "\n"


def email(sender: str, to: str, date: str, subject: str, body: str, message_id: str,
          in_reply_to: str | None = None, extra: str = "") -> str:
    headers = [f"From: {sender}", f"To: {to}", f"Date: {date}", f"Subject: {subject}", f"Message-ID: <{message_id}>"]
    if in_reply_to:
        headers += [f"In-Reply-To: <{in_reply_to}>", f"References: <{in_reply_to}>"]
    return "\n".join(headers) + extra + "\n\n" + body + "\n"


def tickets(*items: dict) -> str:
    return json.dumps({"tickets": list(items)})


def material(files: dict[str, str], account_id: str = "acme") -> AccountMaterial:
    documents = []
    for path, text in files.items():
        documents.extend(parse_file(text.encode(), path, account_id))
    return build_material(account_id, documents)


def load_truth(path: Path) -> dict:
    return json.loads(path.read_text())
