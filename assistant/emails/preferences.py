"""The customer's communication preferences, read from the CRM field and from what the material says (a
protocol email, a meeting note): email only or not, formality, the channel and cadence of calls, who to copy, and
how people are addressed ("Mr. Gaines"). Text addressed to AI tools is redacted before it is read."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field

from assistant.emails.models import Contact
from assistant.facts.material import AccountMaterial
from assistant.facts.people import stakeholders
from assistant.grounding.safety import redact_instructions
from ingest.document import SourceType

_EMAIL_ONLY = re.compile(
    r"\bemail[- ]only\b|\bby email only\b|\bonly (?:by|via|through) e-?mail\b|\bemail only\b|"
    r"\bno (?:phone |telephone )?calls\b(?!\s+(?:before|after|on|during))|"
    r"\bdo not (?:contact|call)\b[^.\n]{0,60}\b(?:tele)?phone\b|\bnot by (?:tele)?phone\b",
    re.IGNORECASE,
)
_FORMAL = re.compile(r"\bformal(?:ly)?\b", re.IGNORECASE)
_FORMAL_CONTEXT = re.compile(
    r"address|tone|correspondence|salutation|very formal|and formal|prefers? formal|^\s*formal", re.IGNORECASE)
_NOT_FORMALITY = re.compile(
    r"formal(?:ly)?\s+(?:pricing|proposal|escalat\w*|rfp|intro\w*|review|request|approval)", re.IGNORECASE)
_INFORMAL = re.compile(r"\binformal\b|\bcasual\b|\bfirst names?\b", re.IGNORECASE)
_CHANNELS = [
    (re.compile(r"\bteams\b", re.IGNORECASE), "Microsoft Teams"),
    (re.compile(r"\bzoom\b", re.IGNORECASE), "Zoom"),
    (re.compile(r"\bgoogle meet\b|\bgmeet\b", re.IGNORECASE), "Google Meet"),
    (re.compile(r"\bphone\b|\btelephone\b", re.IGNORECASE), "phone"),
    (re.compile(r"\bvideo\b", re.IGNORECASE), "video"),
]
_CADENCE = re.compile(r"\b(?:weekly|bi-?weekly|monthly|quarterly)\s+(?:[\w-]+\s+){0,2}?"
                      r"(?:call|check-?in|sync|meeting|review)s?\b(?:\s+with\s+[A-Z][a-z]+)?", re.IGNORECASE)
_COPY = re.compile(
    r"\b(?:cc|copy|copying|include)\s+(?:Mr\.?|Ms\.?|Mrs\.?|Dr\.?\s+)?([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
_HONORIFIC = r"\b(Dr|Mr|Ms|Mrs|Mx|Prof)\.?\s+{last}\b"
MAX_LINES = 8


class Preferences(BaseModel):
    lines: list[str] = Field(default_factory=list)  # the statements the rest was read from, CRM first
    email_only: bool = False
    formal: bool | None = None  # None: nothing said either way
    channel: str | None = None
    cadence: str | None = None  # "biweekly Teams call with Rafael"
    copy_names: list[str] = Field(default_factory=list)


def read_preferences(material: AccountMaterial, recipient: Contact) -> Preferences:
    """The CRM's preference always applies; a line from the material applies unless it is about other people only
    ("Ingrid is formal, email only" says nothing about writing to Luis)."""
    crm_line = material.crm.communication_preference if material.crm else None
    crm_lines = [redact_instructions(crm_line)] if crm_line else []
    lines = crm_lines + [ln for ln in _lines_from_documents(material) if _applies_to(ln, recipient, material)]
    formal = True if any(_is_formality(ln) for ln in lines) else None
    if formal is None and any(_INFORMAL.search(ln) for ln in lines):
        formal = False
    return Preferences(
        lines=lines,
        email_only=any(_EMAIL_ONLY.search(ln) for ln in lines),
        formal=formal,
        channel=next((name for ln in crm_lines or lines for pattern, name in _CHANNELS if pattern.search(ln)),
                     None),
        cadence=next((m.group(0) for ln in crm_lines if (m := _CADENCE.search(ln))), None),
        copy_names=[m.group(1) for ln in lines for m in _COPY.finditer(ln)],
    )


def _lines_from_documents(material: AccountMaterial) -> list[str]:
    """Lines outside the CRM that state a preference, quoted replies skipped, each once."""
    found: list[str] = []
    for document in material.documents:
        if document.source_type == SourceType.CRM:
            continue
        for line in redact_instructions(document.body).splitlines():
            text = " ".join(line.strip().lstrip(">").split())
            quoted = line.lstrip().startswith(">")
            if text and not quoted and (_EMAIL_ONLY.search(text) or _is_formality(text)) and text not in found:
                found.append(text)
    return found[:MAX_LINES]


def _applies_to(line: str, recipient: Contact, material: AccountMaterial) -> bool:
    named = [p for p in stakeholders(material) if p.is_customer and p.name and _names(line, p.name)]
    if not named:
        return True
    if recipient.name and _names(line, recipient.name):
        return True
    email = (recipient.email or "").lower()
    return bool(email) and any((p.email or "").lower() == email for p in named)


def _names(line: str, name: str) -> bool:
    """Whether the line names the person: full name, or a first or last name of more than two letters."""
    parts = [p for p in name.replace("Dr. ", "").split() if len(p) > 2]
    return any(re.search(rf"\b{re.escape(part)}\b", line) for part in [name, *parts])


def _is_formality(text: str) -> bool:
    return bool(_FORMAL.search(text) and _FORMAL_CONTEXT.search(text) and not _NOT_FORMALITY.search(text))


def honorific(material: AccountMaterial, name: str | None) -> str | None:
    """How the material addresses this person formally, e.g. "Mr. Gaines" (None when it never does)."""
    if not name:
        return None
    if name.startswith("Dr. ") or name.startswith("Dr "):
        return f"Dr. {name.split()[-1]}"
    pattern = re.compile(_HONORIFIC.format(last=re.escape(name.split()[-1])))
    for document in material.documents:
        if match := pattern.search(redact_instructions(document.body)):
            return f"{match.group(1)}. {name.split()[-1]}"
    return None
