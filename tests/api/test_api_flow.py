"""The HTTP API as its users drive it: sign in by token, upload and ingest, generate the pack, ask, read the audit."""

from __future__ import annotations

import json

from tests_support import parse_sse
from conftest import zip_of

FERNHILL = "/api/accounts/fernhill-creamery"


def test_healthz_needs_no_token_and_readyz_checks_the_stores(api):
    assert api.get(None, "/healthz").json() == {"status": "ok"}
    ready = api.get(None, "/readyz")
    assert ready.status_code == 200 and ready.json()["checks"] == {"sql": "ok", "index": "ok"}


def test_a_request_without_a_token_is_401_problem_details(api):
    response = api.get(None, "/api/accounts")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["status"] == 401


def test_a_wrong_token_is_401(api):
    response = api.client.get("/api/accounts", headers={"Authorization": "Bearer hnd_not-a-token"})
    assert response.status_code == 401


def test_a_csm_lists_only_the_accounts_they_own_or_take_over(api):
    assert [a["account_id"] for a in api.get("nadia", "/api/accounts").json()] == ["fernhill-creamery"]
    assert [a["account_id"] for a in api.get("elliot", "/api/accounts").json()] == ["fernhill-creamery"]
    assert [a["account_id"] for a in api.get("joanna", "/api/accounts").json()] == ["ostrander-property"]
    assert api.get("olga", "/api/accounts").json() == []


def test_me_returns_the_signed_in_user(api):
    assert api.get("rita", "/api/me").json()["role"] == "reviewer"


def test_upload_a_zip_ingests_in_the_background_with_progress(api):
    archive = zip_of({
        "emails/2026-02-05-hello.eml": b"From: Margit Solheim <msolheim@fernhillcreamery.com>\nTo: nadia.voss@cobaltline.io\n"
        b"Subject: Board date\nDate: Thu, 5 Feb 2026 09:00:00 -0600\nMessage-ID: <board-0205@fernhill>\n\n"
        b"The board meets on March 12 to approve the renewal.\n",
    })
    response = api.post("olga", "/api/accounts/new-account/uploads", files=[("files", ("pack.zip", archive))])
    assert response.status_code == 202
    job = api.wait_for_job("olga", response.json()["id"])
    assert job["status"] == "done" and job["result"]["documents"] == 1 and job["done"] == job["total"] == 1
    assert [a["account_id"] for a in api.get("olga", "/api/accounts").json()] == ["new-account"]
    hits = api.get("olga", "/api/accounts/new-account/search", params={"q": "board approve renewal"}).json()
    assert hits[0]["source_path"] == "emails/2026-02-05-hello.eml"


def test_an_unsafe_zip_is_refused_with_a_clear_problem(api):
    archive = zip_of({"../../etc/evil.md": b"# nope"})
    response = api.post("nadia", f"{FERNHILL}/uploads", files=[("files", ("bad.zip", archive))])
    assert response.status_code == 400
    assert "unsafe file name" in response.json()["detail"]


def test_note_generation_is_a_job_and_the_note_can_be_read_in_three_formats(api):
    job = api.post("nadia", f"{FERNHILL}/notes", json={"as_of": "2026-02-06"}).json()
    done = api.wait_for_job("nadia", job["id"])
    assert done["status"] == "done" and done["result"]["version"] == 1

    note = api.get("elliot", f"{FERNHILL}/notes/latest").json()
    assert note["as_of"] == "2026-02-06" and note["sections"][-1]["key"] == "gaps"
    assert api.get("elliot", f"{FERNHILL}/notes/1", params={"format": "md"}).text.startswith("# Transition note")
    assert "<html" in api.get("elliot", f"{FERNHILL}/notes/1", params={"format": "html"}).text
    assert api.get("elliot", f"{FERNHILL}/notes").json()[0]["version"] == 1


def test_a_missing_note_is_404(api):
    assert api.get("nadia", f"{FERNHILL}/notes/latest").status_code == 404


def test_gaps_and_debrief(api):
    gaps = api.get("nadia", f"{FERNHILL}/gaps", params={"as_of": "2026-02-06"}).json()
    assert {"kind", "severity", "detail", "evidence", "question"} <= gaps[0].keys()
    api.wait_for_job("nadia", api.post("nadia", f"{FERNHILL}/notes", json={"as_of": "2026-02-06"}).json()["id"])
    agenda = api.get("nadia", f"{FERNHILL}/debrief", params={"as_of": "2026-02-06"}).json()
    assert agenda and agenda[0]["topic"] == "gap"


def test_ask_returns_a_cited_answer_and_keeps_the_thread(api):
    first = api.post("elliot", f"{FERNHILL}/ask", json={"question": "What price protection did we give them?"}).json()
    assert first["answerable"] and first["citations"]
    follow = api.post("elliot", f"{FERNHILL}/ask", json={"question": "And when is it?", "thread_id": first["thread_id"]})
    assert follow.json()["thread_id"] == first["thread_id"]
    thread = api.get("elliot", f"{FERNHILL}/threads/{first['thread_id']}").json()
    assert len(thread["turns"]) == 2


def test_ask_streams_server_sent_events(api):
    response = api.post("elliot", f"{FERNHILL}/ask/stream", json={"question": "What price protection did we give?"})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_sse(response.text)
    assert events[-1][0] == "done" and events[-2][0] == "citations"
    assert "".join(json.loads(d)["text"] for kind, d in events if kind == "token") == json.loads(events[-1][1])["answer"]


def test_the_audit_log_is_for_admins_and_records_logins_and_generations(api):
    api.post("elliot", f"{FERNHILL}/ask", json={"question": "Who signs the renewal?"})
    assert api.get("elliot", "/api/audit").status_code == 403
    actions = {e["action"] for e in api.get("ada", "/api/audit").json()}
    assert {"login", "chat.ask", "user.create", "token.create"} <= actions


def test_openapi_is_served(api):
    schema = api.get(None, "/openapi.json").json()
    assert "/api/accounts/{account_id}/ask" in schema["paths"]
    assert api.get(None, "/docs").status_code == 200


def test_the_plan_is_created_read_and_its_tasks_checked_off(api):
    created = api.post("nadia", f"{FERNHILL}/plan", json={"as_of": "2026-02-06"}).json()
    assert [m["name"] for m in created["milestones"]] == ["Internal handoff", "External handoff"]
    task = created["milestones"][0]["tasks"][0]
    done = api.call("nadia", "PATCH", f"{FERNHILL}/plan/tasks/{task['id']}", json={"status": "done"}).json()
    assert done["status"] == "done"
    assert api.get("rita", f"{FERNHILL}/plan").json()["progress_percent"] > 0
    assert api.call("rita", "PATCH", f"{FERNHILL}/plan/tasks/{task['id']}", json={"status": "open"}).status_code == 403


def test_the_whole_email_flow_outgoing_csm_drafts_reviewer_edits_and_approves_then_export(api):
    import email
    import email.policy

    drafted = api.post("nadia", f"{FERNHILL}/emails", json={"kind": "intro", "as_of": "2026-02-06"})
    assert drafted.status_code == 201
    draft_id = drafted.json()["id"]
    assert api.get("nadia", f"/api/emails/{draft_id}/eml").status_code == 409  # not approved yet
    assert draft_id in [d["id"] for d in api.get("rita", "/api/reviews").json()]

    edited = api.call("rita", "PATCH", f"/api/emails/{draft_id}", json={"subject": "Introducing Elliot Faraday"})
    assert edited.status_code == 200 and len(edited.json()["versions"]) == 2
    assert api.post("nadia", f"/api/emails/{draft_id}/approve", json={}).status_code == 403  # a CSM, the author
    approved = api.post("rita", f"/api/emails/{draft_id}/approve", json={"comment": "good"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"

    eml = api.get("nadia", f"/api/emails/{draft_id}/eml")
    message = email.message_from_bytes(eml.content, policy=email.policy.default)
    assert message["Subject"] == "Introducing Elliot Faraday" and message["Message-ID"] and message["To"]
    unsent = api.post("nadia", f"/api/emails/{draft_id}/send")  # no SMTP configured: export only, the server's doing
    assert unsent.status_code == 500 and unsent.json()["detail"] == "server misconfigured: set HANDOFF_SMTP_HOST"
    actions = {e["action"] for e in api.get("ada", "/api/audit").json()}
    assert {"email.draft", "email.edit", "email.approve", "email.export"} <= actions


def test_a_rejected_draft_cannot_be_exported(api):
    draft_id = api.post("nadia", f"{FERNHILL}/emails", json={"kind": "farewell"}).json()["id"]
    assert api.post("rita", f"/api/emails/{draft_id}/reject", json={"comment": "tone"}).json()["status"] == "rejected"
    assert api.get("nadia", f"/api/emails/{draft_id}/eml").status_code == 409
