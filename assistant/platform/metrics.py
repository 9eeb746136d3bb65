"""Prometheus metrics: HTTP latency by route template, ingest volumes and failures, engine calls, tokens, errors, and
the embedding cache's hits and misses.

With several API worker processes, each keeps its own counters; set ``PROMETHEUS_MULTIPROC_DIR`` (``handoff
serve --workers N`` does, to ``DATA_DIR/metrics``) and ``/metrics`` adds up every worker's values. The variable
must be set before the process starts, because prometheus-client reads it when it is imported.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from prometheus_client import (
    CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess,
)

from assistant.platform.config import prometheus_multiproc_dir
from assistant.models import Usage

HTTP_SECONDS = Histogram(
    "handoff_http_request_duration_seconds", "HTTP request latency by route template",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
INGEST_DOCUMENTS = Counter("handoff_ingest_documents", "Sources (documents) written to the index")
INGEST_UNCHANGED = Counter("handoff_ingest_unchanged", "Files and sources skipped because nothing changed")
INGEST_CHUNKS = Counter("handoff_ingest_chunks", "Chunks embedded and written to the index")
INGEST_FAILURES = Counter("handoff_ingest_failures", "Files that could not be read or parsed")
ENGINE_CALLS = Counter("handoff_engine_calls", "Engine calls (generate or stream)", ["engine", "task"])
ENGINE_ERRORS = Counter("handoff_engine_errors", "Engine calls that failed", ["engine", "task", "error"])
ENGINE_TOKENS = Counter("handoff_engine_tokens", "Tokens the language model reported", ["engine", "kind"])
EMBEDDING_CACHE = Counter("handoff_embedding_cache_texts", "Texts asked of the embedding cache (questions, queries, "
                          "answer sentences), by whether their vector was remembered", ["result"])
ENGINE_SECONDS = Histogram(
    "handoff_engine_call_duration_seconds", "Engine call latency", ["engine", "task"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
)


def record_ingest(documents: int, unchanged: int, chunks: int, failures: int) -> None:
    INGEST_DOCUMENTS.inc(documents)
    INGEST_UNCHANGED.inc(unchanged)
    INGEST_CHUNKS.inc(chunks)
    INGEST_FAILURES.inc(failures)


def record_tokens(engine: str, usage: Usage) -> None:
    if usage.prompt_tokens:
        ENGINE_TOKENS.labels(engine, "prompt").inc(usage.prompt_tokens)
    if usage.completion_tokens:
        ENGINE_TOKENS.labels(engine, "completion").inc(usage.completion_tokens)


@contextmanager
def engine_call(engine: str, task: str) -> Iterator[None]:
    """Counts one engine call, its latency, and its failure (by exception class) if it raises."""
    ENGINE_CALLS.labels(engine, task).inc()
    started = time.perf_counter()
    try:
        yield
    except BaseException as error:
        ENGINE_ERRORS.labels(engine, task, type(error).__name__).inc()
        raise
    finally:
        ENGINE_SECONDS.labels(engine, task).observe(time.perf_counter() - started)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus text format, summed over worker processes in multiprocess mode."""
    if prometheus_multiproc_dir():
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
