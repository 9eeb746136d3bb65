"""What the customer is waiting on from us: the emails of theirs that end a thread with no reply (an auto-reply is
no reply), each with the sentence that asks."""

from __future__ import annotations

import re

from assistant.account.model import Cited, OpenRequest
from assistant.facts.material import AccountMaterial
from assistant.facts.text import clip
from assistant.facts.threads import email_threads
from assistant.text.sentences import sentences

_ASKS = re.compile(r"\?|\b(?:please|could you|can you|would you|need|needs|by (?:\w+ )?\d|confirm|send)\b",
                   re.IGNORECASE)
_GREETING = re.compile(r"^(?:hi|hello|dear|hey)\b", re.IGNORECASE)


def build_requests(material: AccountMaterial) -> list[OpenRequest]:
    documents = {d.source_path: d for d in material.documents}
    found: list[OpenRequest] = []
    for thread in email_threads(material):
        waiting = thread.awaiting_customer_reply_since()
        if waiting is None or waiting.sender is None or not waiting.sender.name:
            continue
        document = documents.get(waiting.source)
        ask = _asking_sentence(document.body if document else waiting.quote)
        if ask is None:
            continue  # a notice or a thank-you ends a thread without asking anything
        found.append(OpenRequest(
            person=waiting.sender.name, subject=waiting.subject, ask=ask,
            evidence=Cited(source=waiting.source, quote=clip(ask),
                           when=waiting.sent_at.date() if waiting.sent_at else None)))
    return found


def _asking_sentence(body: str) -> str | None:
    """The first sentence of the message's own text (quoted replies skipped) that asks for something."""
    for line in body.splitlines():
        line = line.strip()
        if not line or line.startswith(">") or _GREETING.match(line):
            continue
        if re.match(r"^On .+wrote:$", line):
            break
        for sentence in sentences(line):
            if _ASKS.search(sentence) and len(sentence.split()) >= 5:
                return sentence
    return None
