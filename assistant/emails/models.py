"""The nouns of customer emails: the facts an email is drafted from and what an engine returns (defined with the
engine requests, ``assistant.engines.email_models``, and named here too), and a draft with its versions and reviews
as services hand them out."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

from assistant.engines.email_models import Contact, EmailContent, EmailFacts, EmailKind, IncomingCsm  # noqa: F401
from assistant.platform.errors import HandoffError

EmailStatus = Literal["draft", "approved", "rejected"]
KINDS: tuple[str, ...] = ("intro", "farewell")


class EmailStateError(HandoffError):
    """The draft is not in a state that allows this (e.g. exporting an unapproved draft). HTTP: 409 Conflict."""


class EmailVersion(BaseModel):
    version: int
    subject: str
    body: str
    to: list[str]
    cc: list[str]
    editor_id: int | None = None
    created_at: datetime


class Review(BaseModel):
    version: int
    reviewer_id: int | None
    decision: Literal["approved", "rejected"]
    comment: str = ""
    created_at: datetime


class EmailDraft(BaseModel):
    id: int
    account_id: str
    kind: EmailKind
    status: EmailStatus
    author_id: int | None
    author: str  # the name of who drafted it (the local operator has no user id)
    sender: str  # the From header
    engine: str
    model: str
    generation: dict[str, Any] = Field(default_factory=dict)  # prompt version, evidence ids, facts, removed text
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None = None
    versions: list[EmailVersion]
    reviews: list[Review] = Field(default_factory=list)

    @computed_field
    @property
    def current(self) -> EmailVersion:
        return self.versions[-1]

    @property
    def subject(self) -> str:
        return self.current.subject

    @property
    def body(self) -> str:
        return self.current.body
