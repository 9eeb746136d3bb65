"""/metrics in Prometheus text format: request latency by route template, ingest volumes and failures, engine
calls, tokens and errors; with several API workers, every worker's values added up (multiprocess mode)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from fakes.openai_server import FakeReply
from prometheus_client.parser import text_string_to_metric_families

from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.engines.base import Evidence, Message, RenderedPrompt
from assistant.engines.requests import AnswerRequest
from assistant.engines.factory import make_ai_engine
from assistant.platform.errors import ProviderError
from assistant.account.ingest import ingest_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def samples(text: str) -> dict[tuple[str, tuple], float]:
    """{(sample name, sorted labels): value} from a Prometheus exposition."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(text: str, name: str, **labels) -> float:
    return samples(text).get((name, tuple(sorted(labels.items()))), 0.0)


def test_request_latency_is_labelled_by_route_template_not_raw_path(make_service):
    service = make_service()
    labels = {"method": "GET", "route": "/api/accounts/{account_id}", "status": "404"}
    before = value(service.get("/metrics").text, "handoff_http_request_duration_seconds_count", **labels)
    service.get("/api/accounts/alpha", token=service.token)
    service.get("/api/accounts/beta", token=service.token)

    text = service.get("/metrics").text

    assert value(text, "handoff_http_request_duration_seconds_count", **labels) - before == 2
    assert "/api/accounts/alpha" not in text


def test_unknown_paths_share_one_label(make_service):
    service = make_service()
    before = value(service.get("/metrics").text, "handoff_http_request_duration_seconds_count", method="GET",
                   route="unmatched", status="404")
    service.get("/no/such/path/1")
    service.get("/no/such/path/2")

    after = value(service.get("/metrics").text, "handoff_http_request_duration_seconds_count", method="GET",
                  route="unmatched", status="404")
    assert after - before == 2


def test_ingest_counts_documents_chunks_and_failures(make_service, tiny_account):
    service = make_service()
    before = service.get("/metrics").text

    report = ingest_path(service.context, tiny_account)

    after = service.get("/metrics").text
    delta = {name: value(after, name) - value(before, name) for name in
             ("handoff_ingest_documents_total", "handoff_ingest_chunks_total", "handoff_ingest_failures_total")}
    assert delta == {"handoff_ingest_documents_total": report.accounts[0].documents,
                     "handoff_ingest_chunks_total": report.accounts[0].chunks,
                     "handoff_ingest_failures_total": 1}  # tiny-co's broken.eml


def test_the_embedding_cache_counts_what_it_remembered_and_what_it_embedded(make_service, tiny_account):
    from assistant.chat.service import ask

    service = make_service()
    ingest_path(service.context, tiny_account)
    question = "Which dashboard refresh failed?"
    ask(service.context, "tiny-co", question)
    before = service.get("/metrics").text

    ask(service.context, "tiny-co", question)  # the same question and passages: every vector is remembered

    after = service.get("/metrics").text
    hits, misses = (value(after, "handoff_embedding_cache_texts_total", result=r)
                    - value(before, "handoff_embedding_cache_texts_total", result=r) for r in ("hit", "miss"))
    assert hits > 0 and misses == 0


def _request(task: str) -> AnswerRequest:
    assert task == AnswerRequest.task
    prompt = RenderedPrompt(name="answer", version="1", messages=[Message(role="user", content="hello")])
    return AnswerRequest(prompt=prompt, evidence=Evidence(), question="hello")


def test_engine_calls_tokens_and_errors_are_counted(make_service, openai_server, tmp_path, embedder):
    from assistant.engines.base import AnswerDraft

    service = make_service()
    context = Context(Settings(data_dir=tmp_path / "llm", llm_base_url=openai_server.base_url, llm_api_key="sk-x",
                               llm_max_retries=0, llm_timeout_seconds=5), embedder=embedder)
    engine = make_ai_engine(context)
    before = service.get("/metrics").text
    openai_server.enqueue(FakeReply.json({"answer": "A", "answerable": False, "citations": []}, usage=(120, 7)),
                          FakeReply.error(401))

    engine.generate(_request("answer"), AnswerDraft)
    with pytest.raises(ProviderError):
        engine.generate(_request("answer"), AnswerDraft)

    after = service.get("/metrics").text
    def grew(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)
    assert grew("handoff_engine_calls_total", engine="openai", task="answer") == 2
    assert grew("handoff_engine_errors_total", engine="openai", task="answer", error="ProviderError") == 1
    assert grew("handoff_engine_tokens_total", engine="openai", kind="prompt") == 120
    assert grew("handoff_engine_tokens_total", engine="openai", kind="completion") == 7
    context.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    request = urllib.request.Request(url, headers={"Connection": "close"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def test_with_two_workers_metrics_add_up_every_workers_requests(tmp_path, chroma_server):
    """`handoff serve --workers 2` (on a Chroma server, as several workers need) puts the workers in prometheus
    multiprocess mode (DATA_DIR/metrics)."""
    port = _free_port()
    handoff = shutil.which("handoff") or str(Path(sys.executable).parent / "handoff")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDOFF_", "PROMETHEUS_"))}
    env["HANDOFF_CHROMA_URL"] = chroma_server
    server = subprocess.Popen([handoff, "--data-dir", str(tmp_path / "data"), "serve", "--port", str(port),
                               "--workers", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    pytest.fail("handoff serve --workers 2 did not start in 120 s")
                time.sleep(0.3)
        time.sleep(3)  # both workers up
        for _ in range(30):
            _get(f"http://127.0.0.1:{port}/healthz")
        text = _get(f"http://127.0.0.1:{port}/metrics")
        served = value(text, "handoff_http_request_duration_seconds_count", method="GET", route="/healthz",
                       status="200")
        assert served >= 31  # every request, whichever worker answered it (each worker alone holds about half)
        assert len(list((tmp_path / "data" / "metrics").glob("*.db"))) >= 2
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
