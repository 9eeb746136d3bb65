"""A local OpenAI-compatible server that records every prompt it is sent: the LLM path measured without a model.

A real HTTP server (uvicorn + a small FastAPI app on 127.0.0.1, on a free port, in a background thread) with
``POST /v1/chat/completions`` (JSON, and SSE streaming) and ``GET /v1/models``. Every request gets the least valid
reply for the format it asks for: with a JSON schema (``json_schema``, or JSON mode with the schema in the system
message, as ``OpenAIEngine`` sends it) the smallest object the schema accepts (empty strings and lists, false, 0),
in plain text ``NOT_IN_RECORD``. Each request is kept with its messages, its prompt tokens (``count_tokens`` of
every message, as the tests' fake counts them) and the caller's ``label`` at the time it arrived (the eval sets it
to the account and task the request serves)::

    with RecordingLLM() as server:
        settings = settings.model_copy(update={"llm_base_url": server.base_url, "llm_api_key": "recording"})
        ...
        server.requests[0].messages, server.requests[0].label
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel

from assistant.grounding.prompts import count_tokens

NOT_IN_RECORD = "NOT_IN_RECORD"  # the plain-text abstention of the streaming answer prompt
_SCHEMA_IN_SYSTEM = re.compile(r"JSON schema:\s*(\{.*\})\s*$", re.DOTALL)


class RecordedRequest(BaseModel):
    label: Any = None
    messages: list[dict[str, str]]
    response_format: str = "text"  # "json_schema", "json_object" or "text"
    stream: bool = False
    prompt_tokens: int

    @property
    def text(self) -> str:
        return "\n".join(message["content"] for message in self.messages)


def minimal_instance(schema: dict[str, Any], definitions: dict[str, Any] | None = None) -> Any:
    """The smallest value a JSON schema accepts: every required property present, with empty or false values."""
    definitions = definitions if definitions is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return minimal_instance(definitions[schema["$ref"].rsplit("/", 1)[-1]], definitions)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"] or schema[key]
            return minimal_instance(options[0], definitions)
    kind = schema.get("type", "object")
    kind = next((k for k in kind if k != "null"), "null") if isinstance(kind, list) else kind
    if kind == "object":
        properties = schema.get("properties", {})
        required = schema.get("required", properties)
        return {name: minimal_instance(properties[name], definitions) for name in required}
    return {"array": [], "string": "", "boolean": False, "integer": 0, "number": 0, "null": None}[kind]


def _messages(body: dict[str, Any]) -> list[dict[str, str]]:
    messages = []
    for message in body.get("messages") or []:
        content = message.get("content")
        if isinstance(content, list):  # list-of-parts content
            content = "".join(part.get("text", "") for part in content if isinstance(part, dict))
        messages.append({"role": str(message.get("role", "")), "content": content or ""})
    return messages


def reply_content(body: dict[str, Any], messages: list[dict[str, str]]) -> str:
    """The least valid reply for the response format the request asks for."""
    response_format = body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        return json.dumps(minimal_instance(response_format["json_schema"]["schema"]))
    if response_format.get("type") == "json_object":
        system = next((m["content"] for m in messages if m["role"] == "system"), "")
        found = _SCHEMA_IN_SYSTEM.search(system)
        return json.dumps(minimal_instance(json.loads(found.group(1)))) if found else "{}"
    return NOT_IN_RECORD


class RecordingLLM:
    """The running server; ``base_url`` ends in ``/v1``. Set ``label`` before the calls to be recorded with it."""

    model = "recording-llm"

    def __init__(self) -> None:
        self.label: Any = None
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> RecordingLLM:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        config = uvicorn.Config(self._app(), log_level="warning", lifespan="off", timeout_graceful_shutdown=1)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [listener]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the recording LLM server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=10)
        self._server = self._thread = None

    def __enter__(self) -> RecordingLLM:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _record(self, body: dict[str, Any]) -> RecordedRequest:
        messages = _messages(body)
        recorded = RecordedRequest(
            label=self.label, messages=messages, stream=bool(body.get("stream")),
            response_format=(body.get("response_format") or {}).get("type", "text"),
            prompt_tokens=sum(count_tokens(m["content"]) for m in messages),
        )
        with self._lock:
            self.requests.append(recorded)
        return recorded

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.get("/v1/models")
        async def models() -> dict[str, Any]:
            return {"object": "list", "data": [{"id": self.model, "object": "model", "created": 0,
                                               "owned_by": "handoff"}]}

        @app.post("/v1/chat/completions")
        async def chat_completions(request: Request):
            body = await request.json()
            recorded = self._record(body)
            completion = _Completion(str(body.get("model") or self.model), reply_content(body, recorded.messages),
                                     recorded.prompt_tokens, len(self.requests))
            if recorded.stream:
                usage = bool((body.get("stream_options") or {}).get("include_usage"))
                return StreamingResponse(completion.sse(usage), media_type="text/event-stream")
            return JSONResponse(completion.whole())

        return app


class _Completion:
    def __init__(self, model: str, content: str, prompt_tokens: int, number: int) -> None:
        self.model, self.content = model, content
        self.id, self.created = f"chatcmpl-rec-{number}", int(time.time())
        self.usage = {"prompt_tokens": prompt_tokens, "completion_tokens": count_tokens(content),
                      "total_tokens": prompt_tokens + count_tokens(content)}

    def whole(self) -> dict[str, Any]:
        return {"id": self.id, "object": "chat.completion", "created": self.created, "model": self.model,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": self.content},
                             "finish_reason": "stop", "logprobs": None}],
                "usage": self.usage}

    def _chunk(self, delta: dict[str, Any], finish_reason: str | None) -> str:
        choice = {"index": 0, "delta": delta, "finish_reason": finish_reason}
        return _event({"id": self.id, "object": "chat.completion.chunk", "created": self.created,
                       "model": self.model, "choices": [choice]})

    def sse(self, usage: bool) -> Iterator[str]:
        yield self._chunk({"role": "assistant", "content": ""}, None)
        yield self._chunk({"content": self.content}, None)
        yield self._chunk({}, "stop")
        if usage:
            yield _event({"id": self.id, "object": "chat.completion.chunk", "created": self.created,
                          "model": self.model, "choices": [], "usage": self.usage})
        yield "data: [DONE]\n\n"


def _event(payload: dict[str, Any]) -> str:
    return f"data: {json.dumps(payload)}\n\n"
