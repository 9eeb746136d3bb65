"""Answering and dismissing gaps over the API: the outgoing CSM closes an item by its id, everyone else is refused,
and bad requests get a problem and change nothing."""

from __future__ import annotations

GAPS = "/api/accounts/fernhill-creamery/gaps"
ITEMS = "/api/accounts/fernhill-creamery/items"
AS_OF = {"as_of": "2026-02-06"}


def _open_gap(api) -> dict:
    return next(g for g in api.get("nadia", GAPS, params=AS_OF).json() if g["status"] == "open")


def test_the_outgoing_csm_answers_a_gap_by_its_id_and_the_gap_list_shows_the_answer(api):
    gap = _open_gap(api)

    answered = api.post("nadia", f"{ITEMS}/{gap['id']}/answer",
                        json={"text": "Margit's team signs off in March; I confirmed it by phone.", **AS_OF})

    assert answered.status_code == 200, answered.text
    assert answered.json()["source"] == f"debrief/{gap['id']}" and answered.json()["author"] == "Nadia Voss"
    listed = {g["id"]: g for g in api.get("elliot", GAPS, params=AS_OF).json()}
    assert listed[gap["id"]]["status"] == "answered"
    assert listed[gap["id"]]["answer"]["text"].startswith("Margit's team signs off")


def test_the_incoming_csm_and_a_reviewer_may_not_answer(api):
    gap = _open_gap(api)
    body = {"text": "An answer", **AS_OF}

    assert api.post("elliot", f"{ITEMS}/{gap['id']}/answer", json=body).status_code == 403
    assert api.post("rita", f"{ITEMS}/{gap['id']}/dismiss", json={"reason": "no", **AS_OF}).status_code == 403
    assert api.get("nadia", GAPS, params=AS_OF).json()[0]["status"] == "open"


def test_an_unknown_item_or_an_empty_answer_is_a_problem_that_changes_nothing(api):
    gap = _open_gap(api)

    unknown = api.post("nadia", f"{ITEMS}/no-such-item/answer", json={"text": "x", **AS_OF})
    empty = api.post("nadia", f"{ITEMS}/{gap['id']}/answer", json={"text": "  ", **AS_OF})

    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("application/problem+json")
    assert empty.status_code == 422 and "text" in empty.json()["detail"]  # the request schema wants a non-blank text
    assert all(g["status"] == "open" for g in api.get("nadia", GAPS, params=AS_OF).json())


def test_a_text_of_only_characters_the_service_strips_is_refused_by_the_schema_not_by_the_service(api):
    gap = _open_gap(api)

    for blank in ("\x1e", " \x1c\x85 ", "\x00"):  # blank to Python's strip(), not to the JSON Schema's \S
        dismissed = api.post("nadia", f"{ITEMS}/{gap['id']}/dismiss", json={"reason": blank, **AS_OF})
        assert dismissed.status_code == 422 and "reason" in dismissed.json()["detail"], repr(blank)
    assert all(g["status"] == "open" for g in api.get("nadia", GAPS, params=AS_OF).json())


def test_a_dismissal_is_listed_with_its_reason(api):
    gap = _open_gap(api)

    dismissed = api.post("ada", f"{ITEMS}/{gap['id']}/dismiss", json={"reason": "Handled in the QBR.", **AS_OF})

    assert dismissed.status_code == 200 and dismissed.json()["status"] == "dismissed"
    listed = {g["id"]: g for g in api.get("nadia", GAPS, params=AS_OF).json()}
    assert listed[gap["id"]]["answer"] == dismissed.json()
