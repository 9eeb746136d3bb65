"""PDF documents (contracts, order forms, success plans) read with pypdf: one unit per page with text, located as
"page N" so that a citation names its page. Encrypted, damaged and scanned (image-only) files are refused with the
reason and what to do."""

from __future__ import annotations

import io
import logging
import re
from datetime import datetime, timezone

from pypdf import PdfReader
from pypdf.errors import DependencyError

from ingest.document import Document, Unit
from ingest.documents import file_document, first_line
from ingest.errors import IngestError

log = logging.getLogger(__name__)
logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged file logs a warning per repaired object

_BLANK_RUNS = re.compile(r"\n{3,}")
_HEAD_LINES = 12


def parse_pdf_document(data: bytes, source_path: str, account_id: str) -> Document:
    reader = _open(data, source_path)
    try:
        pages = [_page_text(page) for page in reader.pages]
        title, author, created = _properties(reader)
    except IngestError:
        raise
    except Exception as exc:  # pypdf raises its own errors and plain ValueError/KeyError/... on damaged objects
        raise IngestError(source_path, f"a damaged PDF ({type(exc).__name__}); save or export it again") from None
    if not pages:
        raise IngestError(source_path, "the PDF has no pages; export it again")
    if not any(pages):
        raise IngestError(source_path, "no text layer; it looks scanned: OCR it first (e.g. ocrmypdf) and add the "
                                       "searchable PDF")
    units = [Unit(text=text, locator=f"page {number}") for number, text in enumerate(pages, 1) if text]
    head = next(text for text in pages if text).split("\n")[:_HEAD_LINES]
    return file_document(
        "pdf", source_path=source_path, account_id=account_id, units=units, title=title or first_line(head),
        author=author, created=created, head=head, page_count=len(pages),
    )


def _open(data: bytes, source_path: str) -> PdfReader:
    if b"%PDF-" not in data[:1024]:  # readers accept a header after up to 1 KB of junk
        raise IngestError(source_path, "not a PDF file (no %PDF header); check the extension or export it again")
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:
        raise IngestError(source_path, f"a damaged PDF ({type(exc).__name__}); save or export it again") from None
    if encrypted:
        _unlock(reader, source_path)
    return reader


def _unlock(reader: PdfReader, source_path: str) -> None:
    """An owner password only restricts editing and opens with an empty user password; a user password is refused."""
    refusal = "the PDF is encrypted with a password; save an unprotected copy (print to PDF) and add that"
    try:
        unlocked = reader.decrypt("")
    except DependencyError:
        raise IngestError(source_path, refusal) from None  # AES needs the optional cryptography package
    except Exception as exc:
        raise IngestError(source_path, f"an encrypted PDF that cannot be opened ({type(exc).__name__}); save an "
                                       "unprotected copy and add that") from None
    if not unlocked:
        raise IngestError(source_path, refusal)


def _page_text(page) -> str:
    try:
        text = page.extract_text() or ""
    except Exception as exc:  # one bad page's content stream does not lose the other pages
        log.warning("a PDF page's text could not be read (%s)", type(exc).__name__)
        return ""
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _properties(reader: PdfReader) -> tuple[str | None, str | None, datetime | None]:
    """Title, author and creation date from the document information dictionary, each None when absent or
    unreadable."""
    try:
        info = reader.metadata
    except Exception:
        return None, None, None
    if info is None:
        return None, None, None
    return _text(info, "title"), _text(info, "author"), _created(info)


def _text(info, name: str) -> str | None:
    try:
        value = getattr(info, name)
    except Exception:
        return None
    value = " ".join(str(value).split()) if value else ""
    return value or None


def _created(info) -> datetime | None:
    try:
        created = info.creation_date
    except Exception:  # "D:" dates are often malformed
        return None
    if created is None:
        return None
    return created if created.tzinfo else created.replace(tzinfo=timezone.utc)
