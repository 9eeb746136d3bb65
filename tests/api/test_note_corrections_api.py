"""Correcting the note over the API: the outgoing CSM edits, removes, confirms and adds statements, each answered
with the new note version; everyone else is refused; bad requests get a problem and change nothing."""

from __future__ import annotations

NOTE = "/api/accounts/fernhill-creamery/notes"


def _draft(api) -> dict:
    job = api.post("nadia", NOTE, json={"as_of": "2026-02-06"}).json()
    assert api.wait_for_job("nadia", job["id"])["status"] == "done"
    return api.get("nadia", f"{NOTE}/latest").json()


def _statements(note: dict) -> list[dict]:
    return [s for section in note["sections"] if section["key"] != "gaps" for s in section["statements"]]


def _cited(note: dict) -> dict:
    return next(s for s in _statements(note) if s["citations"])


def test_the_outgoing_csm_edits_and_confirms_a_statement_and_each_is_a_new_version(api):
    note = _draft(api)
    target = _cited(note)

    edited = api.post("nadia", f"{NOTE}/statements/{target['id']}/edit", json={"text": "Margit signs in March."})
    confirmed = api.post("nadia", f"{NOTE}/statements/{target['id']}/confirm", json={})

    assert edited.status_code == 200, edited.text
    assert edited.json()["version"] == note["version"] + 1 and confirmed.json()["version"] == note["version"] + 2
    [shown] = [s for s in _statements(confirmed.json()) if s["id"] == target["id"]]
    assert shown["text"] == "Margit signs in March." and shown["edit"]["confirmed"] and shown["edit"]["edited"]
    assert shown["edit"]["by"] == "Nadia Voss"
    history = api.get("elliot", f"{NOTE}/decisions", params={"statement": target["id"]}).json()
    assert [(h["revision"], h["action"]) for h in history] == [(1, "edit"), (2, "confirm")]


def test_a_statement_added_from_own_knowledge_cites_its_debrief_source(api):
    _draft(api)

    added = api.post("nadia", f"{NOTE}/sections/risks/statements",
                     json={"text": "Margit's CFO wants quarterly billing next year."})

    assert added.status_code == 201, added.text
    [mine] = [s for s in _statements(added.json()) if s["edit"] and s["edit"]["added"]]
    assert mine["citations"][0]["source"] == f"debrief/note-{mine['id']}"
    hits = api.get("elliot", "/api/accounts/fernhill-creamery/search",
                   params={"q": "CFO quarterly billing", "type": "debrief", "k": 1}).json()
    assert [h["chunk_id"] for h in hits] == [mine["citations"][0]["chunk_id"]]


def test_the_incoming_csm_and_a_reviewer_may_not_correct_the_note(api):
    note = _draft(api)
    target = _cited(note)

    assert api.post("elliot", f"{NOTE}/statements/{target['id']}/edit", json={"text": "x"}).status_code == 403
    assert api.post("rita", f"{NOTE}/statements/{target['id']}/remove", json={}).status_code == 403
    assert api.post("elliot", f"{NOTE}/sections/risks/statements", json={"text": "x"}).status_code == 403
    assert api.get("nadia", f"{NOTE}/latest").json()["version"] == note["version"]


def test_bad_requests_are_problems_that_change_nothing(api):
    note = _draft(api)
    target = _cited(note)

    unknown = api.post("nadia", f"{NOTE}/statements/s0000000000/edit", json={"text": "x"})
    blank = api.post("nadia", f"{NOTE}/statements/{target['id']}/edit", json={"text": "   "})
    section = api.post("nadia", f"{NOTE}/sections/no_such/statements", json={"text": "x"})
    foreign = api.post("nadia", f"{NOTE}/sections/risks/statements", json={"text": "x", "citations": ["nope:0"]})
    nothing_to_keep = api.post("nadia", f"{NOTE}/statements/{target['id']}/keep", json={})

    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("application/problem+json")
    assert blank.status_code == 422 and section.status_code == 404
    assert foreign.status_code == 400 and "no passage" in foreign.json()["detail"]
    assert nothing_to_keep.status_code == 400
    assert api.get("nadia", f"{NOTE}/latest").json()["version"] == note["version"]
