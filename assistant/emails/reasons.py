"""What the record says about the change an email announces, beyond the CRM's reason code: which way a tier change
goes, whether a complaint was about the CSM (and not the product), whether the outgoing CSM is still there to sign,
and whether the incoming "CSM" is a person or a team. When the record cannot tell, the answer is None and the email
says less."""

from __future__ import annotations

import re
from datetime import date

from assistant.facts.text import stated_days
from assistant.text.sentences import clauses

# Coverage tiers from the most hands-on to the most scaled, as account teams name them.
_TIERS = (
    re.compile(r"\b(?:strategic|enterprise|key account|named (?:csm|account)|dedicated|public sector|premier|"
               r"platinum)\b", re.IGNORECASE),
    re.compile(r"\b(?:mid-?market|commercial|growth|corporate|gold)\b", re.IGNORECASE),
    re.compile(r"\b(?:smb|small business|scaled|digital|pooled|pool|tech[- ]touch|one-to-many|self[- ]serve|"
               r"low[- ]touch|long tail|shared)\b", re.IGNORECASE),
)
_FROM_TO = re.compile(r"\bfrom\s+(?P<a>[^.;]{2,60}?)\s+(?:to|into)\s+(?P<b>[^.;]{2,60})|(?P<c>[\w& -]{2,40}?)\s*"
                      r"(?:->|→|=>)\s*(?P<d>[\w& -]{2,40})", re.IGNORECASE)
_UP = re.compile(r"\b(?:grow(?:n|th|ing)?|expan\w+|larger|upgrad\w+|up-?tier\w*|more (?:hands-on|dedicated))\b",
                 re.IGNORECASE)
_DOWN = re.compile(r"\b(?:downgrad\w+|down-?tier\w*|reduc\w+|smaller|contract\w*|lower tier|fewer)\b",
                   re.IGNORECASE)
_COMPLAINT = re.compile(r"\bescalat(?:ed|ion|ions)\b(?!\s+(?:point|contact|path|manager))|complain\w*|unhappy|"
                        r"dissatisf\w+|frustrat\w+|concerns? (?:about|with|over)", re.IGNORECASE)
_ABOUT_CSM = re.compile(r"\b(?:csm|customer success manager|account manager|check-?ins?|coverage|responsive\w*|"
                        r"follow[- ]?ups?|unreachable|never (?:heard|replied)|relationship)\b", re.IGNORECASE)
# the change is made because of the complaint ("moved after a customer escalation"), not beside it
_BECAUSE = re.compile(r"\b(?:after|following|because of|due to|in response to|prompted by|as a result of)\s+"
                      r"(?:a |an |the |their |repeated |several )?(?:\w+ )?(?:escalation|complaint)", re.IGNORECASE)
_LAST_DAY = re.compile(r"last day|leaving|left|departure|leaves", re.IGNORECASE)
_TEAM = re.compile(r"\b(?:team|pool|pod|desk|support|success|group|hub|queue|center|centre)\b", re.IGNORECASE)


def tier_direction(notes: str) -> str | None:
    """"up" (to a more hands-on tier), "down" (to a more scaled one), or None when the notes do not say."""
    match = _FROM_TO.search(notes)
    if match:
        before, after = (match["a"], match["b"]) if match["a"] else (match["c"], match["d"])
        a, b = _tier(before), _tier(after)
        if a is not None and b is not None and a != b:
            return "up" if b < a else "down"
    up, down = bool(_UP.search(notes)), bool(_DOWN.search(notes))
    lowest = _tier(notes)
    if down or lowest == len(_TIERS) - 1 and not up:
        return "down" if not up else None
    return "up" if up else None


def _tier(text: str) -> int | None:
    for rank, pattern in enumerate(_TIERS):
        if pattern.search(text):
            return rank
    return None


def complaint_about_csm(reason: str | None, notes: str, outgoing: str | None) -> bool:
    """A change that answers a complaint about the CSM (and not one about the product): underperformance always;
    otherwise a sentence of the notes that complains and is about the CSM's work."""
    if reason == "underperformance":
        return True
    names = [w for w in (outgoing or "").split() if len(w) >= 3]
    for sentence in clauses(notes):
        if _COMPLAINT.search(sentence) and (_ABOUT_CSM.search(sentence) or _BECAUSE.search(sentence) or
                                            any(re.search(rf"\b{re.escape(n)}\b", sentence) for n in names)):
            return True
    return False


def outgoing_gone(reason: str | None, notes: str, effective: date | None, as_of: date) -> bool:
    """Whether the outgoing CSM has already left the company by ``as_of`` (their last day, or the effective date of
    a departure, has passed), so they cannot sign the introduction."""
    if reason != "attrition":
        return False
    last_days = [d for d, start, _ in stated_days(notes, effective or as_of, back_days=365)
                 if _LAST_DAY.search(notes[max(0, start - 40): start])]
    last = max(last_days) if last_days else effective
    return last is not None and last < as_of


def is_team(name: str | None) -> bool:
    """"Scaled Success Team", "CS Pool (EMEA)": a team, not a person."""
    return bool(name) and (_TEAM.search(name) is not None or len(name.split()) == 1)
