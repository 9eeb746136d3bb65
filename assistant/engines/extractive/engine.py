"""``ExtractiveEngine``: each request type to its extractor. The engine keeps nothing between calls: what one
note's earlier sections said (so no statement appears twice) lives on the note the request belongs to."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import BaseModel

from assistant.indexing.embeddings import Embedder
from assistant.engines.base import Capability, CriteriaJudgement, EngineResult, Output, RewrittenQuestion
from assistant.engines.extractive.answers import answer_question
from assistant.engines.extractive.criteria import judge_criteria
from assistant.engines.extractive.email import render_offline
from assistant.engines.extractive.memory import NoteMemory
from assistant.engines.extractive.note_model import NoteModel, default_note_model
from assistant.engines.extractive.note_sections import PoolObserver, draft_section
from assistant.engines.extractive.rewrite import rewrite_offline
from assistant.engines.requests import (
    AnswerRequest,
    CriteriaRequest,
    EmailRequest,
    EngineRequest,
    NoteSectionRequest,
    RewriteRequest,
    result_type,
)
from assistant.platform.errors import ProviderError


class ExtractiveEngine:
    name = "extractive"
    model = "extractive-v2"
    capabilities: frozenset[Capability] = frozenset({Capability.EMBEDS_EVIDENCE})

    def __init__(self, embedder: Embedder, note_model: NoteModel | None | Literal["default"] = "default",
                 observer: PoolObserver | None = None) -> None:
        """``note_model``: the salience model note sentences are picked by (None: the hand-weighted prior);
        ``observer`` is told every section's candidates (for fitting that model)."""
        self._embedder = embedder
        self._note_model = default_note_model() if note_model == "default" else note_model
        self._observer = observer

    def generate(self, request: EngineRequest, output_type: type[Output] | None = None) -> EngineResult[Output]:
        result_type(request, output_type)
        return EngineResult(output=self._output(request), model=self.model)

    def _output(self, request: EngineRequest) -> BaseModel:
        if isinstance(request, NoteSectionRequest):
            return draft_section(request, self._embedder, self._memory_for(request), self._note_model,
                                 self._observer)
        if isinstance(request, AnswerRequest):
            return answer_question(request, self._embedder)
        if isinstance(request, EmailRequest):  # a Jinja2 template filled with the decided facts
            return render_offline(request.facts)
        if isinstance(request, RewriteRequest):  # the earlier question's key words carried over
            return RewrittenQuestion(question=rewrite_offline(request.question, request.earlier))
        if isinstance(request, CriteriaRequest):  # the phrase heuristic on each passage
            return CriteriaJudgement(stated=judge_criteria(request.evidence))
        raise ProviderError(f"the extractive engine cannot answer a {type(request).__name__}")

    def stream(self, request: EngineRequest) -> Iterator[str]:
        raise ProviderError(f"the extractive engine does not stream ({request.task}): it lacks Capability.STREAMS; "
                            "ask generate() and show the text")

    def _memory_for(self, request: NoteSectionRequest) -> NoteMemory:
        """What this note's earlier sections said, kept on the note itself."""
        memory = request.note.workings.setdefault(self.name, NoteMemory())
        memory.start_section(request.section.key)
        return memory
