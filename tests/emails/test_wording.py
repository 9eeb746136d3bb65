"""What an email says: the reason worded for the customer, the incoming CSM's profile, who receives it, and the
customer's communication preferences. Drafted offline from parsed material (no store needed)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.engines.extractive.email import render_offline
from assistant.emails.drafting import build_facts
from assistant.emails.models import IncomingCsm
from assistant.emails.wording import internal_terms
from assistant.facts.material import load_account
from ingest.document import Person, Transition

from .conftest import EXAMPLES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

REASON_WORDS = {
    "promotion": "new role", "attrition": "leaving", "territory_change": "territory",
    "workload_rebalance": "rebalancing", "underperformance": "heard your concerns",
    "customer_tier_change": "moving to a different team", "delegation": "day-to-day",
}


def _email(material, kind="intro", profile=None, as_of=None):
    facts = build_facts(material, material.crm.name, kind, profile, as_of)
    return facts, render_offline(facts)


def _with(material, **crm_changes):
    return material.model_copy(update={"crm": material.crm.model_copy(update=crm_changes)}, deep=True)


@pytest.mark.parametrize("reason", sorted(REASON_WORDS))
def test_each_reason_is_worded_for_the_customer_without_internal_words(fernhill_material, reason):
    transition = Transition(reason=reason, effective_date="2026-02-16", notes="internal only: over capacity")
    _, email = _email(_with(fernhill_material, transition=transition))
    assert REASON_WORDS[reason] in email.body
    assert internal_terms(email.subject + email.body) == []
    assert "internal only" not in email.body and reason not in email.body


def test_a_complaint_driven_change_acknowledges_the_concern_without_saying_underperformance(fernhill_material):
    transition = Transition(reason="underperformance", effective_date="2026-02-16",
                            notes="Underperformance: reassigned after the customer escalated missed check-ins.")
    facts, email = _email(_with(fernhill_material, transition=transition))
    assert "heard your concerns" in email.body and "take them seriously" in email.body
    assert "underperform" not in email.body.lower() and "missed check-ins" not in email.body
    assert "Nadia" not in email.body.split("Best regards")[0]  # nobody is blamed by name
    assert not facts.outgoing_reachable


def test_an_escalation_under_another_reason_is_acknowledged_too(fernhill_material):
    transition = Transition(reason="territory_change",
                            notes="Moved after a customer escalation about response times.")
    _, email = _email(_with(fernhill_material, transition=transition))
    assert "territory" in email.body and "heard your concerns" in email.body


def test_a_tier_change_is_worded_the_way_it_goes(fernhill_material):
    up = Transition(reason="customer_tier_change", notes="Moving SMB -> Enterprise after the expansion.")
    down = Transition(reason="customer_tier_change", notes="Moved from Mid-Market to the pooled tech-touch team.")
    _, grown = _email(_with(fernhill_material, transition=up))
    _, scaled = _email(_with(fernhill_material, transition=down))
    assert "grown" in grown.body
    assert "grown" not in scaled.body and "works with many of our customers" in scaled.body


def test_a_complaint_about_the_product_under_another_reason_is_not_a_complaint_about_the_csm(fernhill_material):
    transition = Transition(reason="delegation", notes="The customer escalated the March outage to our CTO. "
                                                       "Nadia keeps the executive relationship.")
    facts, email = _email(_with(fernhill_material, transition=transition))
    assert facts.concern_text is None and "concern" not in email.body


def test_an_outgoing_csm_whose_last_day_has_passed_does_not_sign_the_introduction(fernhill_material):
    transition = Transition(reason="attrition", effective_date="2026-02-16",
                            notes="Leaving the company; last day 2026-02-13.")
    facts, email = _email(_with(fernhill_material, transition=transition), as_of=date(2026, 2, 20))
    assert facts.sender.name == facts.incoming.name and facts.introduces_self
    assert "I will be leaving" not in email.body and "has left our company" in email.body
    assert email.body.rstrip().endswith(facts.incoming.name)


def test_before_the_last_day_the_outgoing_csm_still_signs(fernhill_material):
    transition = Transition(reason="attrition", effective_date="2026-02-16",
                            notes="Leaving the company; last day 2026-02-13.")
    facts, email = _email(_with(fernhill_material, transition=transition), as_of=date(2026, 2, 2))
    assert facts.sender.name != facts.incoming.name and "leaving the company" in email.body


def test_a_team_taking_over_is_not_called_a_customer_success_manager(fernhill_material):
    transition = Transition(reason="customer_tier_change", notes="Moved to the pooled tech-touch team.")
    crm = fernhill_material.crm.model_copy(update={"transition": transition, "incoming_csm": Person(
        name="Scaled Success Team", email="scaled@cobaltline.io")})
    facts, email = _email(fernhill_material.model_copy(update={"crm": crm}, deep=True))
    assert facts.incoming_is_team and "Customer Success Manager" not in email.subject + email.body


def test_an_escalation_point_is_not_a_complaint(fernhill_material):
    transition = Transition(reason="promotion", notes="Nadia stays escalation point through March.")
    facts, email = _email(_with(fernhill_material, transition=transition))
    assert facts.concern_text is None and "reachable until March" in email.body


def test_the_intro_presents_the_incoming_csm_with_title_and_background(fernhill_material):
    profile = IncomingCsm(name="Elliot Faraday", email="elliot.faraday@cobaltline.io", title="Senior CSM, Midwest",
                          background="Elliot ran maintenance programmes at a dairy processor for six years")
    _, email = _email(fernhill_material, profile=profile)
    assert "introduce Elliot Faraday, Senior CSM, Midwest, who will be your Customer Success Manager from " \
           "February 16, 2026." in email.body
    assert "dairy processor for six years." in email.body


def test_the_intro_says_what_changes_and_what_stays_with_the_overlap(fernhill_material):
    facts, email = _email(fernhill_material)
    assert "What changes:" in email.body and "What stays the same:" in email.body
    assert facts.overlap_text == "March 6, 2026"
    assert "until March 6, 2026" in email.body and "Professional plan" in email.body


def test_the_crm_primary_contact_receives_it_and_the_incoming_csm_is_copied(fernhill_material):
    facts, email = _email(fernhill_material)
    assert [c.address() for c in facts.to] == ["Rafael Oduya <roduya@fernhillcreamery.com>"]
    assert [c.name for c in facts.cc] == ["Elliot Faraday"]
    assert email.body.startswith("Hi Rafael,")


def test_without_a_primary_contact_the_most_engaged_customer_stakeholder_receives_it():
    facts, email = _email(load_account(EXAMPLES / "ostrander-property"))
    assert facts.to[0].name == "Luis Carvajal"  # the current day-to-day contact, not the champion who stepped back


def test_preferences_stated_about_someone_else_do_not_apply():
    facts, email = _email(load_account(EXAMPLES / "ostrander-property"))  # "Ingrid ... formal, email only"
    assert not facts.email_only and not facts.formal and "joint introduction call" in email.body


def test_the_preferred_channel_is_proposed_for_the_joint_call(fernhill_material):
    _, email = _email(fernhill_material)  # "biweekly Teams call with Rafael"
    assert "joint introduction call on Microsoft Teams" in email.body
    assert "biweekly Teams call" in email.body


def test_an_email_only_customer_is_not_offered_a_call(fernhill_material):
    facts, email = _email(_with(fernhill_material, communication_preference="Email only, please; no calls."))
    assert facts.email_only
    assert "call" not in email.body.lower() and "phone" not in email.body.lower()
    assert "follow up by email" in email.body


def test_a_formal_customer_gets_a_formal_salutation_and_sign_off(fernhill_material):
    facts, email = _email(_with(fernhill_material, communication_preference="Formal tone, email preferred"))
    assert email.body.startswith("Dear Rafael Oduya,") and "Kind regards," in email.body
    assert "Hi Rafael" not in email.body


def test_the_farewell_thanks_the_customer_and_points_to_the_new_csm(fernhill_material):
    _, email = _email(fernhill_material, kind="farewell")
    assert "Elliot Faraday has now taken over" in email.body
    assert "elliot.faraday@cobaltline.io" in email.body and email.body.rstrip().endswith("Nadia Voss")


def test_a_protocol_email_makes_the_intro_email_only_and_formal_and_a_planted_waiver_changes_nothing():
    """The CRM says nothing about contact; a protocol email from the sponsor asks for email only and a formal
    address, and a forwarded thread carries an instruction to AI tools claiming the rule was waived."""
    facts, email = _email(load_account(FIXTURES / "accounts" / "formal-district"))
    assert facts.email_only and facts.formal
    assert email.body.startswith("Dear Mr. Doe,")
    assert "call" not in email.body.lower() and "555-0142" not in email.body
    assert "waived" not in " ".join(facts.preferences)
