"""Who a question is about, however it names them: by a variant of their name ("Toby", "Dr. Wren"), by their title
("their CFO", "the DGM") or by their department ("what does Purchasing need?"). A question that describes people
rather than naming them is searched again with their names, so passages that name the person are found too."""

from __future__ import annotations

import re

from assistant.account.model import AccountModel, PersonEntry

# words of a title that say its rank, not what the person does: they never identify anyone
_RANK_WORDS = frozenset(
    "senior junior principal associate assistant deputy acting interim executive vice president director manager "
    "head chief officer lead leader specialist analyst coordinator administrator admin partner member staff "
    "services service team department dept office of and the for & sr jr".split())
# one department written several ways (a question's word -> the words a title may use instead)
_DEPARTMENTS = {
    "procurement": {"purchasing", "sourcing", "procurement"},
    "purchasing": {"purchasing", "sourcing", "procurement"},
    "sourcing": {"purchasing", "sourcing", "procurement"},
    "legal": {"legal", "counsel"},
    "counsel": {"legal", "counsel"},
    "finance": {"finance", "financial", "controller"},
    "security": {"security", "infosec", "ciso"},
    "it": {"it", "technology", "ict"},
}


def people_asked_about(model: AccountModel, question: str) -> list[PersonEntry]:
    """The customer's people the question names or describes, each once: by a name variant first, else by title or
    department (when that points at three people at most: "the team" points at no one in particular)."""
    people = [p for p in model.people if not _MAILBOX.search(p.name)]
    named = [p for p in people if any(_names(v, question) for v in p.variants)]
    if named:
        return named
    # a title or department is written capitalised ("Purchasing", "the DGM"); "contract" or "security issues" in
    # lower case is what the question is about, not whom
    words = {w.lower() for w in _CAPITALISED.findall(question)}
    wanted = set().union(*(_DEPARTMENTS.get(w, {w}) for w in words)) - _RANK_WORDS
    described = [p for p in people if p.side != "vendor" and p.title and _title_matches(p.title, wanted)]
    return described if len(described) <= 3 else []


_MAILBOX = re.compile(r"\b(?:support|team|success|info|help|helpdesk|desk|noreply|no-reply|billing|sales|admin|"
                      r"notifications?)\b", re.IGNORECASE)
# capitalised words after the first: "What does Purchasing need", "their CFO"
_CAPITALISED = re.compile(r"(?<=\S\s)[A-Z][A-Za-z&]+")


def expanded_query(model: AccountModel, question: str) -> str | None:
    """The question with the names of the people it describes by title or department ("what does Purchasing
    need?" also searches for the buyer by name), or None when it names people (the search finds their names
    already; their full names would rather find greetings and signatures) or no one."""
    people = people_asked_about(model, question)
    if not people or any(_names(v, question) for p in people for v in p.variants):
        return None
    return f"{question} {' '.join(p.name for p in people)}"


def _names(variant: str, question: str) -> bool:
    """A one-word variant names someone only capitalised ("Grace", not "grace period"; "Security" is no person)."""
    if len(variant) < 3:
        return False
    if " " in variant or "." in variant:
        return re.search(rf"\b{re.escape(variant)}\b", question, re.IGNORECASE) is not None
    return re.search(rf"\b{re.escape(variant[0].upper() + variant[1:])}\b", question) is not None


def _title_matches(title: str, wanted: set[str]) -> bool:
    main = re.split(r"[(|]", title)[0].lower()
    words = [w for w in re.findall(r"[a-z&]+", main) if w not in {"of", "and", "the", "for", "&"}]
    distinctive = set(words) - _RANK_WORDS
    initials = "".join(w[0] for w in re.findall(r"[a-z]+", re.split(r",", main)[0]) if w not in {"of", "and", "the",
                                                                                                  "for"})
    return bool(distinctive & wanted) or len(initials) >= 2 and initials in wanted
