"""How many requests one API process works on at once: one per core for the CPU-bound offline engine, many when
requests mostly wait for a language model, or what the operator sets."""

import os

import anyio.to_thread
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.platform.config import LLM_API_THREADS, Settings
from assistant.platform.context import Context


def test_the_offline_engine_works_on_one_request_per_core(tmp_path):
    settings = Settings(data_dir=tmp_path, engine="extractive")
    assert settings.resolved_api_threads == (os.cpu_count() or 1)


def test_a_language_model_gets_many_requests_waiting_on_it_at_once(tmp_path):
    settings = Settings(data_dir=tmp_path, engine="openai", llm_base_url="http://127.0.0.1:9/v1")
    assert settings.resolved_api_threads == LLM_API_THREADS == 40


def test_the_operator_setting_wins(tmp_path, monkeypatch):
    monkeypatch.setenv("HANDOFF_API_THREADS", "7")
    monkeypatch.setenv("HANDOFF_ENGINE", "extractive")
    assert Settings(data_dir=tmp_path).resolved_api_threads == 7


def test_the_server_sizes_its_request_thread_pool_from_the_settings(tmp_path, embedder):
    context = Context(Settings(data_dir=tmp_path, engine="extractive", api_threads=3), embedder=embedder)
    with TestClient(create_app(context)) as client:
        tokens = client.portal.call(lambda: anyio.to_thread.current_default_thread_limiter().total_tokens)
    context.close()
    assert tokens == 3
