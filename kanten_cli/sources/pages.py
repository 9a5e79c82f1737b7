"""A page's text, and whether a quote stands in it word for word. Plain Python, no I/O.

Text is compared after one normalisation, the same on both sides: HTML entities decoded,
tags, scripts and styles dropped, Unicode composed (NFC), every run of whitespace (including
non-breaking and other Unicode spaces) made one space, invisible soft hyphens and zero-width
characters removed. Nothing else: typographic quotes and dashes stay as they are, so "”" still
has to match "”", and a changed figure is never matched by something close to it.
"""

from __future__ import annotations

import codecs
import difflib
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Literal

# Their content is not text a reader sees.
_SKIPPED = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas"})
# Elements that start a new line of text: words either side of them never run together.
_BLOCK_NAMES = (
    "address article aside blockquote body br caption dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html li main nav ol option p pre "
    "section summary table tbody td tfoot th thead title tr ul"
)
_BLOCKS = frozenset(_BLOCK_NAMES.split(" "))
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"\s+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)  # entities (&nbsp;, &oslash;, &#8221;) come decoded
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # A line break in the source is a space on the page; only blocks start new lines.
            self.parts.append(_SPACES.sub(" ", data))


def html_text(html: str) -> str:
    """The text a reader sees on an HTML page: one line per block, each line normalised."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    return plain_text("".join(parser.parts))


def plain_text(text: str) -> str:
    """Text with each line normalised and empty lines dropped (as saved by --save)."""
    lines = (normalise(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def normalise(text: str) -> str:
    """The one normalisation applied to pages and to quotes alike (see the module's docstring)."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return _SPACES.sub(" ", text).strip()


# --- bytes to text ---------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(r"\s*<(!doctype|html|head|body|meta|title|!--|div|p\b)", re.IGNORECASE)


def decode(body: bytes, charset: str | None) -> str:
    """A page's bytes as text: the server's charset, else the page's <meta charset>, else UTF-8,
    else Windows-1252 (what browsers assume for an undeclared legacy page)."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    declared = charset or _meta_charset(body)
    if declared:
        try:
            return body.decode(declared, errors="replace")
        except LookupError:
            pass  # an unknown encoding name: guess as if none was given
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _meta_charset(body: bytes) -> str | None:
    found = _META_CHARSET.search(body[:4096])
    return found.group(1).decode("ascii") if found else None


def looks_like_html(text: str) -> bool:
    """Whether a file with no telling name or media type is HTML."""
    return bool(_LOOKS_LIKE_HTML.match(text[:1024].lstrip("\ufeff")))


# --- finding words on a page -----------------------------------------------------------------

Status = Literal["verified", "changed"]


@dataclass(frozen=True)
class Found:
    """Whether the words stand on the page; if not, the closest passage and a word diff."""

    status: Status
    closest: str | None = None  # the page's passage most like the words
    diff: str | None = None  # expected -> page: [-removed-]{+added+}, long unchanged runs shortened


# A number (with its group and decimal marks), a word, or one punctuation mark: "”1.439 kr." is
# ”, 1.439, kr and ".". A passage is found and diffed by these, so a quote mark or a full stop
# beside a word does not hide the word, and a changed figure shows whole.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+|[^\w\s]")
Token = tuple[str, int, int]  # the token, where it starts and ends in its text


def _tokens(text: str) -> list[Token]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


class PageText:
    """One page's normalised text, ready to be searched many times."""

    def __init__(self, text: str) -> None:
        self.text = normalise(text)
        self.tokens = _tokens(self.text)
        self.keys = [t[0] for t in self.tokens]
        self._matcher: difflib.SequenceMatcher[str] | None = None

    def find(self, words: str) -> Found:
        """Look for `words` exactly, after normalisation."""
        wanted = normalise(words)
        if wanted and wanted in self.text:
            return Found("verified")
        span = self._closest([t[0] for t in _tokens(wanted)])
        if span is None:
            return Found("changed")
        passage = self.text[self.tokens[span[0]][1] : self.tokens[span[1] - 1][2]]
        return Found("changed", passage, word_diff(wanted, passage))

    def _closest(self, wanted: list[str]) -> tuple[int, int] | None:
        """The stretch of the page's tokens most like `wanted`, or None when none is shared.

        Each block of tokens the two share suggests where the passage starts; the few longest
        suggestions are tried with a little slack at either end, and the most similar wins.
        """
        if self._matcher is None:
            # The page's index is built once and kept for every quote looked up on it.
            self._matcher = difflib.SequenceMatcher(None, autojunk=False)
            self._matcher.set_seq2(self.keys)
        self._matcher.set_seq1(wanted)
        blocks = sorted((b for b in self._matcher.get_matching_blocks() if b.size), key=lambda b: -b.size)[:3]
        if not blocks:
            return None
        keys = self.keys
        n, slack = len(wanted), max(3, len(wanted) // 6)
        best: tuple[float, int, int] = (-1.0, 0, 0)
        for block in blocks:
            anchor = block.b - block.a
            for start in range(max(0, anchor - slack), max(0, anchor + slack) + 1):
                for length in range(max(1, n - slack), n + slack + 1):
                    window = keys[start : start + length]
                    if not window:
                        continue
                    # Shared tokens count; a length unlike the quote's costs half a token per token,
                    # so a changed word is shown beside its replacement rather than cut off.
                    # Tokens at either end that the quote lacks cost a quarter more: they are not its passage.
                    matcher = difflib.SequenceMatcher(None, wanted, window, autojunk=False)
                    opcodes = matcher.get_opcodes()
                    shared = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
                    edges = sum(j2 - j1 for tag, _, _, j1, j2 in (opcodes[0], opcodes[-1]) if tag == "insert")
                    score = shared - 0.5 * abs(len(window) - n) - 0.25 * edges
                    if score > best[0]:
                        best = (score, start, start + len(window))
        return _trimmed(wanted, keys, best[1], best[2])


def _trimmed(wanted: list[str], keys: list[str], start: int, end: int) -> tuple[int, int]:
    """The window without tokens at either end that the quote does not have at all."""
    opcodes = difflib.SequenceMatcher(None, wanted, keys[start:end], autojunk=False).get_opcodes()
    first, last = opcodes[0], opcodes[-1]
    if first[0] == "insert":
        start += first[4] - first[3]
    if last[0] == "insert" and len(opcodes) > 1:
        end -= last[4] - last[3]
    return start, end


CONTEXT = 6  # unchanged words or marks kept either side of a change in a diff


def word_diff(expected: str, found: str, context: int = CONTEXT) -> str:
    """What changed from `expected` to `found`, word by word, as git's plain word diff writes it:
    `[-1439-]{+1493+}`. Runs of more than 2 × `context` unchanged words are shortened to "…"."""
    a, b = _tokens(expected), _tokens(found)
    opcodes = difflib.SequenceMatcher(None, [t[0] for t in a], [t[0] for t in b], autojunk=False).get_opcodes()
    out = ""
    for number, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        # The space before this piece, as the text it comes from has it.
        text, toks, at = (found, b, j1) if j2 > j1 else (expected, a, i1)
        if number and at > 0 and text[toks[at - 1][2] : toks[at][1]]:
            out += " "
        if tag == "equal":
            out += _shorten(found, b[j1:j2], context, first=number == 0, last=number == len(opcodes) - 1)
            continue
        if i2 > i1:
            out += "[-" + expected[a[i1][1] : a[i2 - 1][2]] + "-]"
        if j2 > j1:
            out += "{+" + found[b[j1][1] : b[j2 - 1][2]] + "+}"
    return out


def _shorten(text: str, run: list[Token], context: int, first: bool, last: bool) -> str:
    """An unchanged run of tokens, with its middle (or its far end) left out if it is long."""
    keep_before = 0 if first else context  # after the change before it
    keep_after = 0 if last else context  # before the change after it
    if len(run) <= keep_before + keep_after + 1:
        return text[run[0][1] : run[-1][2]]
    head = text[run[0][1] : run[keep_before - 1][2]] + " " if keep_before else ""
    tail = " " + text[run[len(run) - keep_after][1] : run[-1][2]] if keep_after else ""
    return head + "…" + tail


# --- saved pages (--save, --source) ----------------------------------------------------------

SAVED_MARK = "# kanten saved page"


@dataclass(frozen=True)
class Saved:
    """A page's text as `--save` writes it, with where and when it was fetched."""

    address: str
    fetched_at: str
    text: str
    redirected_to: str | None = None


def saved_file(page: Saved) -> str:
    """The file `--save` writes: a small header, a blank line, the page's text."""
    header = [SAVED_MARK, f"# address: {page.address}"]
    if page.redirected_to:
        header.append(f"# redirected-to: {page.redirected_to}")
    header.append(f"# fetched: {page.fetched_at}")
    return "\n".join(header) + "\n\n" + page.text + "\n"


def read_saved(content: str) -> Saved | None:
    """A file `--save` wrote, or None when `content` is not one."""
    if not content.startswith(SAVED_MARK + "\n"):
        return None
    head, _, text = content.partition("\n\n")
    fields: dict[str, str] = {}
    for line in head.splitlines()[1:]:
        key, _, value = line.removeprefix("# ").partition(": ")
        fields[key] = value
    text = text.removesuffix("\n")
    return Saved(fields.get("address", ""), fields.get("fetched", ""), text, fields.get("redirected-to"))
