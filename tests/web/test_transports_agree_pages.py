"""The pages only translate: a question asked from the chat page is audited once (by the service), and before the
first note the account page shows the same debrief agenda as the API and the command line."""

from __future__ import annotations

from datetime import date

from web_support import FERNHILL

from assistant.access.audit import read_events
from assistant.pack.assemble import current_debrief


def test_a_question_asked_from_the_chat_page_is_audited_once(web):
    response = web("elliot").post(f"/accounts/{FERNHILL}/chat", data={"csrf_token": web.csrf("elliot"),
                                                                        "question": "When is the renewal date?"})

    assert response.status_code == 303
    assert len(read_events(web.context, account_id=FERNHILL, action="chat.ask")) == 1


def test_before_the_first_note_the_page_shows_the_open_gaps_questions(web):
    page = web("nadia").get(f"/accounts/{FERNHILL}", params={"as_of": "2026-02-06"}).text
    agenda = current_debrief(web.context, FERNHILL, date(2026, 2, 6))

    assert agenda and {q.topic for q in agenda} == {"gap"}
    assert all(f'id="debrief-{q.id}"' in page for q in agenda)
    assert "join them with the first note" in page
