"""Operations tests: the real app on real stores in a temp dir, and the service's own log formatter capturing every
line the process writes while a test runs."""

from __future__ import annotations

import io
import json
import logging

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.platform.logs import JsonFormatter
from assistant.access.users import add_user, create_token


class Service:
    """A running app (TestClient), its context, and one admin's bearer token."""

    def __init__(self, context: Context, client: TestClient, token: str) -> None:
        self.context, self.client, self.token = context, client, token

    def get(self, url: str, token: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.get(url, headers=headers, **kwargs)


@pytest.fixture
def make_service(tmp_path, embedder):
    """``make_service(**settings)``: the app over a fresh data dir, with an admin user "ada" and her token."""
    opened: list[tuple[Context, TestClient]] = []

    def make(**settings) -> Service:
        context = Context(Settings(data_dir=tmp_path / f"data{len(opened)}", **settings), embedder=embedder)
        add_user(context, "ada", "admin", "ada@example.com")
        token = create_token(context, "ada").token
        client = TestClient(create_app(context))
        client.__enter__()
        opened.append((context, client))
        return Service(context, client, token)

    yield make
    for context, client in opened:
        client.__exit__(None, None, None)
        context.close()


class LogCapture:
    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    @property
    def text(self) -> str:
        return self.stream.getvalue()

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.text.splitlines() if line.strip()]


@pytest.fixture
def json_logs():
    """Every log record of the process, at DEBUG and up, through the service's JSON formatter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield LogCapture(stream)
    root.removeHandler(handler)
    root.setLevel(previous)
