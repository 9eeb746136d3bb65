"""Finding accounts and their files on disk: an account folder laid out like the golden data, a folder of such
account folders, or loose files."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

_ACCOUNT_MARKERS = {"crm.json", "crm.csv", "meetings", "emails", "tickets", "notes", "transcripts", "documents",
                    "slack"}


class AccountFolder(BaseModel):
    account_id: str
    root: Path  # source paths are relative to this
    files: list[Path]


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return slug or "account"


def discover(path: Path, account_id: str | None = None) -> list[AccountFolder]:
    """The accounts to ingest under ``path``. With ``account_id`` everything under ``path`` is that one account."""
    path = path.resolve()
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist")
    if path.is_file():
        if account_id is None:
            raise ValueError(f"{path.name} is a single file: say which account it belongs to with --account")
        return [AccountFolder(account_id=account_id, root=path.parent, files=[path])]
    if account_id is not None or _is_account_folder(path):
        return [AccountFolder(account_id=account_id or slugify(path.name), root=path, files=_files(path))]
    accounts = [
        AccountFolder(account_id=slugify(child.name), root=child, files=_files(child))
        for child in sorted(path.iterdir())
        if child.is_dir() and not child.name.startswith(".") and _is_account_folder(child)
    ]
    if not accounts:
        raise ValueError(
            f"{path} holds no account folder (one with crm.json, meetings/, emails/, slack/ or tickets/); "
            "to ingest loose files as one account, pass --account"
        )
    return accounts


def _is_account_folder(path: Path) -> bool:
    return any((path / marker).exists() for marker in _ACCOUNT_MARKERS)


def _files(root: Path) -> list[Path]:
    """Regular files below ``root``, skipping hidden ones and symbolic links (which could point outside)."""
    found = []
    for candidate in sorted(root.rglob("*")):
        relative = candidate.relative_to(root)
        if any(part.startswith(".") for part in relative.parts) or candidate.is_symlink():
            continue
        if candidate.is_file():
            found.append(candidate)
    return found
