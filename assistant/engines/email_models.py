"""The facts an email is worded from and what an engine returns for it: what crosses the engine boundary for an
email. The emails package decides the facts; an engine only words them."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

EmailKind = Literal["intro", "farewell"]


class Contact(BaseModel):
    name: str | None = None
    email: str | None = None
    title: str | None = None

    def address(self) -> str:
        """``Name <email>`` for a header, or whichever of the two is known."""
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.email or self.name or ""

    @property
    def first_name(self) -> str:
        parts = (self.name or "").replace("Dr. ", "").split()
        return parts[0] if parts else (self.name or "")


class IncomingCsm(Contact):
    background: str | None = None  # the user's short profile, shown to the customer


class EmailFacts(BaseModel):
    """Everything an email may say, decided before any engine writes: the engines only word it."""

    kind: EmailKind
    account_name: str
    sender: Contact  # the outgoing CSM
    incoming: IncomingCsm
    to: list[Contact]
    cc: list[Contact] = Field(default_factory=list)
    salutation: str  # "Dear Mr. Gaines," or "Hi Rafael,"
    sign_off: str
    formal: bool = False
    reason: str | None = None  # the CRM's reason code: internal, never shown as such
    reason_text: str  # customer-friendly wording of the reason
    concern_text: str | None = None  # a complaint-driven change acknowledges the concern, without blame
    farewell_text: str | None = None
    effective_date: date | None = None
    effective_text: str | None = None  # "February 16, 2026"
    overlap_text: str | None = None  # until when the outgoing CSM stays involved
    outgoing_reachable: bool = False
    changes: list[str] = Field(default_factory=list)
    stays: list[str] = Field(default_factory=list)
    email_only: bool = False
    channel: str | None = None  # "Microsoft Teams", "phone", ...
    call_proposal: str  # a joint intro call (or, for an email-only customer, a written follow-up)
    introduces_self: bool = False  # the outgoing CSM has left: the incoming one writes and signs
    incoming_is_team: bool = False  # a team or pool takes over, not a named person
    preferences: list[str] = Field(default_factory=list)  # the preference lines this was decided from


class EmailContent(BaseModel):
    """What an engine returns for an ``EmailRequest``."""

    subject: str
    body: str
