"""The engine protocol and what crosses it.

A service builds one typed request per task (``assistant.engines.requests``): the rendered prompt (for a language
model), the evidence (for any engine: the extractive engine reads it directly) and what that task needs. Every
engine returns the request's result model, whose citations are the evidence ``ref``s it was given; the service
checks them afterwards. What an engine can do beyond answering every request is in its ``capabilities``: services
ask for a capability, never for an engine by name.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Generic, Literal, Protocol, TypeVar

from pydantic import BaseModel, Field

from assistant.models import Provenance, Usage
from ingest.document import Document, SourceType

if TYPE_CHECKING:
    from assistant.engines.requests import EngineRequest

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


class StatementDraft(BaseModel):
    text: str
    provenance: Provenance = "data"
    citations: list[str] = Field(default_factory=list, description="refs of the evidence items that support it")


class SectionDraft(BaseModel):
    statements: list[StatementDraft] = Field(default_factory=list)


class AnswerDraft(BaseModel):
    """An answer to one question: the text, whether the evidence answers it at all, and the refs it rests on."""

    answer: str
    answerable: bool
    citations: list[str] = Field(default_factory=list)


class RewrittenQuestion(BaseModel):
    question: str  # the follow-up made standalone, e.g. "what about their renewal?" -> "When is Acme's renewal?"


class CriteriaJudgement(BaseModel):
    """Whether the passages state measurable success criteria, and the refs of those that do."""

    stated: bool
    citations: list[str] = []


class Capability(StrEnum):
    """What an engine does beyond answering every request with its result model."""

    STREAMS = "streams"  # free text piece by piece (``stream``); without it a service answers, then shows the text
    READS_PROMPTS = "reads_prompts"  # a language model: it reads the rendered prompt, so evidence is budgeted in
    # prompt tokens; without it the engine reads the evidence and the parsed documents directly
    JUDGES_CRITERIA = "judges_criteria"  # its own judgement whether success criteria are stated (not the heuristic)
    EMBEDS_EVIDENCE = "embeds_evidence"  # it embeds the evidence's sentences: vectors stored at ingest save that


class EngineResult(BaseModel, Generic[Output]):
    output: Output
    model: str
    usage: Usage = Field(default_factory=Usage)


class Engine(Protocol):
    name: str  # "openai", "extractive", "scripted": a label for records and metrics, never a switch
    model: str
    capabilities: frozenset[Capability]

    def generate(self, request: EngineRequest, output_type: type[Output] | None = None) -> EngineResult[Output]:
        """The request's result model (``request.result``; ``output_type``, when given, must be that model)."""
        ...

    def stream(self, request: EngineRequest) -> Iterator[str]:
        """Free text, piece by piece (engines with ``Capability.STREAMS``)."""
        ...
