"""Shared test set-up: no network, a temp data dir per test, and the read-only shared eval data when present."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from fakes.openai_server import openai_server, openai_server_session  # noqa: F401  (fixtures)

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
def model():
    """The real offline model, loaded once for the whole run."""
    from assistant.indexing.embeddings import default_embedder

    return default_embedder()


@pytest.fixture(scope="session")
def embedder(model):
    """The real model behind a cache for the whole run: the suite ingests the same fixture texts again and again, and
    each distinct text is embedded once. Tests of the model itself use ``model``."""
    from assistant.indexing.embedding_cache import CachedEmbedder

    return CachedEmbedder(model, max_entries=1_000_000)


POSTGRES_URL = os.environ.get("HANDOFF_TEST_DATABASE_URL", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """Service tests run on SQLite always, and on PostgreSQL too when HANDOFF_TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        return ""
    if not POSTGRES_URL:
        pytest.skip("PostgreSQL variant: set HANDOFF_TEST_DATABASE_URL (CI points it at the local server)")
    from sqlalchemy import create_engine, text

    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:  # each test starts from an empty schema
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()
    return POSTGRES_URL


@pytest.fixture
def context(request, tmp_path, embedder, database_url):
    """A service context on real stores: SQLite and embedded Chroma in a temp dir, or the scale configuration
    (PostgreSQL and a Chroma server, both emptied first) in the PostgreSQL variant."""
    from assistant.platform.config import Settings
    from assistant.platform.context import Context

    chroma_url = request.getfixturevalue("empty_chroma_server") if database_url else ""
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url, chroma_url=chroma_url)
    ctx = Context(settings, embedder=embedder)
    yield ctx
    ctx.close()


@pytest.fixture
def tiny_account(tmp_path) -> Path:
    """A writable copy of the tiny-co fixture account (tests may change or delete its files)."""
    import shutil

    target = tmp_path / "accounts" / "tiny-co"
    shutil.copytree(FIXTURES / "accounts" / "tiny-co", target)
    return target


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory):
    """A Chroma server (``chroma run``, shipped with chromadb) on 127.0.0.1, for the client/server path."""
    import shutil
    import subprocess
    import sys
    import time
    import urllib.request

    executable = shutil.which("chroma") or str(Path(sys.executable).parent / "chroma")
    if not Path(executable).exists():
        pytest.skip("the `chroma` command is not installed")
    port = _free_port()
    process = subprocess.Popen(
        [executable, "run", "--path", str(tmp_path_factory.mktemp("chroma-server")), "--host", "127.0.0.1",
         "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # it starts in ~5 s on a loaded 2-core machine
            try:
                urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the Chroma server did not start within 30 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def empty_chroma_server(chroma_server) -> str:
    """The session's Chroma server with every collection dropped, so a test starts from an empty index."""
    from assistant.platform.config import Settings
    from assistant.store.vectors import make_chroma_client

    client = make_chroma_client(Settings(chroma_url=chroma_server))
    for collection in client.list_collections():
        client.delete_collection(collection.name)
    return chroma_server


@pytest.fixture
def run(tmp_path, embedder):
    """The ``handoff`` command line over a data directory of the test's own; ``run("ingest", path)``."""
    from typer.testing import CliRunner

    from assistant.cli import app

    runner = CliRunner()
    data_dir = tmp_path / "data"

    def invoke(*args: str):
        return runner.invoke(app, ["--data-dir", str(data_dir), *args])

    return invoke
