"""Several processes on one set of stores (the scale path): API workers and ingest workers share a SQL database
and a Chroma server; embedded Chroma is refused for several API workers."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
import pytest
from sqlalchemy import select

from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.account.ingest import ingest_path
from assistant.store.migrate import current_revision
from assistant.store.tables import ChunkRow, SourceRow
from assistant.access.users import add_user, assign, create_token

HANDOFF = str(Path(sys.executable).parent / "handoff")


def _environment(chroma_url: str = "", database_url: str = "") -> dict[str, str]:
    return dict(os.environ, HANDOFF_CHROMA_URL=chroma_url, HANDOFF_DATABASE_URL=database_url,
                HANDOFF_ENGINE="extractive")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_processes_opening_a_new_store_at_once_all_find_the_schema_ready(tmp_path, database_url):
    url = database_url or f"sqlite:///{tmp_path / 'handoff.db'}"
    opener = "import sys; from assistant.store.db import Database; Database(sys.argv[1]).close()"

    processes = [subprocess.Popen([sys.executable, "-c", opener, url], stderr=subprocess.PIPE, text=True)
                 for _ in range(3)]
    outcomes = [(process.wait(timeout=120), process.stderr.read()) for process in processes]

    assert [code for code, _ in outcomes] == [0, 0, 0], outcomes
    from assistant.store.db import make_sql_engine

    engine = make_sql_engine(url)
    assert current_revision(engine) is not None
    engine.dispose()


def test_two_ingest_workers_on_different_accounts_run_at_once_and_the_stores_agree(
    tmp_path, empty_chroma_server, database_url, tiny_account
):
    (tiny_account / "emails" / "broken.eml").unlink()  # every file valid: each worker should exit 0
    second = tiny_account.parent / "tiny-two"
    shutil.copytree(tiny_account, second)
    data_dir = tmp_path / "data"
    environment = _environment(empty_chroma_server, database_url)

    workers = [
        subprocess.Popen([HANDOFF, "--data-dir", str(data_dir), "ingest", str(folder), "--json"], env=environment,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for folder in (tiny_account, second)
    ]
    outcomes = [(worker.wait(timeout=300), worker.stderr.read()) for worker in workers]

    assert [code for code, _ in outcomes] == [0, 0], outcomes
    context = Context(Settings(data_dir=data_dir, chroma_url=empty_chroma_server, database_url=database_url))
    for account_id in ("tiny-co", "tiny-two"):
        with context.db.session() as session:
            sql_ids = set(session.scalars(select(ChunkRow.id).where(ChunkRow.account_id == account_id)))
            statuses = set(session.scalars(select(SourceRow.status).where(SourceRow.account_id == account_id)))
        assert sql_ids and sql_ids == context.vectors.ids(account_id)
        assert statuses == {"ready"}
    context.close()


def test_serve_refuses_several_workers_with_embedded_chroma(tmp_path):
    port = str(_free_port())
    command = [HANDOFF, "--data-dir", str(tmp_path / "data"), "serve", "--workers", "2", "--port", port]
    try:
        result = subprocess.run(command, env=_environment(), capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("`handoff serve --workers 2` started a server on embedded Chroma instead of refusing")

    assert result.returncode == 2
    assert "HANDOFF_CHROMA_URL" in result.stderr


NEW_MEETING = """---
title: Dashboard theme request
date: 2025-10-02
---
The customer asked for a zebra-striped dashboard theme before the quarterly review.
"""


@pytest.mark.parametrize(  # one run, on the most scaled SQL store at hand (the ingest test covers both)
    "database_url", ["postgresql" if os.environ.get("HANDOFF_TEST_DATABASE_URL") else "sqlite"], indirect=True
)
def test_two_api_workers_share_sql_and_a_chroma_server(tmp_path, embedder, empty_chroma_server, database_url,
                                                        tiny_account):
    data_dir = tmp_path / "data"
    settings = Settings(data_dir=data_dir, chroma_url=empty_chroma_server, database_url=database_url)
    context = Context(settings, embedder=embedder)
    ingest_path(context, tiny_account)
    add_user(context, "Ada Admin", "admin")
    assign(context, "Ada Admin", "tiny-co")
    headers = {"Authorization": f"Bearer {create_token(context, 'Ada Admin').token}"}
    context.close()
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as log_file:
        server = subprocess.Popen(
            [HANDOFF, "--data-dir", str(data_dir), "serve", "--workers", "2", "--port", str(port)],
            env=_environment(empty_chroma_server, database_url), stdout=log_file, stderr=subprocess.STDOUT,
        )
    try:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}", headers=headers, timeout=120) as client:
            _wait_until_ready(client, server, log)
            job = client.post("/api/accounts/tiny-co/uploads",
                              files=[("files", ("meetings/2025-10-02-theme.md", NEW_MEETING.encode()))]).json()
            _wait_for_job(client, job["id"])

            def search(_):  # dense only: the vectors written by one worker must be seen by every worker
                return client.get("/api/accounts/tiny-co/search",
                                  params={"q": "zebra-striped dashboard theme", "mode": "dense", "k": 1})

            def ask(n):
                question = f"When did the refresh fail? ({n})"
                return client.post("/api/accounts/tiny-co/ask", json={"question": question})

            with ThreadPoolExecutor(max_workers=8) as pool:
                searches = list(pool.map(search, range(12)))
                answers = list(pool.map(ask, range(12)))
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert [r.status_code for r in searches + answers] == [200] * 24
    assert {r.json()[0]["source_path"] for r in searches} == {"meetings/2025-10-02-theme.md"}
    assert log.read_text().count("Started server process") == 2
    assert "died" not in log.read_text()  # no worker was killed and restarted on the way


def _wait_until_ready(client: httpx2.Client, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, log.read_text()
        try:
            if client.get("/readyz").status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.3)
    pytest.fail(f"the API workers did not become ready in 90 s:\n{log.read_text()}")


def _wait_for_job(client: httpx2.Client, job_id: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("done", "failed"):
            assert job["status"] == "done", job
            return
        time.sleep(0.3)
    pytest.fail(f"the upload job {job_id} did not finish in 120 s")
