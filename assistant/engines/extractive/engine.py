"""``ExtractiveEngine``: dispatches each task to its extractor. One engine drafts one note's sections in turn, and
remembers what earlier sections said so that no statement appears twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from assistant.embeddings import Embedder
from assistant.engines.base import AnswerDraft, EngineRequest, EngineResult, Output, SectionDraft
from assistant.engines.extractive.answers import answer_question
from assistant.engines.extractive.memory import NoteMemory
from assistant.engines.extractive.note_model import NoteModel, default_note_model
from assistant.engines.extractive.note_sections import PoolObserver, draft_section
from assistant.errors import ProviderError
from assistant.models import Usage


class ExtractiveEngine:
    name = "extractive"
    model = "extractive-v2"

    def __init__(self, embedder: Embedder, note_model: NoteModel | None | Literal["default"] = "default",
                 observer: PoolObserver | None = None) -> None:
        """``note_model``: the salience model note sentences are picked by (None: the hand-weighted prior);
        ``observer`` is told every section's candidates (for fitting that model)."""
        self._embedder = embedder
        self._note_model = default_note_model() if note_model == "default" else note_model
        self._observer = observer
        self._memory = NoteMemory()
        self._note: tuple | None = None
        self.usage = Usage()

    def generate(self, request: EngineRequest, output_type: type[Output]) -> EngineResult[Output]:
        if request.task == "note_section" and output_type is SectionDraft:
            output = draft_section(request, self._embedder, self._memory_for(request), self._note_model,
                                   self._observer)
        elif request.task == "answer" and output_type is AnswerDraft:
            output = answer_question(request, self._embedder)
        elif request.task == "email":  # the offline email: a Jinja2 template filled with the decided facts
            from assistant.emails.compose import offline_email

            output = offline_email(request, output_type)
        else:
            raise ProviderError(f"the extractive engine cannot do {request.task!r} into {output_type.__name__}")
        return EngineResult(output=output, model=self.model)

    def stream(self, request: EngineRequest) -> Iterator[str]:
        raise ProviderError(f"the extractive engine does not stream {request.task!r}")

    def _memory_for(self, request: EngineRequest) -> NoteMemory:
        """The memory of the note this section belongs to: a new account, date or a section seen before starts a
        new note."""
        note = (request.params.get("account_name"), request.as_of)
        if note != self._note:
            self._note = note
            self._memory = NoteMemory()
        self._memory.start_section(request.params["section"]["key"])
        return self._memory
