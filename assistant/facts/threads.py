"""Email threads: messages grouped by their rebuilt root, and whether the customer is left waiting."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from assistant.facts.material import AccountMaterial
from assistant.facts.text import business_days_between, clip
from ingest.document import Document, Person, SourceType


class ThreadMessage(BaseModel):
    source: str
    sent_at: datetime | None
    sender: Person | None
    subject: str
    is_auto_reply: bool
    from_customer: bool
    quote: str


class EmailThread(BaseModel):
    thread_id: str
    subject: str
    messages: list[ThreadMessage]  # oldest first, duplicates removed

    @property
    def last_human(self) -> ThreadMessage | None:
        human = [m for m in self.messages if not m.is_auto_reply]
        return human[-1] if human else None

    @property
    def auto_replies(self) -> list[ThreadMessage]:
        return [m for m in self.messages if m.is_auto_reply]

    def awaiting_customer_reply_since(self) -> ThreadMessage | None:
        """The customer's message that nobody (but an auto-reply) has answered, if the thread ends with one."""
        last = self.last_human
        return last if last is not None and last.from_customer else None

    def business_days_waiting(self, as_of: date) -> int:
        waiting = self.awaiting_customer_reply_since()
        if waiting is None or waiting.sent_at is None:
            return 0
        return business_days_between(waiting.sent_at.date(), as_of)


def _message(material: AccountMaterial, document: Document) -> ThreadMessage:
    metadata = document.metadata
    return ThreadMessage(
        source=document.source_path,
        sent_at=document.created_at,
        sender=metadata.sender,
        subject=metadata.subject,
        is_auto_reply=metadata.is_auto_reply,
        from_customer=material.is_customer(metadata.sender) and not metadata.is_auto_reply,
        quote=clip(document.body),
    )


def email_threads(material: AccountMaterial, as_of: date | None = None) -> list[EmailThread]:
    """Threads of the account's emails sent on or before ``as_of``, newest activity last."""
    groups: dict[str, list[Document]] = {}
    for document in material.of_type(SourceType.EMAIL):
        if as_of and document.created_at and document.created_at.date() > as_of:
            continue
        groups.setdefault(document.metadata.thread_id, []).append(document)
    threads = []
    for thread_id, documents in groups.items():
        documents.sort(key=lambda d: (d.created_at is None, d.created_at or datetime.min))
        messages = [_message(material, d) for d in documents]
        threads.append(EmailThread(thread_id=thread_id, subject=documents[0].metadata.subject, messages=messages))
    threads.sort(key=lambda t: t.messages[-1].sent_at or datetime.min.replace(tzinfo=None))
    return threads
