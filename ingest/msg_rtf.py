"""The text of an Outlook message whose only body is compressed RTF (PR_RTF_COMPRESSED, MS-OXRTFCP).

compressed-rtf undoes the compression and striprtf keeps the text. A body that is HTML encapsulated in RTF
(``\\fromhtml1``, MS-OXRTFEX) comes out as its text too, since the HTML tags sit in ignored ``\\*\\htmltag``
groups; only its layout (tables, hidden elements) is not read as the HTML path would read it.
"""

from __future__ import annotations

import re

from compressed_rtf import decompress
from striprtf.striprtf import rtf_to_text

_CODEPAGE = re.compile(rb"\\ansicpg(\d{3,5})")


def rtf_body_text(compressed: bytes) -> str:
    rtf = decompress(compressed)
    codepage = _CODEPAGE.search(rtf[:1024])
    encoding = f"cp{int(codepage.group(1))}" if codepage else "cp1252"
    try:
        "".encode(encoding)
    except LookupError:
        encoding = "cp1252"
    return rtf_to_text(rtf.decode("latin-1"), encoding=encoding, errors="replace")
