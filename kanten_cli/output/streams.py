"""Output streams that cannot encode Unicode: readable fallbacks instead of crashes.

Kept apart from the renderers so that the CLI can prepare stdout and stderr before it knows
which output it will write, without importing them.
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import IO

_FALLBACK = {
    "æ": "ae",
    "ø": "oe",
    "å": "aa",
    "Æ": "Ae",
    "Ø": "Oe",
    "Å": "Aa",
    "–": "-",
    "—": "-",
    "”": '"',
    "“": '"',
    "»": '"',
    "«": '"',
    "’": "'",
    "≈": "~",
    "×": "x",
    "…": "...",
    "█": "#",
    "▓": "=",
    "░": "-",
    "▒": "+",
    "␛": "^[",
    "·": "-",
    "─": "-",
    " ": " ",
}


def readable_fallback(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler for terminals that cannot show a character: æ -> ae, é -> e, – -> -."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    out = []
    for char in bad:
        if char in _FALLBACK:
            out.append(_FALLBACK[char])
            continue
        stripped = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        try:
            stripped.encode(error.encoding)
            out.append(stripped or "?")
        except UnicodeEncodeError:
            out.append("?")
    return "".join(out), error.end


codecs.register_error("kanten-fallback", readable_fallback)


def prepare_stream(stream: IO[str]) -> None:
    """Make a text stream that cannot encode Unicode degrade readably instead of failing."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None and not encodes_unicode(stream):
        reconfigure(errors="kanten-fallback")


def encodes_unicode(out: IO[str]) -> bool:
    """Whether a text stream's encoding is a UTF (so any text can be written as it is)."""
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("-", "").replace("_", "")
    return encoding.startswith("utf")
