"""Which parser reads a file: by extension first, then by sniffing the content."""

from __future__ import annotations

import csv
import json
from pathlib import PurePosixPath

from pydantic import BaseModel

from ingest import chat, crm, crm_exports, emails, helpdesks, meetings, text_transcripts, tickets, transcripts_json
from ingest.document import Document, SourceType
from ingest.errors import IngestError
from ingest.json_shapes import recognise_json
from ingest.slack_export import SlackDirectory, index_file_kind_by_name
from ingest.storable import NonFiniteNumber, load_finite_json, storable_document
from ingest.tickets import TicketColumnMapping

_TEXT_NOTES = {".md", ".markdown", ".txt", ".text"}
_EMAIL_HEADERS = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"received:", b"return-path:", b"mime-version:")


class FileReading(BaseModel):
    """What one file gave: its documents (none for a file read only for names, like a Slack users list) and what
    it was read as, in a user's words."""

    documents: list[Document]
    read_as: str
    supporting: bool = False  # no documents, on purpose: a part of an export read for names, or with nothing to index


def parse_file(
    data: bytes, source_path: str, account_id: str, ticket_mapping: TicketColumnMapping | None = None,
    slack: SlackDirectory | None = None,
) -> list[Document]:
    """Every document in one file, as text every store can hold. Raises ``IngestError`` with the reason when the
    file cannot be read.

    ``ticket_mapping`` names the columns of a generic tickets CSV; ``slack`` the people and channels of the Slack
    export a day file belongs to (without it, names come from the messages themselves)."""
    return read_file(data, source_path, account_id, ticket_mapping, slack).documents


def read_file(
    data: bytes, source_path: str, account_id: str, ticket_mapping: TicketColumnMapping | None = None,
    slack: SlackDirectory | None = None,
) -> FileReading:
    """``parse_file``, saying also what the file was read as."""
    if not data.strip():
        raise IngestError(source_path, "the file is empty")
    if PurePosixPath(source_path).suffix.lower() == ".json":
        documents, kind = _parse_json(data, source_path, account_id, slack)
    else:
        documents, kind = _parse(data, source_path, account_id, ticket_mapping), None
    documents = [storable_document(d) for d in documents]
    return FileReading(documents=documents, read_as=kind or read_as(documents), supporting=not documents)


def _parse(
    data: bytes, source_path: str, account_id: str, ticket_mapping: TicketColumnMapping | None
) -> list[Document]:
    suffix = PurePosixPath(source_path).suffix.lower()
    name = PurePosixPath(source_path).name.lower()
    if suffix == ".eml":
        return [emails.parse_eml(data, source_path, account_id)]
    if suffix == ".emlx":
        return [emails.parse_emlx(data, source_path, account_id)]
    if suffix == ".mbox" or name == "mbox":
        return emails.parse_mbox(data, source_path, account_id)
    if suffix == ".vtt":
        return [meetings.parse_vtt_transcript(data, source_path, account_id)]
    if suffix == ".srt":
        return [meetings.parse_srt_transcript(data, source_path, account_id)]
    if suffix == ".docx":
        return [meetings.parse_docx_meeting(data, source_path, account_id)]
    if suffix == ".csv":
        return _parse_csv(data, source_path, account_id, ticket_mapping)
    if suffix in _TEXT_NOTES or suffix == "":
        return _parse_text(data, source_path, account_id)
    if suffix == ".zip":
        raise IngestError(source_path, "a zip: unzip it into the account folder (a Slack export into "
                                       "<account>/slack/), or upload it in the web app, which unpacks it")
    raise IngestError(
        source_path,
        f"unsupported file type {suffix!r}: handoff reads .json/.csv (CRM, tickets, Slack exports), "
        ".md/.txt/.docx/.vtt/.srt (meetings) and .eml/.emlx/.mbox (emails)",
    )


def _parse_text(data: bytes, source_path: str, account_id: str) -> list[Document]:
    head = data.lstrip()[:2048]
    if head.startswith(b"WEBVTT"):
        return [meetings.parse_vtt_transcript(data, source_path, account_id)]
    if head.startswith(b"From "):  # an mbox "From " separator line, not a "From:" header
        return emails.parse_mbox(data, source_path, account_id)
    if _looks_like_email(head):
        return [emails.parse_eml(data, source_path, account_id)]
    text = meetings.decode_text(data, source_path)
    kind = text_transcripts.recognise(text)
    if kind is not None:
        return [text_transcripts.parse_text_transcript(kind, text, source_path, account_id)]
    return [meetings.parse_markdown_meeting(data, source_path, account_id)]


def _looks_like_email(head: bytes) -> bool:
    lines = head.lower().splitlines()[:12]
    header_lines = sum(1 for line in lines if line.startswith(_EMAIL_HEADERS))
    return header_lines >= 3


def _parse_json(
    data: bytes, source_path: str, account_id: str, slack: SlackDirectory | None
) -> tuple[list[Document], str | None]:
    """(documents, what the file was read as when its documents do not say it)."""
    try:
        payload = load_finite_json(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise IngestError(source_path, "not UTF-8 text; JSON exports must be UTF-8") from None
    except json.JSONDecodeError as exc:
        raise IngestError(source_path, f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except NonFiniteNumber as exc:
        raise IngestError(source_path, f"malformed JSON: {exc}; export it again") from None
    except RecursionError:
        raise IngestError(source_path, "the JSON is nested too deeply to read; export it again") from None
    if (export_part := index_file_kind_by_name(PurePosixPath(source_path).name, payload)) is not None:
        return [], export_part
    verdict = recognise_json(payload)
    if verdict.reader is None:
        raise IngestError(source_path, verdict.reason)
    if verdict.reader == "slack-index":
        return [], verdict.kind
    try:
        if verdict.reader == "slack-day":
            day = chat.read_slack_day(payload, source_path, account_id, slack)
            return ([day], None) if day else ([], "a Slack channel day with nothing to index (joins, bots only)")
        return _read_json(verdict.reader, data, payload, source_path, account_id), None
    except IngestError:
        raise
    except (AttributeError, KeyError, TypeError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        raise IngestError(source_path, f"{verdict.kind} by its shape, but a value in it is not what that export "
                                       f"holds ({type(exc).__name__}: {str(exc)[:120]}); export it again") from None


def _read_json(reader: str, data: bytes, payload: object, source_path: str, account_id: str) -> list[Document]:
    if reader == "tickets":
        return tickets.parse_tickets_json(data, source_path, account_id)
    if reader == "crm":
        return [crm.parse_crm_json(data, source_path, account_id)]
    if reader in ("transcript-gong", "transcript-fireflies"):
        return transcripts_json.read_transcripts(reader.removeprefix("transcript-"), payload, source_path,
                                                 account_id)
    if reader in ("crm-salesforce", "crm-hubspot"):
        return [crm_exports.read_crm_export(reader.removeprefix("crm-"), payload, source_path, account_id)]
    return helpdesks.read_helpdesk_export(reader, payload, source_path, account_id)


def _parse_csv(
    data: bytes, source_path: str, account_id: str, ticket_mapping: TicketColumnMapping | None
) -> list[Document]:
    path = PurePosixPath(source_path.lower())
    if ticket_mapping is not None or "tickets" in path.parts[:-1]:
        return tickets.parse_tickets_csv(data, source_path, account_id, ticket_mapping)
    if not path.name.startswith("crm"):
        first_line = data.decode("utf-8-sig", errors="replace").splitlines()[0]
        header = next(csv.reader([first_line]), [])
        if tickets.looks_like_tickets_csv(header):
            return tickets.parse_tickets_csv(data, source_path, account_id)
    return [crm_exports.account_record(crm.parse_crm_csv(data, source_path, account_id), account_id, source_path)]


_SYSTEM_NAMES = {"zendesk": "Zendesk", "jira": "Jira", "csv": "CSV", "freshdesk": "Freshdesk", "intercom": "Intercom",
                 "helpscout": "Help Scout", "github": "GitHub", "salesforce": "Salesforce"}
_MEETING_FORMATS = {"markdown": "meeting notes", "text": "meeting notes", "docx": "meeting notes (Word)",
                    "vtt": "transcript (WebVTT)", "srt": "transcript (SRT)", "gong": "transcript (Gong)",
                    "fireflies": "transcript (Fireflies)", "transcript-text": "transcript (text)",
                    "chat-text": "meeting chat (text)"}


def read_as(documents: list[Document]) -> str:
    """What a file was read as, in a user's words: "2 tickets (Freshdesk)", "CRM record", "transcript (WebVTT)"."""
    if not documents:
        return "nothing"
    kinds = dict.fromkeys(_kind(d) for d in documents)
    if len(kinds) == 1:
        [kind] = kinds
        return kind if len(documents) == 1 else f"{len(documents)} × {kind}"
    return ", ".join(kinds)


def _kind(document: Document) -> str:
    meta = document.metadata
    if document.source_type is SourceType.TICKET:
        return f"ticket ({_SYSTEM_NAMES.get(meta.system, meta.system)})"
    if document.source_type is SourceType.CRM:
        return f"CRM record ({meta.format.upper()})"
    if document.source_type is SourceType.MEETING:
        return _MEETING_FORMATS.get(meta.format, "meeting")
    if document.source_type is SourceType.CHAT:
        return f"chat (Slack {chat.label(meta.channel)})" if meta.channel else "chat (Slack)"
    return "email (mbox)" if getattr(meta, "format", "eml") == "mbox" else "email"
