"""What the chat service returns."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import Citation

NOT_IN_RECORD = "That is not in the record: none of the account's material answers it."


class RelatedDocument(BaseModel):
    """A document near the question that does not answer it: shown under "related, not an answer" on a refusal."""

    source: str
    title: str


class Answer(BaseModel):
    answer: str
    answerable: bool
    citations: list[Citation] = Field(default_factory=list)
    related: list[RelatedDocument] = Field(default_factory=list)  # refusals only; never cited as an answer
    thread_id: str
    question: str
    standalone_question: str  # the question as searched, after follow-up rewriting
    engine: str
    model: str


class Turn(BaseModel):
    position: int
    question: str
    answer: Answer
    created_at: datetime


class Thread(BaseModel):
    thread_id: str
    account_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    turns: list[Turn] = Field(default_factory=list)


class AnswerEvent(BaseModel):
    """One server-sent event of a streamed answer: text pieces, then the checked citations, then done."""

    event: Literal["token", "citations", "done", "error"]
    data: dict
