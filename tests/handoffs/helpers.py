"""The tiny-co fixture account recast as "Orchard Line", whose CSMs the tests change between ingests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.account.ingest import ingest_path
from plan.helpers import rewrite_crm

AS_OF = date(2025, 10, 20)
ACCOUNT = "tiny-co"
INES = {"name": "Ines Fallon", "email": "ines.fallon@vendor.example"}
TOMAS = {"name": "Tomas Greer", "email": "tomas.greer@vendor.example"}
ELENA = {"name": "Elena Marsh", "email": "elena.marsh@vendor.example"}
TRANSITION = {"reason": "territory change", "effective_date": "2025-11-17"}


def set_crm(account_dir: Path, owner=INES, incoming=None, transition=None) -> None:
    """The account's CRM record with these CSMs and this transition section (None: the field is absent)."""
    rewrite_crm(account_dir, name="Orchard Line", owner_csm=owner, incoming_csm=incoming, transition=transition)


def ingest(context, account_dir: Path):
    [report] = ingest_path(context, account_dir, as_of=AS_OF).accounts
    return report
