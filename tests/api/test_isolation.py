"""Account isolation: for every route that takes an account or object id, a user without access gets 403/404 and
the response leaks nothing; searches and answers never reach another account's material."""

from __future__ import annotations

import re

import pytest

from conftest import zip_of

SECRETS = ("Margit", "Solheim", "Nadia", "Fernhill Creamery", "cobaltline", "emails/", "tickets/", "meetings/", "68,400")
SAMPLE_BODY = {"question": "Who signs the renewal?", "as_of": "2026-02-06", "comment": "ok", "status": "done",
               "kind": "intro", "subject": "s", "body": "b", "text": "an answer", "reason": "a reason"}


def _account_routes(app) -> list[tuple[str, str]]:
    """Every (method, path) of the OpenAPI schema whose path takes an account."""
    return sorted(
        (method.upper(), path)
        for path, operations in app.openapi()["paths"].items()
        if "{account_id}" in path
        for method in operations
    )


def _request(api, who: str, method: str, path: str):
    url = re.sub(r"\{account_id\}", "fernhill-creamery", path)
    url = re.sub(r"\{[a-z_]+\}", "1", url)  # any other id: the account check must come first
    params = {"q": "renewal", "path": "crm.json", "as_of": "2026-02-06"}
    if method == "POST" and url.endswith("/uploads"):
        return api.call(who, method, url, files=[("files", ("a.zip", zip_of({"notes/x.md": b"# x"})))])
    if method in ("POST", "PUT", "PATCH"):
        return api.call(who, method, url, params=params, json=SAMPLE_BODY)
    return api.call(who, method, url, params=params)


def test_every_account_route_refuses_a_user_without_access_and_leaks_nothing(api):
    routes = _account_routes(api.client.app)
    assert len(routes) >= 15  # the suite covers every route that takes an account, whatever is added later
    for method, path in routes:
        response = _request(api, "olga", method, path)
        assert response.status_code in (403, 404), (method, path, response.status_code, response.text[:200])
        assert response.headers["content-type"].startswith("application/problem+json"), (method, path)
        leaked = [s for s in SECRETS if s.lower() in response.text.lower()]
        assert not leaked, (method, path, leaked)


def test_a_user_of_one_account_cannot_reach_another_account_they_do_not_own(api):
    for method, path in _account_routes(api.client.app):
        response = _request(api, "joanna", method, path)  # joanna owns ostrander, not fernhill
        assert response.status_code in (403, 404), (method, path, response.status_code)


def test_a_thread_of_another_account_is_not_found(api):
    thread = api.post("joanna", "/api/accounts/ostrander-property/ask", json={"question": "Who signs?"}).json()
    response = api.get("nadia", f"/api/accounts/fernhill-creamery/threads/{thread['thread_id']}")
    assert response.status_code == 404
    assert api.get("nadia", f"/api/accounts/ostrander-property/threads/{thread['thread_id']}").status_code == 404


def test_a_job_of_another_account_is_not_found(api):
    job = api.post("joanna", "/api/accounts/ostrander-property/notes", json={"as_of": "2026-02-23"}).json()
    response = api.get("nadia", f"/api/jobs/{job['id']}")
    assert response.status_code == 404 and "ostrander" not in response.text.lower()
    api.wait_for_job("joanna", job["id"])


@pytest.mark.parametrize("who", ["nadia", "elliot", "rita"])
def test_search_and_answers_only_ever_cite_the_account_asked_about(api, who):
    hits = api.get(who, "/api/accounts/fernhill-creamery/search", params={"q": "Ostrander Gregor Pell RentSphere", "k": 20})
    answer = api.post(who, "/api/accounts/fernhill-creamery/ask", json={"question": "What did Gregor Pell say about RentSphere?"})
    body = answer.json()
    text = hits.text + body["answer"] + str(body["citations"])
    assert hits.status_code == 200 and "Gregor" not in text and "RentSphere" not in text


def test_an_admin_sees_only_what_they_are_assigned(api):
    assert {a["account_id"] for a in api.get("ada", "/api/accounts").json()} == {"fernhill-creamery", "ostrander-property"}
    assert {a["account_id"] for a in api.get("rita", "/api/accounts").json()} == {"fernhill-creamery"}
    assert api.get("rita", "/api/accounts/ostrander-property/gaps").status_code == 404


def test_every_email_route_refuses_a_user_without_access_to_its_account(api):
    draft_id = api.post("nadia", "/api/accounts/fernhill-creamery/emails", json={"kind": "intro"}).json()["id"]
    calls = [("GET", f"/api/emails/{draft_id}"), ("PATCH", f"/api/emails/{draft_id}"),
             ("POST", f"/api/emails/{draft_id}/approve"), ("POST", f"/api/emails/{draft_id}/reject"),
             ("GET", f"/api/emails/{draft_id}/eml"), ("POST", f"/api/emails/{draft_id}/send")]
    for who in ("olga", "joanna"):
        for method, url in calls:
            response = api.call(who, method, url, json={"comment": "x", "subject": "x"})
            assert response.status_code in (403, 404), (who, method, url, response.status_code)
            assert not [s for s in SECRETS if s.lower() in response.text.lower()], (who, method, url)
        assert draft_id not in [d["id"] for d in api.get(who, "/api/reviews", params={"state": "all"}).json()]


def test_the_handoff_route_is_covered_by_the_isolation_checks(api):
    assert ("GET", "/api/accounts/{account_id}/handoff") in _account_routes(api.client.app)
    for who in ("olga", "joanna"):
        response = api.get(who, "/api/accounts/fernhill-creamery/handoff")
        assert response.status_code == 404 and not [s for s in SECRETS if s.lower() in response.text.lower()]


def test_the_note_correction_routes_are_covered_by_the_isolation_checks(api):
    routes = _account_routes(api.client.app)
    for path in ("statements/{statement_id}/edit", "statements/{statement_id}/confirm", "sections/{section_key}/statements"):
        assert ("POST", f"/api/accounts/{{account_id}}/notes/{path}") in routes
    assert ("GET", "/api/accounts/{account_id}/notes/decisions") in routes
