"""The people of an account and who holds which role in the relationship, over time.

People come from the CRM record, mail headers and signatures, meeting attendee lists and "Name (Title)" mentions.
Each gets the ways the record refers to them (full name, a first name only they use, surname, "Dr Surname", a
nickname introduced as "Bill (William Roe, ...)"). A sentence that says someone left, retired or is on leave, or
who is (or no longer is) the executive sponsor, champion, economic buyer..., is attached to the person the sentence
names nearest to those words, with the source's date."""

from __future__ import annotations

import re
from datetime import date

from assistant.account.model import Cited, DatedTitle, PersonEntry, Presence, RoleHolding
from assistant.engines.extractive.people import _COMMA_TITLE, _PAREN_TITLE, _TITLE_BEFORE, _TITLE_WORD
from assistant.facts.material import AccountMaterial, resolve
from assistant.facts.people import ROLE_PATTERNS, stakeholders, titles_from_signatures
from assistant.facts.text import clip, doc_date, stated_days
from assistant.text.names import PERSON_NAME
from assistant.text.sentences import sentences_by_line
from ingest.document import Person, SourceType

_HONORIFIC = re.compile(r"^(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+", re.IGNORECASE)
_NICKNAME = re.compile(r"\b(?P<nick>[A-Z][a-z]{1,12})\s+\((?P<full>[A-Z][a-z]+(?:\s+[A-Z][\w'-]+){1,2})[,)]")
_LEFT = re.compile(r"\b(?:left (?:the (?:company|firm|university|organi[sz]ation|business)|in|on|at|last)|has left|"
                   r"had left|retired|retires|retiring|resigned|departed|no longer (?:with|at|works)|last day|"
                   r"moved on|is leaving|was leaving)\b", re.IGNORECASE)
# said of a role's holder: they no longer hold it
_FORMER = re.compile(r"\b(?:former|formerly|previous|previously|predecessor|original|outgoing|old|stepped down|"
                     r"steps down|stood down|no longer|used to be|was (?:our|the|their))\b", re.IGNORECASE)
_LEAVE = re.compile(r"\b(?:on (?:\w+ ){0,2}leave|(?:parental|paternity|maternity|medical|sick|extended) leave|"
                    r"sabbatical|out of office until|off until|away until)\b", re.IGNORECASE)
_INTERIM = re.compile(r"\b(?:interim|acting|covering|covers|cover for|stand-in|standing in|in (?:his|her|their) "
                      r"absence|while \w+ is (?:off|out|away))\b", re.IGNORECASE)
_NEW = re.compile(r"\b(?:new|now|incoming|appointed|takes over|took over|has taken over|going forward|since|"
                  r"replac\w+|succeed\w*)\b", re.IGNORECASE)
# "Jane Roe has been Managing Partner since ...", "elected Jane Roe, currently ..., as Managing Partner"
_AS_TITLE = re.compile(rf"(?P<name>{PERSON_NAME})(?:,[^,.]{{0,60}},)?\s+(?:as|has been|is now|became|becomes|will become|"
                       rf"takes over as|took over as)\s+(?:the |our |their |new |acting |interim )*"
                       rf"(?P<title>(?:[A-Z][\w&-]*\s+){{0,3}}(?:{_TITLE_WORD})\b(?:\s+(?:of|for)\s+[A-Z][\w&]*(?:\s+[A-Z&][\w&]*){{0,3}})?)")
_PRONOUN_SUBJECT = re.compile(r"^(?:He|She|They)\b")
_NEAR = 80  # characters: a cue belongs to the nearest name within this distance


def build_people(material: AccountMaterial) -> tuple[list[PersonEntry], list[RoleHolding]]:
    entries = _entries(material)
    _add_variants(entries, material)
    by_name = {e.name: e for e in entries}
    holdings = _crm_holdings(material)
    _by_title(holdings, entries)
    for document in sorted(material.documents, key=lambda d: doc_date(d) or date.min):
        if document.source_type == SourceType.CRM:
            continue
        when = doc_date(document)
        previous: list[tuple[PersonEntry, int]] = []
        for sentence in sentences_by_line(document.body):
            named = named_in(sentence, entries)
            if not named and previous and _PRONOUN_SUBJECT.match(sentence):
                named = [(previous[0][0], 0)]  # "Jane Roe joined. She is our sponsor going forward."
            previous = named
            if not named:
                continue
            cited = Cited(source=document.source_path, quote=clip(sentence), when=when)
            _presence(sentence, named, by_name, cited)
            holdings += _holdings(sentence, named, cited)
    return entries, holdings


def _entries(material: AccountMaterial) -> list[PersonEntry]:
    people: dict[str, PersonEntry] = {}
    signatures = titles_from_signatures(material)
    for stakeholder in stakeholders(material):
        if not stakeholder.name:
            continue
        side = "customer" if stakeholder.is_customer else \
            "vendor" if material.is_vendor(Person(email=stakeholder.email)) else "other"
        entry = PersonEntry(name=_plain(stakeholder.name), email=stakeholder.email,
                            organization=stakeholder.organization, side=side, last_contact=stakeholder.last_contact)
        signature = signatures.get((stakeholder.email or "").lower())
        if stakeholder.title and (signature is None or signature.title != stakeholder.title):
            entry.titles.append(DatedTitle(title=stakeholder.title, evidence=Cited(
                source=stakeholder.sources[0] if stakeholder.sources else "crm", quote=stakeholder.title)))
        if signature is not None:
            entry.titles.append(DatedTitle(title=signature.title, evidence=Cited(
                source=signature.source, quote=signature.quote or signature.title, when=signature.when)))
        people.setdefault(entry.name.lower(), entry)
    for document in material.documents:  # people the text introduces with a title but no address
        when = doc_date(document)
        for pattern in (_PAREN_TITLE, _COMMA_TITLE, _AS_TITLE, _TITLE_BEFORE):
            for match in pattern.finditer(document.body):
                name, title = _plain(match.group("name")), match.group("title").strip(" ,")
                entry = people.get(name.lower())
                if entry is None:
                    known = resolve(material, Person(name=name))
                    if known.email and material.is_vendor(known):
                        continue
                    entry = people.setdefault(name.lower(), PersonEntry(
                        name=name, email=known.email, side="customer" if material.is_customer(known) else "other"))
                if title not in (t.title for t in entry.titles):
                    entry.titles.append(DatedTitle(title=title, evidence=Cited(
                        source=document.source_path, quote=clip(match.group(0)), when=when)))
    for entry in people.values():
        entry.titles.sort(key=lambda t: t.evidence.when or date.min)
    return list(people.values())


def _add_variants(entries: list[PersonEntry], material: AccountMaterial) -> None:
    firsts: dict[str, int] = {}
    for entry in entries:
        firsts[entry.name.split()[0].lower()] = firsts.get(entry.name.split()[0].lower(), 0) + 1
    for entry in entries:
        words = entry.name.split()
        variants = {entry.name.lower(), words[-1].lower(), f"dr {words[-1].lower()}", f"dr. {words[-1].lower()}"}
        if firsts[words[0].lower()] == 1:
            variants.add(words[0].lower())
        if len(words) >= 2:
            variants.add("".join(w[0] for w in words).lower())
        entry.variants = sorted(v for v in variants if len(v) >= 2)
    by_full = {e.name.lower(): e for e in entries}
    for document in material.documents:
        for match in _NICKNAME.finditer(document.body):
            entry = by_full.get(_plain(match.group("full")).lower())
            nick = match.group("nick").lower()
            if entry is not None and nick != entry.name.split()[0].lower() and nick not in entry.variants:
                entry.variants.append(nick)


def _crm_holdings(material: AccountMaterial) -> list[RoleHolding]:
    crm = material.crm
    if crm is None:
        return []
    source = material.crm_source or "crm.json"
    found = []
    for role, person in (("executive_sponsor", crm.executive_sponsor), ("primary_contact", crm.primary_contact),
                         *((_role_key(p.role), p) for p in crm.contacts if p.role)):
        if role and person is not None and (person.name or person.title):
            found.append(RoleHolding(role=role, name=_plain(person.name) if person.name else None,
                                     title=person.title, status="current",
                                     evidence=Cited(source=source, quote=person.name or person.title)))
    return found


def _by_title(holdings: list[RoleHolding], entries: list[PersonEntry]) -> None:
    """A holding that gives only a title ("Deputy General Manager, Operations", "the DGM") names the one customer
    person the record gives that title (or its initials)."""
    for holding in holdings:
        if holding.name or not holding.title:
            continue
        wanted = _title_keys(holding.title)
        matches = [e for e in entries if e.side != "vendor" and any(wanted & _title_keys(t.title) for t in e.titles)]
        if len({e.name for e in matches}) == 1:
            holding.name = matches[0].name


def _title_keys(title: str) -> set[str]:
    """A title as compared: the words, and the initials of its main part ("Deputy General Manager" -> "dgm")."""
    main = re.split(r"[,(|]", title)[0].strip().lower()
    words = [w for w in re.findall(r"[a-z]+", main) if w not in {"of", "and", "the", "for"}]
    keys = {" ".join(words)}
    if len(words) >= 2:
        keys.add("".join(w[0] for w in words))
    elif words and len(words[0]) <= 4:
        keys.add(words[0])
    return keys


def _role_key(stated: str | None) -> str | None:
    for role, pattern in ROLE_PATTERNS.items():
        if stated and re.search(pattern, stated, re.IGNORECASE):
            return role
    if stated and re.search(r"decision maker|signs|budget", stated, re.IGNORECASE):
        return "economic_buyer"
    return None


def named_in(sentence: str, entries: list[PersonEntry]) -> list[tuple[PersonEntry, int]]:
    """The people a sentence names, with where (first mention); a variant counts only where it is capitalised."""
    pattern, owners = _name_pattern(tuple(id(e) for e in entries), entries)
    found: dict[int, tuple[PersonEntry, int]] = {}
    for match in pattern.finditer(sentence):
        if not sentence[match.start()].isupper():
            continue
        entry = owners[match.group(0).lower()]
        found.setdefault(id(entry), (entry, match.start()))
    return list(found.values())


_PATTERNS: dict[tuple, tuple[re.Pattern[str], dict[str, PersonEntry]]] = {}


def _name_pattern(key: tuple, entries: list[PersonEntry]) -> tuple[re.Pattern[str], dict[str, PersonEntry]]:
    """One alternation of every usable variant, longest first (a full name before its first name); a variant two
    people share names neither. Built once per list of people."""
    if key not in _PATTERNS:
        owners: dict[str, PersonEntry] = {}
        shared: set[str] = set()
        for entry in entries:
            initials = "".join(w[0] for w in entry.name.lower().split())
            for variant in entry.variants:
                if len(variant) < 3 or variant == initials:
                    continue  # initials are too ambiguous in prose
                if variant in owners and owners[variant] is not entry:
                    shared.add(variant)
                owners.setdefault(variant, entry)
        usable = sorted((v for v in owners if v not in shared), key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in usable) + r")\b" if usable else r"(?!x)x",
                             re.IGNORECASE)
        _PATTERNS.clear() if len(_PATTERNS) > 64 else None
        _PATTERNS[key] = (pattern, {v: owners[v] for v in usable})
    return _PATTERNS[key]


def nearest(named: list[tuple[PersonEntry, int]], at: int) -> PersonEntry | None:
    """The person named nearest a cue, preferring one named before it (the subject) at equal distance."""
    best, distance = None, _NEAR + 1
    for entry, position in named:
        gap = at - position if position <= at else (position - at) * 3
        if gap < distance:
            best, distance = entry, gap
    return best


def _presence(sentence: str, named, by_name: dict[str, PersonEntry], cited: Cited) -> None:
    if sentence.rstrip().endswith("?"):
        return  # "So has she left?" asks, it does not say
    for pattern, status in ((_LEFT, "left"), (_LEAVE, "on_leave")):
        for match in pattern.finditer(sentence):
            entry = nearest(named, match.start())
            if entry is not None and by_name.get(entry.name) is entry:
                days = [d for d, start, _ in stated_days(sentence, cited.when, back_days=200) if start > match.start()]
                entry.presence.append(Presence(status=status, evidence=cited, effective=days[0] if days else None))


def _holdings(sentence: str, named, cited: Cited) -> list[RoleHolding]:
    found = []
    customers = [(e, p) for e, p in named if e.side != "vendor"]  # roles in the relationship are the customer's
    for role, pattern in ROLE_PATTERNS.items():
        for match in re.finditer(pattern, sentence, re.IGNORECASE):
            holder = nearest(customers, match.start())
            if holder is None:
                continue
            window = sentence[max(0, match.start() - _NEAR): match.end() + _NEAR]
            mine = _clause_of(sentence, holder, named)
            status = "former" if _FORMER.search(mine) or _LEFT.search(mine) or _LEAVE.search(mine) else \
                "interim" if _INTERIM.search(mine) else "current"
            if status == "current" and re.search(r"\b(?:no|not|never|without|missing|isn'?t)\b", window) and \
                    not _NEW.search(window):
                continue
            found.append(RoleHolding(role=role, name=holder.name, status=status, evidence=cited))
    return found


def _clause_of(sentence: str, entry: PersonEntry, named) -> str:
    """The part of the sentence that is about one person: from their name to the next person named."""
    start = next(p for e, p in named if e is entry)
    later = [p for e, p in named if p > start]
    end = min(later) if later else len(sentence)
    earlier = [p + len(e.name.split()[0]) for e, p in named if p < start]
    begin = max([start - 30, *earlier]) if earlier else 0  # "former sponsor Jane Roe": words just before count
    return sentence[max(0, begin):end]


def _plain(name: str) -> str:
    return " ".join(_HONORIFIC.sub("", name.strip()).split())

