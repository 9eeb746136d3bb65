"""A scripted OpenAI-compatible server on 127.0.0.1, for driving the real ``openai`` client in tests.

It is a real HTTP server (uvicorn + a small FastAPI app in a background thread) implementing
``POST /v1/chat/completions`` (JSON, and SSE streaming with ``data: [DONE]``) and ``GET /v1/models``.
Tests script it with ``enqueue()``; each chat request takes the next reply from the queue, or the default when the
queue is empty, and every received body is kept in ``requests``::

    from fakes.openai_server import FakeReply

    def test_something(openai_server):
        openai_server.enqueue(FakeReply.error(429, headers={"Retry-After": "0"}),
                              FakeReply.json({"statements": []}))
        settings = Settings(llm_base_url=openai_server.base_url, llm_api_key="test-key")
        ...
        assert openai_server.requests[-1]["messages"][0]["role"] == "system"

Token counting: the server counts ``ceil(characters / 4)`` of every message's text content (the usual rule of
thumb for English with OpenAI tokenizers) and reports it as ``usage.prompt_tokens``; ``completion_tokens`` is the
same count of the reply's content. ``prompt_tokens`` lists the count per received request, for benchmarks.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
import re
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

CHARS_PER_TOKEN = 4
LLAMA_CPP_SCHEMA_REFUSAL = 'response_format type must be one of "text" or "json_object", but got: json_schema'


def count_tokens(text: str) -> int:
    """The fake's token estimate: ``ceil(len(text) / 4)``."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def count_prompt_tokens(body: dict[str, Any]) -> int:
    """Tokens of every message's text content in a chat request body (string or list-of-parts content)."""
    total = 0
    for message in body.get("messages") or []:
        content = message.get("content")
        if isinstance(content, str):
            total += count_tokens(content)
        elif isinstance(content, list):
            total += sum(count_tokens(part.get("text", "")) for part in content if isinstance(part, dict))
    return total


@dataclass(frozen=True)
class FakeReply:
    """One scripted answer: a completion (``content``), or an HTTP error (``status`` >= 400), after ``delay`` s."""

    content: str = ""
    pieces: tuple[str, ...] | None = None  # explicit stream deltas; None splits ``content`` into words
    status: int = 200
    message: str = ""  # error message for an error reply
    body: Any = None  # raw JSON body of an error reply, replacing the OpenAI-shaped one
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    model: str | None = None  # the model reported; None reports the server's model (or echoes the request's)
    usage: tuple[int, int] | None = None  # (prompt, completion) tokens reported instead of the server's count
    finish_reason: str = "stop"

    @classmethod
    def json(cls, payload: Any, **options: Any) -> FakeReply:
        return cls(content=json.dumps(payload), **options)

    @classmethod
    def text(cls, text: str | list[str], **options: Any) -> FakeReply:
        if isinstance(text, list):
            return cls(content="".join(text), pieces=tuple(text), **options)
        return cls(content=text, **options)

    @classmethod
    def error(cls, status: int, message: str = "", **options: Any) -> FakeReply:
        return cls(status=status, message=message or f"fake error {status}", **options)

    def delayed(self, seconds: float) -> FakeReply:
        return dataclasses.replace(self, delay=seconds)

    def stream_pieces(self) -> list[str]:
        if self.pieces is not None:
            return list(self.pieces)
        return re.findall(r"\s*\S+", self.content) or [self.content]


Responder = Callable[[dict[str, Any]], FakeReply]
_ERROR_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 403: "permission_denied",
                404: "invalid_request_error", 429: "rate_limit_exceeded"}


class FakeOpenAIServer:
    """The running fake; ``base_url`` is ``http://127.0.0.1:PORT/v1``."""

    def __init__(self, *, default: FakeReply | Responder = FakeReply.text("OK"), model: str | None = None):
        self.default = default  # a reply, or a function of the request body returning one
        self.model = model  # reported model name; None echoes the requested model
        self.known_models: set[str] | None = None  # when set, other models get OpenAI's 404 "model_not_found"
        self.refuse_json_schema = False  # like llama.cpp: HTTP 500 to response_format.type == "json_schema"
        self.requests: list[dict[str, Any]] = []  # every chat request body, in arrival order
        self.request_headers: list[dict[str, str]] = []
        self.prompt_tokens: list[int] = []  # the server's count for each request
        self._queue: deque[FakeReply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # -- scripting -----------------------------------------------------------------------------------------
    def enqueue(self, *replies: FakeReply) -> None:
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        with self._lock:
            return len(self._queue)

    def reset(self) -> None:
        """Forget scripted replies, recorded requests and modes (the fixture does this between tests)."""
        with self._lock:
            self._queue.clear()
            self.requests.clear()
            self.request_headers.clear()
            self.prompt_tokens.clear()
        self.default = FakeReply.text("OK")
        self.model = None
        self.known_models = None
        self.refuse_json_schema = False

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    # -- lifecycle -----------------------------------------------------------------------------------------
    def start(self) -> FakeOpenAIServer:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        config = uvicorn.Config(self._app(), log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._stopping.clear()
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [listener]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the fake OpenAI server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._stopping.set()  # ends scripted delays at once
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- the HTTP app --------------------------------------------------------------------------------------
    def _next_reply(self, body: dict[str, Any], headers: dict[str, str]) -> FakeReply:
        with self._lock:
            self.requests.append(body)
            self.request_headers.append(headers)
            self.prompt_tokens.append(count_prompt_tokens(body))
            model = str(body.get("model", ""))
            if self.known_models is not None and model not in self.known_models:
                return FakeReply.error(404, f"The model `{model}` does not exist or you do not have access to it.")
            if self.refuse_json_schema and (body.get("response_format") or {}).get("type") == "json_schema":
                return FakeReply.error(500, LLAMA_CPP_SCHEMA_REFUSAL)
            if self._queue:
                return self._queue.popleft()
        return self.default(body) if callable(self.default) else self.default

    async def _wait(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stopping.is_set() and time.monotonic() < deadline:
            await asyncio.sleep(min(0.01, max(deadline - time.monotonic(), 0)))

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/v1/models")
        async def models() -> dict[str, Any]:
            names = sorted(self.known_models) if self.known_models is not None else [self.model or "fake-model"]
            return {"object": "list", "data": [{"id": n, "object": "model", "created": 0, "owned_by": "fake"}
                                               for n in names]}

        @app.post("/v1/chat/completions")
        async def chat_completions(request: Request) -> Response:
            body = await request.json()
            reply = self._next_reply(body, dict(request.headers))
            await self._wait(reply.delay)
            if reply.status >= 400:
                return _error_response(reply)
            completion = _Completion(self, body, reply)
            if body.get("stream"):
                return StreamingResponse(completion.sse(), media_type="text/event-stream")
            return JSONResponse(completion.whole(), headers=reply.headers)

        return app


def _error_response(reply: FakeReply) -> JSONResponse:
    code = "model_not_found" if reply.status == 404 else None
    body = reply.body if reply.body is not None else {
        "error": {"message": reply.message, "type": _ERROR_TYPES.get(reply.status, "server_error"), "param": None,
                  "code": code}}
    return JSONResponse(body, status_code=reply.status, headers=reply.headers)


class _Completion:
    """Renders one successful reply as a chat completion or as its SSE chunks."""

    def __init__(self, server: FakeOpenAIServer, body: dict[str, Any], reply: FakeReply):
        self.body, self.reply = body, reply
        self.model = reply.model or server.model or str(body.get("model", "fake-model"))
        prompt = count_prompt_tokens(body)
        self.usage = reply.usage or (prompt, count_tokens(reply.content))
        self.id = f"chatcmpl-fake-{len(server.requests)}"
        self.created = int(time.time())

    def _usage(self) -> dict[str, int]:
        prompt, completion = self.usage
        return {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion}

    def whole(self) -> dict[str, Any]:
        return {
            "id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": self.reply.content},
                         "finish_reason": self.reply.finish_reason, "logprobs": None}],
            "usage": self._usage(),
        }

    def _chunk(self, delta: dict[str, Any], finish_reason: str | None) -> dict[str, Any]:
        return {"id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": self.model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}

    def sse(self) -> Iterator[str]:
        yield _event(self._chunk({"role": "assistant", "content": ""}, None))
        for piece in self.reply.stream_pieces():
            yield _event(self._chunk({"content": piece}, None))
        yield _event(self._chunk({}, self.reply.finish_reason))
        if (self.body.get("stream_options") or {}).get("include_usage"):
            yield _event({"id": self.id, "object": "chat.completion.chunk", "created": self.created,
                          "model": self.model, "choices": [], "usage": self._usage()})
        yield "data: [DONE]\n\n"


def _event(payload: dict[str, Any]) -> str:
    return f"data: {json.dumps(payload)}\n\n"


@pytest.fixture(scope="session")
def openai_server_session() -> Iterator[FakeOpenAIServer]:
    """One fake server for the whole run (import this together with ``openai_server``)."""
    with FakeOpenAIServer() as server:
        yield server


@pytest.fixture
def openai_server(openai_server_session: FakeOpenAIServer) -> Iterator[FakeOpenAIServer]:
    """The running fake server, with an empty script and no recorded requests; ``.base_url`` ends in ``/v1``."""
    openai_server_session.reset()
    yield openai_server_session
    openai_server_session.reset()
