"""Uploaded files become part of an account's ingest folder in the data dir. A zip is unpacked safely: no path
leaves the folder, no link is followed, and the unpacked size and file count are capped (zip bombs)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from assistant.context import Context
from assistant.errors import HandoffError

MAX_FILES_IN_ZIP = 20_000


class UploadRejected(HandoffError):
    """An upload that cannot be accepted (too large, unsafe paths, not a zip)."""


class UploadedFile(BaseModel):
    name: str
    data: bytes


def account_folder(context: Context, account_id: str) -> Path:
    folder = (context.settings.data_dir / "accounts" / account_id).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_uploads(context: Context, account_id: str, files: list[UploadedFile]) -> list[str]:
    """Write the uploads under the account's folder; returns the relative paths written."""
    total = sum(len(f.data) for f in files)
    if total > context.settings.max_upload_bytes:
        raise UploadRejected(f"the upload is {total:,} bytes; the limit is {context.settings.max_upload_bytes:,}")
    root = account_folder(context, account_id)
    written: list[str] = []
    for upload in files:
        if upload.name.lower().endswith(".zip"):
            written += _unpack(context, root, upload)
        else:
            written.append(_write(root, safe_relative_path(upload.name), upload.data))
    return written


def safe_relative_path(name: str) -> PurePosixPath:
    """A path inside the account folder, or UploadRejected: no absolute paths, no "..", no drive letters."""
    path = PurePosixPath(name.replace("\\", "/"))
    parts = [p for p in path.parts if p not in ("", ".")]
    if path.is_absolute() or not parts or any(p == ".." or ":" in p for p in parts):
        raise UploadRejected(f"unsafe file name {name!r}: names must be relative paths inside the account")
    return PurePosixPath(*parts)


def _unpack(context: Context, root: Path, upload: UploadedFile) -> list[str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(upload.data))
    except zipfile.BadZipFile:
        raise UploadRejected(f"{upload.name} is not a readable zip file") from None
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_FILES_IN_ZIP:
        raise UploadRejected(f"{upload.name} holds {len(members):,} files; the limit is {MAX_FILES_IN_ZIP:,}")
    declared = sum(m.file_size for m in members)
    if declared > context.settings.max_unpacked_bytes:
        raise UploadRejected(f"{upload.name} unpacks to {declared:,} bytes; the limit is "
                             f"{context.settings.max_unpacked_bytes:,}")
    paths = [(member, safe_relative_path(member.filename)) for member in members if not _is_link(member)]
    contents, unpacked = [], 0
    for member, relative in paths:  # read and check everything before writing anything
        with archive.open(member) as stream:
            data = stream.read(member.file_size + 1)  # never trust the declared size: read at most one byte more
        unpacked += len(data)
        if len(data) > member.file_size or unpacked > context.settings.max_unpacked_bytes:
            raise UploadRejected(f"{upload.name} expands beyond its declared size: refused as a zip bomb")
        contents.append((relative, data))
    return [_write(root, relative, data) for relative, data in contents]


def _is_link(member: zipfile.ZipInfo) -> bool:
    return (member.external_attr >> 16) & 0o170000 == 0o120000


def _write(root: Path, relative: PurePosixPath, data: bytes) -> str:
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise UploadRejected(f"unsafe file name {relative}")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return relative.as_posix()
