"""Every request has an id: taken from X-Request-ID when sane, else made; returned in the response; stamped on every
log line written while serving it, including service, engine and background-job lines; logs are JSON objects."""

from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "accounts"


def test_an_incoming_request_id_is_returned_in_the_response(make_service):
    service = make_service()

    response = service.get("/healthz", headers={"X-Request-ID": "edge-7f3a.42"})

    assert response.headers["X-Request-ID"] == "edge-7f3a.42"


def test_a_request_without_an_id_gets_a_new_one_each_time(make_service):
    service = make_service()

    first, second = service.get("/healthz"), service.get("/healthz")

    assert re.fullmatch(r"[0-9a-f]{32}", first.headers["X-Request-ID"])
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]


def test_an_unsafe_incoming_id_is_replaced(make_service):
    service = make_service()

    response = service.get("/healthz", headers={"X-Request-ID": "x" * 300})

    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_each_request_logs_one_json_line_with_its_id_route_status_and_duration(make_service, json_logs):
    service = make_service()

    service.get("/api/accounts/nowhere", token=service.token, headers={"X-Request-ID": "req-1"})

    [line] = [entry for entry in json_logs.lines() if entry["logger"] == "handoff.http"]
    assert line["request_id"] == "req-1" and line["level"] == "INFO"
    assert line["route"] == "/api/accounts/{account_id}" and line["status"] == 404
    assert line["duration_ms"] >= 0 and line["time"].endswith("+00:00")


def test_a_background_job_logs_with_the_id_of_the_request_that_started_it(make_service, json_logs):
    service = make_service()
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(EXAMPLES / "fernhill-creamery" / "crm.json", "crm.json")

    job = service.client.post("/api/accounts/acme/uploads", headers={
        "Authorization": f"Bearer {service.token}", "X-Request-ID": "upload-77"},
        files={"files": ("bundle.zip", archive.getvalue(), "application/zip")}).json()
    for _ in range(300):
        if service.get(f"/api/jobs/{job['id']}", token=service.token).json()["status"] in ("done", "failed"):
            break
        time.sleep(0.1)

    ingest_lines = [entry for entry in json_logs.lines() if entry["logger"] == "handoff.ingest"]
    assert ingest_lines and all(entry["request_id"] == "upload-77" for entry in ingest_lines)
    assert ingest_lines[-1]["documents"] == 1


def test_engine_calls_log_with_the_request_id_and_no_document_text(make_service, json_logs):
    service = make_service()
    from assistant.account.ingest import ingest_path
    from assistant.access.users import assign

    ingest_path(service.context, EXAMPLES / "fernhill-creamery" / "crm.json", account_id="fernhill-creamery")
    assign(service.context, "ada", "fernhill-creamery")

    service.client.post("/api/accounts/fernhill-creamery/ask", json={"question": "When is the renewal?"},
                        headers={"Authorization": f"Bearer {service.token}", "X-Request-ID": "ask-5"})

    engine_lines = [entry for entry in json_logs.lines() if entry["logger"] == "handoff.engine"]
    assert engine_lines and all(entry["request_id"] == "ask-5" for entry in engine_lines)
    assert engine_lines[-1]["task"] == "answer" and engine_lines[-1]["engine"] == "extractive"
    info_text = " ".join(str(entry) for entry in json_logs.lines() if entry["level"] == "INFO")
    assert "2026-03-31" not in info_text and "Fernhill Creamery Cooperative" not in info_text  # no document text


def test_an_unhandled_error_is_a_500_problem_carrying_the_request_id(make_service, json_logs):
    service = make_service()

    @service.client.app.get("/boom")
    def boom():
        raise RuntimeError("a bug")

    response = service.get("/boom", headers={"X-Request-ID": "req-500"})

    assert response.status_code == 500 and response.headers["X-Request-ID"] == "req-500"
    assert response.headers["content-type"] == "application/problem+json"
    assert "req-500" in response.json()["detail"] and "a bug" not in response.text
    [error] = [entry for entry in json_logs.lines() if entry["level"] == "ERROR"]
    assert error["request_id"] == "req-500" and "RuntimeError" in error["exception"]


def test_a_body_declared_over_the_limit_is_refused_as_a_problem_before_it_is_read(make_service):
    service = make_service(max_upload_bytes=1000)
    too_big = 50 * 1024 * 1024  # over the limit plus the multipart margin

    response = service.client.post("/api/accounts/acme/uploads", content=b"x" * 10,
                                   headers={"Content-Length": str(too_big), "X-Request-ID": "req-413",
                                            "Authorization": f"Bearer {service.token}"})

    assert response.status_code == 413 and response.headers["X-Request-ID"] == "req-413"
    assert response.headers["content-type"] == "application/problem+json"
    assert "over the limit" in response.json()["detail"]
