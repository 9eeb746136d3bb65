"""How the customer's people want to be reached and treated: the sentences of the record that state a channel
("they live in Slack", "email only"), a restriction ("no phone calls", "don't email me unless it's a contract"),
whom to copy or how to address people. Each is attached to the person it is about: the one it names nearest the
words that make it a preference, else the author of the message or the speaker of the line (a protocol someone
sends is theirs), else nobody in particular (it applies to the whole account)."""

from __future__ import annotations

import re
from datetime import date

from assistant.account.model import Cited, PersonEntry, Preference
from assistant.account.people import named_in, nearest
from assistant.facts.material import AccountMaterial
from assistant.facts.signals import PREFERENCE
from assistant.facts.text import clip, doc_date
from assistant.grounding.safety import redact_instructions
from assistant.text.names import SPEAKER_WITH_PARTICLES
from assistant.text.sentences import sentences
from ingest.document import SourceType

_TREATMENT = re.compile(
    r"\b(?:e-?mail|phone|telephone|calls?|text messages?|texts)\b[^.\n]{0,30}\bonly\b|\bonly\b[^.\n]{0,12}"
    r"\b(?:by|via|through) e-?mail\b|\b(?:do not|don'?t|never|no)\s+(?:\w+\s+){0,3}(?:by\s+)?"
    r"(?:tele)?phon\w*|\bno (?:phone )?calls\b|\b(?:cc|copy|copying)\s+(?:Mr\.?|Ms\.?|Mrs\.?|Dr\.?)?\s*[A-Z][a-z]+"
    r"[^.\n]{0,20}\b(?:on|in)\b|\baddress\b[^.\n]{0,40}\bformally\b|\bformally\b[^.\n]{0,30}\baddress",
    re.IGNORECASE,
)
# the sentence states the rule itself, not merely that there is one ("she will send us a communication protocol")
_RULE = re.compile(r"\b(?:only|never|do not|don'?t|dont|no|not|prefer\w*|rather|wants?|likes?|lives?|copy|cc|"
                   r"formally|fine|always)\b|\b(?:send|ping|message|text|call|e-?mail|keep|update) (?:me|us)\b", re.IGNORECASE)
_QUOTED = re.compile(r"^\s*>")


def build_preferences(material: AccountMaterial, people: list[PersonEntry]) -> list[Preference]:
    """Every preference sentence once (a quoted reply repeats its original), oldest source first; the CRM's own
    field counts as the oldest word."""
    found: list[Preference] = []
    seen: set[str] = set()
    crm_line = material.crm.communication_preference if material.crm else None
    if crm_line and material.crm_source:
        found.append(Preference(about=None, statement=crm_line, evidence=Cited(source=material.crm_source,
                                                                                 quote=clip(crm_line))))
    documents = [d for d in material.documents if d.source_type != SourceType.CRM and
                 not getattr(d.metadata, "is_auto_reply", False)]
    for document in sorted(documents, key=lambda d: doc_date(d) or date.min):
        # a message's rules are its sender's own ("Please copy Mr. Roe on all correspondence"); a meeting note's
        # author only took the notes
        senders = [p.name for p in document.authors if p.name] if document.source_type == SourceType.EMAIL else []
        customer_sender = next((p.name for p in document.authors if p.name and material.is_customer(p)), None) \
            if document.source_type == SourceType.EMAIL else None
        for line in redact_instructions(document.body).splitlines():
            if _QUOTED.match(line) or not line.strip():
                continue
            speaker = SPEAKER_WITH_PARTICLES.match(line.strip())
            for sentence in sentences(line.strip()):
                match = PREFERENCE.search(sentence) or _TREATMENT.search(sentence)
                key = re.sub(r"\W+", " ", sentence.lower()).strip()
                if match is None or sentence.rstrip().endswith("?") or key in seen:
                    continue
                seen.add(key)
                about = nearest(named_in(sentence, people), match.start())
                name = about.name if about else (speaker.group("name") if speaker else
                                                 senders[0] if len(senders) == 1 else None)
                if customer_sender:
                    name = customer_sender
                found.append(Preference(about=name, statement=sentence.strip(), rule=bool(_RULE.search(sentence)),
                                        evidence=Cited(
                    source=document.source_path, quote=clip(sentence), when=doc_date(document))))
    return found
