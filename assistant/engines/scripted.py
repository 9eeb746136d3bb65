"""``ScriptedEngine``: an in-process engine for service tests. No model, no HTTP: a test scripts what each request
type returns (outputs in turn, or a function of the request), declares the capabilities the engine is to have, and
reads back every request it was given. A request nothing was scripted for is an error that says so.

    engine = ScriptedEngine(capabilities={Capability.READS_PROMPTS})
    engine.script(AnswerRequest, AnswerDraft(answer="May 1 [E1]", answerable=True, citations=["E1"]))
    ask(context, "acme", "When is the renewal?", engine=engine)
    assert engine.requests[0].question == "When is the renewal?"
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pydantic import BaseModel

from assistant.engines.base import Capability, EngineResult, Output
from assistant.engines.requests import EngineRequest, result_type
from assistant.platform.errors import ProviderError

Reply = BaseModel | dict[str, Any] | Callable[[EngineRequest], BaseModel | dict[str, Any]]


class ScriptedEngine:
    name = "scripted"

    def __init__(self, capabilities: Iterable[Capability] = (Capability.READS_PROMPTS, Capability.STREAMS,
                                                              Capability.JUDGES_CRITERIA),
                 model: str = "scripted-1") -> None:
        """By default it behaves as a language model would (reads prompts, streams, judges criteria)."""
        self.capabilities = frozenset(capabilities)
        self.model = model
        self.requests: list[EngineRequest] = []
        self._replies: dict[type[EngineRequest], deque[Reply]] = {}
        self._always: dict[type[EngineRequest], Reply] = {}
        self._streams: deque[list[str]] = deque()

    def script(self, request_type: type[EngineRequest], *replies: Reply, always: Reply | None = None) -> None:
        """``replies`` answer that request type's next calls in turn (an output model, a dict of its fields, or a
        function of the request); ``always`` answers every call after them."""
        self._replies.setdefault(request_type, deque()).extend(replies)
        if always is not None:
            self._always[request_type] = always

    def script_stream(self, *pieces: str) -> None:
        """The pieces the next ``stream`` call yields."""
        self._streams.append(list(pieces))

    def calls(self, request_type: type[EngineRequest]) -> list[EngineRequest]:
        return [r for r in self.requests if isinstance(r, request_type)]

    def generate(self, request: EngineRequest, output_type: type[Output] | None = None) -> EngineResult[Output]:
        output_type = result_type(request, output_type)
        self.requests.append(request)
        queued = self._replies.get(type(request))
        reply = queued.popleft() if queued else self._always.get(type(request))
        if reply is None:
            raise ProviderError(f"the scripted engine has no reply scripted for a {type(request).__name__}")
        if callable(reply) and not isinstance(reply, BaseModel):
            reply = reply(request)
        output = output_type.model_validate(reply if isinstance(reply, dict) else reply.model_dump())
        return EngineResult(output=output, model=self.model)

    def stream(self, request: EngineRequest) -> Iterator[str]:
        if Capability.STREAMS not in self.capabilities:
            raise ProviderError("the scripted engine was made without Capability.STREAMS")
        self.requests.append(request)
        if not self._streams:
            raise ProviderError(f"the scripted engine has no stream scripted for a {type(request).__name__}")
        yield from self._streams.popleft()
