"""Wording an email from its facts: one ``EmailRequest`` carrying the facts, with a versioned prompt holding them and
the fenced evidence for a language model (the offline engine fills a Jinja2 template instead). Either way the
result is checked before it is stored: a sentence with a link or phone number no source contains, with internal
wording, or (for an email-only customer) proposing a call, is removed and noted for the reviewer."""

from __future__ import annotations

import re
from datetime import date

from assistant.emails.models import EmailContent, EmailFacts
from assistant.emails.wording import internal_terms
from assistant.engines.base import Evidence
from assistant.engines.requests import EmailRequest
from assistant.grounding.prompts import render_prompt
from assistant.grounding.safety import redact_instructions, unbacked_urls
from assistant.text.sentences import split_at_stops

_PHONE = re.compile(r"(?<![\w-])\+?\d[\d ().-]{7,}\d(?![\w-])")
_CALL = re.compile(r"\b(?:phone|telephone|mobile|cell|text message|call(?:s|ing)?)\b", re.IGNORECASE)


def email_request(facts: EmailFacts, evidence: Evidence, as_of: date) -> EmailRequest:
    prompt = render_prompt(f"email_{facts.kind}", facts=facts, as_of=as_of.isoformat(), evidence=evidence,
                           facts_json=facts.model_dump_json(indent=2, exclude={"reason", "preferences"}),
                           preferences=[redact_instructions(line) for line in facts.preferences])
    return EmailRequest(prompt=prompt, evidence=evidence, as_of=as_of, facts=facts)


def check_content(content: EmailContent, facts: EmailFacts, evidence: Evidence) -> tuple[EmailContent, list[str]]:
    """(the content with offending sentences removed, the removed sentences)."""
    backing = [item.text for item in evidence.items] + [facts.model_dump_json()]
    removed: list[str] = []

    def keep(sentence: str) -> bool:
        bad = (unbacked_urls(sentence, backing) or _unbacked_phone(sentence, backing) or internal_terms(sentence)
               or (facts.email_only and _CALL.search(sentence)))
        if bad:
            removed.append(sentence.strip())
        return not bad

    lines = []
    for line in content.body.splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        sentences = [s for s in split_at_stops(line.strip()) if keep(s)] if line.strip() else []
        if line.strip() and not sentences:
            continue
        lines.append(indent + " ".join(sentences))
    subject = content.subject if keep(content.subject) else _fallback_subject(facts)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"
    return EmailContent(subject=" ".join(subject.split()), body=body), removed


def _unbacked_phone(sentence: str, backing: list[str]) -> bool:
    digits = lambda text: re.sub(r"\D", "", text)  # noqa: E731
    known = {digits(m.group(0)) for text in backing for m in _PHONE.finditer(text)}
    return any(len(digits(m.group(0))) >= 9 and digits(m.group(0)) not in known for m in _PHONE.finditer(sentence))


def _fallback_subject(facts: EmailFacts) -> str:
    if facts.kind == "intro":
        return f"Introducing {facts.incoming.name}, your new Customer Success Manager"
    return f"Thank you, and my handover to {facts.incoming.name}"
