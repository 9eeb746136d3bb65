"""The OpenAI engine's retry policy and the mapping of provider failures to ``ProviderError``s that say what to do.

The SDK's own retries are disabled (``max_retries=0``) so that this policy is the only one: 429, 408 and 5xx
answers, timeouts and connection failures are retried with exponential backoff and jitter, honouring
``Retry-After`` (capped); 401/403 and 404 fail at once with the setting to check.
"""

from __future__ import annotations

import email.utils
import logging
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar
from urllib.parse import urlsplit, urlunsplit

import httpx2
from openai import APIConnectionError, APIError, APIStatusError, APITimeoutError

from assistant.platform.errors import ProviderError

log = logging.getLogger(__name__)
T = TypeVar("T")

RETRYABLE_STATUS = {408, 409, 429}
OFFLINE_HINT = "the offline engine (HANDOFF_ENGINE=extractive), which needs no endpoint"


class SchemaRefused(Exception):
    """The server refused a strict ``json_schema`` response format; the engine falls back to JSON mode."""


def refuses_schema(error: APIStatusError) -> bool:
    """Whether an error answer to a ``json_schema`` request means "structured output not supported here".

    llama.cpp answers HTTP 500 naming ``json_schema``; others answer 400/422. A plain 5xx that does not mention the
    response format is treated as a transient failure and retried instead.
    """
    if error.status_code in (400, 422):
        return True
    if error.status_code >= 500:
        text = f"{error.message} {error.body}".lower()
        return any(word in text for word in ("json_schema", "response_format", "schema", "grammar"))
    return False


@dataclass
class RetryPolicy:
    max_retries: int = 3
    base_delay: float = 1.0  # seconds; the n-th retry waits base * 2**n plus up to base of jitter
    max_delay: float = 30.0
    max_retry_after: float = 30.0  # a server's Retry-After is honoured up to this many seconds
    sleep: Callable[[float], None] = field(default=time.sleep)

    def backoff(self, retry: int) -> float:
        return min(self.max_delay, self.base_delay * 2**retry) + random.uniform(0, self.base_delay)


@dataclass
class Endpoint:
    """What error messages may say about the endpoint: its address without credentials, the model, the timeout."""

    base_url: str
    model: str
    timeout: float
    secret: str = ""

    @property
    def shown_url(self) -> str:
        if not self.base_url:
            return "the OpenAI API"
        parts = urlsplit(self.base_url)
        return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))  # no user:password@

    def redact(self, text: str) -> str:
        return text.replace(self.secret, "***") if len(self.secret) >= 4 else text


def retry_after(headers: httpx2.Headers) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms``, ``retry-after`` seconds or HTTP date), if any."""
    if value := headers.get("retry-after-ms"):
        try:
            return max(float(value) / 1000, 0.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        when = email.utils.parsedate_to_datetime(value) if email.utils.parsedate_tz(value) else None
        return max(when.timestamp() - time.time(), 0.0) if when else None


def _excerpt(error: APIStatusError, endpoint: Endpoint, limit: int = 200) -> str:
    message = error.message
    if isinstance(error.body, dict) and isinstance(error.body.get("message"), str):
        message = error.body["message"]
    message = endpoint.redact(" ".join(str(message).split()))
    return message if len(message) <= limit else message[: limit - 1] + "…"


def fatal_status_error(error: APIStatusError, endpoint: Endpoint) -> ProviderError:
    """The ``ProviderError`` for an answer that retrying will not fix."""
    status = error.status_code
    if status in (401, 403):
        return ProviderError(
            f"{endpoint.shown_url} refused the API key (HTTP {status}): check HANDOFF_LLM_API_KEY "
            f"(or OPENAI_API_KEY), or use {OFFLINE_HINT}"
        )
    if status == 404:
        return ProviderError(
            f"{endpoint.shown_url} answered HTTP 404 for model '{endpoint.model}': the model was not found (check "
            "HANDOFF_LLM_MODEL) or the address is wrong (check HANDOFF_LLM_BASE_URL, which usually ends in /v1)"
        )
    return ProviderError(f"{endpoint.shown_url} rejected the request (HTTP {status}: {_excerpt(error, endpoint)})")


def call_with_retries(
    send: Callable[[], T], policy: RetryPolicy, endpoint: Endpoint, *, structured: bool = False
) -> T:
    """``send()``, retried by ``policy``; every failure leaves as a ``ProviderError`` (or ``SchemaRefused``)."""
    retry = 0
    while True:
        wait: float | None = None
        try:
            return send()
        except APIStatusError as error:
            if structured and refuses_schema(error):
                raise SchemaRefused(_excerpt(error, endpoint)) from error
            if error.status_code not in RETRYABLE_STATUS and error.status_code < 500:
                raise fatal_status_error(error, endpoint) from None
            failure = f"HTTP {error.status_code} ({_excerpt(error, endpoint)})"
            wait = retry_after(error.response.headers)
        except (APITimeoutError, httpx2.TimeoutException):
            failure = f"timed out after {endpoint.timeout:g} s"
        except (APIConnectionError, httpx2.TransportError):
            failure = "could not connect"
        except APIError as error:  # e.g. an error event inside a stream
            raise ProviderError(
                f"the language model at {endpoint.shown_url} failed: {endpoint.redact(error.message)[:200]}"
            ) from None
        if retry >= policy.max_retries:
            attempts = "1 attempt" if retry == 0 else f"{retry + 1} attempts"
            raise ProviderError(
                f"the language model at {endpoint.shown_url} failed after {attempts}: {failure}; try again later, "
                f"check HANDOFF_LLM_BASE_URL and HANDOFF_LLM_TIMEOUT_SECONDS, or use {OFFLINE_HINT}"
            ) from None
        delay = min(wait, policy.max_retry_after) if wait is not None else policy.backoff(retry)
        log.warning("language model call failed (%s); retry %d of %d in %.2f s", failure, retry + 1,
                    policy.max_retries, delay)
        policy.sleep(delay)
        retry += 1
