"""One typed request per task, each naming its result model.

Every request carries the rendered prompt (what a language model reads), the evidence (what the extractive engine
reads) and ``as_of``; each task adds what it needs, so no engine digs in a dict or guesses. ``task`` is a label for
metrics, logs and evaluation records, never a switch: engines dispatch on the request's type.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from assistant.engines.base import (
    AnswerDraft,
    CriteriaJudgement,
    Evidence,
    RenderedPrompt,
    RewrittenQuestion,
    SectionDraft,
)
from assistant.engines.email_models import EmailContent, EmailFacts


class EngineRequest(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    task: ClassVar[str] = "request"
    result: ClassVar[type[BaseModel]]

    prompt: RenderedPrompt
    evidence: Evidence = Field(default_factory=Evidence)
    as_of: date | None = None

    @property
    def subject(self) -> str:
        """What the request is about, for records: a section's key, a question."""
        return ""


class NoteInProgress:
    """One note being drafted section by section. The service drafting a note makes one and hands it with every
    section's request, so a new note is never guessed at; an engine that must remember what earlier sections said
    (the extractive engine: so no statement appears twice) keeps that here, under its own name, never on itself.
    Drafting the same sections again is a new note: ``NoteSectionRequest.in_new_note``."""

    def __init__(self) -> None:
        self.workings: dict[str, Any] = {}

    def __repr__(self) -> str:
        return f"NoteInProgress({sorted(self.workings)})"


class SectionBrief(BaseModel):
    """What an engine is told about the section it drafts (from the note template's section)."""

    key: str
    title: str
    instructions: str = ""
    queries: list[str] = Field(default_factory=list)
    max_statements: int = 6


class NoteSectionRequest(EngineRequest):
    task: ClassVar[str] = "note_section"
    result: ClassVar[type[BaseModel]] = SectionDraft

    section: SectionBrief
    account_name: str
    note: NoteInProgress = Field(default_factory=NoteInProgress, exclude=True)  # working state, never serialised

    @property
    def subject(self) -> str:
        return self.section.key

    def in_new_note(self, note: NoteInProgress) -> NoteSectionRequest:
        return self.model_copy(update={"note": note})


class AnswerRequest(EngineRequest):
    task: ClassVar[str] = "answer"
    result: ClassVar[type[BaseModel]] = AnswerDraft

    question: str  # standalone (a follow-up already rewritten)

    @property
    def subject(self) -> str:
        return self.question


class EmailRequest(EngineRequest):
    task: ClassVar[str] = "email"
    result: ClassVar[type[BaseModel]] = EmailContent

    facts: EmailFacts  # everything the email may say, decided before any engine words it


class RewriteRequest(EngineRequest):
    """A follow-up question made standalone from the questions asked before it in the thread."""

    task: ClassVar[str] = "rewrite_question"
    result: ClassVar[type[BaseModel]] = RewrittenQuestion

    question: str
    earlier: list[str]
    account_name: str


class CriteriaRequest(EngineRequest):
    """Whether the evidence (passages that mention a success plan) states measurable success criteria."""

    task: ClassVar[str] = "success_criteria"
    result: ClassVar[type[BaseModel]] = CriteriaJudgement


def result_type(request: EngineRequest, output_type: type[BaseModel] | None) -> type[BaseModel]:
    """The request's result model; an ``output_type`` that is not it is a programming error."""
    if output_type is not None and output_type is not request.result:
        raise TypeError(f"a {type(request).__name__} returns {request.result.__name__}, not {output_type.__name__}")
    return request.result
