"""Uploaded files become part of an account's ingest folder in the data dir. Uploads are streamed, never held in
memory whole. A zip is unpacked safely: no path leaves the folder, no link is followed, and the unpacked size and file
count are capped (zip bombs). A Slack export's zip is unpacked under ``slack/``. Everything is written to a staging
folder first and moved into place only when the whole upload passed, so a refused upload leaves nothing behind."""

from __future__ import annotations

import re
import shutil
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from assistant.platform.context import Context
from assistant.platform.errors import HandoffError

MAX_FILES_IN_ZIP = 20_000
SLACK_FOLDER = "slack"  # a Slack export's zip is unpacked here, its channel folders apart from the account's own
_COPY_CHUNK = 1024 * 1024


class UploadRejected(HandoffError):
    """An upload that cannot be accepted (unsafe paths, not a zip)."""


class UploadTooLarge(UploadRejected):
    """An upload, or what a zip in it unpacks to, is over the configured limit."""


@dataclass
class UploadedFile:
    name: str
    stream: BinaryIO  # read from where it is; a zip must be seekable (FastAPI's spooled upload files are)


def account_folder(context: Context, account_id: str) -> Path:
    folder = (context.settings.data_dir / "accounts" / account_id).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_uploads(context: Context, account_id: str, files: list[UploadedFile]) -> list[str]:
    """Write the uploads under the account's folder; returns the relative paths written."""
    settings = context.settings
    staging = (settings.data_dir / "uploads-staging" / uuid.uuid4().hex).resolve()
    staging.mkdir(parents=True)
    try:
        budget = _Budget(settings.max_upload_bytes, "the upload")
        unpacked = _Budget(settings.max_unpacked_bytes, "what the upload's zips unpack to")
        written: list[str] = []
        for upload in files:
            if upload.name.lower().endswith(".zip"):
                archive = staging.parent / f"{staging.name}.zip"
                try:
                    _copy(upload.stream, archive, budget)
                    written += _unpack(staging, archive, upload.name, unpacked)
                finally:
                    archive.unlink(missing_ok=True)
            else:
                relative = safe_relative_path(upload.name)
                _copy(upload.stream, _target(staging, relative), budget)
                written.append(relative.as_posix())
        written = list(dict.fromkeys(written))  # a name given twice: the last copy wins
        root = account_folder(context, account_id)
        for relative in written:
            target = _target(root, PurePosixPath(relative))
            (staging / relative).replace(target)
        return written
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def safe_relative_path(name: str) -> PurePosixPath:
    """A path inside the account folder, or UploadRejected: no absolute paths, no "..", no drive letters."""
    path = PurePosixPath(name.replace("\\", "/"))
    parts = [p for p in path.parts if p not in ("", ".")]
    if path.is_absolute() or not parts or any(p == ".." or ":" in p or "\x00" in p for p in parts):
        raise UploadRejected(f"unsafe file name {name!r}: names must be relative paths inside the account")
    return PurePosixPath(*parts)


class _Budget:
    """Bytes still allowed; ``spend`` raises UploadTooLarge past the limit."""

    def __init__(self, limit: int, what: str) -> None:
        self.limit, self.left, self.what = limit, limit, what

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise UploadTooLarge(f"{self.what} is over the {self.limit:,}-byte limit; split it into smaller uploads")


def _copy(stream: BinaryIO, target: Path, budget: _Budget) -> None:
    with target.open("wb") as out:
        while chunk := stream.read(_COPY_CHUNK):
            budget.spend(len(chunk))
            out.write(chunk)


def _unpack(staging: Path, archive_path: Path, name: str, budget: _Budget) -> list[str]:
    try:
        archive = zipfile.ZipFile(archive_path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise UploadRejected(f"{name} is not a readable zip file") from None
    with archive:
        members = [m for m in archive.infolist() if not m.filename.endswith("/")]  # an empty name is unsafe, below
        if len(members) > MAX_FILES_IN_ZIP:
            raise UploadRejected(f"{name} holds {len(members):,} files; the limit is {MAX_FILES_IN_ZIP:,}")
        declared = sum(m.file_size for m in members)
        if declared > budget.left:
            raise UploadTooLarge(f"{name} unpacks to {declared:,} bytes; the limit is {budget.limit:,} for an upload")
        prefix = f"{SLACK_FOLDER}/" if _is_slack_export([m.filename for m in members]) else ""
        written = []
        for member in members:
            if _is_link(member):
                continue
            relative = safe_relative_path(prefix + member.filename)
            _extract(archive, member, _target(staging, relative), budget, name)
            written.append(relative.as_posix())
        return written


_SLACK_DAY_FILE = re.compile(r"^[^/]+/\d{4}-\d{2}-\d{2}\.json$")


def _is_slack_export(names: list[str]) -> bool:
    """Slack's export zip: users.json or channels.json at its root beside channel folders of day files."""
    return bool({"users.json", "org_users.json", "channels.json"} & set(names)) and \
        any(_SLACK_DAY_FILE.match(name) for name in names)


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: _Budget, name: str) -> None:
    """Stream one member out; never trust its declared size (a bomb lies about it)."""
    left = member.file_size
    try:
        with archive.open(member) as stream, target.open("wb") as out:
            while chunk := stream.read(min(_COPY_CHUNK, left + 1)):
                left -= len(chunk)
                if left < 0:
                    raise UploadTooLarge(f"{name} expands beyond its declared size: refused as a zip bomb")
                budget.spend(len(chunk))
                out.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError, EOFError, OSError,
            ValueError) as exc:  # corrupt data, bad CRC, unsupported compression, encrypted members
        raise UploadRejected(f"{name}: cannot unpack {member.filename!r} ({exc}); make the zip again") from None


def _is_link(member: zipfile.ZipInfo) -> bool:
    return (member.external_attr >> 16) & 0o170000 == 0o120000


def _target(root: Path, relative: PurePosixPath) -> Path:
    target = (root / relative).resolve()
    if not target.is_relative_to(root) or target == root:
        raise UploadRejected(f"unsafe file name {relative}")
    if target.is_dir():
        raise UploadRejected(f"{relative} is a folder in the account; a file cannot replace it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise UploadRejected(f"{relative} would put a file inside a file; rename one of them") from None
    return target
