"""What each default note section is about, in words a sentence would use: a cue pattern per section key and a short
profile for the embedder. Used to score a sentence for the section being drafted and to tell whether it belongs
better in another section (so each piece of material lands once, where it fits best)."""

from __future__ import annotations

import functools
import re

from assistant.text.calendar_words import MONTH_WORD

_DATE_WORDS = rf"{MONTH_WORD}\s+\d{{1,2}}\b|\b\d{{1,2}}/\d{{1,2}}\b|\bq[1-4]\b"  # read case-insensitively

CUES: dict[str, str] = {
    "account_snapshot": r"\bplan\b|\barr\b|annual (?:recurring )?(?:fee|revenue)|\bseats?\b|licen[cs]es|active users|"
                        r"renew(?:al|s)?\b|contract (?:start|term|end)|\bterm\b|health score|\bnps\b|named users",
    "transition": r"\bcsm\b|take[sn]? over|taking over|hand(?:ing)? ?off|handover|hands? (?:the account )?to|transition|"
                  r"promot|effective|overlap|interim (?:point|contact)|reassign|territor|escalation (?:point|pt)|"
                  r"introduc|new (?:csm|account manager)|step(?:s|ping)? back|moves? to",
    "stakeholders": r"\bsponsor|champion|decision[- ]maker|economic buyer|budget owner|signs?\b|signature|"
                    r"primary contact|point of contact|day[- ]to[- ]day|\badmin\b|administrator|technical lead|"
                    r"detractor|\bowns?\b|\bowner\b|last day|leaving|joined|promoted to|reports to|"
                    r"\b(?:vp|svp|evp|cfo|ceo|cio|cto|coo|cmio|director|head of|chief|manager|officer|buyer|"
                    r"coordinator|lead|engineer)\b",
    "goals": r"\bgoals?\b|success (?:criteri|plan|metric)|\bkpis?\b|\btarget|objective|use case|measure|"
             r"\bfrom ~?\d.* to\b|\blive in\b|\blaunch|\bretire|\breduce|\bcut\b|\bimprove|\bper cent|\d+ of \d+",
    "history": r"\bqbr\b|\bebr\b|business review|onsite|on-site|kick-?off|\bwin\b|went live|go-live|launched|"
               r"announced|acquir|delivered|\bfixed\b|resolved|hotfix|deployed|audit|raised|closed out|"
               r"incident|outage|recap",
    "commitments": r"\bwill\b|\bpromis|\bcommit|\bowe[sd]?\b|->|→|\bby (?:" + _DATE_WORDS + r"|end of|next|mid|early|"
                   r"the end|friday|monday|tuesday|wednesday|thursday)|\bdue\b|action item|follow[- ]up|"
                   r"agreed to|deliver|i'll|we'll|you'll have|send (?:you|the|over)",
    "support": r"\btickets?\b|#\d{3,}|\bbug\b|incident|outage|\berror|\bfix|workaround|priority|\bsev ?\d|\bsla\b|"
               r"escalat|broke|fail|slow|stale|crash|down\b|latency|\blag",
    "risks": r"\brisk|churn|competit|evaluat|alternative|\brfp\b|frustrat|unhappy|angry|concern|budget (?:cut|pressure)|"
             r"freeze|leaving|declin|dropp?(?:ed|ing)?\b|fell\b|non-renewal|consolidat|complain|threat|opportunit|"
             r"expansion|upsell|pilot|impatient|lukewarm|skeptic|not convinced|quiet|blocker|worr|at risk|"
             r"switch|cancel|downgrade",
    "commercial": r"[$€£]\s?\d|\d\s?%|discount|pric(?:e|ing)|\bcap(?:ped)?\b|uplift|credit|invoice|\bpo\b|"
                  r"purchase order|quote|order form|billing|billed|list price|proposal|amendment|prorat|\bfee\b|"
                  r"co-?term|deal desk|procurement|payment|overage",
    "communication": r"prefer|\bemail\b|e-mail|\bphone\b|\bcalls?\b|slack|\bteams\b|\btexts?\b|channel|weekly|monthly|"
                     r"quarterly|every other|cadence|time ?zone|\b(?:et|pt|ct|mt|mst|cst|est|pst)\b|formal|"
                     r"in writing|written|one[- ]page|summary|summaries|agenda|\bcopy\b|\bcc\b|mornings?|"
                     r"afternoons?|(?:mon|tues|wednes|thurs|fri)days?|first names?|language",
    "next_steps": r"\bnext\b|need(?:s)? to|\bshould\b|\bto ?do\b|pending|waiting|unanswered|hasn'?t (?:replied|moved|"
                  r"been)|not (?:yet|sent)|still (?:open|owe|waiting)|\breply\b|\banswer|schedule|upcoming|deadline|"
                  r"\bplease\b|make sure|don'?t let|before|question",
}

PROFILES: dict[str, str] = {
    "account_snapshot": "The customer's plan, products, annual recurring revenue, seats purchased and active users, "
                        "contract start, renewal date, health score and NPS.",
    "transition": "The customer success manager is changing: the new CSM takes over the account, the reason "
                  "(promotion, territory change), the effective date and the overlap period.",
    "stakeholders": "A person at the customer: their job title and role, such as executive sponsor, champion, "
                    "decision maker, primary contact, admin or technical owner, and how they feel.",
    "goals": "The customer's business goals, success criteria, KPI targets, use cases and success-plan progress.",
    "history": "What happened in the past: business reviews, onsite visits, incidents that were fixed, wins, "
               "launches and milestones, with dates.",
    "commitments": "A promise or action item: someone will send or deliver something by a due date.",
    "support": "Support tickets, bugs, incidents and outages, their priority, status, fix and workaround.",
    "risks": "Churn risk, competitor evaluation, unhappy or frustrated people, budget pressure, a champion leaving, "
             "declining usage; expansion opportunities and pilots.",
    "commercial": "Pricing, discounts, price caps and uplift, credits, quotes, invoices, purchase orders, billing "
                  "and renewal terms in dollars.",
    "communication": "How the customer wants to be contacted: preferred channel (email, Slack, phone), meeting "
                     "cadence, days and times, time zone, formality.",
    "next_steps": "What the new CSM must do first: unanswered questions, pending replies, upcoming deadlines and "
                  "meetings to schedule.",
}

_COMPILED = {key: re.compile(pattern, re.IGNORECASE) for key, pattern in CUES.items()}


@functools.lru_cache(maxsize=65536)
def cue_hits(key: str, text: str) -> int:
    """Cue words of a section in a text; a note asks this of the same sentence for every section many times."""
    pattern = _COMPILED.get(key)
    return len(pattern.findall(text)) if pattern else 0


def cue_score(key: str, text: str) -> float:
    """0 for no cue, rising with diminishing returns: 0.12, 0.18, 0.21, ..."""
    hits = cue_hits(key, text)
    return 0.0 if hits == 0 else 0.12 + 0.06 * min(hits - 1, 1) + 0.03 * max(0, min(hits - 2, 2))


def known(key: str) -> bool:
    return key in PROFILES
