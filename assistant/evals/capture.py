"""What each engine call of an evaluation was given, labelled by account, task and subject (a note section's key or
a question).

``PromptCapture.wrap(engine)`` returns the engine with every request noted before it is served, behaviour
unchanged. Offline, a record holds the evidence the extractive engine reads (each item's header and text). On the
LLM path, the engine talks to a ``RecordingLLM``; the capture labels each request it sends, and a record holds the
messages the server received.
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel

from assistant.engines.base import Engine, EngineResult, Output
from assistant.engines.requests import EngineRequest
from assistant.evals.recording_llm import RecordingLLM
from assistant.grounding.prompts import prompt_tokens


class PromptLabel(BaseModel):
    account_id: str
    task: str  # "note_section", "success_criteria", "answer", "email", "rewrite_question"
    subject: str = ""  # the section key of a note section, the question of an answer


class PromptRecord(PromptLabel):
    text: str  # what the engine was given
    tokens: int  # prompt tokens (ceil(chars / 4) of every message) of the request


def subject_of(request: EngineRequest) -> str:
    return request.subject


def evidence_text(request: EngineRequest) -> str:
    return "\n".join(f"{item.header}\n{item.text}" for item in request.evidence.items)


class PromptCapture:
    """Set ``account_id`` before the calls made for an account; ``records()`` afterwards."""

    def __init__(self, server: RecordingLLM | None = None) -> None:
        self.server = server
        self.account_id = ""
        self._offline: list[PromptRecord] = []

    def wrap(self, engine: Engine) -> Engine:
        return _CapturingEngine(engine, self)

    def note(self, request: EngineRequest) -> None:
        label = PromptLabel(account_id=self.account_id, task=request.task, subject=subject_of(request))
        if self.server is not None:
            self.server.label = label
            return
        self._offline.append(PromptRecord(**label.model_dump(), text=evidence_text(request),
                                          tokens=prompt_tokens(request.prompt)))

    def records(self) -> list[PromptRecord]:
        if self.server is None:
            return list(self._offline)
        return [PromptRecord(**r.label.model_dump(), text=r.text, tokens=r.prompt_tokens)
                for r in self.server.requests if isinstance(r.label, PromptLabel)]


class _CapturingEngine:
    def __init__(self, engine: Engine, capture: PromptCapture) -> None:
        self.inner, self.capture = engine, capture
        self.name, self.model, self.capabilities = engine.name, engine.model, engine.capabilities

    def __getattr__(self, attribute: str):
        return getattr(self.inner, attribute)

    def generate(self, request: EngineRequest, output_type: type[Output] | None = None) -> EngineResult[Output]:
        self.capture.note(request)
        return self.inner.generate(request, output_type)

    def stream(self, request: EngineRequest) -> Iterator[str]:
        self.capture.note(request)
        yield from self.inner.stream(request)
