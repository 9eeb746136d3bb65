"""Web app tests: the real app over real stores, signed in through the sign-in form (TestClient), and a real
server on 127.0.0.1 for the browser journeys. Seeded once with the fernhill example account."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.server import create_server
from assistant.http.auth import csrf_token
from assistant.account.ingest import ingest_path
from web_support import EXAMPLES, FERNHILL, make_context, sign_in


@pytest.fixture(scope="session")
def web_seed(tmp_path_factory, embedder) -> Path:
    """The fernhill example ingested once (SQLite + embedded Chroma); tests start from a copy."""
    from assistant.platform.config import Settings
    from assistant.platform.context import Context

    seed = tmp_path_factory.mktemp("web-seed") / "data"
    context = Context(Settings(data_dir=seed), embedder=embedder)
    ingest_path(context, EXAMPLES / FERNHILL)
    context.close()
    return seed


class Browserless:
    """A TestClient per user, signed in through the sign-in form; ``csrf`` is the token its pages carry."""

    def __init__(self, app, tokens: dict[str, str], context) -> None:
        self.app, self.tokens, self.context = app, tokens, context
        self._clients: dict[str, TestClient] = {}

    def __call__(self, who: str) -> TestClient:
        if who not in self._clients:
            client = TestClient(self.app, base_url="http://testserver", follow_redirects=False)
            client.__enter__()
            response = sign_in(client, self.tokens[who], "/accounts")
            assert response.status_code == 303
            self._clients[who] = client
        return self._clients[who]

    def csrf(self, who: str) -> str:
        return csrf_token(self.tokens[who])

    def close(self) -> None:
        for client in self._clients.values():
            client.__exit__(None, None, None)


@pytest.fixture
def web(web_seed, tmp_path, embedder):
    context, tokens = make_context(web_seed, tmp_path / "data", embedder)
    pages = Browserless(create_server(context), tokens, context)
    yield pages
    pages.close()
    context.close()
