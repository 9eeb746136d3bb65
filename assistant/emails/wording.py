"""How each transition reason is put to a customer. The CRM's reason code and the transition notes are internal:
an email words the change kindly, and a complaint-driven change acknowledges the concern without blaming anyone.
Words that must never reach a customer are listed here so generated text can be checked for them."""

from __future__ import annotations

import re

_INTRO: dict[str, str] = {
    "promotion": "I am writing to share some news: I have been promoted to a new role within our Customer Success "
                 "team, so I will be handing over my day-to-day work with {account}.",
    "attrition": "I am writing to let you know that I will be leaving the company, and I want to make sure your "
                 "team is in excellent hands before I go.",
    "territory_change": "I am writing to let you know that our team is realigning its regional coverage, and I "
                        "will be moving to a different territory.",
    "workload_rebalance": "I am writing to let you know that we are rebalancing accounts across our Customer "
                          "Success team, so that every customer gets the time and attention they deserve.",
    "underperformance": "I am writing to let you know about a change in who looks after {account} on our side.",
    "customer_tier_change": "I am writing to let you know about a change in how we support {account}: your account is "
                            "moving to a different team on our side.",
    "customer_tier_change/up": "I am writing to let you know that, as your partnership with us has grown, {account} "
                               "is moving to a team set up to support organisations of your size and scope.",
    "customer_tier_change/down": "I am writing to let you know about a change in how we support {account}: "
                                 "day-to-day support moves to a team that works with many of our customers.",
    "delegation": "I am writing to let you know that, to give your team more dedicated day-to-day support, I am "
                  "handing day-to-day ownership of {account} to a colleague.",
}
_DEFAULT_INTRO = "I am writing to let you know about a change in who looks after {account} on our side."

CONCERN = ("We have heard your concerns about the support your team has received recently, and we take them "
           "seriously. This change is about making sure you get the consistent, responsive attention you should "
           "expect from us.")

_FAREWELL: dict[str, str] = {
    "promotion": "As you know, I have moved into a new role within our Customer Success team, and {incoming} has "
                 "now taken over as your Customer Success Manager.",
    "attrition": "As I mentioned, I am leaving the company, so this is my last note as your Customer Success "
                 "Manager; {incoming} has now taken over.",
    "territory_change": "With our regional coverage realigned, {incoming} has now taken over as your Customer "
                        "Success Manager.",
    "underperformance": "{incoming} has now taken over as your Customer Success Manager. Thank you for telling us "
                        "plainly what was not working; it helped us put the right support in place.",
    "customer_tier_change": "Your account now sits with {incoming}, who has taken over your day-to-day support.",
    "customer_tier_change/up": "As {account} has grown, your account now sits with {incoming}, who has taken over as "
                               "your Customer Success Manager.",
}
_DEFAULT_FAREWELL = "As planned, {incoming} has now taken over as your Customer Success Manager, and this is my " \
                    "last note as your day-to-day contact."

# Internal wording that must never appear in a customer email (checked after any engine writes).
INTERNAL_TERMS = re.compile(
    r"underperform\w*|\bperformance (?:issue|problem|concern)s?\b|\bpoor performance\b|\battrition\b|"
    r"\bover capacity\b|\bfired\b|\bbook rebalance\b|\bcustomer_tier_change\b|"
    r"\bworkload_rebalance\b|\bterritory_change\b",
    re.IGNORECASE,
)


def intro_reason(reason: str | None, account: str, direction: str | None = None) -> str:
    """``direction`` ("up"/"down") words a tier change the way it goes; unknown, it says only that it changes."""
    key = f"{reason}/{direction}" if direction and f"{reason}/{direction}" in _INTRO else reason or ""
    return _INTRO.get(key, _DEFAULT_INTRO).format(account=account)


def self_intro(account: str, outgoing: str | None) -> str:
    """The incoming CSM writing because the outgoing one has already left."""
    who = f"{outgoing} has left our company, and " if outgoing else ""
    return f"I am writing to introduce myself: {who}I have taken over as your Customer Success Manager for {account}."


def farewell_reason(reason: str | None, account: str, incoming: str, direction: str | None = None) -> str:
    key = f"{reason}/{direction}" if direction and f"{reason}/{direction}" in _FAREWELL else reason or ""
    return _FAREWELL.get(key, _DEFAULT_FAREWELL).format(account=account, incoming=incoming)


def internal_terms(text: str) -> list[str]:
    return sorted({m.group(0).lower() for m in INTERNAL_TERMS.finditer(text)})
