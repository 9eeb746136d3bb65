"""The engine a golden evaluation runs through, captured call by call for evidence recall.

``"openai"`` is the OpenAI engine against a ``RecordingLLM`` on 127.0.0.1 (no model, no network: every prompt is
recorded and answered with the least valid reply); ``"extractive"`` is the offline engine; ``None`` is whatever the
settings choose, as ``make_ai_engine`` does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pydantic import SecretStr

from assistant.platform.context import Context
from assistant.engines.base import Engine
from assistant.engines.factory import make_ai_engine
from assistant.engines.metered import MeteredEngine
from assistant.platform.errors import InvalidRequest
from assistant.evals.capture import PromptCapture
from assistant.evals.recording_llm import RecordingLLM

ENGINES = ("extractive", "openai")


class GoldenEngines:
    """``for_account(account_id)``: a fresh engine (as each service call would make one), its calls captured."""

    def __init__(self, make: Callable[[], Engine], capture: PromptCapture) -> None:
        self._make, self.capture = make, capture
        self.name = ""  # the engine's, once one was made

    def for_account(self, account_id: str) -> Engine:
        self.capture.account_id = account_id
        engine = self._make()
        self.name = engine.name
        return self.capture.wrap(engine)


@contextmanager
def golden_engines(context: Context, engine: str | None = None) -> Iterator[GoldenEngines]:
    if engine not in (None, *ENGINES):
        raise InvalidRequest(f"the engine is one of {', '.join(ENGINES)}, not {engine!r}")
    if engine is None:
        yield GoldenEngines(lambda: make_ai_engine(context), PromptCapture())
        return
    if engine == "extractive":
        from assistant.engines.extractive import ExtractiveEngine

        yield GoldenEngines(lambda: MeteredEngine(ExtractiveEngine(context.cached_embedder)), PromptCapture())
        return
    from assistant.engines.openai_engine import OpenAIEngine

    with RecordingLLM() as server:
        settings = context.settings.model_copy(update={
            "llm_base_url": server.base_url, "llm_api_key": SecretStr("recording"), "llm_model": server.model,
            "engine": "openai"})
        llm = OpenAIEngine(settings, json_mode=settings.llm_json_mode)
        try:
            shared = MeteredEngine(llm)  # one client for the run: the server answers every call alike
            yield GoldenEngines(lambda: shared, PromptCapture(server))
        finally:
            llm.close()
