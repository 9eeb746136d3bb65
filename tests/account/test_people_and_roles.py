"""The account model's people: who they are, what the record calls them, who holds each role now and who held it
before, worked out from the CRM record, mail and notes together (latest dated word wins)."""

from __future__ import annotations

from gaps.helpers import crm, email, material, meeting

from assistant.account.questions import role_asked, role_fact, title_fact
from assistant.account.service import model_of


def test_a_sponsor_named_in_a_later_note_replaces_the_crm_one_who_stepped_down():
    model = model_of(material({
        "crm.json": crm(),
        "meetings/2026-01-10-qbr.md": meeting("2026-01-10", "Sam Boss, our former sponsor, stepped down in December. "
                                                          "Dana New (CFO) is our executive sponsor going forward.",
                                              ["Dana New <dana@acme.com>"]),
    }))
    holder = model.current_holder("executive_sponsor")
    assert holder.name == "Dana New" and holder.evidence.source == "meetings/2026-01-10-qbr.md"
    fact = role_fact(model, "executive_sponsor")
    assert fact.text.startswith("Dana New (CFO) is the executive sponsor") and "Sam Boss held the role before" in fact.text


def test_a_crm_sponsor_given_only_by_title_is_the_person_a_signature_gives_that_title():
    model = model_of(material({
        "crm.json": crm(executive_sponsor={"name": None, "title": "Deputy General Manager, Operations"}),
        "emails/a.eml": email("Rena Vale <rena@acme.com>", "olive@vendor.io", "Mon, 2 Mar 2026 10:00:00 +0000",
                              "Plan", "We need a recovery plan by Friday.\n\nRena Vale\nDeputy General Manager, "
                              "Operations\nAcme Co", "a1@acme.com"),
    }))
    assert model.current_holder("executive_sponsor").name == "Rena Vale"


def test_the_holder_of_a_title_inherits_the_sponsorship_of_a_predecessor_who_left():
    model = model_of(material({
        "crm.json": crm(executive_sponsor={"name": "Sam Boss", "email": "sam@acme.com", "title": "Managing Partner"}),
        "emails/a.eml": email("Sam Boss <sam@acme.com>", "olive@vendor.io", "Mon, 3 Nov 2025 10:00:00 +0000",
                              "News", "The partners have elected Dana New as Managing Partner from January.\n\n"
                              "Sam Boss\nManaging Partner\nAcme Co", "n1@acme.com"),
        "meetings/2026-02-01-intro.md": meeting("2026-02-01", "Sam Boss, our original sponsor, is on sabbatical "
                                                              "until June.", ["Dana New <dana@acme.com>"]),
    }))
    holder = model.current_holder("executive_sponsor")
    assert holder.name == "Dana New" and holder.inferred


def test_someone_who_left_is_marked_with_the_sentence_that_says_so():
    model = model_of(material({
        "crm.json": crm(),
        "emails/a.eml": email("Pat Buyer <pat@acme.com>", "olive@vendor.io", "Mon, 5 Jan 2026 10:00:00 +0000",
                              "Re: plan", "Quick note: Lee Gone has left the company as of December 31. "
                              "Please write to me instead.\n\nPat Buyer\nDirector of Operations",
                              "b1@acme.com", extra="\nCc: Lee Gone <lee@acme.com>"),
    }))
    person = model.person("Lee Gone")
    assert person.status == "left" and "has left the company" in person.presence[-1].evidence.quote


def test_a_question_asking_whether_someone_left_says_nothing_about_them():
    model = model_of(material({
        "crm.json": crm(),
        "meetings/2026-01-10-sync.md": meeting("2026-01-10", "So Pat Buyer has left?", ["Pat Buyer <pat@acme.com>"]),
    }))
    assert model.person("Pat Buyer").status == "active"


def test_a_nickname_introduced_in_brackets_refers_to_the_person():
    model = model_of(material({
        "crm.json": crm(),
        "meetings/2026-01-10-sync.md": meeting("2026-01-10", "Patsy (Pat Buyer, Director of Operations) runs the "
                                                             "rollout.", ["Pat Buyer <pat@acme.com>"]),
    }))
    assert model.person("patsy").name == "Pat Buyer"


def test_the_latest_title_wins_and_the_stale_one_is_reported():
    model = model_of(material({
        "crm.json": crm(),
        "emails/a.eml": email("Pat Buyer <pat@acme.com>", "olive@vendor.io", "Mon, 5 Jan 2026 10:00:00 +0000",
                              "Hello", "Thanks for the update.\n\nPat Buyer\nVP Operations\nAcme Co", "c1@acme.com"),
    }))
    fact = title_fact(model, "What is Pat Buyer's title now?")
    assert fact.text.startswith("Pat Buyer's title is VP Operations") and "Director of Operations" in fact.text


def test_who_questions_about_a_role_are_recognised_and_others_are_not():
    assert role_asked("Who's the exec sponsor these days?") == "executive_sponsor"
    assert role_asked("Who signs off on the renewal?") == "economic_buyer"
    assert role_asked("When does the sponsor's term end?") is None
    assert role_asked("Who raised the SSO ticket?") is None
