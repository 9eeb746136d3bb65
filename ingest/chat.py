"""A Slack channel-day file (``<channel>/<YYYY-MM-DD>.json`` of an export) as one chat ``Document``.

The document is one channel on one day; its units are threads. A thread is a parent message with its replies (the
replies carry the parent's ``ts`` as ``thread_ts``). Slack files a reply under the day it was posted, so a thread
that runs over several days is read where each part was said: a reply whose parent is on an earlier day forms a
unit of its own, headed "replies in a thread started <day> by <name>: <its first words>", in the later day's
document (the first words when the export's other day files are at hand, ``SlackDirectory.thread_starts``). Each part is
then cited with the day and the people who wrote it, and a changed day file never rewrites another day's document.
Consecutive messages that start no thread are joined into one unit while it stays short, so that a quick exchange
is retrieved together rather than one "thanks" at a time.

Names come from the export's users list when the day file has it (``SlackDirectory``), else from the
``user_profile`` Slack copies into each message, else the raw user id. Joins, leaves, topic changes, bot messages
and other system messages are dropped."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import PurePosixPath

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ingest.chat_text import plain_text
from ingest.document import ChatMetadata, Document, Person, SourceType, Unit
from ingest.errors import IngestError
from ingest.slack_export import DAY_FILE, DIRECT_MESSAGES, SlackDirectory, SlackProfile

# Subtypes that are people talking; every other subtype (channel_join, channel_leave, bot_message, channel_topic,
# pinned_item, tombstone, ...) is the workspace talking about itself.
_SPOKEN_SUBTYPES = {None, "thread_broadcast", "me_message", "file_share", "reply_broadcast"}
_RUN_CHARS = 600  # consecutive thread-less messages are joined up to this many characters
_OPENING_CHARS = 80  # of a thread's first message, quoted in the heading of its replies on a later day


class SlackFile(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = None
    title: str | None = None


class SlackMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    type: str
    ts: str
    user: str | None = None
    text: str = ""
    subtype: str | None = None
    thread_ts: str | None = None
    parent_user_id: str | None = None
    reply_count: int = 0
    bot_id: str | None = None
    hidden: bool = False
    user_profile: SlackProfile | None = None
    files: list[SlackFile] = Field(default_factory=list)

    @field_validator("ts", "thread_ts")
    @classmethod
    def _epoch(cls, value: str | None) -> str | None:
        if value is not None:
            _time(value)
        return value

    @property
    def is_spoken(self) -> bool:
        return self.type == "message" and self.subtype in _SPOKEN_SUBTYPES and not self.hidden and bool(self.user) \
            and not self.bot_id

    @property
    def thread(self) -> str:
        return self.thread_ts or self.ts

    @property
    def at(self) -> datetime:
        return _time(self.ts)


def _time(ts: str) -> datetime:
    """Slack's ``ts``: epoch seconds as a string with a fraction ("1767225600.000100")."""
    try:
        seconds = float(ts)
        if not ts.replace(".", "", 1).isdigit():
            raise ValueError
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise ValueError(f"ts {ts[:40]!r} is not a Slack timestamp (epoch seconds such as 1767225600.000100)")


def read_slack_day(payload: object, source_path: str, account_id: str,
                   directory: SlackDirectory | None = None) -> Document | None:
    """The channel-day as a document, or None when it holds no message anyone wrote (joins and bots only)."""
    messages = _messages(payload, source_path)
    directory = directory or SlackDirectory()
    profiles = {m.user: m.user_profile for m in messages if m.user and m.user_profile}

    def person(user_id: str) -> Person:
        if user_id in directory.people:
            return directory.people[user_id]
        profile = profiles.get(user_id)
        name = profile and (profile.real_name or profile.display_name)
        return Person(name=name or user_id, email=(profile.email if profile else None) or None)

    def name_of(user_id: str) -> str | None:
        return person(user_id).name if user_id in directory.people or user_id in profiles else None

    spoken = sorted((m for m in messages if m.is_spoken), key=lambda m: m.at)
    if not spoken:
        return None
    day = _day(source_path, spoken[0].at)
    channel = _channel(source_path, directory)
    lines = {m.ts: _Line(speaker=person(m.user).name or m.user, text=_text(m, name_of, directory)) for m in spoken}
    threads: dict[str, list[SlackMessage]] = {}
    for message in spoken:
        threads.setdefault(message.thread, []).append(message)
    units = _units(threads, lines, day, person, name_of, directory)
    speakers = list(dict.fromkeys(m.user for m in spoken))
    participants = [person(user) for user in speakers]
    with_replies = [key for key, group in threads.items() if _is_thread(group)]
    title = f"Slack {label(channel)}, {day.isoformat()}" if channel else f"Slack, {day.isoformat()}"
    return Document(
        account_id=account_id,
        source_type=SourceType.CHAT,
        source_path=source_path,
        identity=f"path:{source_path}",
        title=title,
        created_at=spoken[0].at,
        updated_at=spoken[-1].at,
        authors=participants,
        participants=participants,
        body="\n\n".join(unit.text for unit in units),
        units=units,
        metadata=ChatMetadata(channel=channel, day=day, participants=[p.name or "" for p in participants],
                              thread_count=len(with_replies), message_count=len(spoken), threads=with_replies),
    )


def _messages(payload: object, source_path: str) -> list[SlackMessage]:
    if not isinstance(payload, list):
        raise IngestError(source_path, "a Slack day file is a JSON list of messages; this is not a list")
    messages = []
    for position, item in enumerate(payload, start=1):
        if not isinstance(item, dict):
            raise IngestError(source_path, f"message {position} is not a JSON object; export the channel again")
        try:
            messages.append(SlackMessage.model_validate(item))
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(part) for part in error["loc"]) or "the message"
            raise IngestError(source_path, f"message {position}: {field}: {error['msg']}; the file is not a Slack "
                                           "day file as Slack writes it, export the channel again") from None
    return messages


def _day(source_path: str, first: datetime) -> date:
    named = DAY_FILE.match(PurePosixPath(source_path).name)
    if named:
        try:
            return date.fromisoformat(named.group(1))
        except ValueError:
            pass
    return first.date()


def _channel(source_path: str, directory: SlackDirectory) -> str | None:
    """The channel is the day file's folder (an export names folders after channels; a direct message's folder is
    its id, which the channel lists may name)."""
    parts = PurePosixPath(source_path).parts
    if len(parts) < 2:
        return None
    folder = parts[-2]
    return directory.channel_name(folder) or folder


class _Line(BaseModel):
    speaker: str
    text: str

    def __str__(self) -> str:
        return f"{self.speaker}: {self.text}"


def label(channel: str) -> str:
    """"#general"; a direct message as it is named ("direct messages, Ines Fallon and Tomas Greer")."""
    return channel if channel.startswith(DIRECT_MESSAGES) else f"#{channel}"


def _text(message: SlackMessage, name_of, directory: SlackDirectory) -> str:
    text = plain_text(message.text, name_of, directory.channel_name).strip()
    shared = [f.title or f.name for f in message.files if f.title or f.name]
    if shared:
        text = (text + "\n" if text else "") + "(shared " + ", ".join(shared) + ")"
    return text


def _units(threads: dict[str, list[SlackMessage]], lines: dict[str, _Line], day: date, person, name_of,
           directory: SlackDirectory) -> list[Unit]:
    units: list[Unit] = []
    run: list[SlackMessage] = []

    def close_run() -> None:
        if run:
            units.append(_unit(run, lines, None, _clock(run)))
            run.clear()

    for key, group in threads.items():
        if not _is_thread(group):
            if run and sum(len(str(lines[m.ts])) + 1 for m in run) + len(str(lines[group[0].ts])) > _RUN_CHARS:
                close_run()
            run.append(group[0])
            continue
        close_run()
        started = _time(key)
        if started.date() < day or group[0].ts != key:
            heading = _continued_heading(key, group[0], started, directory, person, name_of)
        else:
            heading = f"thread started by {person(group[0].user).name}"
        units.append(_unit(group, lines, heading, f"thread {started:%Y-%m-%d %H:%M}"))
    close_run()
    return units


def _continued_heading(key: str, first: SlackMessage, started: datetime, directory: SlackDirectory, person,
                       name_of) -> str:
    """"replies in a thread started 2026-01-12 by Ines Fallon: <its first words>", as far as the export tells."""
    start = directory.thread_starts.get(key)
    starter = first.parent_user_id or (start.user if start else None)
    heading = f"replies in a thread started {started.date().isoformat()}"
    if starter:
        heading += f" by {person(starter).name}"
    if start and start.text.strip():
        heading += f": {_opening(plain_text(start.text, name_of, directory.channel_name))}"
    return heading


def _opening(text: str) -> str:
    words = " ".join(text.split())
    if len(words) <= _OPENING_CHARS:
        return words
    cut = words[:_OPENING_CHARS]
    return (cut[:cut.rfind(" ")] if " " in cut else cut).rstrip(" ,;:") + "..."


def _is_thread(group: list[SlackMessage]) -> bool:
    """Replies, a parent that has replies (maybe on a later day), or a reply to an earlier day's parent."""
    first = group[0]
    return len(group) > 1 or first.reply_count > 0 or first.thread_ts not in (None, first.ts)


def _unit(messages: list[SlackMessage], lines: dict[str, _Line], heading: str | None, locator: str) -> Unit:
    speakers = dict.fromkeys(lines[m.ts].speaker for m in messages)
    return Unit(text="\n".join(str(lines[m.ts]) for m in messages), heading=heading, speaker=", ".join(speakers),
                at=messages[0].at, locator=locator)


def _clock(messages: list[SlackMessage]) -> str:
    first, last = f"{messages[0].at:%H:%M}", f"{messages[-1].at:%H:%M}"
    return first if first == last else f"{first} to {last}"
