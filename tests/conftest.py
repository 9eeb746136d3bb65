"""Shared test set-up: no network, a temp data dir per test, and the read-only shared eval data when present."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_EVAL = REPO_ROOT.parent / "shared" / "eval"


def _is_loopback(address) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        return host in {"localhost", "::1"} or host.startswith("127.")
    return isinstance(address, (str, bytes))  # unix sockets are local


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to reach beyond 127.0.0.1 fails the test."""
    real_connect = socket.socket.connect

    def guarded_connect(self, address):
        if not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def shared_eval() -> Path:
    if not SHARED_EVAL.is_dir():
        pytest.skip(f"shared eval data not found at {SHARED_EVAL} (it sits beside the clone in CI)")
    return SHARED_EVAL


@pytest.fixture
def golden_accounts(shared_eval) -> Path:
    return shared_eval / "golden" / "accounts"


@pytest.fixture(scope="session")
def embedder():
    """The real offline model, loaded once for the whole run."""
    from assistant.embeddings import default_embedder

    return default_embedder()


@pytest.fixture
def context(tmp_path, embedder):
    """A service context on real SQLite and embedded Chroma in a temp dir."""
    from assistant.config import Settings
    from assistant.context import Context

    ctx = Context(Settings(data_dir=tmp_path / "data"), embedder=embedder)
    yield ctx
    ctx.close()


@pytest.fixture
def tiny_account(tmp_path) -> Path:
    """A writable copy of the tiny-co fixture account (tests may change or delete its files)."""
    import shutil

    target = tmp_path / "accounts" / "tiny-co"
    shutil.copytree(FIXTURES / "accounts" / "tiny-co", target)
    return target
