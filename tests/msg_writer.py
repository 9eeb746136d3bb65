"""Writes small Outlook .msg files for tests: MS-OXMSG property streams in a Compound File Binary (MS-CFB v3).

The project's dependencies only read compound files (olefile), so this writes just enough for fixtures: 512-byte
sectors, the mini stream for streams under 4,096 bytes, one FAT of at most 109 sectors (files up to ~7 MB), sibling
trees built balanced and all black (readers do not check colours). ``tests/fixtures/emails/make_msg.py`` writes the
checked-in fixtures with it (a second, independent reader, aspose-email-foss's strict MSG reader, found no issue in
them); hostile-input tests build broken files with it.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

# --- Compound File Binary --------------------------------------------------------------------------------------

SECTOR, MINI_SECTOR, MINI_CUTOFF = 512, 64, 4096
FREE, END_OF_CHAIN, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_ENTRY = "<64sHBBIII16sIQQIQ"  # a 128-byte directory entry: name, its length, type, colour, siblings, child, ...


@dataclass
class Storage:
    name: str
    streams: dict[str, bytes] = field(default_factory=dict)
    storages: list[Storage] = field(default_factory=list)


@dataclass
class _Entry:
    name: str
    kind: int
    data: bytes = b""
    children: list[int] = field(default_factory=list)
    left: int = NO_STREAM
    right: int = NO_STREAM
    child: int = NO_STREAM
    start: int = END_OF_CHAIN
    size: int = 0


def compound_file(root: Storage) -> bytes:
    """The bytes of a compound file whose root storage holds ``root``'s streams and storages."""
    entries = [_Entry("Root Entry", _ROOT)]
    _add_children(root, 0, entries)
    for entry in entries:
        _link_children(entry, entries)

    mini_stream, mini_fat = bytearray(), []
    for entry in entries:
        if entry.kind == _STREAM and 0 < len(entry.data) < MINI_CUTOFF:
            entry.start, entry.size = len(mini_stream) // MINI_SECTOR, len(entry.data)
            count = -(-len(entry.data) // MINI_SECTOR)
            mini_fat += _chain(entry.start, count)
            mini_stream += entry.data.ljust(count * MINI_SECTOR, b"\0")
    big = [e for e in entries if e.kind == _STREAM and len(e.data) >= MINI_CUTOFF]

    directory = b"".join(_pack_entry(e) for e in entries)
    directory += _unused_entry() * (-len(entries) % (SECTOR // 128))
    mini_fat_bytes = _sectors(b"".join(struct.pack("<I", n) for n in mini_fat), fill=b"\xff")
    chunks = [directory, mini_fat_bytes, _sectors(bytes(mini_stream)), *(_sectors(e.data) for e in big)]
    content_sectors = sum(len(c) // SECTOR for c in chunks)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < content_sectors + fat_sectors:
        fat_sectors += 1
    if fat_sectors > 109:
        raise ValueError("too large for a fixture: this writer writes no DIFAT sectors")

    fat, starts, next_sector = [FAT_SECTOR] * fat_sectors, [], fat_sectors
    for chunk in chunks:
        count = len(chunk) // SECTOR
        starts.append(next_sector if count else END_OF_CHAIN)
        fat += _chain(next_sector, count)
        next_sector += count
    directory_start, mini_fat_start, mini_stream_start, *big_starts = starts
    entries[0].start, entries[0].size = mini_stream_start, len(mini_stream)
    for entry, start in zip(big, big_starts):
        entry.start, entry.size = start, len(entry.data)
    chunks[0] = b"".join(_pack_entry(e) for e in entries) + chunks[0][len(entries) * 128 :]

    fat_bytes = b"".join(struct.pack("<I", n) for n in fat).ljust(fat_sectors * SECTOR, b"\xff")
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", MAGIC, bytes(16), 0x3E, 3, 0xFFFE, 9, 6, bytes(6), 0, fat_sectors,
        directory_start, 0, MINI_CUTOFF, mini_fat_start, len(mini_fat_bytes) // SECTOR, END_OF_CHAIN, 0,
    )
    difat = [*range(fat_sectors), *[FREE] * (109 - fat_sectors)]
    header += b"".join(struct.pack("<I", n) for n in difat)
    return header + fat_bytes + b"".join(chunks)


def _add_children(storage: Storage, parent: int, entries: list[_Entry]) -> None:
    for name, data in storage.streams.items():
        entries[parent].children.append(len(entries))
        entries.append(_Entry(name, _STREAM, data))
    for sub in storage.storages:
        entries[parent].children.append(len(entries))
        entries.append(_Entry(sub.name, _STORAGE))
        _add_children(sub, len(entries) - 1, entries)


def _link_children(entry: _Entry, entries: list[_Entry]) -> None:
    """MS-CFB orders siblings by name length, then by upper-cased name; a balanced tree of them hangs off
    ``child``."""
    ordered = sorted(entry.children, key=lambda i: (len(entries[i].name), entries[i].name.upper()))

    def subtree(ids: list[int]) -> int:
        if not ids:
            return NO_STREAM
        middle = len(ids) // 2
        node = entries[ids[middle]]
        node.left, node.right = subtree(ids[:middle]), subtree(ids[middle + 1 :])
        return ids[middle]

    entry.child = subtree(ordered)


def _chain(start: int, count: int) -> list[int]:
    return [*range(start + 1, start + count), END_OF_CHAIN] if count else []


def _sectors(data: bytes, fill: bytes = b"\0") -> bytes:
    return data.ljust(-(-len(data) // SECTOR) * SECTOR, fill)


def _pack_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    return struct.pack(_ENTRY, name, len(name), entry.kind, 1, entry.left, entry.right, entry.child, bytes(16), 0,
                       0, 0, entry.start, entry.size)


def _unused_entry() -> bytes:
    return struct.pack(_ENTRY, b"", 0, 0, 0, NO_STREAM, NO_STREAM, NO_STREAM, bytes(16), 0, 0, 0, 0, 0)


# --- Outlook message properties (MS-OXMSG) -----------------------------------------------------------------------

STRING8, UNICODE, BINARY, LONG, TIME, BOOLEAN = 0x001E, 0x001F, 0x0102, 0x0003, 0x0040, 0x000B
TO, CC, BCC = 1, 2, 3
_READABLE_WRITABLE = 0x6
_STORE_UNICODE_OK = 0x00040000
_FILETIME_EPOCH = datetime(1601, 1, 1, tzinfo=UTC)


@dataclass
class Recipient:
    name: str
    email: str
    kind: int = TO  # PR_RECIPIENT_TYPE


@dataclass
class Attachment:
    long_name: str | None = None  # PR_ATTACH_LONG_FILENAME
    short_name: str | None = None  # PR_ATTACH_FILENAME (8.3)
    display_name: str | None = None  # PR_DISPLAY_NAME
    data: bytes = b""
    mime_type: str | None = None  # PR_ATTACH_MIME_TAG


def message_file(
    properties: dict[int, str | bytes | int | bool | datetime],
    recipients: list[Recipient] = (),
    attachments: list[Attachment] = (),
    *,
    codepage: int | None = None,
) -> bytes:
    """An .msg file with these message properties (by property id; the type follows the Python value). Strings are
    written as PtypString (UTF-16LE), or as PtypString8 in ``codepage`` when one is given, as Outlook does for
    messages from non-Unicode stores."""
    properties = dict(properties)
    if codepage is None:
        properties.setdefault(0x340D, _STORE_UNICODE_OK)  # PR_STORE_SUPPORT_MASK
    else:
        properties.setdefault(0x3FFD, codepage)  # PR_MESSAGE_CODEPAGE
        properties.setdefault(0x3FDE, codepage)  # PR_INTERNET_CODEPAGE
    root = Storage("Root Entry", storages=[
        Storage("__nameid_version1.0", streams={f"__substg1.0_000{n}0102": b"" for n in (2, 3, 4)}),
    ])  # fmt: skip
    header = struct.pack("<8xIIII8x", len(recipients), len(attachments), len(recipients), len(attachments))
    _write_properties(root, properties, header, codepage)
    for number, recipient in enumerate(recipients):
        storage = Storage(f"__recip_version1.0_#{number:08X}")
        props = {0x3001: recipient.name, 0x39FE: recipient.email, 0x3003: recipient.email, 0x3002: "SMTP",
                 0x0C15: recipient.kind, 0x3000: number}
        _write_properties(storage, props, bytes(8), codepage)
        root.storages.append(storage)
    for number, attachment in enumerate(attachments):
        storage = Storage(f"__attach_version1.0_#{number:08X}")
        props = {0x3707: attachment.long_name, 0x3704: attachment.short_name, 0x3001: attachment.display_name,
                 0x3701: attachment.data, 0x370E: attachment.mime_type, 0x3705: 1,
                 0x0E21: number}  # attach method 1: by value
        _write_properties(storage, {k: v for k, v in props.items() if v is not None}, bytes(8), codepage)
        root.storages.append(storage)
    return compound_file(root)


def _write_properties(storage: Storage, properties: dict, header: bytes, codepage: int | None) -> None:
    entries = [header]
    for property_id, value in properties.items():
        kind, payload = _typed(value, codepage)
        tag = property_id << 16 | kind
        if kind in (STRING8, UNICODE, BINARY):
            storage.streams[f"__substg1.0_{tag:08X}"] = payload
            size = len(payload) + {STRING8: 1, UNICODE: 2, BINARY: 0}[kind]  # strings count their terminator
            entries.append(struct.pack("<IIII", tag, _READABLE_WRITABLE, size, 0))
        else:
            entries.append(struct.pack("<II", tag, _READABLE_WRITABLE) + payload)
    storage.streams["__properties_version1.0"] = b"".join(entries)


def _typed(value: object, codepage: int | None) -> tuple[int, bytes]:
    if isinstance(value, str):
        return (STRING8, value.encode(f"cp{codepage}")) if codepage else (UNICODE, value.encode("utf-16-le"))
    if isinstance(value, bytes):
        return BINARY, value
    if isinstance(value, bool):
        return BOOLEAN, struct.pack("<Q", int(value))
    if isinstance(value, int):
        return LONG, struct.pack("<I4x", value)
    if isinstance(value, datetime):
        ticks = (value - _FILETIME_EPOCH) // timedelta(microseconds=1) * 10  # FILETIME: 100-ns intervals
        return TIME, struct.pack("<Q", ticks)
    raise TypeError(f"no MAPI type for {type(value).__name__}")
