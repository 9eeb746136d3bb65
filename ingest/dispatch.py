"""Which parser reads a file: by extension first, then by sniffing the content."""

from __future__ import annotations

import csv
import json
from pathlib import PurePosixPath

from pydantic import BaseModel

from ingest import (
    chat,
    crm,
    crm_exports,
    documents,
    email_msg,
    emails,
    helpdesks,
    meet_transcripts,
    meetings,
    pdf,
    text_transcripts,
    ticket_comments,
    tickets,
    transcripts,
    transcripts_json,
    word,
)
from ingest.document import Document, SourceType
from ingest.errors import IngestError
from ingest.json_shapes import recognise_json
from ingest.options import ReadOptions
from ingest.slack_export import SlackDirectory, index_file_kind_by_name
from ingest.storable import NonFiniteNumber, load_finite_json, storable_document

_TEXT_NOTES = {".md", ".markdown", ".txt", ".text"}
_EMAIL_HEADERS = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"received:", b"return-path:", b"mime-version:")


class FileReading(BaseModel):
    """What one file gave: its documents (none for a file read only for names, like a Slack users list) and what
    it was read as, in a user's words."""

    documents: list[Document]
    read_as: str
    supporting: bool = False  # no documents, on purpose: a part of an export read for names, or with nothing to index


def parse_file(data: bytes, source_path: str, account_id: str, options: ReadOptions | None = None,
               slack: SlackDirectory | None = None) -> list[Document]:
    """Every document in one file, as text every store can hold. Raises ``IngestError`` with the reason when the
    file cannot be read.

    ``slack``: the people and channels of the Slack export a day file belongs to (without it, names come from the
    messages themselves)."""
    return read_file(data, source_path, account_id, options, slack).documents


def read_file(data: bytes, source_path: str, account_id: str, options: ReadOptions | None = None,
              slack: SlackDirectory | None = None) -> FileReading:
    """``parse_file``, saying also what the file was read as."""
    if not data.strip():
        raise IngestError(source_path, "the file is empty")
    options = options or ReadOptions()
    if PurePosixPath(source_path).suffix.lower() == ".json":
        documents, kind = _parse_json(data, source_path, account_id, options, slack)
    else:
        documents, kind = _parse(data, source_path, account_id, options), None
    documents = [storable_document(d) for d in documents]
    return FileReading(documents=documents, read_as=kind or read_as(documents), supporting=not documents)


def _parse(data: bytes, source_path: str, account_id: str, options: ReadOptions) -> list[Document]:
    suffix = PurePosixPath(source_path).suffix.lower()
    name = PurePosixPath(source_path).name.lower()
    if suffix == ".eml":
        return [emails.parse_eml(data, source_path, account_id)]
    if suffix == ".emlx":
        return [emails.parse_emlx(data, source_path, account_id)]
    if suffix == ".mbox" or name == "mbox":
        return emails.parse_mbox(data, source_path, account_id)
    if suffix == ".msg" or (suffix == "" and email_msg.is_compound_file(data)):
        if not email_msg.is_compound_file(data) and _looks_like_email(data.lstrip()[:2048]):
            return [emails.parse_eml(data, source_path, account_id)]  # an .eml saved under a .msg name
        return [email_msg.parse_msg(data, source_path, account_id)]
    if suffix == ".vtt":
        return [transcripts.parse_vtt_transcript(data, source_path, account_id)]
    if suffix == ".srt":
        return [transcripts.parse_srt_transcript(data, source_path, account_id)]
    if suffix == ".docx":
        return [_parse_docx(data, source_path, account_id)]
    if suffix == ".pdf":
        return [pdf.parse_pdf_document(data, source_path, account_id)]
    if suffix == ".csv":
        return _parse_csv(data, source_path, account_id, options)
    if suffix == ".zip":
        raise IngestError(source_path, "a zip: unzip it into the account folder (a Slack export into "
                                       "<account>/slack/), or upload it in the web app, which unpacks it")
    if suffix in _TEXT_NOTES or suffix == "":
        return _parse_text(data, source_path, account_id)
    raise IngestError(
        source_path,
        f"unsupported file type {suffix!r}: handoff reads .json/.csv (CRM, tickets, Slack exports), "
        ".md/.txt/.docx/.vtt/.srt (meetings), .eml/.emlx/.mbox/.msg (emails) and .pdf/.docx (contracts, order "
        "forms, plans)",
    )


def _parse_docx(data: bytes, source_path: str, account_id: str) -> Document:
    """A Google Meet transcript, meeting notes or a document (contract, order form, plan), by its content."""
    word_file = word.read_docx(data, source_path)
    if meet_transcripts.recognise(word_file.lines()):
        return meet_transcripts.parse_meet_transcript("meet-docx", word_file.lines(), source_path, account_id,
                                                      document_title=word_file.title)
    if documents.is_meeting_notes(word_file, source_path):
        return meetings.meeting_from_word(word_file, source_path, account_id)
    return documents.document_from_word(word_file, source_path, account_id)


def _parse_text(data: bytes, source_path: str, account_id: str) -> list[Document]:
    head = data.lstrip()[:2048]
    if head.startswith(b"WEBVTT"):
        return [transcripts.parse_vtt_transcript(data, source_path, account_id)]
    if head.startswith(b"From "):  # an mbox "From " separator line, not a "From:" header
        return emails.parse_mbox(data, source_path, account_id)
    if _looks_like_email(head):
        return [emails.parse_eml(data, source_path, account_id)]
    text = meetings.decode_text(data, source_path)
    if meet_transcripts.recognise(text.split("\n", meet_transcripts.LOOKED_AT)):
        return [meet_transcripts.parse_meet_transcript("meet-text", text.split("\n"), source_path, account_id)]
    kind = text_transcripts.recognise(text)
    if kind is not None:
        return [text_transcripts.parse_text_transcript(kind, text, source_path, account_id)]
    return [meetings.parse_markdown_meeting(data, source_path, account_id)]


def _looks_like_email(head: bytes) -> bool:
    lines = head.lower().splitlines()[:12]
    header_lines = sum(1 for line in lines if line.startswith(_EMAIL_HEADERS))
    return header_lines >= 3


def _parse_json(data: bytes, source_path: str, account_id: str, options: ReadOptions,
                slack: SlackDirectory | None) -> tuple[list[Document], str | None]:
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
        return _read_json(verdict.reader, data, payload, source_path, account_id, options), None
    except IngestError:
        raise
    except (AttributeError, KeyError, TypeError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        raise IngestError(source_path, f"{verdict.kind} by its shape, but a value in it is not what that export "
                                       f"holds ({type(exc).__name__}: {str(exc)[:120]}); export it again") from None


def _read_json(reader: str, data: bytes, payload: object, source_path: str, account_id: str,
               options: ReadOptions) -> list[Document]:
    if reader == "tickets":
        return tickets.parse_tickets_json(data, source_path, account_id)
    if reader == "crm":
        return [crm.parse_crm_json(data, source_path, account_id)]
    if reader in ("transcript-gong", "transcript-fireflies"):
        return transcripts_json.read_transcripts(reader.removeprefix("transcript-"), payload, source_path,
                                                 account_id)
    if reader.startswith("comments-"):
        return ticket_comments.read_comments(reader.removeprefix("comments-"), payload, source_path, account_id)
    if reader in ("crm-salesforce", "crm-hubspot"):
        return [crm_exports.read_crm_export(reader.removeprefix("crm-"), payload, source_path, account_id,
                                            options.crm_name)]
    return helpdesks.read_helpdesk_export(reader, payload, source_path, account_id)


def _parse_csv(data: bytes, source_path: str, account_id: str, options: ReadOptions) -> list[Document]:
    path = PurePosixPath(source_path.lower())
    if options.ticket_mapping is not None or "tickets" in path.parts[:-1]:
        return tickets.parse_tickets_csv(data, source_path, account_id, options.ticket_mapping)
    first_line = data.decode("utf-8-sig", errors="replace").lstrip().splitlines()[0]
    try:
        header = next(csv.reader([first_line]), [])
    except csv.Error:  # e.g. a first "line" over the field size limit: no tickets header, whatever it is
        header = []
    if not path.name.startswith("crm") and tickets.looks_like_tickets_csv(header):
        return tickets.parse_tickets_csv(data, source_path, account_id)
    row_fields = crm_exports.salesforce_csv_fields if crm_exports.is_salesforce_api_header(header) else None
    return [crm_exports.account_record(crm.parse_crm_csv(data, source_path, account_id, row_fields), account_id,
                                       source_path, options.crm_name)]


_SYSTEM_NAMES = {"zendesk": "Zendesk", "jira": "Jira", "csv": "CSV", "freshdesk": "Freshdesk", "intercom": "Intercom",
                 "helpscout": "Help Scout", "github": "GitHub", "salesforce": "Salesforce"}
_MEETING_FORMATS = {"markdown": "meeting notes", "text": "meeting notes", "docx": "meeting notes (Word)",
                    "vtt": "transcript (WebVTT)", "srt": "transcript (SRT)", "gong": "transcript (Gong)",
                    "fireflies": "transcript (Fireflies)", "transcript-text": "transcript (text)",
                    "chat-text": "meeting chat (text)", "meet-docx": "transcript (Google Meet, Word)",
                    "meet-text": "transcript (Google Meet, text)"}
_EMAIL_FORMATS = {"mbox": "email (mbox)", "msg": "email (Outlook .msg)"}


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
    if ticket_comments.is_comments_page(document):
        return f"comments on ticket {meta.ticket_id} ({_SYSTEM_NAMES.get(meta.system, meta.system)})"
    if document.source_type is SourceType.TICKET:
        return f"ticket ({_SYSTEM_NAMES.get(meta.system, meta.system)})"
    if document.source_type is SourceType.CRM:
        return f"CRM record ({meta.format.upper()})"
    if document.source_type is SourceType.MEETING:
        return _MEETING_FORMATS.get(meta.format, "meeting")
    if document.source_type is SourceType.DOCUMENT:
        return f"document ({meta.format.upper()})"  # no page count: the ingest summary counts files by this label
    if document.source_type is SourceType.CHAT:
        return f"chat (Slack {chat.label(meta.channel)})" if meta.channel else "chat (Slack)"
    return _EMAIL_FORMATS.get(getattr(meta, "format", "eml"), "email")
