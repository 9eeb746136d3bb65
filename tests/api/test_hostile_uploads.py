"""Uploads under attack: size limits hold while the body streams in, zips cannot escape the account folder or
explode, and a refused upload writes nothing."""

from __future__ import annotations

import asyncio
import io
import zipfile

import pytest
from conftest import zip_of
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.api import create_app
from assistant.platform.config import Settings
from assistant.platform.context import Context
from assistant.indexing.uploads import UploadedFile, UploadRejected, UploadTooLarge, save_uploads
from assistant.access.users import add_user, create_token

LIMIT = 256 * 1024
MIB = 1024 * 1024


@pytest.fixture
def small_limits(tmp_path, embedder):
    context = Context(
        Settings(data_dir=tmp_path / "data", max_upload_bytes=LIMIT, max_unpacked_bytes=2 * LIMIT), embedder=embedder
    )
    yield context
    context.close()


@pytest.fixture
def client(small_limits):
    add_user(small_limits, "Casey Csm", "csm", "casey@example.com")
    token = create_token(small_limits, "Casey Csm").token
    with TestClient(create_app(small_limits), headers={"Authorization": f"Bearer {token}"}) as test_client:
        yield test_client


def account_files(context: Context, account_id: str = "fresh") -> list[str]:
    folder = context.settings.data_dir / "accounts" / account_id
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_declared_body_over_the_limit_is_refused_before_it_is_read(client):
    consumed = []

    def endless():
        for _ in range(10_000):  # 640 MB if anyone read it all
            consumed.append(1)
            yield b"x" * 65536

    headers = {"Content-Type": "multipart/form-data; boundary=b", "Content-Length": str(10 * 1024 * MIB)}
    response = client.post("/api/accounts/fresh/uploads", content=endless(), headers=headers)
    assert response.status_code == 413  # Starlette answers this one itself, in plain text
    assert len(consumed) <= 1


def test_a_streamed_body_over_the_limit_is_cut_off_while_it_streams(small_limits):
    """Driven at the ASGI level: the test client would read the whole body before handing it over."""
    add_user(small_limits, "Casey Csm", "csm", "casey@example.com")
    token = create_token(small_limits, "Casey Csm").token
    app = create_app(small_limits)
    chunks_read, sent = 0, []

    async def receive():
        nonlocal chunks_read
        chunks_read += 1
        if chunks_read == 1:
            part = b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.md"\r\n\r\n'
            return {"type": "http.request", "body": part, "more_body": True}
        return {"type": "http.request", "body": b"x" * 65536, "more_body": chunks_read < 10_000}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST", "scheme": "http",
             "path": "/api/accounts/fresh/uploads", "raw_path": b"/api/accounts/fresh/uploads", "query_string": b"",
             "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
             "headers": [(b"content-type", b"multipart/form-data; boundary=b"),
                         (b"authorization", f"Bearer {token}".encode())]}  # chunked: no Content-Length to trust
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 413 and (b"content-type", b"application/problem+json") in start["headers"]
    assert chunks_read * 65536 < LIMIT + 2 * MIB


def test_files_over_the_upload_limit_are_413_and_nothing_is_kept(client, small_limits):
    files = [("files", ("a.md", b"# a\nfine\n")), ("files", ("b.md", b"x" * (LIMIT + 1)))]
    response = client.post("/api/accounts/fresh/uploads", files=files)
    assert response.status_code == 413 and "limit" in response.json()["detail"]
    assert account_files(small_limits) == []


def test_a_zip_bomb_is_refused_by_its_unpacked_size(client, small_limits):
    bomb = deflated({f"meetings/{i}.md": b"0" * LIMIT for i in range(3)})  # compresses to a few KB
    assert len(bomb) < LIMIT
    response = client.post("/api/accounts/fresh/uploads", files=[("files", ("bomb.zip", bomb))])
    assert response.status_code == 413 and "unpacks to" in response.json()["detail"]
    assert account_files(small_limits) == []


def test_a_zip_that_lies_about_its_sizes_is_refused(client, small_limits):
    honest = deflated({"meetings/notes.md": b"0" * (2 * LIMIT)})
    liar = honest.replace((2 * LIMIT).to_bytes(4, "little"), (100).to_bytes(4, "little"))  # local + central headers
    response = client.post("/api/accounts/fresh/uploads", files=[("files", ("liar.zip", liar))])
    assert response.status_code in (400, 413) and "liar.zip" in response.json()["detail"]
    assert account_files(small_limits) == []


def test_a_zip_with_one_unsafe_name_writes_none_of_its_files(client, small_limits):
    archive = zip_of({"meetings/ok.md": b"# fine", "../../escape.md": b"# nope"})
    response = client.post("/api/accounts/fresh/uploads", files=[("files", ("pack.zip", archive))])
    assert response.status_code == 400 and "unsafe file name" in response.json()["detail"]
    assert account_files(small_limits) == []
    assert not (small_limits.settings.data_dir / "accounts" / "escape.md").exists()


def test_a_file_uploaded_under_an_unsafe_name_after_a_good_one_writes_neither(client, small_limits):
    files = [("files", ("meetings/ok.md", b"# fine")), ("files", ("/etc/passwd", b"root"))]
    assert client.post("/api/accounts/fresh/uploads", files=files).status_code == 400
    assert account_files(small_limits) == []


@pytest.mark.parametrize("garbage", [b"PK\x03\x04" + b"\x00" * 40, b"not a zip at all", b""])
def test_a_broken_zip_is_a_clear_400(client, garbage):
    response = client.post("/api/accounts/fresh/uploads", files=[("files", ("broken.zip", garbage))])
    assert response.status_code == 400 and "broken.zip" in response.json()["detail"]


def test_a_zip_whose_member_data_is_corrupt_is_a_clear_400(client, small_limits):
    archive = bytearray(deflated({"meetings/notes.md": b"renewal in March " * 50}, zipfile.ZIP_STORED))
    archive[60:70] = b"\xff" * 10  # inside the member data: the CRC check fails
    response = client.post("/api/accounts/fresh/uploads", files=[("files", ("pack.zip", bytes(archive)))])
    assert response.status_code == 400 and "pack.zip" in response.json()["detail"]
    assert account_files(small_limits) == []


def deflated(files: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


NAME_PART = st.sampled_from(["..", ".", "", "a", "b", "C:", "meetings", "x.md", "~", " ", "\\", "\x00", "é"])
NAMES = st.lists(NAME_PART, min_size=1, max_size=4).map("/".join) | st.text(max_size=20)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(members=st.lists(st.tuples(NAMES, st.binary(max_size=64)), min_size=1, max_size=5), zipped=st.booleans(),
       leading_slash=st.booleans())
def test_whatever_the_names_an_upload_lands_inside_the_account_or_not_at_all(small_limits, members, zipped,
                                                                              leading_slash):
    members = [(("/" if leading_slash and i == 0 else "") + name, data) for i, (name, data) in enumerate(members)]
    account = f"acct-{abs(hash((tuple(members), zipped))) % 10**9}"
    data_dir = small_limits.settings.data_dir.resolve()
    before = {p for p in data_dir.rglob("*")}
    if zipped:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in members:
                archive.writestr(zipfile.ZipInfo(name or "_"), data)
        uploads = [UploadedFile(name="pack.zip", stream=io.BytesIO(buffer.getvalue()))]
    else:
        uploads = [UploadedFile(name=name, stream=io.BytesIO(data)) for name, data in members]
    try:
        written = save_uploads(small_limits, account, uploads)
    except UploadRejected:
        written = []
    folder = (data_dir / "accounts" / account).resolve()
    created = {p for p in data_dir.rglob("*") if p.is_file()} - before
    assert all(p.resolve().is_relative_to(folder) for p in created), "nothing lands outside the account folder"
    assert sorted(p.relative_to(folder).as_posix() for p in created) == sorted(written)
    assert not list((data_dir / "uploads-staging").glob("*")), "staging is cleaned up"


def test_a_zip_member_without_a_name_is_refused_not_a_crash(small_limits):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("\x00"), b"nameless")  # zipfile cuts the name at NUL: ""
    with pytest.raises(UploadRejected, match="unsafe file name"):
        save_uploads(small_limits, "fresh", [UploadedFile(name="pack.zip", stream=io.BytesIO(buffer.getvalue()))])


def test_the_unpacked_budget_counts_every_zip_of_an_upload(small_limits):
    half = deflated({"m/a.md": b"1" * LIMIT})
    save_uploads(small_limits, "fresh", [UploadedFile(name=f"{n}.zip", stream=io.BytesIO(half)) for n in "ab"])
    with pytest.raises(UploadTooLarge):
        save_uploads(small_limits, "fresh", [UploadedFile(name=f"{n}.zip", stream=io.BytesIO(half)) for n in "abc"])


def test_an_app_whose_lifespan_ended_and_started_again_still_runs_jobs(small_limits):
    add_user(small_limits, "Casey Csm", "csm", "casey@example.com")
    headers = {"Authorization": f"Bearer {create_token(small_limits, 'Casey Csm').token}"}
    app = create_app(small_limits)
    for _ in range(2):  # a test client (or a reloading server) runs startup and shutdown each time
        with TestClient(app, headers=headers) as again:
            response = again.post("/api/accounts/fresh/uploads", files=[("files", ("notes.md", b"# Notes\nhi\n"))])
            assert response.status_code == 202
