"""Dates that exports put in file and folder names, not in the file: "2026-03-05-debrief.md", Zoom's
"GMT20240124-202901_Recording.transcript.vtt" and its "2026-02-03 15.00.00 Topic" folders, Otter's "20260206 1600"."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import PurePosixPath

FILE_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ZOOM_RECORDING = re.compile(r"GMT(\d{8})-(\d{6})")


def date_from_file_name(source_path: str) -> date | None:
    match = FILE_DATE.search(PurePosixPath(source_path).name)
    return _date(match.groups()) if match else None


def date_from_path(source_path: str) -> date | None:
    """A date in the file's name, else in the nearest folder's name that has one (ISO or compact)."""
    for part in reversed(PurePosixPath(source_path).parts):
        for pattern in (FILE_DATE, _COMPACT_DATE):
            match = pattern.search(part)
            if match and (found := _date(match.groups())) is not None:
                return found
    return None


def recording_start(source_path: str) -> datetime | None:
    """The start of a Zoom cloud recording, from its file name: "GMT20240124-202901_Recording..." is
    2024-01-24 20:29:01 UTC."""
    match = _ZOOM_RECORDING.search(PurePosixPath(source_path).name)
    if not match:
        return None
    try:
        return datetime.strptime("".join(match.groups()), "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    except ValueError:
        return None


def _date(parts: tuple[str, ...]) -> date | None:
    try:
        return date(*map(int, parts))
    except ValueError:
        return None
