"""Outlook .msg files (MS-OXMSG) read as emails: the message's properties, read by python-oxmsg, become an
RFC 5322 message that takes the .eml path, so threads, quoted history, signatures, forwards and auto-replies are
read exactly as they are for .eml.

Received mail keeps the headers it arrived with (PR_TRANSPORT_MESSAGE_HEADERS); a sent item or a draft has none,
and its headers are built from the message's properties (sender, recipients, submit time, Message-ID, In-Reply-To,
References). Properties also fill any header the transport headers lack.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Iterator
from datetime import datetime
from email import message_from_bytes
from email.header import Header
from email.parser import HeaderParser
from email.utils import format_datetime, formataddr

import olefile
from oxmsg import Message

from ingest.document import Document
from ingest.emails import parse_eml
from ingest.errors import IngestError
from ingest.msg_rtf import rtf_body_text

COMPOUND_FILE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MINIMUM_SIZE = 1536  # a header sector, one FAT sector and one directory sector
_SAVE_AGAIN = "save the message again from Outlook (File > Save As > Outlook Message Format)"
# Outlook items that are not messages, saved as .msg all the same
_NOT_MESSAGES = {"IPM.Contact": "contact", "IPM.DistList": "contact group", "IPM.Appointment": "calendar item",
                 "IPM.Task": "task", "IPM.StickyNote": "note", "IPM.Activity": "journal entry"}
_RECIPIENT_HEADERS = {1: "To", 2: "Cc", 3: "Bcc"}  # PR_RECIPIENT_TYPE
# olefile's words for sectors missing or out of place: data is lost, not merely written oddly
_DATA_LOST = ("incomplete", "out of range", "less than declared", "too large")
_IDENTIFYING_HEADERS = {"from", "date", "message-id", "subject", "to", "cc", "in-reply-to"}
_HEADER_LINE = re.compile(r"[!-9;-~]+:")
_CONTROL_CHARACTERS = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])


class _Tag:  # property ids (MS-OXPROPS)
    SUBJECT, MESSAGE_CLASS, CLIENT_SUBMIT_TIME = 0x0037, 0x001A, 0x0039
    SENDER_NAME, SENDER_EMAIL, SENDER_SMTP = 0x0C1A, 0x0C1F, 0x5D01
    SENT_REPRESENTING_NAME, SENT_REPRESENTING_EMAIL, SENT_REPRESENTING_SMTP = 0x0042, 0x0065, 0x5D02
    TRANSPORT_HEADERS, DELIVERY_TIME = 0x007D, 0x0E06
    MESSAGE_ID, IN_REPLY_TO, REFERENCES = 0x1035, 0x1042, 0x1039
    RTF_COMPRESSED = 0x1009
    DISPLAY_NAME, EMAIL_ADDRESS, SMTP_ADDRESS, RECIPIENT_TYPE = 0x3001, 0x3003, 0x39FE, 0x0C15
    ATTACH_LONG_FILENAME, ATTACH_FILENAME = 0x3707, 0x3704


def is_compound_file(data: bytes) -> bool:
    """Whether the bytes start like an OLE compound file: an Outlook .msg, or a .doc, .xls, ... of old."""
    return data.startswith(COMPOUND_FILE_SIGNATURE)


def parse_msg(data: bytes, source_path: str, account_id: str) -> Document:
    """One Outlook message as an email ``Document``. Raises ``IngestError`` for anything that is not one."""
    message = _load(data, source_path)
    try:
        rfc822 = _as_rfc822(message, source_path)
        attachments = list(_attachment_names(message))
    except IngestError:
        raise
    except Exception as error:  # a damaged property stream fails in many ways; each is the same refusal
        reason = f"the .msg file is damaged: a message property cannot be read ({type(error).__name__}: {error})"
        raise IngestError(source_path, reason) from error
    document = parse_eml(rfc822, source_path, account_id)
    metadata = document.metadata.model_copy(update={"format": "msg", "attachments": attachments})
    return document.model_copy(update={"metadata": metadata})


def _load(data: bytes, source_path: str) -> Message:
    if not is_compound_file(data):
        raise IngestError(source_path, f"not an Outlook .msg file: it is not a compound file, which is what "
                                       f"Outlook saves messages as; {_SAVE_AGAIN}")
    if len(data) < _MINIMUM_SIZE:
        raise IngestError(source_path, f"the .msg file is cut short: {len(data):,} bytes, where the smallest "
                                       f"compound file has {_MINIMUM_SIZE:,}; {_SAVE_AGAIN}")
    try:
        is_message = _is_sound_message_file(data)
        message = Message.load(io.BytesIO(data)) if is_message else None
    except Exception as error:  # olefile raises OSError for most damage, but not only
        reason = f"the .msg file is damaged or cut short ({type(error).__name__}: {error}); {_SAVE_AGAIN}"
        raise IngestError(source_path, reason) from error
    if message is None:
        raise IngestError(source_path, "a compound file, but not an Outlook message: it has no message properties "
                                       "(is it a Word .doc or another Office file renamed .msg?)")
    return message


def _is_sound_message_file(data: bytes) -> bool:
    """Whether the compound file holds message properties; raises when a stream is cut short or its sectors are
    missing. olefile is lenient by default (a truncated stream reads short), hence a strict pass first; after a
    defect that loses no data (an odd header field, an empty stream's start sector) the file is read leniently."""
    try:
        with olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT) as compound:
            for path in compound.listdir(streams=True, storages=False):
                compound.openstream(path).read()
            return compound.exists("__properties_version1.0")
    except OSError as defect:  # olefile's OleFileError
        if any(words in str(defect) for words in _DATA_LOST):
            raise
    with olefile.OleFileIO(io.BytesIO(data)) as compound:
        return compound.exists("__properties_version1.0")


def _as_rfc822(message: Message, source_path: str) -> bytes:
    props = message.properties
    message_class = props.str_prop_value(_Tag.MESSAGE_CLASS) or ""
    kind = next((name for prefix, name in _NOT_MESSAGES.items() if message_class.startswith(prefix)), None)
    if kind:
        raise IngestError(source_path, f"an Outlook {kind} ({message_class}), not a message: handoff reads emails "
                                       f"saved from Outlook's mail folders")
    entity = _body_entity(message, message_class, source_path)
    headers = _transport_headers(props.str_prop_value(_Tag.TRANSPORT_HEADERS) or "")
    present = {name.lower() for name, _ in headers}
    headers += [(name, value) for name, value in _property_headers(message) if name.lower() not in present]
    if not any(name.lower() in _IDENTIFYING_HEADERS for name, _ in headers):
        reason = ("an Outlook message with no sender, recipient, date, subject or Message-ID: nothing says what "
                  "it is")
        raise IngestError(source_path, reason)
    lines = [*(f"{name}: {value}" for name, value in headers), "MIME-Version: 1.0", ""]
    return "\r\n".join(lines).encode("utf-8", "replace") + entity


def _body_entity(message: Message, message_class: str, source_path: str) -> bytes:
    """The body as a MIME entity: its headers, a blank line, the content."""
    subtype, body = _body(message)
    if not body.strip() and message_class.startswith("IPM.Note.SMIME"):
        return _signed_entity(message, source_path)
    content = base64.encodebytes(body.encode("utf-8", "replace")).decode("ascii")
    headers = f"Content-Type: text/{subtype}; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"
    return f"{headers}\r\n{content}".encode()


def _signed_entity(message: Message, source_path: str) -> bytes:
    """An S/MIME message without a body of its own: a clear-signed one keeps its multipart/signed MIME as its one
    attachment, readable as it stands; an encrypted or opaque-signed one keeps only sealed CMS data (smime.p7m)."""
    for attachment in message.attachments:
        data = attachment.file_bytes or b""
        if attachment.mime_type.lower() == "multipart/signed" and _is_signed_mime(data):
            return data
    raise IngestError(source_path, "an encrypted or opaque-signed Outlook message (S/MIME): its text is sealed in "
                                   "smime.p7m, which handoff does not open; save a decrypted copy from Outlook")


def _is_signed_mime(data: bytes) -> bool:
    return message_from_bytes(data).get_content_type() == "multipart/signed"


def _body(message: Message) -> tuple[str, str]:
    """("plain", text) or ("html", markup): PR_BODY first, as the .eml path prefers text/plain, then PR_HTML, then
    the text of a compressed RTF body."""
    if text := _clean(message.body):
        return "plain", text
    if html := _clean(message.html_body):
        return "html", html
    rtf = message.properties.binary_prop_value(_Tag.RTF_COMPRESSED)
    return "plain", _clean(rtf_body_text(rtf)) if rtf else ""


def _transport_headers(text: str) -> list[tuple[str, str]]:
    """The headers the message arrived with, less those describing its MIME body: the body is taken from the
    message's properties and gets headers of its own."""
    lines = text.translate(_CONTROL_CHARACTERS).lstrip().splitlines()
    while lines and not _HEADER_LINE.match(lines[0]):  # Exchange's "Microsoft Mail Internet Headers Version 2.0"
        lines.pop(0)
    if not lines:
        return []
    parsed = HeaderParser().parsestr("\n".join(lines) + "\n\n")
    return [(name, value) for name, value in parsed.items()
            if not name.lower().startswith("content-") and name.lower() != "mime-version"]


def _property_headers(message: Message) -> Iterator[tuple[str, str]]:
    props = message.properties
    if subject := _clean(props.str_prop_value(_Tag.SUBJECT)):
        yield "Subject", _one_line(Header(subject, "utf-8").encode())
    if sender := _sender(message):
        yield "From", sender
    for kind, header in _RECIPIENT_HEADERS.items():
        recipients = [r.properties for r in message.recipients
                      if (r.properties.int_prop_value(_Tag.RECIPIENT_TYPE) or 1) == kind]
        addresses = [_address(r.str_prop_value(_Tag.DISPLAY_NAME), r.str_prop_value(_Tag.SMTP_ADDRESS),
                              r.str_prop_value(_Tag.EMAIL_ADDRESS)) for r in recipients]
        if addresses := [a for a in addresses if a]:
            yield header, ", ".join(addresses)
    sent = props.date_prop_value(_Tag.CLIENT_SUBMIT_TIME) or props.date_prop_value(_Tag.DELIVERY_TIME)
    if isinstance(sent, datetime):
        yield "Date", format_datetime(sent)
    for tag, header in ((_Tag.MESSAGE_ID, "Message-ID"), (_Tag.IN_REPLY_TO, "In-Reply-To"),
                        (_Tag.REFERENCES, "References")):
        if value := _one_line(_clean(props.str_prop_value(tag))):
            yield header, value


def _sender(message: Message) -> str:
    """The From header: whom the message was sent as (sent-representing: the manager, when an assistant sends on
    their behalf), else who sent it; a name with an address before a name alone."""
    props = message.properties
    candidates = [_address(*(props.str_prop_value(tag) for tag in tags)) for tags in (
        (_Tag.SENT_REPRESENTING_NAME, _Tag.SENT_REPRESENTING_SMTP, _Tag.SENT_REPRESENTING_EMAIL),
        (_Tag.SENDER_NAME, _Tag.SENDER_SMTP, _Tag.SENDER_EMAIL),
    )]
    return next((c for c in candidates if "@" in c), next((c for c in candidates if c), ""))


def _address(name: str | None, *addresses: str | None) -> str:
    """``Name <address>`` with the first SMTP address; an Exchange address ("/O=ORG/OU=...") is no address."""
    name = _one_line(_clean(name))
    address = next((_one_line(_clean(a)) for a in addresses if a and "@" in a and not a.startswith("/")), "")
    if address:
        return _one_line(formataddr((name, address), charset="utf-8"))
    return _one_line(Header(name, "utf-8").encode()) if name else ""


def _attachment_names(message: Message) -> Iterator[str]:
    for attachment in message.attachments:
        props = attachment.properties
        name = (props.str_prop_value(_Tag.ATTACH_LONG_FILENAME) or props.str_prop_value(_Tag.ATTACH_FILENAME)
                or props.str_prop_value(_Tag.DISPLAY_NAME))  # an attached message has only its subject as a name
        if name := _clean(name).strip():
            yield name


def _clean(text: str | None) -> str:
    """Writers differ on whether a string stream ends in its terminator; NUL is never text."""
    return (text or "").replace("\x00", "")


def _one_line(text: str) -> str:
    return " ".join(text.split())
