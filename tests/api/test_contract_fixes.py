"""What the contract fuzzing found, kept as plain examples: each answered 500 or broke the published schema."""

from __future__ import annotations

import re

FERNHILL = "/api/accounts/fernhill-creamery"
OFFSET = re.compile(r"(Z|[+-]\d\d:\d\d)$")


def test_timestamps_carry_their_zone_on_sqlite_too(api):
    [account] = api.get("nadia", "/api/accounts").json()
    assert OFFSET.search(account["last_ingested_at"])


def test_an_id_too_large_for_the_database_is_a_422_not_a_500(api):
    for url in ("/api/emails/24406052544346354352128", f"{FERNHILL}/notes/99999999999999999999999"):
        response = api.get("nadia", url)
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"


def test_a_rejection_without_a_reason_is_refused_by_the_published_schema(api):
    response = api.post("rita", "/api/emails/1/reject", json={"comment": "  "})
    assert response.status_code == 422 and "comment" in response.json()["detail"]


def test_a_blank_task_owner_is_refused_by_the_published_schema(api):
    response = api.call("nadia", "PATCH", f"{FERNHILL}/plan/tasks/1", json={"owner": ""})
    assert response.status_code == 422 and "owner" in response.json()["detail"]


def test_a_wrong_method_lists_every_method_the_path_serves(api):
    response = api.call("nadia", "PUT", FERNHILL)
    assert response.status_code == 405 and response.headers["allow"] == "DELETE, GET"


def test_error_statuses_are_documented_as_problem_details(api):
    operation = api.get(None, "/openapi.json").json()["paths"]["/api/accounts/{account_id}/uploads"]["post"]
    for status in ("401", "403", "404", "413", "422"):
        assert "application/problem+json" in operation["responses"][status]["content"]
