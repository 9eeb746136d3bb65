"""Readiness and acceptance over the API: the incoming CSM reads the readiness summary and accepts the handoff;
the outgoing CSM may not; a second acceptance is a 409 problem."""

from __future__ import annotations

BASE = "/api/accounts/fernhill-creamery/handoff"
AS_OF = {"as_of": "2026-02-06"}


def test_the_incoming_csm_reads_readiness_and_accepts_listing_what_is_open(api):
    ready = api.get("elliot", f"{BASE}/readiness", params=AS_OF)
    assert ready.status_code == 200, ready.text
    summary = ready.json()
    assert set(summary["open_gaps"]) == {"high", "medium", "low"} and summary["handoff"]["status"] == "open"

    refused = api.post("nadia", f"{BASE}/accept", json={"with_open_items": True, **AS_OF})
    accepted = api.post("elliot", f"{BASE}/accept", json={"with_open_items": True, **AS_OF})
    again = api.post("elliot", f"{BASE}/accept", json={"with_open_items": True, **AS_OF})

    assert refused.status_code == 403
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["handoff"]["status"] == "accepted"
    assert again.status_code == 409 and again.headers["content-type"].startswith("application/problem+json")
    assert api.get("elliot", BASE).json()["status"] == "accepted"


def test_with_a_high_severity_gap_open_acceptance_needs_the_open_items_listed(api):
    summary = api.get("elliot", f"{BASE}/readiness", params=AS_OF).json()
    assert summary["open_gaps"]["high"] > 0  # the example account has overdue promises on that day

    response = api.post("elliot", f"{BASE}/accept", json=AS_OF)

    assert response.status_code == 409 and "high-severity" in response.json()["detail"]
    assert api.get("elliot", BASE).json()["status"] == "open"
