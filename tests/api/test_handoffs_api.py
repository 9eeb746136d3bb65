"""The accounts list and the handoff route show each account's open handoff, and mark it as the reader's own when
they are its outgoing or incoming CSM. Fernhill's CRM record names Nadia (owner) and Elliot (incoming): ingesting it
opened a handoff."""

from __future__ import annotations

FERNHILL = "fernhill-creamery"


def _fernhill(api, who: str) -> dict:
    return next(a for a in api.get(who, "/api/accounts").json() if a["account_id"] == FERNHILL)


def test_the_accounts_list_shows_the_open_handoff_with_its_csms_date_and_status(api):
    handoff = _fernhill(api, "ada")["handoff"]

    assert handoff["outgoing"] == {"name": "Nadia Voss", "email": "nadia.voss@cobaltline.io"}
    assert handoff["incoming"] == {"name": "Elliot Faraday", "email": "elliot.faraday@cobaltline.io"}
    assert (handoff["effective_date"], handoff["status"], handoff["opened_by"]) == ("2026-02-16", "open", "ingest")
    assert handoff["accepted_at"] is None and handoff["yours"] is None  # the admin is neither CSM


def test_the_outgoing_csm_sees_it_as_handing_over_and_the_incoming_as_taking_over(api):
    assert _fernhill(api, "nadia")["handoff"]["yours"] == "handing over"
    assert _fernhill(api, "elliot")["handoff"]["yours"] == "taking over"
    assert _fernhill(api, "rita")["handoff"]["yours"] is None


def test_the_handoff_route_gives_the_accounts_current_handoff(api):
    response = api.get("elliot", f"/api/accounts/{FERNHILL}/handoff")

    assert response.status_code == 200
    body = response.json()
    assert (body["account_id"], body["incoming"]["name"], body["yours"]) == (FERNHILL, "Elliot Faraday", "taking over")
    assert body == api.get("elliot", "/api/accounts").json()[0]["handoff"]


def test_the_handoff_route_of_an_account_you_cannot_see_is_not_found(api):
    response = api.get("joanna", f"/api/accounts/{FERNHILL}/handoff")

    assert response.status_code == 404 and "Nadia" not in response.text and "Elliot" not in response.text
