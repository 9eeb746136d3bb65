"""Competitors the customer is weighing: an organisation named right after words of evaluation or competition
("we have begun evaluating Acme Insights", "an RFP against Acme"), that is neither the customer, nor us, nor one of
the record's people, nor one of our products ("Northwind Forecast" written elsewhere makes "Forecast" ours).
Once a name is found that way, every sentence naming it is a mention ("started looking at Acme", "Acme reportedly
~20% under us")."""

from __future__ import annotations

import re
from datetime import date

from assistant.account.model import Cited, CompetitorMention, PersonEntry
from assistant.facts.material import AccountMaterial
from assistant.facts.text import clip, doc_date
from assistant.grounding.safety import REDACTION, redact_instructions
from assistant.text.calendar_words import ENGLISH_MONTHS, ENGLISH_WEEKDAYS
from assistant.text.sentences import sentences
from ingest.document import SourceType

_NAME = r"(?P<name>[A-Z][a-z]{2,}(?:[ -][A-Z][a-z]{2,}){0,2})\b"
_STRONG = re.compile(
    r"\b(?:evaluat(?:e|es|ed|ing)|(?:RFP|bid|bidding|competing|compete|competition|up) against|switch(?:ing)? to|"
    r"replac\w+ (?:us|you|them) with|(?:quote|proposal|demo|offer) from|competitors?(?: like| such as|,)?|"
    rf"alternatives? (?:like|such as))\s+(?:the\s+)?{_NAME}")
# capitalised words that are no organisation's name
_COMMON = frozenset(
    "the a an our your their this that these those board committee team council staff management legal finance "
    "procurement purchasing security it sso api q1 q2 q3 q4 fy ai".split()) | {*ENGLISH_WEEKDAYS, *ENGLISH_MONTHS}


def build_competitors(material: AccountMaterial, people: list[PersonEntry]) -> list[CompetitorMention]:
    """Each sentence naming a competitor, oldest first; quoted replies are skipped (their text is counted where it
    was written)."""
    ours = _own_words(material, people)
    candidates: list[str] = []
    for _, _, sentence in _sentences(material):
        for match in _STRONG.finditer(sentence):
            if name := _trimmed(match["name"], ours):
                candidates.append(name)
    if not candidates:
        return []
    products = _our_products(material, ours)
    confirmed = {name for name in candidates if name.split()[0].lower() not in products}
    names = {c.split()[0]: max((d for d in confirmed if d.split()[0] == c.split()[0]), key=len) for c in confirmed}
    if not names:
        return []
    # once a name is known, every sentence naming it is a mention ("Acme reportedly ~20% under us")
    named = re.compile(rf"\b({'|'.join(map(re.escape, names))})\b")
    found: dict[tuple[str, str], CompetitorMention] = {}
    for document, when, sentence in _sentences(material):
        for first in dict.fromkeys(named.findall(sentence)):
            cited = Cited(source=document.source_path, quote=clip(sentence), when=when)
            found.setdefault((names[first], cited.quote), CompetitorMention(name=names[first], evidence=cited))
    return sorted(found.values(), key=lambda m: m.evidence.when or date.min)


def _sentences(material: AccountMaterial):
    """(document, its date, sentence) for every sentence outside CRM records and quoted replies."""
    for document in material.documents:
        if document.source_type == SourceType.CRM:
            continue
        when = doc_date(document)
        for line in redact_instructions(document.body).splitlines():  # text addressed to AI tools is no mention
            if not line.lstrip().startswith(">") and REDACTION not in line:
                for sentence in sentences(line.strip()):
                    yield document, when, sentence


def _trimmed(name: str, ours: set[str]) -> str | None:
    """The name without trailing common words, or None when it is no name, or its first word is ours or a
    person's ("Acme Analytics" stays a competitor of "Northwind Analytics")."""
    words = name.replace("-", " ").split()
    while words and words[-1].lower() in _COMMON:
        words.pop()
    if not words or words[0].lower() in _COMMON or words[0].lower() in ours:
        return None
    return " ".join(words)


def _own_words(material: AccountMaterial, people: list[PersonEntry]) -> set[str]:
    """Lower-case words of the customer's and our names (CRM name, mail domains, organisations) and of every
    person's name."""
    words: set[str] = set()
    if material.crm is not None and material.crm.name:
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", material.crm.name)}
    for domain in material.customer_domains() | material.vendor_domains():
        words |= {w for w in re.findall(r"[a-z]{3,}", domain.split(".")[0])}
    for person in people:
        words |= {w for variant in person.variants for w in variant.split() if len(w) >= 3}
        if person.organization:
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", person.organization)}
    return words


def _our_products(material: AccountMaterial, ours: set[str]) -> set[str]:
    """Words the record writes right after our own name ("Northwind Forecast"): our products, never competitors."""
    vendor = {w for d in material.vendor_domains() for w in re.findall(r"[a-z]{3,}", d.split(".")[0])}
    if not vendor:
        return set()
    pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, vendor))})\s+([A-Z][a-z]+)", re.IGNORECASE)
    return {m.group(1).lower() for d in material.documents for m in pattern.finditer(d.body)}
