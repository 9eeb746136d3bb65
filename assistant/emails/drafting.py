"""The facts of one customer email, decided from the account before any engine writes: who receives it (the CRM's
primary contact, else the most engaged customer stakeholder) and who is copied, the reason worded for the
customer, what changes and what stays, the incoming CSM's profile, and the customer's communication preferences
(channel, formality, email only)."""

from __future__ import annotations

import re
from datetime import date

from dateutil import parser as dateparser

from assistant.account.model import AccountModel
from assistant.account.service import model_of
from assistant.emails import reasons, wording
from assistant.emails.models import Contact, EmailFacts, EmailKind, IncomingCsm
from assistant.emails.preferences import Preferences, honorific, read_preferences
from assistant.platform.errors import InvalidRequest
from assistant.facts.material import AccountMaterial
from assistant.facts.people import stakeholders
from assistant.text.calendar_words import MONTH_WORD
from ingest.document import Person

_OVERLAP = re.compile(rf"(?:overlap|reachable|escalation point|stays?|remains?)[^.;]*?\b(?:through|until|till)\s+"
                      rf"(?:the end of\s+)?(\d{{4}}-\d{{2}}-\d{{2}}|{MONTH_WORD}"
                      r"(?:\s+\d{1,2}\b)?(?:,?\s+\d{4})?)",
                      re.IGNORECASE)
_REACHABLE = re.compile(r"\b(?:stays?|remains?)\b[^.;]*\b(?:reachable|on the team|escalation point|available)",
                        re.IGNORECASE)
_CHANNEL_PHRASE = {"Microsoft Teams": "on Microsoft Teams", "Zoom": "on Zoom", "Google Meet": "on Google Meet",
                   "phone": "by phone", "video": "by video"}


def long_date(value: date) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def contact(person: Person | None) -> Contact | None:
    if person is None or not (person.name or person.email):
        return None
    return Contact(name=person.name, email=person.email, title=person.title)


def main_contact(material: AccountMaterial, as_of: date | None = None, model: AccountModel | None = None) -> Contact:
    """The CRM's primary contact, else the customer stakeholder the material shows most engaged; never someone the
    record says has left (or is on leave) by ``as_of``."""
    model = model or model_of(material)
    day = as_of or date.max

    def present(name: str | None) -> bool:
        person = model.person(name)
        return person is None or person.status_on(day) == "active"

    if material.crm and (primary := contact(material.crm.primary_contact)) and present(primary.name):
        return primary
    holder = model.current_holder("primary_contact")
    person = model.person(holder.name) if holder and holder.name else None
    if person is not None and person.email and person.status_on(day) == "active":
        return Contact(name=person.name, email=person.email, title=person.title)
    people = [s for s in stakeholders(material) if s.is_customer and s.email and present(s.name)]
    if not people:
        raise InvalidRequest("no customer contact to write to: add a primary contact to the account's CRM record")
    best = max(people, key=lambda s: ("primary_contact" in s.roles, s.last_contact or date.min, len(s.sources)))
    return Contact(name=best.name, email=best.email, title=best.title)


def build_facts(
    material: AccountMaterial, account_name: str, kind: EmailKind, profile: IncomingCsm | None,
    as_of: date | None = None,
) -> EmailFacts:
    """The facts of the account's ``kind`` email; ``profile`` is the incoming CSM as a handoff user, if one is.
    As of ``as_of``: an outgoing CSM whose last day has passed no longer signs the introduction."""
    crm = material.crm
    if crm is None:
        raise InvalidRequest("the account has no CRM record; an email needs the owner, incoming CSM and contacts")
    named = contact(crm.incoming_csm)
    incoming = profile or (IncomingCsm(**named.model_dump()) if named else None)
    if incoming is None or not incoming.name:
        raise InvalidRequest("the CRM record names no incoming CSM; set incoming_csm before drafting customer emails")
    outgoing = contact(crm.owner_csm)
    sender = outgoing or Contact(name="Customer Success team")
    to = main_contact(material, as_of)
    prefs = read_preferences(material, to)
    transition = crm.transition
    reason = transition.reason if transition else None
    notes = " ".join(filter(None, [transition.notes if transition else None, *_extra_transition_text(transition)]))
    effective = transition.effective_date if transition else None
    overlap = _overlap(notes)
    reachable = bool(_REACHABLE.search(notes)) and reason not in ("attrition", "underperformance")
    complaint = reasons.complaint_about_csm(reason, notes, outgoing.name if outgoing else None)
    direction = reasons.tier_direction(notes) if reason == "customer_tier_change" else None
    gone = as_of is not None and reasons.outgoing_gone(reason, notes, effective, as_of)
    if gone and kind == "intro":
        sender = Contact(name=incoming.name, email=incoming.email, title=incoming.title)
    formal = prefs.formal is True
    ctx = _Wording(sender, incoming, account_name, effective, overlap if reachable else None, prefs)
    return EmailFacts(
        kind=kind, account_name=account_name, sender=sender, incoming=incoming, to=[to],
        cc=_copies(material, prefs, to, incoming),
        salutation=_salutation(material, to, formal), sign_off="Kind regards," if formal else "Best regards,",
        formal=formal, reason=reason,
        reason_text=wording.self_intro(account_name, outgoing.name if outgoing else None) if gone else
        wording.intro_reason(reason, account_name, direction),
        concern_text=wording.CONCERN if complaint else None,
        farewell_text=wording.farewell_reason(reason, account_name, incoming.name, direction),
        introduces_self=gone and kind == "intro", incoming_is_team=reasons.is_team(incoming.name),
        effective_date=effective, effective_text=long_date(effective) if effective else None,
        overlap_text=overlap if reachable else None, outgoing_reachable=reachable,
        changes=ctx.changes(kind), stays=ctx.stays(kind, crm.plan),
        email_only=prefs.email_only, channel=None if prefs.email_only else prefs.channel,
        call_proposal=ctx.call_proposal(kind), preferences=prefs.lines,
    )


def _extra_transition_text(transition) -> list[str]:
    extra = (transition.model_extra or {}) if transition is not None else {}
    return [f"overlap until {v}" for k, v in extra.items() if "overlap" in k and v]


def _overlap(notes: str) -> str | None:
    match = _OVERLAP.search(notes)
    if not match:
        return None
    text = match.group(1).rstrip(".")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return long_date(date.fromisoformat(text))
    if re.search(r"\d{1,2}\b", text) and not re.fullmatch(rf"{MONTH_WORD}\s+\d{{4}}", text):
        try:
            parsed = dateparser.parse(text, default=dateparser.parse("2000-01-01"))
            return f"{parsed:%B} {parsed.day}" + (f", {parsed.year}" if re.search(r"\d{4}", text) else "")
        except (ValueError, OverflowError):
            return text
    return f"the end of {text}" if re.search(r"end of", match.group(0), re.IGNORECASE) else text


def _salutation(material: AccountMaterial, to: Contact, formal: bool) -> str:
    if formal:
        return f"Dear {honorific(material, to.name) or to.name or 'Sir or Madam'},"
    return f"Hi {to.first_name}," if to.name else "Hello,"


def _copies(material: AccountMaterial, prefs: Preferences, to: Contact, incoming: Contact) -> list[Contact]:
    """The incoming CSM, plus anyone the preferences ask to copy (when the material knows their address)."""
    copies = [incoming] if incoming.email else []
    people = [s for s in stakeholders(material) if s.email]
    for name in prefs.copy_names:
        last = name.split()[-1].lower()
        for person in people:
            parts = (person.name or "").lower().split()
            if parts and (parts[-1] == last or " ".join(parts) == name.lower()):
                if person.email.lower() not in {c.email.lower() for c in [to, *copies] if c.email}:
                    copies.append(Contact(name=person.name, email=person.email, title=person.title))
                break
    return copies


class _Wording:
    """The bullet points and the call proposal, in the outgoing CSM's voice."""

    def __init__(self, sender, incoming, account, effective, overlap, prefs: Preferences) -> None:
        self.incoming, self.account, self.overlap, self.prefs = incoming, account, overlap, prefs
        self.writes_self = sender.name == incoming.name
        self.first = incoming.first_name
        self.when = f"From {long_date(effective)}, " if effective else ""
        self.cadence = re.sub(r"\s+with\s+[A-Z][a-z]+$", "", prefs.cadence) if prefs.cadence else None

    def changes(self, kind: EmailKind) -> list[str]:
        if self.writes_self and kind == "intro":
            return [f"{self.when}I am your main point of contact for {self.account} on our side."]
        if kind == "farewell":
            return [f"{self.incoming.name} is now your main point of contact; please send anything new to "
                    f"{self.first}{f' at {self.incoming.email}' if self.incoming.email else ''}."]
        lead = f"{self.when}{self.incoming.name}" if self.when else self.incoming.name
        items = [f"{lead} will be your main point of contact for {self.account} on our side."]
        if self.cadence:
            items.append(f"{self.first} will take over our {self.cadence}.")
        if self.overlap:
            items.append(f"I will stay involved alongside {self.first} until {self.overlap}, so nothing falls "
                         "through the cracks.")
        return items

    def stays(self, kind: EmailKind, plan: str | None) -> list[str]:
        plan_words = f"{plan} plan" if plan else "plan"
        carries = "to me" if self.writes_self else f"to {self.first}"
        items = [f"Your {plan_words}, contract and pricing are not affected by this change.",
                 "Open support requests continue through the usual support channels.",
                 f"Everything we know about your goals and history carries over {carries}, so you will not "
                 "need to repeat yourself."]
        if kind == "intro" and self.overlap:
            items.append(f"I remain part of the team and reachable until {self.overlap}.")
        return items

    def call_proposal(self, kind: EmailKind) -> str:
        if self.writes_self and kind == "intro":
            if self.prefs.email_only:
                return "I will follow up by email with a short written overview and am glad to answer any questions."
            how = _CHANNEL_PHRASE.get(self.prefs.channel or "", "by video")
            return f"I would like to set up a short introduction call {how} in the coming weeks. Please let me " \
                   "know a time that suits you."
        if kind == "farewell":
            return f"{self.first} is the best first contact for anything that comes up."
        if self.prefs.email_only:
            return (f"{self.first} will follow up by email with a short written overview of the handover and will "
                    "be glad to answer any questions in writing.")
        how = _CHANNEL_PHRASE.get(self.prefs.channel or "", "by video")
        slot = f", or we could use the time of our {self.cadence}" if self.cadence else ""
        return (f"I would like to set up a short joint introduction call {how} with {self.first} in the coming "
                f"weeks. Please let me know a time that suits you{slot}.")
