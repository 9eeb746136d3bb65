"""Separating what an email's sender wrote from quoted history, forwarded content, signature and disclaimer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ATTRIBUTION = re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE)
# Outlook writes its reply header in the user's language: "-----Original Message-----" or a "____" rule, then
# "From: / Sent: / To: / Subject:" lines. The labels of the common locales map to the English ones.
_ORIGINAL_MESSAGE = re.compile(
    r"^\s*-{2,}\s*(Original Message|Oorspronkelijk bericht|Ursprüngliche Nachricht|Message d'origine|"
    r"Mensaje original|Messaggio originale|Mensagem original)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^\s*_{10,}\s*$")
_HEADER_LABELS = {
    "from": "from", "van": "from", "von": "from", "de": "from",
    "date": "date", "datum": "date", "fecha": "date",
    "sent": "sent", "verzonden": "sent", "gesendet": "sent", "envoyé": "sent", "enviado": "sent",
    "enviado el": "sent",
    "to": "to", "aan": "to", "an": "to", "à": "to", "para": "to",
    "cc": "cc", "bcc": "bcc", "reply-to": "reply-to",
    "subject": "subject", "onderwerp": "subject", "betreff": "subject", "objet": "subject", "asunto": "subject",
}
_HEADER_LINE = re.compile(
    rf"^\s*({'|'.join(sorted(map(re.escape, _HEADER_LABELS), key=len, reverse=True))})\s*:(.*)$", re.IGNORECASE
)
_LOTUS_REPLY_HEADER = re.compile(r"^\s{8,}\S.*\s{3,}To:\s")  # Notes' column layout: "  name@x   To: ..."
_FORWARD_MARKER = re.compile(
    r"^\s*(-{3,}\s*Forwarded message\s*-{3,}|Begin forwarded message:|-{5,}\s*Forwarded by\b.*)\s*$", re.IGNORECASE
)
_FORWARD_SUBJECT = re.compile(r"^\s*(fwd?|fw)\s*:", re.IGNORECASE)
_DISCLAIMER_START = re.compile(r"^\s*(CONFIDENTIALITY|DISCLAIMER|PRIVILEGED AND CONFIDENTIAL)", re.IGNORECASE)
_DISCLAIMER_WORDS = (
    re.compile(r"confidential|privileged", re.IGNORECASE),
    re.compile(r"intended (only |solely )?for|intended recipient|addressee|received (this|it) in error", re.I),
)
_MOBILE_SIGNATURE = re.compile(r"^\s*Sent from my \w+", re.IGNORECASE)
_NAME_LINE = re.compile(r"^(?:Dr\. )?[A-Z][a-zA-Z'’-]+(?: [A-Z][a-zA-Z'’.-]*){1,3}(?:, [A-Z][A-Za-z]{1,6})*$")
_CONTACT = re.compile(
    r"@|https?://|www\.|\b[\w-]+\.(com|io|org|net|edu|gov|co)\b|^[\d(+]|\d{3}[\s.)-]+\d{3}[\s.-]\d{4}", re.I
)
_ORG_WORDS = re.compile(
    r"\b(Inc|LLC|Ltd|Corp|Corporation|Company|Co|GmbH|Group|Systems?|District|University|College|Hospital|Bank)\b"
)
_MAX_SIGNATURE_LINES = 15
_MAX_DEPTH = 5


@dataclass
class SplitBody:
    new_text: str = ""  # what the sender wrote, signature removed
    signature: str = ""
    quoted_text: str = ""
    forwarded: list[str] = field(default_factory=list)  # forwarded messages rendered as readable blocks
    is_forward: bool = False


def split_body(text: str, subject: str = "", sender_name: str | None = None, depth: int = 0) -> SplitBody:
    lines = text.split("\n")
    forward_at = _find_forward_marker(lines)
    quote_at, quote_kind = _find_quote_start(lines)
    if forward_at is not None and (quote_at is None or forward_at <= quote_at) and depth < _MAX_DEPTH:
        return _split_forward(lines, forward_at, _marker_length(lines, forward_at), sender_name, depth)
    if quote_at is not None and quote_kind == "header" and _FORWARD_SUBJECT.match(subject) and depth < _MAX_DEPTH:
        skip = 1 if _ORIGINAL_MESSAGE.match(lines[quote_at]) or _SEPARATOR.match(lines[quote_at]) else 0
        return _split_forward(lines, quote_at, skip, sender_name, depth)
    if quote_at is None:
        new_lines, quoted_lines = lines, []
    else:
        new_lines, quoted_lines = lines[:quote_at], lines[quote_at:]
    if not _joined(new_lines) and quote_kind == "angle" and depth < _MAX_DEPTH:
        return split_body(_unquote(quoted_lines), subject, sender_name, depth + 1)  # the quote is all there is
    new_text, signature = split_signature(_joined(new_lines), sender_name)
    return SplitBody(new_text=new_text, signature=signature, quoted_text=_joined(quoted_lines))


def split_signature(text: str, sender_name: str | None = None) -> tuple[str, str]:
    """(text, signature): the signature block and any trailing legal disclaimer moved out of the text."""
    paragraphs = _paragraphs(text)
    disclaimers = []
    while paragraphs and _is_disclaimer(paragraphs[-1]):
        disclaimers.insert(0, paragraphs.pop())
    lines = "\n\n".join(paragraphs).split("\n") if paragraphs else []
    start = _signature_start(lines, sender_name)
    body_lines, signature_lines = (lines, []) if start is None else (lines[:start], lines[start:])
    signature = "\n\n".join(part for part in (_joined(signature_lines), *disclaimers) if part)
    return _joined(body_lines), signature


def signature_details(signature: str, sender_name: str | None) -> tuple[str | None, str | None]:
    """(title, organization) from a signature like "Jane Roe\\nVP Product | Example Corp"."""
    kept, _ = _drop_disclaimer(signature)
    lines = [line.strip() for line in kept.split("\n") if line.strip() and line.strip() != "--"]
    lines = [line for line in lines if not (_is_disclaimer(line) or len(line) > 120)]
    name_at = next((i for i, line in enumerate(lines) if _is_sender_name(line, sender_name)), None)
    if name_at is None:
        return None, None
    rest = [line for line in lines[name_at + 1 :] if not _CONTACT.search(line)]
    # a sentence is not a title ("Talk soon."), but an organization after the pipe may end in "Inc." or "B.V."
    if not rest or rest[0].split(" | ", 1)[0].endswith((".", "!", "?")):
        return None, None
    if " | " in rest[0]:
        title, organization = rest[0].split(" | ", 1)
        return title.strip(), organization.split(" | ")[0].strip()
    candidates = rest[1:]
    # The organization usually follows the title; a line with digits is an address or a phone number.
    fallback = next((line for line in candidates if not re.search(r"\d", line)), None)
    organization = next((line for line in candidates if _ORG_WORDS.search(line)), fallback)
    return rest[0], organization.split(" | ")[0].strip() if organization else None


def is_forward_subject(subject: str) -> bool:
    return bool(_FORWARD_SUBJECT.match(subject))


def _split_forward(lines: list[str], at: int, skip: int, sender_name: str | None, depth: int) -> SplitBody:
    note, signature = split_signature(_joined(lines[:at]), sender_name)
    headers, content = _forwarded_headers(lines[at + skip :])
    inner = split_body(_joined(content), headers.get("subject", ""), _display_name(headers.get("from")), depth + 1)
    inner_signature, _disclaimer = _drop_disclaimer(inner.signature)
    block = "\n\n".join(part for part in (_forward_heading(headers), inner.new_text, inner_signature) if part)
    return SplitBody(
        new_text=note,
        signature=signature,
        quoted_text=inner.quoted_text,
        forwarded=[block, *inner.forwarded],
        is_forward=True,
    )


def _forwarded_headers(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """The header block at the top of a forwarded message ("From: ... Date: ... Subject: ...") and the rest."""
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    headers: dict[str, str] = {}
    loose: list[str] = []  # Notes puts the sender and date on bare lines before "To:"
    last = None
    while i < len(lines) and lines[i].strip():
        match = _HEADER_LINE.match(lines[i])
        if match:
            last = _HEADER_LABELS[match.group(1).lower()]
            headers[last] = match.group(2).strip()
        elif "subject" in headers and not lines[i][:1].isspace():
            break
        elif last:
            headers[last] = f"{headers[last]} {lines[i].strip()}"
        else:
            loose.append(lines[i].strip())
        i += 1
    if not headers:
        return {}, lines
    if "from" not in headers and loose:
        headers["from"] = loose[0]
    if "date" not in headers:
        headers["date"] = headers.get("sent") or (loose[1] if len(loose) > 1 else "")
    return headers, lines[i:]


def _forward_heading(headers: dict[str, str]) -> str:
    sender = headers.get("from") or "an unknown sender"
    heading = f"Forwarded message from {sender}"
    if headers.get("date"):
        heading += f" ({headers['date']})"
    if headers.get("subject"):
        heading += f"\nSubject: {headers['subject']}"
    return heading


def _find_forward_marker(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if _FORWARD_MARKER.match(line)), None)


def _marker_length(lines: list[str], at: int) -> int:
    """Notes wraps its "----- Forwarded by X on <date> -----" marker over two lines."""
    if not lines[at].rstrip().endswith("-") and at + 1 < len(lines) and lines[at + 1].rstrip().endswith("---"):
        return 2
    return 1


def _find_quote_start(lines: list[str]) -> tuple[int | None, str | None]:
    for i, line in enumerate(lines):
        if _ATTRIBUTION.match(line):
            return i, "attribution"
        if line.lstrip().startswith("On ") and i + 1 < len(lines) and _ATTRIBUTION.match(f"{line} {lines[i + 1]}"):
            return i, "attribution"
        if _ORIGINAL_MESSAGE.match(line) or (_SEPARATOR.match(line) and _next_is_from(lines, i)):
            return i, "header"
        if _is_from_line(line) and _header_block_follows(lines, i):
            return i, "header"
        if _LOTUS_REPLY_HEADER.match(line):
            return _paragraph_start(lines, i), "header"
        if line.startswith(">"):
            return i, "angle"
    return None, None


def _next_is_from(lines: list[str], i: int) -> bool:
    following = [line for line in lines[i + 1 : i + 4] if line.strip()]
    return bool(following) and _is_from_line(following[0])


def _is_from_line(line: str) -> bool:
    match = _HEADER_LINE.match(line)
    return bool(match) and _HEADER_LABELS[match.group(1).lower()] == "from"


def _header_block_follows(lines: list[str], i: int) -> bool:
    window = lines[i + 1 : i + 5]
    return sum(1 for line in window if _HEADER_LINE.match(line)) >= 2


def _paragraph_start(lines: list[str], i: int) -> int:
    while i > 0 and lines[i - 1].strip():
        i -= 1
    return i


def _signature_start(lines: list[str], sender_name: str | None) -> int | None:
    last = len(lines)
    for i in range(last - 1, 0, -1):
        if last - i > _MAX_SIGNATURE_LINES:
            break
        if lines[i].rstrip() == "--" or lines[i] == "-- " or _MOBILE_SIGNATURE.match(lines[i]):
            return i
    for i in range(last - 1, 0, -1):
        if last - i > _MAX_SIGNATURE_LINES:
            break
        if not lines[i - 1].strip() and _is_sender_name(lines[i], sender_name) and _short_lines(lines[i:]):
            return i
    start = _paragraph_start(lines, last - 1) if lines else 0
    block = lines[start:]
    if 0 < start and 2 <= len(block) <= 8 and _NAME_LINE.match(block[0].strip()) and _short_lines(block):
        return start
    return None


def _is_sender_name(line: str, sender_name: str | None) -> bool:
    if not sender_name or len(sender_name.split()) < 2:
        return False
    name = line.strip().split(",")[0].strip()  # "Jane Roe, CISSP"
    return name.lower() == sender_name.strip().lower()


def _short_lines(lines: list[str]) -> bool:
    return all(len(line) <= 120 for line in lines)


def _paragraphs(text: str) -> list[str]:
    return [part.strip("\n") for part in re.split(r"\n\s*\n", text) if part.strip()]


def _is_disclaimer(paragraph: str) -> bool:
    if _DISCLAIMER_START.match(paragraph):
        return True
    return len(paragraph) > 80 and all(pattern.search(paragraph) for pattern in _DISCLAIMER_WORDS)


def _drop_disclaimer(signature: str) -> tuple[str, str]:
    paragraphs = _paragraphs(signature)
    kept = [p for p in paragraphs if not _is_disclaimer(p)]
    dropped = [p for p in paragraphs if _is_disclaimer(p)]
    return "\n\n".join(kept), "\n\n".join(dropped)


def _display_name(address: str | None) -> str | None:
    if not address:
        return None
    name = re.sub(r"<[^>]*>|\[mailto:[^\]]*\]", "", address).strip().strip('"').strip()
    return name or None


def _unquote(lines: list[str]) -> str:
    return "\n".join(re.sub(r"^> ?", "", line) for line in lines)


def _joined(lines: list[str]) -> str:
    return "\n".join(lines).strip()
