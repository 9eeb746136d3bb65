"""API tests: the real app over real stores, driven by FastAPI's TestClient, with users and tokens."""

from __future__ import annotations

import io
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from assistant.api import create_app
from assistant.account.ingest import ingest_path
from assistant.access.users import add_user, create_token

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "accounts"


class Api:
    """A TestClient plus one bearer token per named user."""

    def __init__(self, client: TestClient, tokens: dict[str, str]) -> None:
        self.client, self.tokens = client, tokens

    def call(self, who: str | None, method: str, url: str, **kwargs):
        headers = kwargs.pop("headers", {})
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return self.client.request(method, url, headers=headers, **kwargs)

    def get(self, who, url, **kwargs):
        return self.call(who, "GET", url, **kwargs)

    def post(self, who, url, **kwargs):
        return self.call(who, "POST", url, **kwargs)

    def wait_for_job(self, who: str, job_id: str, timeout: float = 120) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            job = self.get(who, f"/api/jobs/{job_id}").json()
            if job["status"] in ("done", "failed"):
                return job
            time.sleep(0.2)
        raise AssertionError(f"job {job_id} did not finish in {timeout} s")


@pytest.fixture(scope="session")
def seeded_data_dir(tmp_path_factory, embedder) -> Path:
    """The example accounts ingested once (SQLite + embedded Chroma); tests start from a copy."""
    from assistant.platform.config import Settings
    from assistant.platform.context import Context

    seed = tmp_path_factory.mktemp("seed") / "data"
    context = Context(Settings(data_dir=seed), embedder=embedder)
    ingest_path(context, EXAMPLES)
    context.close()
    return seed


@pytest.fixture
def api_context(request, database_url, seeded_data_dir, tmp_path, embedder):
    """The example accounts in a fresh store: a copy of the seeded data dir on SQLite and embedded Chroma; in the
    PostgreSQL variant, the scale configuration (PostgreSQL and a Chroma server, both empty) ingested for real (the
    session's embedding cache makes that a matter of writes)."""
    from assistant.platform.config import Settings
    from assistant.platform.context import Context

    data_dir = tmp_path / "data"
    if database_url:
        chroma_url = request.getfixturevalue("empty_chroma_server")
        settings = Settings(data_dir=data_dir, database_url=database_url, chroma_url=chroma_url)
        context = Context(settings, embedder=embedder)
        ingest_path(context, EXAMPLES)
    else:
        shutil.copytree(seeded_data_dir, data_dir)
        context = Context(Settings(data_dir=data_dir), embedder=embedder)
    yield context
    context.close()


@pytest.fixture
def api(api_context):
    """Users: nadia (csm, owner of fernhill in its CRM), elliot (csm, incoming on fernhill), joanna (csm, owner of
    ostrander), rita (reviewer assigned to fernhill), ada (admin assigned to both), olga (csm with no accounts)."""
    context = api_context
    people = {
        "nadia": ("Nadia Voss", "csm", "nadia.voss@cobaltline.io"),
        "elliot": ("Elliot Faraday", "csm", "elliot.faraday@cobaltline.io"),
        "joanna": ("Joanna Treadwell", "csm", "joanna.treadwell@cobaltline.io"),
        "rita": ("Rita Reviewer", "reviewer", "rita@cobaltline.io"),
        "ada": ("Ada Admin", "admin", "ada@cobaltline.io"),
        "olga": ("Olga Outsider", "csm", "olga@cobaltline.io"),
    }
    tokens = {}
    from assistant.access.users import assign

    for key, (name, role, email) in people.items():
        add_user(context, name, role, email)
        tokens[key] = create_token(context, name).token
    assign(context, "Rita Reviewer", "fernhill-creamery")
    assign(context, "Ada Admin", "fernhill-creamery")
    assign(context, "Ada Admin", "ostrander-property")
    app = create_app(context)
    with TestClient(app) as client:
        yield Api(client, tokens)


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
