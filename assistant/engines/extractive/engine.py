"""``ExtractiveEngine``: dispatches each task to its extractor."""

from __future__ import annotations

from collections.abc import Iterator

from assistant.embeddings import Embedder
from assistant.engines.base import EngineRequest, EngineResult, Output, SectionDraft
from assistant.engines.extractive.note_sections import draft_section
from assistant.errors import ProviderError
from assistant.models import Usage


class ExtractiveEngine:
    name = "extractive"
    model = "extractive-v1"

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder
        self.usage = Usage()

    def generate(self, request: EngineRequest, output_type: type[Output]) -> EngineResult[Output]:
        if request.task == "note_section" and output_type is SectionDraft:
            output = draft_section(request, self._embedder)
        else:
            raise ProviderError(f"the extractive engine cannot do {request.task!r} into {output_type.__name__}")
        return EngineResult(output=output, model=self.model)

    def stream(self, request: EngineRequest) -> Iterator[str]:
        raise ProviderError(f"the extractive engine does not stream {request.task!r}")
