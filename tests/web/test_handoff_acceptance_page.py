"""The account page shows the handoff's readiness; the incoming CSM accepts it there, the outgoing CSM cannot."""

from __future__ import annotations

from web_support import FERNHILL

PAGE = f"/accounts/{FERNHILL}?as_of=2026-02-06"


def test_the_incoming_csm_accepts_the_handoff_on_the_account_page_listing_the_open_items(web):
    client = web("elliot")
    page = client.get(PAGE).text
    assert "Accept the handoff" in page and "not ready" in page and "Open gaps:" in page

    accepted = client.post(f"/accounts/{FERNHILL}/handoff/accept", follow_redirects=False,
                           data={"csrf_token": web.csrf("elliot"), "as_of": "2026-02-06", "with_open_items": "1"})

    assert accepted.status_code == 303 and accepted.headers["location"].endswith("#handoff")
    after = client.get(PAGE).text
    assert "Accepted by Elliot Faraday" in after and "Accept the handoff" not in after


def test_the_outgoing_csm_sees_readiness_but_no_accept_button(web):
    page = web("nadia").get(PAGE).text

    assert "Open gaps:" in page and "Accept the handoff" not in page
    refused = web("nadia").post(f"/accounts/{FERNHILL}/handoff/accept",
                                data={"csrf_token": web.csrf("nadia"), "with_open_items": "1"})
    assert refused.status_code == 403
