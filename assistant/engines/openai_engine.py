"""``OpenAIEngine``: the engine protocol over an OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM, llama.cpp).

Structured output first (``chat.completions.parse`` with a strict ``json_schema``); a server that refuses it gets
JSON mode with the schema in the system message instead, validated with pydantic, and the engine remembers that.
A reply that does not match the schema is re-asked once with the validation error. Retries and error messages live
in ``openai_retry``.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx2
from openai import APIError, ContentFilterFinishReasonError, LengthFinishReasonError, OpenAI
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from assistant.platform.config import Settings
from assistant.engines.base import Capability, EngineResult, Output
from assistant.engines.json_mode import schema_instruction
from assistant.engines.requests import EngineRequest, result_type
from assistant.engines.openai_retry import (
    Endpoint,
    RetryPolicy,
    SchemaRefused,
    call_with_retries,
)
from assistant.platform.errors import ConfigError, ProviderError
from assistant.models import Usage

log = logging.getLogger(__name__)
PLACEHOLDER_KEY = "not-needed"  # local servers ignore the key, but the client insists on one
_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


@dataclass
class _Reply:
    content: str
    model: str
    usage: Usage
    output: BaseModel | None = None
    problem: str = ""  # why the content is not a valid output


class OpenAIEngine:
    name = "openai"
    capabilities: frozenset[Capability] = frozenset(
        {Capability.STREAMS, Capability.READS_PROMPTS, Capability.JUDGES_CRITERIA})

    def __init__(
        self,
        settings: Settings,
        *,
        backoff_base: float = 1.0,
        max_retry_after: float = 30.0,
        json_mode: bool = False,
        sleep: Callable[[float], None] = time.sleep,
    ):
        key = settings.llm_api_key.get_secret_value()
        if not key and not settings.llm_base_url:
            raise ConfigError(
                "the OpenAI engine needs an API key or an endpoint: set HANDOFF_LLM_API_KEY (or OPENAI_API_KEY), "
                "or HANDOFF_LLM_BASE_URL for a local OpenAI-compatible server, or use HANDOFF_ENGINE=extractive",
                fix="set HANDOFF_LLM_API_KEY or HANDOFF_LLM_BASE_URL, or HANDOFF_ENGINE=extractive",
            )
        self.model = settings.llm_model
        self.temperature = settings.llm_temperature
        self.json_mode = json_mode  # True once the server has refused strict json_schema
        self.usage = Usage()  # running total over this engine's calls
        self.last_usage = Usage()  # the last generate() (including any repair) or stream()
        self._endpoint = Endpoint(settings.llm_base_url, self.model, settings.llm_timeout_seconds, secret=key)
        self._policy = RetryPolicy(
            max_retries=settings.llm_max_retries, base_delay=backoff_base, max_retry_after=max_retry_after,
            sleep=sleep,
        )
        self._client = OpenAI(
            api_key=key or PLACEHOLDER_KEY,
            base_url=settings.llm_base_url or None,
            timeout=settings.llm_timeout_seconds,
            max_retries=0,  # the policy is ours (openai_retry)
        )

    def close(self) -> None:
        self._client.close()

    # -- structured ----------------------------------------------------------------------------------------
    def generate(self, request: EngineRequest, output_type: type[Output] | None = None) -> EngineResult[Output]:
        output_type = result_type(request, output_type)
        messages = [message.model_dump() for message in request.prompt.messages]
        self.last_usage = Usage()
        if self.json_mode:
            return self._generate(_with_schema(messages, output_type), output_type, structured=False)
        try:
            return self._generate(messages, output_type, structured=True)
        except SchemaRefused as refusal:
            log.info("the server refused json_schema (%s); trying JSON mode", refusal)
        result = self._generate(_with_schema(messages, output_type), output_type, structured=False)
        self.json_mode = True  # JSON mode worked where json_schema did not: go straight to it from now on
        return result

    def _generate(
        self, messages: list[dict[str, Any]], output_type: type[Output], *, structured: bool
    ) -> EngineResult[Output]:
        for attempt in range(2):  # the reply, then one repair
            reply = call_with_retries(
                lambda: self._ask(messages, output_type, structured), self._policy, self._endpoint,
                structured=structured,
            )
            self._record(reply.usage)
            if reply.output is not None:
                return EngineResult[output_type](output=reply.output, model=reply.model, usage=self.last_usage)
            log.warning("malformed reply from %s (attempt %d): %s", reply.model, attempt + 1, reply.problem)
            messages = [*messages, {"role": "assistant", "content": reply.content}, {"role": "user", "content": (
                f"That reply was not valid: {reply.problem}. Answer again with only the JSON object that matches "
                "the schema, nothing else.")}]
        raise ProviderError(
            f"the model returned a malformed reply twice (last problem: {reply.problem}); try a larger or "
            "instruction-tuned model (HANDOFF_LLM_MODEL) or the offline engine (HANDOFF_ENGINE=extractive)"
        )

    def _ask(self, messages: list[dict[str, Any]], output_type: type[Output], structured: bool) -> _Reply:
        completions = self._client.chat.completions
        common: dict[str, Any] = {"model": self.model, "messages": messages, "temperature": self.temperature}
        if not structured:
            completion = completions.create(response_format={"type": "json_object"}, **common)
            return _reply(completion, self.model, lambda content: _validate(output_type, content))
        raw = completions.with_raw_response.parse(response_format=output_type, **common)
        try:
            parsed = raw.parse()
        except ValidationError as error:
            problem = _describe(error)  # bound now: the except variable is gone once the block ends
            return _reply(ChatCompletion.model_validate(raw.http_response.json()), self.model,
                          lambda content: (None, problem))
        except ContentFilterFinishReasonError:
            raise ProviderError("the provider's content filter stopped the reply; try another model") from None
        except LengthFinishReasonError:
            raise ProviderError(
                "the model's reply was cut off at its token limit before the JSON was complete; shorten the "
                "evidence (HANDOFF_SECTION_TOKEN_BUDGET) or use a model with a larger output limit"
            ) from None
        if not parsed.choices:
            return _reply(parsed, self.model, lambda content: (None, "no choices in the reply"))
        message = parsed.choices[0].message
        if message.refusal:
            raise ProviderError(f"the model refused to answer: {message.refusal[:200]}")
        return _reply(parsed, self.model, lambda content: (message.parsed, "" if message.parsed else "no content"))

    # -- streaming -----------------------------------------------------------------------------------------
    def stream(self, request: EngineRequest) -> Iterator[str]:
        messages = [message.model_dump() for message in request.prompt.messages]
        self.last_usage = Usage()

        def open_stream():  # retried until the first piece of content (or the end) has arrived
            stream = self._client.chat.completions.create(
                model=self.model, messages=messages, temperature=self.temperature, stream=True,
                stream_options={"include_usage": True},
            )
            chunks, head = iter(stream), []
            try:
                for chunk in chunks:
                    head.append(chunk)
                    if any(choice.delta.content for choice in chunk.choices):
                        break
            except BaseException:
                stream.close()
                raise
            return stream, head, chunks

        stream, head, chunks = call_with_retries(open_stream, self._policy, self._endpoint)
        usage = Usage()
        try:
            for chunk in _chain(head, chunks):
                if chunk.usage is not None:
                    usage = Usage(prompt_tokens=chunk.usage.prompt_tokens,
                                  completion_tokens=chunk.usage.completion_tokens)
                for choice in chunk.choices:
                    if choice.delta.content:
                        yield choice.delta.content
        except (APIError, httpx2.HTTPError) as error:
            raise ProviderError(
                f"the stream from {self._endpoint.shown_url} broke off: {self._endpoint.redact(str(error))[:200]}"
            ) from None
        finally:
            stream.close()
        self._record(usage)

    def _record(self, usage: Usage) -> None:
        self.last_usage = self.last_usage + usage
        self.usage = self.usage + usage


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def _reply(completion: ChatCompletion, fallback_model: str, judge: Callable[[str], tuple[Any, str]]) -> _Reply:
    usage = completion.usage
    content = (completion.choices[0].message.content or "") if completion.choices else ""
    output, problem = judge(content) if completion.choices else (None, "no choices in the reply")
    return _Reply(
        content=content,
        model=completion.model or fallback_model,
        usage=Usage(prompt_tokens=usage.prompt_tokens, completion_tokens=usage.completion_tokens)
        if usage
        else Usage(),
        output=output,
        problem=problem,
    )


def _validate(output_type: type[Output], content: str) -> tuple[Output | None, str]:
    fenced = _FENCE.match(content)  # small local models like to wrap JSON in a code fence
    try:
        return output_type.model_validate_json(fenced.group(1) if fenced else content), ""
    except ValidationError as error:
        return None, _describe(error)


def _describe(error: ValidationError, limit: int = 600) -> str:
    parts = []
    for item in error.errors(include_url=False, include_input=False):
        where = ".".join(str(piece) for piece in item["loc"]) or "the reply"
        parts.append(f"{where}: {item['msg']}")
    text = "; ".join(parts) or str(error)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _with_schema(messages: list[dict[str, Any]], output_type: type[BaseModel]) -> list[dict[str, Any]]:
    """The messages with the output's JSON schema appended to the system message (JSON mode has no schema slot)."""
    instruction = schema_instruction(output_type)
    messages = [dict(message) for message in messages]
    for message in messages:
        if message["role"] == "system":
            message["content"] = f"{message['content']}\n\n{instruction}"
            return messages
    return [{"role": "system", "content": instruction}, *messages]
