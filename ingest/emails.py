"""Email parser: .eml and mbox bytes in, one ``Document`` per message out.

The body of each document is the NEW text of the message (plus any forwarded message, which is content, not
history); quoted history, signature and disclaimer are kept in ``EmailMetadata`` but not indexed.
"""

from __future__ import annotations

import hashlib
import logging
import mailbox
import re
import tempfile
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from dateutil import parser as date_parser

from ingest.document import Document, EmailMetadata, Person, SourceType, Unit
from ingest.email_body import attachment_names, message_text
from ingest.email_text import is_forward_subject, signature_details, split_body
from ingest.errors import IngestError

logger = logging.getLogger("ingest.emails")

_IDENTIFYING_HEADERS = ("from", "x-from", "date", "message-id", "subject", "to", "in-reply-to")
_AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response)\b", re.IGNORECASE
)
# control bytes that never appear in text mail (tab, newlines, form feed and escape do)
_BINARY_CONTROL_BYTES = (set(range(0x00, 0x20)) | {0x7F}) - {0x09, 0x0A, 0x0C, 0x0D, 0x1B}


def parse_emlx(data: bytes, source_path: str, account_id: str) -> Document:
    """Apple Mail's .emlx: the message's length in bytes on the first line, the RFC 5322 message, then Mail's
    property list (flags), which is not part of the message."""
    first_line, _, rest = data.partition(b"\n")
    if not first_line.strip().isdigit():
        raise IngestError(source_path, "not an Apple Mail .emlx file: the first line must be the message's length")
    length = int(first_line.strip())
    if length > len(rest):
        raise IngestError(source_path, f"the .emlx file is cut short: {len(rest):,} of {length:,} message bytes")
    return parse_eml(rest[:length], source_path, account_id)


def parse_eml(data: bytes, source_path: str, account_id: str) -> Document:
    """One RFC 5322 message as a ``Document``. Raises ``IngestError`` for anything that is not an email."""
    _reject_non_email_bytes(data, source_path)
    try:
        message = message_from_bytes(data, policy=policy.default)
        return _to_document(message, data, source_path, account_id)
    except IngestError:
        raise
    except Exception as error:  # the email package is lenient, but a bad input must never escape as anything else
        reason = f"could not be read as an email ({type(error).__name__}: {error})"
        raise IngestError(source_path, reason) from error


def parse_mbox(data: bytes, source_path: str, account_id: str) -> list[Document]:
    """Every readable message in an mbox; a malformed message is skipped, an mbox with none is an error."""
    raw_messages = _split_mbox(data, source_path)
    documents = []
    for position, raw in enumerate(raw_messages, start=1):
        path = f"{source_path}#{position}"
        try:
            document = parse_eml(raw, path, account_id)
        except IngestError as error:
            logger.warning("skipping message %s: %s", path, error.reason)
            continue
        document.metadata.format = "mbox"
        documents.append(document)
    if not documents:
        raise IngestError(
            source_path, f"none of the {len(raw_messages)} messages in this mbox could be read as an email"
        )
    return documents


def assign_threads(documents: list[Document]) -> list[Document]:
    """Copies of the documents whose ``thread_id`` is the root of the whole chain the batch reveals.

    A reply that carries only In-Reply-To (no References) names its parent as the root; following parents through
    the batch finds the real root."""
    by_id: dict[str, Document] = {}
    for document in documents:
        by_id.setdefault(document.metadata.message_id, document)
    roots: dict[str, str] = {}
    threaded = []
    for document in documents:
        root = _thread_root(document.metadata.message_id, by_id, roots, set())
        metadata = document.metadata.model_copy(update={"thread_id": root})
        threaded.append(document.model_copy(update={"metadata": metadata}))
    return threaded


def _thread_root(message_id: str, by_id: dict[str, Document], roots: dict[str, str], seen: set[str]) -> str:
    if message_id in roots:
        return roots[message_id]
    document = by_id.get(message_id)
    if document is None:
        return message_id
    seen.add(message_id)
    metadata = document.metadata
    parents = [*metadata.references[:1], metadata.in_reply_to, *reversed(metadata.references)]
    parent = next((p for p in parents if p and p in by_id and p not in seen), None)
    root = _thread_root(parent, by_id, roots, seen) if parent else metadata.thread_id
    roots[message_id] = root
    return root


def _to_document(message: Message, data: bytes, source_path: str, account_id: str) -> Document:
    headers = _Headers(message)
    if not any(headers.get(name) for name in _IDENTIFYING_HEADERS):
        raise IngestError(
            source_path, "no email headers found (From, Date, Message-ID, Subject); is this really an .eml file?"
        )
    subject = headers.get("subject")
    sender = _sender(headers)
    created_at = _parse_date(headers.get("date"))
    split = split_body(message_text(message), subject, sender.name if sender else None)
    if sender and split.signature:
        title, organization = signature_details(split.signature, sender.name)
        sender = sender.model_copy(update={"title": title, "organization": organization})

    message_id = _clean_id(headers.get("message-id"))
    identity = f"message-id:{message_id}" if message_id else f"path:{source_path}"
    message_id = message_id or f"sha256-{hashlib.sha256(data).hexdigest()[:32]}@synthetic.invalid"
    references = _ids(headers.get("references"))
    in_reply_to = (_ids(headers.get("in-reply-to")) or [None])[0]
    to, cc = _people(headers.get("to")), _people(headers.get("cc"))
    title = subject or "(no subject)"
    body = "\n\n".join(part for part in (split.new_text, *split.forwarded) if part)
    speaker = sender.name or sender.email if sender else None

    return Document(
        account_id=account_id,
        source_type=SourceType.EMAIL,
        source_path=source_path,
        identity=identity,
        title=title,
        created_at=created_at,
        authors=[sender] if sender else [],
        participants=_unique_people([*([sender] if sender else []), *to, *cc]),
        body=body,
        units=[Unit(text=body, heading=title, speaker=speaker, at=created_at)] if body else [],
        metadata=EmailMetadata(
            message_id=message_id,
            in_reply_to=in_reply_to,
            references=references,
            thread_id=(references or [in_reply_to or message_id])[0],
            subject=subject,
            sender=sender,
            to=to,
            cc=cc,
            is_auto_reply=_is_auto_reply(headers, subject),
            is_forward=split.is_forward or is_forward_subject(subject),
            quoted_text=split.quoted_text,
            signature=split.signature,
            attachments=attachment_names(message),
        ),
    )


class _Headers:
    """Header values decoded from the raw text, so a malformed header never raises while being read."""

    def __init__(self, message: Message) -> None:
        self._values: dict[str, str] = {}
        for name, value in message.raw_items():
            self._values.setdefault(name.lower(), _decode_header(str(value)))

    def get(self, name: str) -> str:
        return self._values.get(name, "")


def _decode_header(value: str) -> str:
    value = re.sub(r"\r?\n[ \t]+", " ", value).strip()
    try:
        return str(make_header(decode_header(value)))
    except Exception:
        return value


def _reject_non_email_bytes(data: bytes, source_path: str) -> None:
    if not data.strip():
        raise IngestError(source_path, "the file is empty; export the message again as .eml")
    sample = data[:4096]
    control = sum(1 for byte in sample if byte in _BINARY_CONTROL_BYTES)
    if control > len(sample) * 0.05:
        raise IngestError(source_path, "the file is binary, not a text email; export the message as .eml")


def _split_mbox(data: bytes, source_path: str) -> list[bytes]:
    data = data.lstrip()
    if not data:
        raise IngestError(source_path, "the mbox file is empty")
    if not data.startswith(b"From "):
        raise IngestError(
            source_path, "not an mbox: it does not start with a 'From ' line (a single message should be .eml)"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "messages.mbox"
        path.write_bytes(data)
        box = mailbox.mbox(path, create=False)
        try:
            return [unescape_from_lines(box.get_bytes(key)) for key in box.iterkeys()]
        finally:
            box.close()


def unescape_from_lines(raw: bytes) -> bytes:
    """mbox writers escape body lines starting "From " as ">From "; that ">" is not a quote."""
    return re.sub(rb"^>(>*From )", rb"\1", raw, flags=re.MULTILINE)


def _sender(headers: _Headers) -> Person | None:
    people = _people(headers.get("from"))
    fallback = _x_from(headers.get("x-from"))  # Exchange exports: From has the address, X-From the name
    if not people:
        return fallback
    sender = people[0]
    if not sender.name and fallback and fallback.name:
        sender = sender.model_copy(update={"name": fallback.name})
    return sender


def _x_from(value: str) -> Person | None:
    """X-From is free text: "Allen, Phillip K. </O=ENRON/...>", "Sarah Novosel" or just an address."""
    value = re.sub(r"<(/O=[^>]*)>", "", value).strip()
    if not value:
        return None
    if "<" in value or "@" in value:
        people = _people(value)
        return people[0] if people else None
    return Person(name=_clean_name(value))


def _people(value: str) -> list[Person]:
    if not value:
        return []
    value = re.sub(r"<(/O=[^>]*)>", "", value)  # Exchange directory paths are not addresses
    people = []
    for name, address in getaddresses([value]):
        name, address = _clean_name(name), address.strip()
        if "@" not in address:
            name, address = name or _clean_name(address), ""
        if name or address:
            people.append(Person(name=name or None, email=address or None))
    return _unique_people(people)


def _clean_name(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)", "", name).strip().strip("'\"").strip()  # "Giroir, Laura (IBK-HOU)"
    last_first = re.fullmatch(r"([A-Z][\w'-]+),\s*([A-Z][\w.' -]*)", name)  # "Allen, Phillip K."
    if last_first:
        return f"{last_first.group(2).strip()} {last_first.group(1)}"
    return name


def _unique_people(people: list[Person]) -> list[Person]:
    unique: dict[str, Person] = {}
    for person in people:
        key = (person.email or person.name or "").lower()
        if key and key not in unique:
            unique[key] = person
    return list(unique.values())


def _clean_id(value: str) -> str:
    return value.strip().strip("<>").strip() if value else ""


def _ids(value: str) -> list[str]:
    if not value:
        return []
    bracketed = re.findall(r"<([^<>\s]+)>", value)
    return bracketed or [token.strip("<>") for token in value.split() if token.strip("<>")]


def _parse_date(value: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            parsed = date_parser.parse(value, fuzzy=True)
        except (ValueError, ArithmeticError):  # dateutil overflows, or fails in decimal arithmetic on odd seconds
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _is_auto_reply(headers: _Headers, subject: str) -> bool:
    auto_submitted = headers.get("auto-submitted").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return True
    if headers.get("x-autoreply") or headers.get("x-autorespond"):
        return True
    if headers.get("precedence").strip().lower() == "auto_reply":
        return True
    return bool(_AUTO_REPLY_SUBJECT.match(subject))
