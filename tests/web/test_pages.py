"""The web pages over HTTP (TestClient): sign-in, what each user may see, CSRF, and the forms that change state."""

from __future__ import annotations

import re
import time

from fastapi.testclient import TestClient

from assistant.plan import get_plan
from assistant.grounding.retrieval import search
from web_support import FIXTURES, sign_in
FERNHILL = "fernhill-creamery"


def test_pages_need_a_session_and_send_you_to_sign_in(web):
    anonymous = TestClient(web.app, follow_redirects=False)
    response = anonymous.get("/accounts/fernhill-creamery?type=email")
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/accounts/fernhill-creamery%3Ftype%3Demail"


def test_signing_in_sets_an_http_only_same_site_strict_cookie(web):
    client = TestClient(web.app, follow_redirects=False)
    response = sign_in(client, web.tokens["nadia"], "/reviews")
    assert response.status_code == 303 and response.headers["location"] == "/reviews"
    cookie = response.headers["set-cookie"]
    assert "handoff_token=" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # plain http on loopback


def test_the_cookie_is_secure_when_served_over_https(web):
    client = TestClient(web.app, base_url="https://handoff.example", follow_redirects=False)
    response = sign_in(client, web.tokens["nadia"])
    assert "Secure" in response.headers["set-cookie"]


def test_a_wrong_token_is_refused_without_a_session(web):
    client = TestClient(web.app, follow_redirects=False)
    response = sign_in(client, "hnd_not-a-real-token")
    assert response.status_code == 401
    assert "not valid" in response.text and "handoff_token" not in response.headers.get("set-cookie", "")


def test_repeated_wrong_tokens_at_the_sign_in_form_are_answered_429(web):
    client = TestClient(web.app, follow_redirects=False)
    limit = web.context.settings.auth_max_failures
    statuses = [sign_in(client, f"hnd_guess{i}").status_code for i in range(limit)]
    blocked = sign_in(client, web.tokens["nadia"])

    assert set(statuses) == {401}
    assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in blocked.text and "handoff_token" not in blocked.headers.get("set-cookie", "")


def test_a_sign_in_posted_from_another_site_is_refused(web):
    """Login CSRF: another site's form arrives without the SameSite=Strict cookie set with the real form."""
    client = TestClient(web.app, follow_redirects=False)
    response = client.post("/signin", data={"token": web.tokens["nadia"], "nonce": "guessed"})
    assert response.status_code == 403 and "handoff_token" not in response.headers.get("set-cookie", "")
    assert "another site" in response.text


def test_sign_in_never_redirects_to_another_site(web):
    client = TestClient(web.app, follow_redirects=False)
    response = sign_in(client, web.tokens["nadia"], "//evil.example/x")
    assert response.headers["location"] == "/accounts"


def test_signing_out_ends_the_session(web):
    client = web("nadia")
    response = client.post("/signout", data={"csrf_token": web.csrf("nadia")})
    assert response.status_code == 303 and 'handoff_token=""' in response.headers["set-cookie"]
    assert client.get("/accounts").status_code == 303


def test_the_accounts_list_shows_health_renewal_transition_and_gaps_of_visible_accounts(web):
    page = web("nadia").get("/accounts").text
    assert "Fernhill Creamery Cooperative" in page
    assert "2026-03-31" in page  # renewal date from the CRM record
    assert "effective 2026-02-16" in page  # the transition's effective date
    assert "no note yet" in page  # the gap count comes with the first note


def test_the_accounts_list_shows_the_open_handoff_and_whose_it_is(web):
    outgoing, incoming, reviewer = (web(who).get("/accounts").text for who in ("nadia", "elliot", "rita"))
    assert "Nadia Voss → Elliot Faraday" in outgoing and "handoff open, effective 2026-02-16" in outgoing
    assert '<span class="badge yours">handing over</span>' in outgoing
    assert '<span class="badge yours">taking over</span>' in incoming
    assert "Nadia Voss → Elliot Faraday" in reviewer and "badge yours" not in reviewer


def test_a_user_without_access_sees_no_account_and_cannot_reach_its_pages_by_url(web):
    client = web("olga")
    assert "Fernhill" not in client.get("/accounts").text
    chunk_id = search(web.context, FERNHILL, "renewal", k=1)[0].chunk_id
    for url in (f"/accounts/{FERNHILL}", f"/accounts/{FERNHILL}/chat", f"/accounts/{FERNHILL}/passage?chunk={chunk_id}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Not found" in response.text and "Renewal" not in response.text


def test_the_account_page_shows_snapshot_stakeholders_and_timeline(web):
    page = web("elliot").get(f"/accounts/{FERNHILL}").text
    assert "$68,400" in page  # ARR in the snapshot
    assert "Rafael Oduya" in page and "Primary contact" in page  # stakeholder table
    assert "Fwd: Sensors pilot - 3-plant option?" in page  # an email in the timeline
    assert "Fernhill transition prep (internal)" in page  # a meeting in the timeline


def test_the_timeline_filters_by_type(web):
    page = web("elliot").get(f"/accounts/{FERNHILL}?type=email").text
    timeline = page.split('id="timeline-h"')[1].split("</section>")[0]
    assert "Fwd: Sensors pilot - 3-plant option?" in timeline
    assert "Fernhill transition prep (internal)" not in timeline


def test_a_cited_passage_opens_with_its_quote_marked(web):
    hit = search(web.context, FERNHILL, "price protection renewal cap", k=1)[0]
    quote = hit.text[10:60]
    fragment = web("elliot").get(f"/accounts/{FERNHILL}/passage", params={"chunk": hit.chunk_id, "quote": quote}).text
    assert hit.source_path in fragment
    assert re.search(r"<mark>" + re.escape(quote.replace("&", "&amp;").replace("'", "&#39;").replace('"', "&#34;")), fragment)


def test_a_form_without_the_csrf_token_changes_nothing(web):
    client = web("nadia")
    before = get_plan(web.context, FERNHILL)  # made by the ingest that opened fernhill's handoff
    response = client.post(f"/accounts/{FERNHILL}/plan", data={})
    assert response.status_code == 403
    assert get_plan(web.context, FERNHILL) == before


def test_the_api_refuses_a_cookie_session_change_without_the_csrf_header(web):
    client = web("nadia")
    assert client.post(f"/api/accounts/{FERNHILL}/plan", json={}).status_code == 403
    accepted = client.post(f"/api/accounts/{FERNHILL}/plan", json={}, headers={"X-CSRF-Token": web.csrf("nadia")})
    assert accepted.status_code == 200


def test_plan_tasks_are_checked_off_from_the_account_page(web):
    client, csrf = web("nadia"), web.csrf("nadia")
    assert client.post(f"/accounts/{FERNHILL}/plan", data={"csrf_token": csrf}).status_code == 303
    task = get_plan(web.context, FERNHILL).tasks[0]
    response = client.post(f"/accounts/{FERNHILL}/plan/tasks/{task.id}",
                           data={"csrf_token": csrf, "status": ["open", "done"]})
    assert response.status_code == 303
    assert get_plan(web.context, FERNHILL).task(task.id).status == "done"
    assert re.search(rf'id="check-{task.id}" name="status" value="done" checked', client.get(f"/accounts/{FERNHILL}").text)


def test_asking_without_script_keeps_the_thread_and_shows_sources_beside_the_answer(web):
    client = web("elliot")
    response = client.post(f"/accounts/{FERNHILL}/chat", data={
        "csrf_token": web.csrf("elliot"), "question": "When is the renewal date?"})
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "When is the renewal date?" in page
    sources = page.split('class="sources"')[1].split("</aside>")[0]
    assert 'class="cite"' in sources and "/passage?chunk=" in sources
    assert "threads" in page and 'aria-current="page"' in page  # the thread is listed and selected


def test_a_refusal_lists_related_documents_apart_from_sources(web):
    client = web("elliot")
    response = client.post(f"/accounts/{FERNHILL}/chat", data={
        "csrf_token": web.csrf("elliot"), "question": "What is the head cheesemaker's mobile phone number?"})
    page = client.get(response.headers["location"]).text
    sources = page.split('class="sources"')[1].split("</aside>")[0]
    assert "Related, not an answer" in sources and 'class="cite"' not in sources


def test_a_draft_is_edited_with_a_diff_then_approved_and_exported(web):
    author, reviewer = web("nadia"), web("rita")
    created = author.post(f"/accounts/{FERNHILL}/emails", data={"csrf_token": web.csrf("nadia"), "kind": "intro"})
    draft_url = created.headers["location"]
    draft_id = int(draft_url.rsplit("/", 1)[1])
    assert draft_url in reviewer.get("/reviews").text  # waiting for review
    page = reviewer.get(draft_url).text
    body = re.search(r'<textarea id="body" name="body" rows="18" >(.*?)</textarea>', page, re.S).group(1)
    edited = body.replace("&#39;", "'").replace("&amp;", "&") + "\nP.S. Elliot will bring the Granton retraining dates.\n"
    to = re.search(r'<textarea id="to" name="to" rows="2" >(.*?)</textarea>', page, re.S).group(1)
    reviewer.post(f"/reviews/{draft_id}/edit", data={"csrf_token": web.csrf("rita"), "body": edited,
                                                     "to": to.replace("&lt;", "<").replace("&gt;", ">")})
    page = reviewer.get(draft_url).text
    assert "<ins>+ P.S. Elliot will bring the Granton retraining dates.</ins>" in page
    assert "<del>" not in page  # only the added line changed
    reviewer.post(f"/reviews/{draft_id}/decide", data={"csrf_token": web.csrf("rita"), "decision": "approve",
                                                       "comment": "Good to go."})
    eml = reviewer.get(f"/api/emails/{draft_id}/eml")
    assert eml.status_code == 200 and b"P.S. Elliot will bring" in eml.content
    mine = author.get("/reviews").text.split('id="mine-h"')[1].split("</section>")[0]
    assert "approved" in mine and "Good to go." in mine  # the author sees the decision


def test_rejecting_needs_a_comment(web):
    created = web("nadia").post(f"/accounts/{FERNHILL}/emails", data={"csrf_token": web.csrf("nadia"),
                                                                        "kind": "farewell"})
    draft_id = created.headers["location"].rsplit("/", 1)[1]
    response = web("rita").post(f"/reviews/{draft_id}/decide", data={"csrf_token": web.csrf("rita"),
                                                                      "decision": "reject", "comment": ""})
    assert response.status_code == 400 and "say why" in response.text


def test_a_reviewer_cannot_approve_their_own_draft(web):
    created = web("rita").post(f"/accounts/{FERNHILL}/emails", data={"csrf_token": web.csrf("rita"), "kind": "intro"})
    page = web("rita").get(created.headers["location"]).text
    assert "Approve version" not in page and "another reviewer decides" in page


def test_static_files_and_templates_are_served_from_the_package(web):
    assert "--accent" in web("nadia").get("/static/app.css").text
    assert "Sign in" in TestClient(web.app).get("/signin").text


def follow_job(client, location: str) -> str:
    """Reload a job page (as its meta refresh would) until the job ends; returns the final page."""
    assert location.startswith("/jobs/")
    deadline = time.monotonic() + 240  # a note draft takes seconds, minutes on a machine busy with other work
    while time.monotonic() < deadline:
        page = client.get(location)
        assert page.status_code == 200
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        time.sleep(0.1)
    raise AssertionError(f"{location} never finished")


def test_without_javascript_a_note_draft_runs_and_is_followed_on_its_job_page(web):
    client = web("nadia")
    page = client.get("/accounts/fernhill-creamery").text
    assert 'action="/accounts/fernhill-creamery/notes"' in page

    started = client.post("/accounts/fernhill-creamery/notes",
                          data={"csrf_token": web.csrf("nadia"), "as_of": "2026-02-06"})

    assert started.status_code == 303
    finished = follow_job(client, started.headers["location"])
    assert "Done." in finished and "Note version 1" in finished
    assert 'href="/accounts/fernhill-creamery#note"' in finished


def test_without_javascript_an_upload_is_ingested_and_followed_on_its_job_page(web):
    client = web("mara")
    tiny = FIXTURES / "accounts" / "tiny-co"
    files = [("files", (p.name, p.read_bytes())) for p in sorted(tiny.rglob("*.md")) + [tiny / "crm.json"]]

    started = client.post("/uploads", data={"csrf_token": web.csrf("mara"), "account_id": "tiny-co"}, files=files)

    assert started.status_code == 303
    finished = follow_job(client, started.headers["location"])
    assert "Done." in finished and "2 new or changed" in finished
    assert "crm.json: CRM record (JSON)" in finished and ".md: meeting notes" in finished
    assert "Tiny Co" in client.get("/accounts").text


def test_the_upload_job_page_names_each_refused_file_and_why(web):
    client = web("mara")
    tiny = FIXTURES / "accounts" / "tiny-co"
    files = [("files", ("crm.json", (tiny / "crm.json").read_bytes())),
             ("files", ("Accounts.json", b'{"comments": [{"id": 1, "author_id": 2, "plain_body": "Hi"}], "count": 1}'))]

    started = client.post("/uploads", data={"csrf_token": web.csrf("mara"), "account_id": "tiny-co"}, files=files)

    finished = follow_job(client, started.headers["location"])
    assert "Not read: Accounts.json: a Zendesk comments response" in finished
    assert "Tiny Co" in client.get("/accounts").text


def test_a_note_form_without_the_pages_csrf_value_starts_nothing(web):
    response = web("nadia").post("/accounts/fernhill-creamery/notes", data={"as_of": "2026-02-06"})
    assert response.status_code == 403


def test_another_users_job_page_is_not_found(web):
    started = web("nadia").post("/accounts/fernhill-creamery/notes", data={"csrf_token": web.csrf("nadia")})
    assert web("olga").get(started.headers["location"]).status_code == 404
