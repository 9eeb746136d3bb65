"""An engine wrapped so that every call is counted in the metrics: calls and latency by engine and task, failures
by error class, and the tokens the language model reported. Anything else is the wrapped engine's."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

from assistant.platform import metrics
from assistant.engines.base import Engine, EngineResult, Output
from assistant.engines.requests import EngineRequest
from assistant.models import Usage

log = logging.getLogger("handoff.engine")


class MeteredEngine:
    def __init__(self, engine: Engine) -> None:
        self.inner = engine
        self.name, self.capabilities = engine.name, engine.capabilities

    def __getattr__(self, attribute: str):
        return getattr(self.inner, attribute)

    def generate(self, request: EngineRequest, output_type: type[Output] | None = None) -> EngineResult[Output]:
        started = time.perf_counter()
        with metrics.engine_call(self.name, request.task):
            result = self.inner.generate(request, output_type)
        self._done(request, result.usage, started)
        return result

    def stream(self, request: EngineRequest) -> Iterator[str]:
        started = time.perf_counter()
        with metrics.engine_call(self.name, request.task):
            yield from self.inner.stream(request)
        usage = getattr(self.inner, "last_usage", None)
        self._done(request, usage if isinstance(usage, Usage) else Usage(), started)

    def _done(self, request: EngineRequest, usage: Usage, started: float) -> None:
        metrics.record_tokens(self.name, usage)
        log.info("engine %s %s", self.name, request.task, extra={
            "engine": self.name, "task": request.task, "model": getattr(self.inner, "model", ""),
            "prompt": request.prompt.name, "evidence": len(request.evidence.items),
            "prompt_tokens": usage.prompt_tokens, "completion_tokens": usage.completion_tokens,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1)})
