"""A whole mailbox (Gmail Takeout, Thunderbird, Apple Mail export) read one message at a time from its file, never
whole, and filtered to the account's correspondence: a message is kept when one of its people writes from the
customer's domain or when it names the customer. What was skipped is counted, not lost silently."""

from __future__ import annotations

import logging
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingest.document import Document
from ingest.emails import unescape_from_lines, parse_eml
from ingest.errors import IngestError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Correspondence:
    """What ties a message to the account: its customer's email domains and the names it goes by."""

    domains: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()

    @property
    def known(self) -> bool:
        return bool(self.domains or self.names)

    def concerns(self, document: Document) -> bool:
        people = [*document.authors, *document.participants]
        emails = [p.email.lower() for p in people if p.email and "@" in p.email]
        if any(_within(email.rsplit("@", 1)[1], domain) for email in emails for domain in self.domains):
            return True
        text = f"{document.title}\n{document.body}".lower()
        return any(re.search(rf"\b{re.escape(name)}\b", text) for name in self.names)


def _within(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


@dataclass
class MailboxReading:
    kept: int = 0
    unrelated: int = 0  # messages with no one from the customer and no mention of it
    unreadable: int = 0
    reasons: list[str] = field(default_factory=list)  # a few unreadable messages' reasons, for the report

    def summary(self, source_path: str, correspondence: Correspondence) -> str:
        parts = [f"{self.kept:,} messages kept"]
        if self.unrelated:
            basis = " and ".join([*(f"no one at {d}" for d in sorted(correspondence.domains)),
                                 *(f"no mention of {n!r}" for n in correspondence.names)][:3])
            parts.append(f"{self.unrelated:,} skipped as not the account's correspondence ({basis})")
        if self.unreadable:
            parts.append(f"{self.unreadable:,} unreadable ({'; '.join(self.reasons[:2])})")
        return f"{source_path}: " + ", ".join(parts)


def read_mailbox(path: Path, source_path: str, account_id: str, correspondence: Correspondence,
                 reading: MailboxReading, max_message_bytes: int) -> Iterator[Document]:
    """The account's messages of the mailbox at ``path``, one at a time; ``reading`` counts what was kept and
    skipped. A mailbox holding no readable message is an IngestError."""
    with open(path, "rb") as probe:
        if not probe.read(4096).lstrip().startswith(b"From "):
            raise IngestError(source_path, "not an mbox: it does not start with a 'From ' line (a single message "
                                           "should be .eml)")
    box = mailbox.mbox(path, create=False)
    try:
        for position, key in enumerate(box.iterkeys(), start=1):
            message_path = f"{source_path}#{position}"
            try:
                raw = box.get_bytes(key)
                if len(raw) > max_message_bytes:
                    raise IngestError(message_path, f"{len(raw):,} bytes is over the message limit")
                document = parse_eml(unescape_from_lines(raw), message_path, account_id)
            except IngestError as error:
                reading.unreadable += 1
                if len(reading.reasons) < 5:
                    reading.reasons.append(f"#{position}: {error.reason}")
                continue
            if correspondence.known and not correspondence.concerns(document):
                reading.unrelated += 1
                continue
            document.metadata.format = "mbox"  # type: ignore[union-attr]
            reading.kept += 1
            yield document
    finally:
        box.close()
    if not reading.kept and not reading.unrelated:
        raise IngestError(source_path, f"none of the {reading.unreadable} messages in this mbox could be read as an "
                                       "email")
