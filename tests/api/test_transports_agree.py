"""The API only translates: a question is audited once whichever route asks it, and the debrief before the first
note is the same answer the pages and the command line give (the open gaps' questions), not a 404."""

from __future__ import annotations

from assistant.access.audit import read_events

FERNHILL = "/api/accounts/fernhill-creamery"
AS_OF = {"as_of": "2026-02-06"}


def _asked(context) -> int:
    return len(read_events(context, account_id="fernhill-creamery", action="chat.ask"))


def test_a_question_asked_over_json_is_audited_once(api, api_context):
    answered = api.post("elliot", f"{FERNHILL}/ask", json={"question": "When is the renewal date?"})

    assert answered.status_code == 200 and _asked(api_context) == 1


def test_a_question_asked_over_the_stream_is_audited_once(api, api_context):
    streamed = api.post("elliot", f"{FERNHILL}/ask/stream", json={"question": "When is the renewal date?"})

    assert streamed.status_code == 200 and "event: done" in streamed.text and _asked(api_context) == 1


def test_before_the_first_note_the_debrief_is_the_open_gaps_questions(api):
    gaps = api.get("nadia", f"{FERNHILL}/gaps", params=AS_OF).json()
    agenda = api.get("nadia", f"{FERNHILL}/debrief", params=AS_OF)

    assert api.get("nadia", f"{FERNHILL}/notes/latest").status_code == 404
    assert agenda.status_code == 200
    assert [q["id"] for q in agenda.json()] == [g["id"] for g in gaps if g["status"] == "open"]
    assert {q["topic"] for q in agenda.json()} == {"gap"}
