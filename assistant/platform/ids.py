"""Stable identifiers: a source id comes from the source's identity within its account, never from randomness."""

import hashlib


def source_id(account_id: str, identity: str) -> str:
    return hashlib.sha256(f"{account_id}\x00{identity}".encode()).hexdigest()[:24]


def content_hash(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()
