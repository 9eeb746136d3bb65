"""/readyz checks both stores for real: 200 when the SQL store and the vector index answer, 503 naming what failed."""

from __future__ import annotations

import socket

from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.platform.config import Settings
from assistant.platform.context import Context


def test_ready_when_the_sql_store_and_the_index_answer(make_service):
    response = make_service().get("/readyz")

    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {"sql": "ok", "index": "ok"}}


def test_a_broken_sql_store_answers_503_naming_it(make_service):
    service = make_service()
    database = service.context.settings.data_dir / "handoff.db"
    service.context.db.engine.dispose()
    for path in database.parent.glob("handoff.db*"):
        path.unlink()
    database.write_bytes(b"this is not an SQLite database" * 100)

    response = service.get("/readyz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["sql"].startswith("error: ") and checks["index"] == "ok"


def test_an_unreachable_index_server_answers_503_naming_it(tmp_path, embedder):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    context = Context(Settings(data_dir=tmp_path / "data", chroma_url=f"http://127.0.0.1:{closed_port}"),
                      embedder=embedder)
    with TestClient(create_app(context)) as client:
        response = client.get("/readyz")
    context.close()

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["sql"] == "ok" and checks["index"].startswith("error: ")
