"""A handoff as the CLI, the API and the web pages see it: who hands the account to whom, from when, and its state."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel

HandoffStatus = Literal["open", "accepted", "superseded"]
HandoffTrigger = Literal["owner_changed", "incoming_csm_named", "transition_appeared"]
Side = Literal["handing over", "taking over"]  # the signed-in user's part in a handoff


class Csm(BaseModel):
    """A CSM as the CRM record names them (either part may be missing)."""

    name: str | None = None
    email: str | None = None

    def label(self) -> str:
        return self.name or self.email or "?"


class Handoff(BaseModel):
    id: int
    account_id: str
    outgoing: Csm | None
    incoming: Csm | None  # None while the CRM has a transition section but names nobody yet
    reason: str | None
    effective_date: date | None
    status: HandoffStatus
    trigger: HandoffTrigger
    opened_at: datetime
    opened_by: str  # "ingest", or the user who opened it
    accepted_at: datetime | None = None
    accepted_by: str | None = None
    superseded_by: int | None = None
    yours: Side | None = None  # set for the user who asked, when they are its outgoing or incoming CSM

    def summary(self) -> str:
        """``Ines Fallon -> Tomas Greer, effective 2026-03-02, open`` (and the reader's part, if any)."""
        people = f"{self.outgoing.label() if self.outgoing else '?'} -> " \
                 f"{self.incoming.label() if self.incoming else 'incoming CSM not named yet'}"
        parts = [people, f"effective {self.effective_date.isoformat()}" if self.effective_date else "no date yet",
                 self.status]
        return ", ".join(parts) + (f" (you are {self.yours})" if self.yours else "")
