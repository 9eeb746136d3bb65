"""Text every store can hold. Parsers may pass on what a file smuggles in: NUL characters (PostgreSQL text refuses
them) and lone surrogates (Python's email package keeps undecodable header bytes that way; they cannot be encoded as
UTF-8, so JSON, SQL and the embedder all fail on them). Both are removed from every string of a parsed document.

Times likewise: a zone whose offset has seconds (local mean time, which tz data gives for old dates) cannot be
written in ISO 8601 or JSON without changing the instant, so such a time is stored in UTC; a zone beyond +/-24 hours
(an email "Date: ... -8600") is no zone at all, so its time is read as UTC."""

from __future__ import annotations

import json
import math
import re
from datetime import datetime, timezone

from ingest.document import Document

_SURROGATE = re.compile(r"[\ud800-\udfff]+")


def storable_text(text: str) -> str:
    """``text`` without NUL characters, with stray undecodable bytes read as cp1252 and other lone surrogates as
    U+FFFD."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    if _SURROGATE.search(text) is None:
        return text
    return _SURROGATE.sub(_readable, text)


def _readable(match: re.Match[str]) -> str:
    try:  # surrogateescape: U+DC80..U+DCFF stand for the raw bytes 0x80..0xFF
        raw = match.group(0).encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return "\ufffd"
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def storable_document(document: Document) -> Document:
    """The document itself when it is clean (the common case), else a cleaned copy."""
    if _is_clean(document.model_dump(mode="python")):
        return document
    return Document.model_validate(_clean(document.model_dump(mode="python")))


def _is_clean(value) -> bool:
    if isinstance(value, str):
        return "\x00" not in value and _SURROGATE.search(value) is None
    if isinstance(value, datetime):
        return _storable_time(value) is value
    if isinstance(value, dict):
        return all(_is_clean(k) and _is_clean(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_is_clean(v) for v in value)
    return True


def _clean(value):
    if isinstance(value, str):
        return storable_text(value)
    if isinstance(value, datetime):
        return _storable_time(value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def _storable_time(value: datetime) -> datetime:
    """``value`` itself when JSON can carry it as it is, else the same instant (or wall time) in UTC."""
    try:
        offset = value.utcoffset()
    except ValueError:  # an offset of a day or more
        return value.replace(tzinfo=timezone.utc)
    if offset is not None and offset.total_seconds() % 60 != 0:
        return value.astimezone(timezone.utc)
    return value


class NonFiniteNumber(ValueError):
    """A JSON number no store can hold: NaN, Infinity, or one too large for a float."""


def load_finite_json(text: str):
    """``json.loads`` that refuses NaN, Infinity and numbers that overflow a float (Python's json accepts them; JSON
    columns in PostgreSQL and every other JSON reader do not)."""
    return json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)


def _refuse_constant(name: str):
    raise NonFiniteNumber(f"{name} is not a JSON number")


def _finite_float(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise NonFiniteNumber(f"the number {literal[:40]} is too large")
    return value
