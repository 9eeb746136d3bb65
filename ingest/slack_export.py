"""The files of a Slack export around its day files: recognising them, and the directory of names they give.

A Slack export (Workspace settings > Import/Export Data > Export) is a zip holding ``channels.json``,
``users.json`` (``org_users.json`` on Enterprise Grid), ``integration_logs.json`` and, for full exports,
``groups.json``, ``dms.json``, ``mpims.json``, ``canvases.json``, plus one folder per conversation of day files
``<channel>/<YYYY-MM-DD>.json``. The index files hold no conversation: they are read for names (users, channels)
or recognised and left out, never refused and never read as CRM records or tickets.

A day file is read on its own bytes; ``SlackDirectories`` finds the users and channels files of the export a day
file sits in (its folder's parent) so that its reader can name people and channels."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ingest.document import Person

DAY_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.json$")
USER_FILES = ("users.json", "org_users.json")
CHANNEL_FILES = ("channels.json", "groups.json", "mpims.json", "dms.json")
_LEFT_OUT = {"integration_logs.json": "Slack app activity log", "canvases.json": "Slack canvases list",
             "content_flags.json": "Slack content flags"}
_MAX_INDEX_BYTES = 50 * 1024 * 1024
DIRECT_MESSAGES = "direct messages,"  # how a direct message's "channel" name starts: "direct messages, A and B"


class SlackProfile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    real_name: str | None = None
    display_name: str | None = None
    email: str | None = None
    title: str | None = None


class SlackUser(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    name: str | None = None  # the handle
    real_name: str | None = None
    profile: SlackProfile | None = None

    def person(self) -> Person:
        profile = self.profile or SlackProfile()
        name = self.real_name or profile.real_name or profile.display_name or self.name or self.id
        return Person(name=name.strip() or self.id, email=profile.email or None, title=profile.title or None)


class SlackChannel(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    name: str | None = None  # a direct message (dms.json) has none
    members: list[str] = Field(default_factory=list)


class ThreadStart(BaseModel):
    """The message that started a thread, as another day's replies need it: who wrote it and its raw text."""

    user: str | None = None
    text: str = ""


class SlackDirectory(BaseModel):
    """Names an export gives: people by user id, channel names by channel id; and the thread-starting messages of
    the day file's channel folder, by ``ts``, so that replies on a later day can say what they answer."""

    people: dict[str, Person] = Field(default_factory=dict)
    channels: dict[str, str] = Field(default_factory=dict)
    thread_starts: dict[str, ThreadStart] = Field(default_factory=dict)
    fingerprint: str = ""  # changes when the files the names came from change (so day files are read again)

    def user_name(self, user_id: str) -> str | None:
        person = self.people.get(user_id)
        return person.name if person else None

    def channel_name(self, channel_id: str) -> str | None:
        return self.channels.get(channel_id)


# ---- recognising the index files ---------------------------------------------------------------------------------


def index_file_kind(payload: object) -> str | None:
    """What an index file of a Slack export is, told from its content: "Slack users list, used for names", ...;
    None when ``payload`` is not one."""
    if isinstance(payload, list) and payload and all(isinstance(item, dict) for item in payload[:20]):
        sample = payload[:20]
        if all(_is_slack_user(item) for item in sample):
            return "Slack users list, used for names"
        if all(is_slack_channel(item) for item in sample):
            return "Slack channel list, used for channel names"
    if isinstance(payload, dict) and isinstance(payload.get("logs"), list) and all(
            isinstance(item, dict) and ("change_type" in item or "service_type" in item or "app_type" in item)
            for item in payload["logs"][:20]):
        return "Slack app activity log, not indexed (it holds no conversation)"
    return None


def index_file_kind_by_name(name: str, payload: object) -> str | None:
    """Index files whose content says too little on its own (an empty list, canvases), told by their export name."""
    name = name.lower()
    if name in _LEFT_OUT and isinstance(payload, (list, dict)):
        return f"{_LEFT_OUT[name]}, not indexed (it holds no conversation)"
    if name in USER_FILES + CHANNEL_FILES and payload == []:
        return f"an empty Slack {name}, not indexed"
    return None


def _is_slack_user(item: dict) -> bool:
    return isinstance(item.get("id"), str) and isinstance(item.get("profile"), dict) and (
        {"real_name", "display_name"} & item["profile"].keys() or "team_id" in item or "is_bot" in item)


def is_slack_channel(item: object) -> bool:
    """A channels.json / groups.json / mpims.json / dms.json entry."""
    if not isinstance(item, dict) or "id" not in item:
        return False
    if "name" in item:
        return "members" in item or "is_general" in item or ("created" in item and "creator" in item)
    return isinstance(item.get("members"), list) and "created" in item  # a direct message: id, created, members


# ---- the directory of an export folder ----------------------------------------------------------------------------


def build_directory(users: list[object], channels: list[object], fingerprint: str = "") -> SlackDirectory:
    """The names in the users and channels lists; an entry of another shape is skipped (names are a convenience,
    the day file is still read without them)."""
    people: dict[str, Person] = {}
    for item in users:
        try:
            user = SlackUser.model_validate(item)
        except ValidationError:
            continue
        people[user.id] = user.person()
    names: dict[str, str] = {}
    for item in channels:
        try:
            channel = SlackChannel.model_validate(item)
        except ValidationError:
            continue
        if channel.name:
            names[channel.id] = channel.name
        elif channel.members:  # a direct message: named by the two (or more) people in it
            members = [people[m].name if m in people else m for m in channel.members]
            names[channel.id] = f"{DIRECT_MESSAGES} {' and '.join(str(m) for m in members)}"
    return SlackDirectory(people=people, channels=names, fingerprint=fingerprint)


class SlackDirectories:
    """The directory of each export folder under an account, read from disk once per ingest."""

    def __init__(self) -> None:
        self._by_root: dict[Path, SlackDirectory | None] = {}
        self._by_folder: dict[Path, SlackDirectory] = {}

    def names_for(self, file: Path) -> SlackDirectory | None:
        """The names of the export ``file`` belongs to, when it is a day file of a folder whose parent holds a
        users or channels list; else None (the reader then uses the names the messages carry). Cheap: for the
        fingerprint of a file that may be unchanged."""
        if not DAY_FILE.match(file.name):
            return None
        root = file.parent.parent
        if root not in self._by_root:
            self._by_root[root] = _read_directory(root)
        return self._by_root[root]

    def for_day_file(self, file: Path) -> SlackDirectory | None:
        """``names_for`` with the thread-starting messages of the file's channel folder, for reading it."""
        names = self.names_for(file)
        if names is None:
            return None
        folder = file.parent
        if folder not in self._by_folder:
            # The starts are left out of the fingerprint: a new day in the channel must not re-read every other day.
            self._by_folder[folder] = names.model_copy(update={"thread_starts": _thread_starts(folder)})
        return self._by_folder[folder]


def _read_directory(root: Path) -> SlackDirectory | None:
    digest = hashlib.sha256()
    users: list[object] = []
    channels: list[object] = []
    found = False
    for name in (*USER_FILES, *CHANNEL_FILES):
        items = _read_list(root / name, digest)
        if items is None:
            continue
        found = True
        (users if name in USER_FILES else channels).extend(items)
    return build_directory(users, channels, digest.hexdigest()) if found else None


def _thread_starts(folder: Path) -> dict[str, ThreadStart]:
    """Every message of the folder's day files that has replies; a file that cannot be read is skipped here (its
    own ingest reports it)."""
    starts: dict[str, ThreadStart] = {}
    for day_file in sorted(folder.glob("*.json")):
        if not DAY_FILE.match(day_file.name):
            continue
        items = _read_list(day_file, hashlib.sha256())
        for item in items or []:
            if isinstance(item, dict) and isinstance(item.get("ts"), str) and isinstance(item.get("text"), str) \
                    and (item.get("reply_count") or item.get("thread_ts") == item["ts"]):
                user = item.get("user")
                starts[item["ts"]] = ThreadStart(user=user if isinstance(user, str) else None, text=item["text"])
    return starts


def _read_list(path: Path, digest) -> list[object] | None:
    """The JSON list in ``path``; None when it is missing, unreadable or not a list (the file's own ingest says
    what is wrong with it)."""
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > _MAX_INDEX_BYTES:
            return None
        data = path.read_bytes()
        payload = json.loads(data.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None
    if not isinstance(payload, list):
        return None
    digest.update(path.name.encode() + b"\0" + data)
    return payload
