"""Who a question is about, however it names them: a variant of their name, their title's initials, their
department. A question that describes someone rather than naming them is searched again with their name."""

from __future__ import annotations

import json

from gaps.helpers import crm, email, material

from assistant.account.asked_people import expanded_query, people_asked_about
from assistant.account.questions import contact_fact
from assistant.account.service import model_of


def _account():
    return model_of(material({
        "crm.json": crm(contacts=[
            {"name": "Rosa Vega", "title": "Purchasing Manager", "email": "rosa@acme.com"},
            {"name": "Theo Marsh", "title": "Chief Financial Officer", "email": "theo@acme.com"},
            {"name": "Ines Grace", "title": "Information Security Officer", "email": "ines@acme.com"},
        ]),
        "emails/2026-01-10-note.eml": email(
            "Theo Marsh <theo@acme.com>", "olive@vendor.io", "Sat, 10 Jan 2026 10:00:00 +0000", "Updates",
            "Hi Olive,\n\nPlease keep me in the loop by email, one page at most.\n\nTheo", "t1@acme.com"),
    }))


def test_a_department_or_title_initials_point_at_the_people_holding_them():
    model = _account()
    assert [p.name for p in people_asked_about(model, "Has Procurement approved the order form?")] == ["Rosa Vega"]
    assert [p.name for p in people_asked_about(model, "Has their CFO signed off?")] == ["Theo Marsh"]


def test_words_in_lower_case_describe_the_topic_not_a_person():
    model = _account()
    assert people_asked_about(model, "When does the current contract end?") == []
    assert people_asked_about(model, "Any security issues or a grace period?") == []


def test_only_a_question_describing_people_is_searched_again_with_their_names():
    model = _account()
    assert expanded_query(model, "Has Purchasing approved it?") == "Has Purchasing approved it? Rosa Vega"
    assert expanded_query(model, "Has Rosa approved it?") is None  # the search finds "Rosa" already
    assert expanded_query(model, "When is the renewal?") is None


def test_the_best_channel_to_keep_someone_informed_is_a_contact_question():
    fact = contact_fact(_account(), "What is the best channel to keep Theo informed?")
    assert fact is not None and "keep me in the loop by email" in fact.text
