"""The engine protocol and what crosses it.

A service builds an ``EngineRequest``: the task name, the rendered prompt (for a language model), and the evidence
(for any engine: the extractive engine reads it directly). Every engine returns the same pydantic output models,
whose citations are the evidence ``ref``s it was given; the service checks them afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, Field

from assistant.models import Provenance, Usage
from ingest.document import Document, SourceType

Output = TypeVar("Output", bound=BaseModel)


class Message(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str


class RenderedPrompt(BaseModel):
    name: str
    version: str
    messages: list[Message]


class EvidenceItem(BaseModel):
    ref: str  # the short id the engine cites, e.g. "E3"
    chunk_id: str
    source_id: str
    source_path: str
    source_type: SourceType
    title: str
    date: datetime | None = None
    author: str | None = None
    locator: str | None = None
    header: str
    text: str


class EvidenceFact(BaseModel):
    """A statement the account model makes about the task (who holds a role now...), resting on evidence items."""

    text: str
    refs: list[str]  # the items holding the passages it rests on
    subject: str | None = None  # the person it is about, when it is about one
    complete: bool = False  # it answers in full: no passage need follow it
    refusal: bool = False  # the record does not hold what is asked: the answer is "not in the record"


class Evidence(BaseModel):
    items: list[EvidenceItem] = Field(default_factory=list)
    facts: list[EvidenceFact] = Field(default_factory=list)
    # The parsed documents the items came from, by source id: structure (ticket status, attendees, CRM fields)
    # for engines that read it. Never rendered into a prompt as a whole.
    documents: dict[str, Document] = Field(default_factory=dict)

    def by_ref(self) -> dict[str, EvidenceItem]:
        return {item.ref: item for item in self.items}


class EngineRequest(BaseModel):
    task: str  # "note_section", "answer", "email", ...
    prompt: RenderedPrompt
    evidence: Evidence
    as_of: date | None = None
    params: dict[str, Any] = Field(default_factory=dict)  # task specifics, e.g. the section key and instructions


class StatementDraft(BaseModel):
    text: str
    provenance: Provenance = "data"
    citations: list[str] = Field(default_factory=list, description="refs of the evidence items that support it")


class SectionDraft(BaseModel):
    statements: list[StatementDraft] = Field(default_factory=list)


class EngineResult(BaseModel, Generic[Output]):
    output: Output
    model: str
    usage: Usage = Field(default_factory=Usage)


class Engine(Protocol):
    name: str  # "openai" or "extractive"
    model: str

    def generate(self, request: EngineRequest, output_type: type[Output]) -> EngineResult[Output]:
        """A structured answer of ``output_type`` to the request."""
        ...

    def stream(self, request: EngineRequest) -> Iterator[str]:
        """Free text, piece by piece."""
        ...


class AnswerDraft(BaseModel):
    """An answer to one question: the text, whether the evidence answers it at all, and the refs it rests on."""

    answer: str
    answerable: bool
    citations: list[str] = Field(default_factory=list)


class RewrittenQuestion(BaseModel):
    question: str  # the follow-up made standalone, e.g. "what about their renewal?" -> "When is Acme's renewal?"
