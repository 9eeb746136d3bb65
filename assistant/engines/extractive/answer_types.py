"""What a question asks for: the kind of value that answers it (a person, a date, a number, an amount, a phone
number, an email address, ticket ids), the words that carry its topic, and the names it is about. The offline
answerer prefers sentences holding the expected kind of value and abstains when a question asks for a specific
value (a phone number, a price, a count, someone's name) that no sentence about its topic contains."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, Field

from assistant.store.keyword import query_terms
from assistant.text.calendar_words import MONTH_STEMS, MONTH_WORD, WEEKDAY_STEMS
from assistant.text.names import HONORIFIC, HONORIFICS

ValueKind = Literal["phone", "email", "name", "person", "date", "amount", "number", "ticket", "entity", "none"]

# Words that say how a question is asked, not what it is about: they never count as topic words.
GENERIC = frozenset(
    "what who when where why how which whom whose is are was were did does do done we i me can they their them "
    "theirs he him his she her hers it its our us you your there any this that these those account customer "
    "still actually really current currently exactly right now today recently ever already yet have has had been "
    "be get got give gave given made make like want wants going go happen happened happening status "
    "stand stands know kind sort much many long often anyone someone somebody anything something thing things "
    "side up out over off one ones name named called number should shall may might must let lets also else "
    "just only new old next last first day days before after".split()
)
_PHONE_Q = re.compile(r"\b(phone|mobile|cell|telephone|landline|extension|direct line|call (him|her|them) on)\b",
                      re.I)
_EMAIL_Q = re.compile(r"\b(e-?mail address|email\b(?!s)(?=.*\b(what|which)\b))", re.I)
_NAME_Q = re.compile(r"\b(name of|what is the name|what's the name|who is (their|the|our) [a-z]+\?*$)"
                     r"|\bwhich (company|firm|organi[sz]ation|employer|vendor|competitor|agency|partner)\b", re.I)
_TICKET_Q = re.compile(r"\b(tickets?|incidents?|cases?|bugs?|issues?)\b", re.I)
_WHEN_Q = re.compile(r"^\s*(when|by when|what date|which date|how soon|until when)\b"
                     r"|\b(what|which) (date|day|deadline)s?\b"
                     r"|\bkey (renewal )?dates\b|\bdeadlines?\b", re.I)
_WHO_Q = re.compile(r"^\s*(who|whom|whose)\b|\bwho\b", re.I)
_AMOUNT_Q = re.compile(r"\bhow much\b|\b(price|pricing|cost|costs|paying|pay|paid|spend|fee|fees|arr|budget|offer|offered|"
                       r"discount|credit|quote[d]?|revenue|tpv|amount|invoice[d]?|owe[ds]?)\b", re.I)
# "Which terminals / plants / teams ...": the answer names them
_WHICH_Q = re.compile(r"^\s*which\s+[a-z]+s\b", re.I)
# "Where does X stand?", "What is her current title?": the latest word counts, not the first
_CURRENT_Q = re.compile(r"^\s*where (is|are|does|do)\b|\b(status|stand|stands|current|currently|latest|now|still|"
                        r"today|so far|yet)\b", re.I)
_DATES_Q = re.compile(r"\b(dates|deadlines|timeline|milestones|schedule)\b", re.I)
_COUNT_Q = re.compile(r"\bhow many\b|\b(number of|count of|headcount|monthly|annual|yearly|score|nps|rate)\b",
                      re.I)

PHONE = re.compile(r"(?<![\w-])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b")
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
AMOUNT = re.compile(r"[$€£]\s?\d|\b\d[\d,.]*\s?(?:%|k\b|K\b|M\b|USD\b|EUR\b|per (?:seat|user|year|month))"
                    r"|\b\d+(?:\.\d+)? percent\b", re.I)
NUMBER = re.compile(r"(?<![\w-])\d[\d,.]*(?![\w-])|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
                    r"twelve|dozen|hundred|thousand)\b", re.I)
DATE = re.compile(rf"\b{MONTH_WORD}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH_WORD}|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
                  rf"|\b\d{{1,2}}/\d{{1,2}}\b|\b(?:Q[1-4]|FY\d{{2,4}})\b|\b{MONTH_WORD}\s+\d{{4}}\b"
                  rf"|\b(?:Mon|Tues|Wednes|Thurs|Fri)day\b", re.I)
TICKET = re.compile(r"#\d{3,}|\b(?:ticket|case|incident)s?\s*#?\d{3,}|\b[A-Z][A-Z0-9]{1,9}-\d{2,}\b", re.I)
_TITLE = (r"(?:VP|SVP|EVP|Vice President|Vice Chancellor|Chancellor|President|Director|Head of|Chief|C[A-Z]O|"
          r"Manager|"
          r"Officer|Lead|Engineer|Analyst|Coordinator|Administrator|Admin|Controller|Counsel|Architect|Specialist|"
          r"Founder|Owner|Procurement|Purchasing|Finance|Board|Committee|Sponsor|Champion)")
TITLE = re.compile(rf"\b{_TITLE}\b")
# a capitalised word inside a sentence that is no month or weekday: a place, a team, a product
_CALENDAR_STEM = "|".join(stem.title() for stem in (*MONTH_STEMS, *WEEKDAY_STEMS))
NAMED = re.compile(rf"(?<=[\w,)][\s,(/+&])(?<!\. )(?!(?:{_CALENDAR_STEM})[a-z]*\b)[A-Z][a-z]{{2,}}\b")
FULL_NAME = re.compile(rf"\b{HONORIFIC}\s+[A-Z][a-z]+|\b[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+)+\b")
_CAPITALISED = re.compile(r"\b(?:[A-Z][\w&'-]*[A-Za-z0-9])(?:\s+[A-Z][\w&'-]*[A-Za-z0-9])*\b|\b[A-Z]{2,}\b")
_HONORIFIC = {title.lower() for title in HONORIFICS}


# Cues of an answer to a kind of question that is not about a value: why -> a cause; where is / status -> how far
# it got; how does X like / prefer -> a preference.
_CUES = (
    (re.compile(r"^\s*why\b|\band why\b|\breason\b", re.I),
     re.compile(r"\b(because|due to|after|since|caused|root cause|so that|reason|escalat|outage|missed|risk)\b|->",
                re.I)),
    (re.compile(r"^\s*where (is|are|does|do)\b|\bstatus\b|\bstand\b|\b(was|were) (it|they) delivered\b"
                r"|\bdid we deliver\b", re.I),
     re.compile(r"\b(missed|stuck|overdue|not yet|still|delayed|slipped|pending|hasn't|has not|never|waiting|"
                r"review|"
                r"blocked|sent|delivered|done|due)\b", re.I)),
    (re.compile(r"^\s*what (happened|went wrong)\b|\bwhat was the (problem|issue|incident)\b", re.I),
     re.compile(r"\b(root cause|fix|fixed|hotfix|deployed|resolved|shipped|patched|caused|workaround|released)\b",
                re.I)),
    (re.compile(r"\b(waiting (on|for)|still need|need from us|needs from us|owe|outstanding)\b", re.I),
     re.compile(r"\b(need|require|waiting|missing|outstanding|still|owe|asked|request|before I can|hasn't|has not|"
                r"not yet|haven't|unanswered)\b", re.I)),
    (re.compile(r"\b(commit|committed|promise|promised|agree to|agreed to)\b", re.I),
     re.compile(rf"\b(will|owner|due|promis|commit|agreed|credit)\b|\bby {MONTH_WORD}|->", re.I)),
    (re.compile(r"\b(prefer|like to|likes to|wants? to be|best way|how should i)\b", re.I),
     re.compile(r"\b(prefer|only|never|no |don't|do not|wants|likes|please|always|by email|via|channel|formal)\b",
                re.I)),
)


class QuestionShape(BaseModel):
    text: str
    kind: ValueKind = "none"
    strict: bool = False  # a specific value is asked for: none next to the topic means "not in the record"
    terms: list[str] = Field(default_factory=list)  # topic words (lower case)
    anchors: list[str] = Field(default_factory=list)  # names and acronyms the question is about (lower case words)
    focus: list[str] = Field(default_factory=list)  # the words a strict value must sit next to
    compound: bool = False  # asks for two things ("how many seats ... and what is the ARR")
    cues: list[str] = Field(default_factory=list)  # patterns of the words an answer of this kind tends to use
    current: bool = False  # asks how things stand now: later sources count more
    several: bool = False  # asks for several values of its kind ("the key dates"): each new one adds


def shape_of(question: str, account_words: set[str] | None = None) -> QuestionShape:
    account_words = account_words or set()
    terms = [t for t in query_terms(question) if t not in GENERIC and len(t) > 1]
    anchors = _anchors(question, account_words)
    kind: ValueKind = "none"
    strict = False
    lowered = question.lower()
    if _PHONE_Q.search(question):
        kind, strict = "phone", True
    elif _EMAIL_Q.search(question):
        kind, strict = "email", True
    elif _NAME_Q.search(question):
        kind, strict = "name", True
    elif _TICKET_Q.search(question) and re.search(r"\b(which|what|any|list)\b", lowered) and "ticket" in lowered:
        kind = "ticket"
    elif _WHEN_Q.search(question):
        kind = "date"
    elif _WHO_Q.search(question):
        kind = "person"
    elif "how many" in lowered:
        kind, strict = "number", True
    elif "how much" in lowered or re.search(r"\b(cost|price|quoted?|pay|paid|tpv|revenue)\b", lowered) and \
            re.match(r"\s*(what|how)\b", lowered) and \
            not re.search(r"\b(protection|pricing|discount|offer)", lowered):
        kind, strict = "amount", True
    elif _COUNT_Q.search(question) and re.match(r"\s*what\b", lowered):
        kind, strict = "number", True
    elif _AMOUNT_Q.search(question):
        kind = "amount"
    elif _WHICH_Q.search(question):
        kind = "entity"
    focus = [t for t in terms
             if t not in anchors and not is_account_word(t, account_words) and not _is_value_word(t)]
    clauses = clauses_of(question)
    compound = len(clauses) > 1
    asked = [c for c in clauses if _ASKS.match(c)]
    if strict and len(asked) > 1 and not all(shape_of(clause, account_words).strict for clause in asked):
        strict = False  # "how many seats, and where do invoices go?": the other half can still be answered
    cues = [cue.pattern for asks, cue in _CUES if asks.search(question)]
    return QuestionShape(text=question, kind=kind, strict=strict, terms=terms, anchors=anchors, focus=focus,
                         compound=compound, cues=cues, current=bool(_CURRENT_Q.search(question)),
                         several=kind == "date" and bool(_DATES_Q.search(question)))


_ASKS = re.compile(r"\s*(?:what|who|whom|whose|when|where|why|how|which|is|are|was|were|do|does|did|can|could|"
                   r"will|would|should|has|have|had|any)\b", re.IGNORECASE)
_CLAUSE_SPLIT = re.compile(r"\?\s+(?=\S)|,?\s+and\s+(?=(?:what|who|whom|when|how|why|where|which|did|does|do|is|"
                           r"are|was|were|"
                           r"has|have)\b)", re.IGNORECASE)


def clauses_of(question: str) -> list[str]:
    """The questions inside one: "When is X leaving, and who takes over?" -> ["When is X leaving",
    "who takes over?"]."""
    parts = [p.strip(" ,") for p in _CLAUSE_SPLIT.split(question) if len(p.split()) >= 2]
    return parts or [question]


def cue_count(text: str, shape: QuestionShape) -> int:
    return sum(bool(re.search(cue, text, re.IGNORECASE)) for cue in shape.cues)


# a day of a month, however written: what "when" asks for, more than a quarter, a fiscal year or a weekday
DAY = re.compile(rf"\b{MONTH_WORD}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{MONTH_WORD}|\b\d{{4}}-\d{{2}}-\d{{2}}\b"
                 r"|\b\d{1,2}[/.]\d{1,2}\b", re.I)


def has_day(text: str) -> bool:
    return bool(DAY.search(text))


def has_value(text: str, kind: ValueKind) -> bool:
    if kind == "phone":
        return bool(PHONE.search(text))
    if kind == "email":
        return bool(EMAIL.search(text))
    if kind == "name":
        return bool(FULL_NAME.search(text))
    if kind == "person":
        return bool(FULL_NAME.search(text) or TITLE.search(text))
    if kind == "date":
        return bool(DATE.search(text))
    if kind == "amount":
        return bool(AMOUNT.search(text))
    if kind == "number":
        return bool(NUMBER.search(text) or AMOUNT.search(text))
    if kind == "ticket":
        return bool(TICKET.search(text))
    if kind == "entity":
        return bool(NAMED.search(text))
    return True


def is_account_word(word: str, account_words: set[str]) -> bool:
    """A word of the account's name or of one of its mail domains ("ostrander" in "ostranderpm")."""
    return word in account_words or len(word) >= 4 and any(word in w for w in account_words)


def _is_value_word(term: str) -> bool:
    return term in {"phone", "mobile", "cell", "telephone", "number", "email", "address", "date", "price", "cost",
                    "much", "many", "amount", "who", "when"}


def _anchors(question: str, account_words: set[str]) -> list[str]:
    """Capitalised words after the first (names, products, acronyms), minus the account's own name."""
    words: list[str] = []
    first = re.match(r"\s*\S+", question)
    start = first.end() if first else 0
    for match in _CAPITALISED.finditer(question, start):
        for word in match.group(0).split():
            word = re.sub(r"'s$", "", word).strip("'").lower()
            if word and word not in _HONORIFIC and not is_account_word(word, account_words) \
                    and word not in GENERIC and len(word) > 1:
                words.append(word)
    return list(dict.fromkeys(words))


# How account histories say what questions ask: a topic word also counts as found when one of these is there.
# Customer-success vocabulary only; nothing about any particular account.
RELATED: dict[str, tuple[str, ...]] = {
    "arr": ("annual recurring", "annual fee", "arr", "a year", "/yr", "per year"),
    "paying": ("pay", "fee", "arr", "$", "per seat", "invoice", "a year"),
    "pay": ("pay", "fee", "$", "invoice"),
    "seats": ("seat", "licen", "users"),
    "sign": ("sign", "approv", "budget owner", "decides", "decision"),
    "signs": ("sign", "approv", "budget owner", "decides", "decision"),
    "approve": ("approv", "sign", "board", "committee"),
    "approves": ("approv", "sign", "board", "committee"),
    "contact": ("email", "phone", "call", "reach", "contact", "protocol", "copy", "cc"),
    "communicate": ("email", "slack", "teams", "call", "channel", "phone", "chat"),
    "informed": ("update", "summary", "report", "email", "one page", "informed"),
    "competitors": ("competit", "evaluat", "rfp", "alternative", "quote", "switch"),
    "competitor": ("competit", "evaluat", "rfp", "alternative", "quote", "switch"),
    "promise": ("promis", "owe", "commit", "will send", "agreed to"),
    "promised": ("promis", "owe", "commit", "will send", "agreed to"),
    "commit": ("commit", "promis", "owe", "will ", "credit"),
    "delivered": ("deliver", "sent", "sent", "done", "not yet", "still", "overdue", "missed", "never"),
    "deliver": ("deliver", "sent", "done", "not yet", "still", "overdue", "missed", "never"),
    "expansion": ("expan", "upsell", "pilot", "proposal", "add-on", "opportunit", "quote"),
    "opportunity": ("opportunit", "pilot", "proposal", "upsell", "expan"),
    "billing": ("invoice", "bill", "fee", "charge", "credit memo", "payment"),
    "problem": ("problem", "issue", "bug", "incident", "outage", "dispute", "broke", "fail", "error"),
    "issues": ("issue", "problem", "bug", "incident", "ticket", "exposed", "breach"),
    "security": ("security", "phi", "breach", "expos", "access", "masking", "leak"),
    "usage": ("usage", "active users", "adoption", "logins", "active", "using"),
    "trended": ("fell", "rose", "dropped", "grew", "from", "down", "up"),
    "waiting": ("waiting", "asked", "request", "need", "unanswered", "still", "owe", "hasn't", "has not"),
    "need": ("need", "require", "waiting", "missing", "outstanding", "request"),
    "end": ("end", "expir", "term", "through", "until", "renew"),
    "leaving": ("leav", "last day", "depart", "moving on", "new role"),
    "takes": ("take", "interim", "owner", "replac", "backfill", "cover"),
    "day-to-day": ("day-to-day", "day to day", "interim", "primary", "admin", "owner"),
    "blocking": ("block", "blocker", "stuck", "waiting", "can't", "cannot"),
    "sticking": ("require", "non-negotiable", "insist", "disagree", "redline", "days"),
    "criteria": ("criteri", "goal", "kpi", "target", "success"),
    "low": ("low", "escalat", "outage", "missed", "risk", "churn", "evaluat", "frustrat"),
    "protection": ("cap", "capped", "price hold", "locked", "discount", "uplift", "protection"),
    "protections": ("cap", "capped", "price hold", "locked", "discount", "uplift", "protection"),
    "discount": ("discount", "% off", "off ", "reduc"),
    "offer": ("offer", "propos", "price hold", "quote", "discount"),
    "moving": ("transition", "moving", "tier", "reassign", "handover", "handoff"),
    "status": ("status", "still", "overdue", "missed", "delivered", "pending", "sent"),
    "happened": ("root cause", "fix", "hotfix", "deployed", "resolved", "caused", "lag"),
    "invoices": ("invoice", "billing", "ap ", "accounts payable", "finance"),
    "handles": ("handle", "owner", "responsible", "->", "goes to", "point of contact"),
    "csm": ("csm", "customer success manager", "account manager"),
    "change": ("change", "takes over", "transition", "new csm", "handover", "introduc"),
}


def related(term: str) -> tuple[str, ...]:
    return RELATED.get(term, ())
