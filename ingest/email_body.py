"""Getting readable text and attachment names out of a MIME message, whatever its charset or shape."""

from __future__ import annotations

import re
from email.message import EmailMessage, Message

from selectolax.lexbor import LexborHTMLParser, LexborNode

_FALLBACK_CHARSETS = ("utf-8", "cp1252", "latin-1")  # latin-1 decodes any byte, so this never fails
_SKIPPED_TAGS = {"script", "style", "head", "title", "meta", "noscript", "template", "-comment"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "header", "footer", "table", "tr", "ul", "ol", "h1", "h2", "h3", "h4",
    "h5", "h6", "pre", "address", "center", "form", "fieldset",
}  # fmt: skip
_OUTLOOK_SEPARATOR = "_" * 32
# Elements the reader never sees (display:none, zero-size or transparent text, the hidden attribute): a classic place
# to plant instructions for whatever tool reads the mail next, so their text is dropped.
_HIDDEN_STYLE = re.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?:\.0+)?\s*(?:px|pt|em|rem|%)?\s*(?:;|$|!)"
    r"|opacity\s*:\s*0(?:\.0+)?\s*(?:;|$|!)|max-height\s*:\s*0(?:px)?\s*(?:;|$|!)",
    re.IGNORECASE,
)


def message_text(message: Message) -> str:
    """The message's readable text: text/plain preferred, else HTML turned into text."""
    part = _body_part(message)
    if part is None:
        return ""
    text = decode_part(part)
    if part.get_content_subtype() == "html":
        text = html_to_text(text)
    return normalize_text(text)


def attachment_names(message: Message) -> list[str]:
    names = []
    for part in message.walk():
        if part.is_multipart():
            continue
        name = _safe_filename(part)
        if name and (part.get_content_disposition() == "attachment" or part.get_content_maintype() != "text"):
            names.append(name)
    return names


def decode_part(part: Message) -> str:
    """The part's payload as text, falling back through common charsets when the declared one is wrong."""
    try:
        payload = part.get_payload(decode=True)
    except Exception:  # a broken transfer encoding: use whatever raw text there is
        payload = None
    if payload is None:
        raw = part.get_payload()
        return raw if isinstance(raw, str) else ""
    declared = part.get_content_charset()
    for charset in (declared, *_FALLBACK_CHARSETS):
        if not charset:
            continue
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


def html_to_text(html: str) -> str:
    """Readable text from HTML: scripts and styles dropped, paragraphs and line breaks kept, blockquotes quoted."""
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    return _clean(_render(root))


def normalize_text(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def _body_part(message: Message) -> Message | None:
    if isinstance(message, EmailMessage):
        try:
            part = message.get_body(preferencelist=("plain", "html"))
        except Exception:
            part = None
        if part is not None:
            return part
    for part in message.walk():  # nothing the standard rules accept: take any inline text part
        if part.get_content_maintype() == "text" and part.get_content_disposition() != "attachment":
            return part
    return None


def _safe_filename(part: Message) -> str | None:
    try:
        return part.get_filename()
    except Exception:
        return None


def _is_hidden(node: LexborNode) -> bool:
    attributes = node.attributes
    if "hidden" in attributes or (attributes.get("aria-hidden") or "").lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(attributes.get("style") or ""))


def _clean(pieces: list[str]) -> str:
    return normalize_text("\n".join(line.strip() for line in "".join(pieces).split("\n")))


def _render(node: LexborNode) -> list[str]:
    out: list[str] = []
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag in _SKIPPED_TAGS or (tag != "-text" and _is_hidden(child)):
            continue
        if tag == "-text":
            out.append(re.sub(r"\s+", " ", child.text(deep=False) or ""))
        elif tag == "br":
            out.append("\n")
        elif tag == "hr":
            out.append(f"\n{_OUTLOOK_SEPARATOR}\n")
        elif tag == "li":
            out.extend(["\n- ", *_render(child)])
        elif tag in {"td", "th"}:
            out.extend([*_render(child), " "])
        elif tag == "blockquote":
            quoted = _clean(_render(child))
            out.append("\n" + "\n".join(f"> {line}".rstrip() for line in quoted.split("\n")) + "\n")
        elif tag in _BLOCK_TAGS:
            out.extend(["\n", *_render(child), "\n"])
        else:
            out.extend(_render(child))
    return out
