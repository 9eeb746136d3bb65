"""Coverage-guided fuzzing of every parser with atheris (libFuzzer for Python).

    python tests/fuzz/fuzz_parsers.py CORPUS_DIR [libFuzzer flags, e.g. -max_total_time=600]

The first byte of an input picks the file name (and so the parser, or the content sniffing of a loose file); the rest
is the file. The property is the one tests/parsers/test_hostile_input.py checks with generated input: reading a file
ends in documents the stores can hold, or in one IngestError naming the file. Anything else escaping is a finding,
and libFuzzer writes the input that caused it to ``crash-*``. ``tests/parsers/test_coverage_fuzz.py`` runs a bounded
session on the fixtures as seeds; run it by hand for longer.
"""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for tests_support
from tests_support import strings  # noqa: E402

with atheris.instrument_imports(include=["ingest"]):
    from ingest.chunking import chunk_document
    from ingest.dispatch import read_file
    from ingest.document import Document
    from ingest.errors import IngestError

PATHS = [
    "crm.json", "crm.csv", "meetings/notes.md", "meetings/notes.txt", "meetings/call.vtt", "meetings/call.srt",
    "meetings/notes.docx", "emails/message.eml", "emails/archive.mbox", "emails/message.msg",
    "tickets/export.json", "tickets/export.csv",
    "export.csv", "loose/file", "documents/contract.pdf", "documents/plan.docx",
]


def path_for(suffix: str) -> int:
    """The index of the file name a seed with this suffix should be read as."""
    for index, path in enumerate(PATHS):
        if path.endswith(suffix) and suffix:
            return index
    return PATHS.index("loose/file")


def read_one(data: bytes) -> None:
    if not data:
        return
    path, body = PATHS[data[0] % len(PATHS)], data[1:]
    try:
        reading = read_file(body, path, "acme")
    except IngestError as exc:
        if exc.path != path or not exc.reason.strip():
            raise AssertionError(f"an error must name the file and say why: {exc!r}") from None
        return
    if not reading.documents and not reading.supporting:
        raise AssertionError("a file that is read yields at least one document, or is part of an export on purpose")
    for i, document in enumerate(reading.documents):
        if Document.model_validate_json(document.model_dump_json()) != document:
            raise AssertionError("a document does not survive its own JSON round trip")
        if any("\x00" in text for text in strings(document.model_dump())):
            raise AssertionError("NUL in a document: PostgreSQL refuses it")
        for chunk in chunk_document(document, f"src{i}"):
            chunk.content.encode("utf-8")  # lone surrogates would fail here, as in the stores


def main() -> None:
    _limit_memory()
    atheris.Setup(sys.argv, read_one)
    atheris.Fuzz()



def _limit_memory() -> None:
    """HANDOFF_FUZZ_MEMORY_MB caps this process's address space, so an input that makes a parser allocate without
    bound fails with a MemoryError, a finding. libFuzzer's own -rss_limit_mb cannot tell: it reads the peak RSS,
    which a process started from a large one (a long pytest session) inherits at fork."""
    megabytes = int(os.environ.get("HANDOFF_FUZZ_MEMORY_MB", "0"))
    if megabytes:
        resource.setrlimit(resource.RLIMIT_AS, (megabytes << 20, megabytes << 20))


if __name__ == "__main__":
    main()
