"""On the account page the outgoing CSM answers a gap in place: the answer shows beside the gap, which leaves the open
count; the incoming CSM sees the answer but no forms."""

from __future__ import annotations

import re

from web_support import FERNHILL

PAGE = f"/accounts/{FERNHILL}?as_of=2026-02-06"


def _open_count(page: str) -> int:
    return int(re.search(r'id="gaps-h">Documentation gaps <span class="count">(\d+)', page).group(1))


def test_the_outgoing_csm_answers_a_gap_on_the_account_page_and_sees_it_answered(web):
    client = web("nadia")
    page = client.get(PAGE).text
    item_id = re.search(r'action="/accounts/[^/]+/items/([^/"]+)/answer"', page).group(1)

    answered = client.post(f"/accounts/{FERNHILL}/items/{item_id}/answer", follow_redirects=False,
                           data={"csrf_token": web.csrf("nadia"), "as_of": "2026-02-06",
                                 "text": "Margit signs; she told me at the January QBR."})

    assert answered.status_code == 303 and answered.headers["location"].endswith(f"#item-{item_id}")
    after = client.get(PAGE).text
    assert "Answered by Nadia Voss" in after and "Margit signs; she told me at the January QBR." in after
    assert _open_count(after) < _open_count(page)  # what an answer states may close other gaps too
    assert f'action="/accounts/{FERNHILL}/items/{item_id}/answer"' not in after


def test_the_incoming_csm_sees_no_answer_forms_and_may_not_post_one(web):
    client = web("elliot")
    page = client.get(PAGE).text

    assert "/answer\"" not in page and "Documentation gaps" in page
    refused = client.post(f"/accounts/{FERNHILL}/items/missing_executive_sponsor/dismiss",
                          data={"csrf_token": web.csrf("elliot"), "reason": "not mine"})
    assert refused.status_code == 403


def test_an_answered_field_the_crm_leaves_empty_shows_in_the_snapshot_with_whose_word_it_is(web):
    client = web("nadia")
    assert "<dt>Health</dt><dd>not recorded" in client.get(PAGE).text

    client.post(f"/accounts/{FERNHILL}/items/missing_health_score/answer",
                data={"csrf_token": web.csrf("nadia"), "as_of": "2026-02-06",
                      "text": "Amber: usage is steady but the sponsor has gone quiet."})

    snapshot = client.get(PAGE).text
    snapshot = snapshot[snapshot.index('id="snapshot-h"'):snapshot.index('id="people-h"')]
    assert "Amber: usage is steady but the sponsor has gone quiet." in snapshot
    assert "per Nadia Voss&#39;s debrief answer, 20" in snapshot or "per Nadia Voss's debrief answer, 20" in snapshot
