"""Citation records -> text in each citation style. No look-ups here: `kanten_cli.query.citations` builds
the records; this module only writes them.

Styles for people (`text`, `markdown`) write one paragraph per cited id; structured styles
(`csl-json`, `bibtex`, `ris`) write one entry per distinct source. Everything from the data
file is data: control characters are made visible (or escaped), Markdown and BibTeX special
characters are escaped, and only an http(s) address becomes a link.
"""

from __future__ import annotations

import functools
import re
import textwrap
from collections.abc import Callable, Sequence
from typing import IO, Any
from urllib.parse import quote as percent_encode

from kanten_cli.base.matching import fold
from kanten_cli.base.translate import language
from kanten_cli.base.urls import is_web_url
from kanten_cli.output.emit import to_json
from kanten_cli.output.figures import fraction_words
from kanten_cli.output.formats import STYLES as STYLES
from kanten_cli.output.formats import Style as Style
from kanten_cli.output.i18n import format_date, format_value, label
from kanten_cli.output.text import markdown_citation as md_escape
from kanten_cli.output.text import visible

Record = dict[str, Any]


def render(cited: Sequence[Record], entries: Sequence[Record], style: Style, width: int | None) -> str:
    """The citations (`cited`) or their sources (`entries`) in `style`.

    `width` is the terminal's width when writing to one: prose is then wrapped at spaces (an
    address is never broken); None when piped, so that a paragraph is one line to paste.
    """
    if style == "text":
        return _paragraphs([p for rec in cited for p in _text_paragraphs(rec, entries)], width)
    if style == "markdown":
        return _paragraphs([p for rec in cited for p in _markdown_paragraphs(rec, entries)], width, markdown=True)
    if style == "csl-json":
        return to_json([csl_item(e) for e in entries])
    if style == "bibtex":
        return "\n".join(bibtex_entry(e) for e in entries)
    return "".join(ris_entry(e) for e in entries)


# --- helpers -------------------------------------------------------------------------------


def clean(text: str) -> str:
    """One line of inert text: control characters visible, line breaks and runs of spaces as one space."""
    return " ".join(visible(text).split())


def _paragraphs(paragraphs: list[str], width: int | None, markdown: bool = False) -> str:
    if width is None:
        return "".join(p + "\n\n" for p in paragraphs).rstrip("\n") + "\n" if paragraphs else ""
    wrapped = []
    for par in paragraphs:
        indent = "> " if markdown and par.startswith("> ") else ""
        lines = textwrap.wrap(
            par[len(indent) :],
            width=max(width - len(indent), 20),
            break_long_words=False,  # an address runs on; it is never cut
            break_on_hyphens=False,
        )
        if markdown:  # a wrapped line must not start a list ('- ', '1. ') in the middle of a paragraph
            lines = lines[:1] + [md_paragraph(line) for line in lines[1:]]
        wrapped.append("\n".join(indent + line for line in lines))
    return "\n\n".join(wrapped) + "\n"


def _by_id(entries: Sequence[Record]) -> dict[str, Record]:
    return {e["id"]: e for e in entries}


# Quotation marks of the other kind, for a title or quote that holds the language's own.
_INNER = {"da": ("›", "‹"), "en": ("‘", "’")}
_OWN_MARKS = {"da": set("»«"), "en": set('"“”„')}  # the marks a title would be confused by


def _quoted(title: str) -> str:
    """A title in the language's quotation marks: “…” or »…«; a title that holds such marks
    of its own gets single ones (‘Projekt ”Rekruttering fra kanten”’ in English), so that it
    reads as one title and not as two quotes. Danish »…« around ”…” reads right as it is."""
    if _OWN_MARKS[language()] & set(title):
        start, end = _INNER[language()]
        return f"{start}{title}{end}"
    return f"{label('cite.quote_open')}{title}{label('cite.quote_close')}"


def _name_parts(entry: Record, with_author: bool = False) -> list[str]:
    """A source as a reader names it: (author,) publisher, “title”, date; only what it has."""
    parts = [clean(entry["author"])] if with_author and entry.get("author") else []
    if entry.get("publisher"):
        parts.append(clean(entry["publisher"]))
    if entry.get("title"):
        parts.append(_quoted(clean(entry["title"])))
    if entry.get("date"):
        parts.append(format_date(entry["date"]))
    return parts


def _fallback_name(entry: Record) -> str:
    """For a source with neither publisher, title, date nor address: its note as a phrase, or its id."""
    note = clean(entry["note"] or "").removesuffix(".")
    if not note:
        return f"{label('cite.source_only')} {entry['id']}"
    return note[0].lower() + note[1:] if note[1:2].islower() else note


def _text_name(entry: Record, with_author: bool = False) -> str:
    parts = _name_parts(entry, with_author)
    if entry.get("url"):
        parts.append(clean(entry["url"]))
    return ", ".join(parts) or _fallback_name(entry)


def _markdown_name(entry: Record, with_author: bool = False) -> str:
    """The source's name as a Markdown link to its address; plain text when it has no web address."""
    name = ", ".join(md_escape(p) for p in _name_parts(entry, with_author))
    url = entry.get("url")
    if is_web_url(url):
        return f"[{name or md_escape(url)}]({md_destination(url)})"
    if url:  # an address that is not http(s) is shown, never linked
        name = f"{name}, {md_escape(url)}" if name else md_escape(url)
    return name or md_escape(_fallback_name(entry))


def _attribution(source_ids: list[str], entries: dict[str, Record], name: Callable[..., str]) -> str:
    """'according to X' / 'according to the web page X', several joined with 'and'."""
    named = []
    for ident in source_ids:
        entry = entries[ident]
        page = entry["kind"] == "secondary" and is_web_url(entry.get("url"))
        named.append((label("cite.page") + " " if page else "") + name(entry))
    return f" {label('cite.and')} ".join(named)


# A number as a text writes it (group marks are folded away first): digits and decimal marks.
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _numbers_in(text: str) -> list[float]:
    """Every number in a text, read both ways where the decimal mark is unclear (21,1 / 21.1)."""
    found = []
    for token in _NUMBER.findall(fold(text)):
        for reading in (token.replace(",", ""), token.replace(".", "").replace(",", ".")):
            try:
                found.append(float(reading))
            except ValueError:
                continue
    return found


def states_figure(text: str, value: float, unit: str) -> bool:
    """Whether a fact's text already gives its figure (so a citation need not repeat it).

    A number in the text within rounding of the value ('About 480' for 479.67, '20 %' for 0.2,
    '21,1 mio.' for 21,100,000), or, for a figure in words ('one third'), the formatted figure.
    """
    if unit == "share":
        said = fraction_words(value)
        if said is not None and fold(said) in fold(text):  # 'En tredjedel af …' gives 1/3
            return True
        targets = [(value * 100, 0.5)]
    elif unit == "DKK":
        targets = [(value, 0.5), (value / 1e6, 0.05)]
    else:
        targets = [(value, 0.5)]
    if any(abs(n - t) <= tol + 1e-9 for n in _numbers_in(text) for t, tol in targets):
        return True
    figure = format_value(value, unit, False)
    return not any(c.isdigit() for c in figure) and fold(figure) in fold(text)


# Abbreviations whose full stop a sentence keeps before its parenthesis ("21,1 mio. kr. (…).").
_ABBREVIATIONS = {"kr.", "mio.", "mia.", "ca.", "pct.", "nr.", "osv.", "etc.", "bl.a.", "f.eks.", "m.fl.", "mv."}


_TRAILING_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)$")


def _sentence(body: str, parens: list[str], said: str | None = None) -> str:
    """'Text (a; b).': the parenthesis goes before the text's own full stop, and joins one that
    ends the text ('… timer (different measures; computed from …).'); a part of the text's own
    parenthesis that equals `said` is dropped, as the citation says it ('computed' once)."""
    body = body.rstrip()
    words = body.split()
    if body.endswith(".") and not (words and words[-1].lower() in _ABBREVIATIONS):
        body = body[:-1]
    own = _TRAILING_PARENTHESIS.search(body) if parens else None
    if own is not None:
        kept = [part for part in own.group(1).split("; ") if part.strip().lower() != (said or "").lower()]
        body, parens = body[: own.start()], [*kept, *parens]
    end = "" if body.endswith((".", "!", "?")) and not parens else "."
    return f"{body} ({'; '.join(parens)}){end}" if parens else f"{body}{end}"


# --- text and Markdown -------------------------------------------------------------------


def _fact_parens(rec: Record, entries: dict[str, Record], name: Callable[..., str], esc: Any) -> list[str]:
    parens = []
    if rec["value"] is not None and not states_figure(rec["text"], rec["value"], rec["unit"]):
        figure = format_value(rec["value"], rec["unit"], rec["approximate"], at_least=rec.get("at_least", False))
        parens.append(esc(figure))
    names = _attribution(rec["sources"], entries, name)
    if rec["kind"] == "derived":
        formula = f": {esc(clean(rec['formula']))}" if rec.get("formula") else ""
        parens.append(f"{label('cite.computed')} {names}{formula}")
    else:
        parens.append(f"{label('cite.according')} {names}")
    return parens


def _organisation_parts(rec: Record, entries: dict[str, Record], name: Callable[..., str], esc: Any) -> list[str]:
    """Each claim cited to the source that makes it, never to another:
    'Cabi: consultancy and knowledge house (according to X); lead (according to Y and Z).',
    'Kind: knowledge and network house (according to Y).' (or 'going by its name alone' when no
    source gives it), and the description with its own sources."""
    sources_of: dict[str, list[str]] = {}  # role -> the sources that claim it, in order
    for claim in rec["claims"]:
        sources_of.setdefault(claim["role"], []).append(claim["source"])
    by_sources: dict[tuple[str, ...], list[str]] = {}  # roles claimed by the same sources go together
    for role, sources in sources_of.items():
        by_sources.setdefault(tuple(dict.fromkeys(sources)), []).append(label(f"role.{role}"))
    according = label("cite.according")
    and_ = f" {label('cite.and')} "
    roles = "; ".join(
        and_.join(labels) + f" ({according} {_attribution(list(sources), entries, name)})"
        for sources, labels in by_sources.items()
    )
    kind = f"{label('cite.kind')}: {esc(clean(rec['org_kind']))}"
    if rec["kind_source"]:
        said = f"{according} {_attribution([rec['kind_source']], entries, name)}"
    else:
        said = label("cite.from_name")
    parts = [f"{esc(clean(rec['name']))}: {roles}.", f"{kind} ({said})."]
    if rec["description"]:
        described = f"{according} {_attribution(rec['description_sources'], entries, name)}"
        parts.append(_sentence(esc(clean(rec["description"])), [described]))
    return parts


def _text_paragraphs(rec: Record, entries: Sequence[Record]) -> list[str]:
    return _prose(rec, _by_id(entries), _text_name, clean, markdown=False)


def _markdown_paragraphs(rec: Record, entries: Sequence[Record]) -> list[str]:
    return _prose(rec, _by_id(entries), _markdown_name, md_escape, markdown=True)


def _prose(rec: Record, entries: dict[str, Record], name: Callable[..., str], esc: Any, markdown: bool) -> list[str]:
    """A citation as paragraphs: the sentence, (in Markdown) the words it rests on, the caveat."""
    paragraphs: list[str] = []
    quotes: list[str] = []
    if rec["type"] == "fact":
        said = label("cite.computed_mark") if rec["kind"] == "derived" else None
        paragraphs.append(_sentence(esc(clean(rec["text"])), _fact_parens(rec, entries, name, esc), said))
        quotes = [rec["quote"] or rec["evidence"] or ""]
        quotes += [q for i in rec["inputs"] for q in (i["quote"], i["evidence"])]
    elif rec["type"] == "organisation":
        paragraphs += _organisation_parts(rec, entries, name, esc)
        quotes = [q for c in rec["claims"] for q in (c["quote"], c["evidence"])]
        quotes += [rec["kind_evidence"], *(w for w in rec["description_evidence"] if w)]
    else:
        paragraphs.append(name(entries[rec["id"]], True))
    if markdown:
        paragraphs = [md_paragraph(p) for p in paragraphs]
        paragraphs += ["> " + md_paragraph(md_escape(q)) for q in dict.fromkeys(q for q in quotes if q)]
    if rec.get("caveat"):
        heading = f"**{label('caveat')}:**" if markdown else f"{label('caveat')}:"
        paragraphs.append(f"{heading} {esc(clean(rec['caveat']))}")
    return paragraphs


# At the start of a paragraph these would make a list item or a heading underline.
_MD_BLOCK_START = re.compile(r"^([-+=]|\d+(?=[.)]))")


def md_paragraph(text: str) -> str:
    """An escaped paragraph that cannot start a list or heading ('1. …' -> '1\\. …')."""
    match = _MD_BLOCK_START.match(text)
    if match is None:
        return text
    if match.group().isdigit():
        return f"{match.group()}\\{text[match.end() :]}"
    return f"\\{text}"


def md_destination(url: str) -> str:
    """An http(s) address as a Markdown link destination: brackets, spaces and quotes percent-encoded."""
    return percent_encode(url, safe="/:?#@!$&'*+,;=%~-._[]").replace("(", "%28").replace(")", "%29")


# --- CSL-JSON --------------------------------------------------------------------------------


def _date_parts(date: str) -> list[list[int]]:
    return [[int(p) for p in date.split("-")]]


def _note(entry: Record) -> str | None:
    """What a reader of the bibliography wants beside the reference: each fact cited from this
    source (its text) and the source's words it rests on, quoted; None for a source cited by
    its own id."""
    parts = []
    for said in entry.get("cited", []):
        words = " ".join(_quoted(clean(w)) for w in said["words"])
        text = clean(said["text"])
        between = " " if text.endswith((".", "!", "?", ":")) else ": "
        parts.append(f"{text}{between}{words}" if words else text)
    return " ".join(parts) or None


def csl_item(entry: Record) -> Record:
    """One source as a CSL-JSON item (what Zotero, Pandoc and citeproc read); only the fields it has.

    A person's name as family and given names (see `citations.person_name`); any other author
    whole (`literal`).
    """
    item: Record = {"id": entry["id"], "type": "webpage" if entry.get("url") else "document"}
    if entry.get("title"):
        item["title"] = " ".join(entry["title"].split())
    if entry.get("author_name"):
        item["author"] = [{"family": entry["author_name"]["family"], "given": entry["author_name"]["given"]}]
    elif entry.get("author"):
        item["author"] = [{"literal": " ".join(entry["author"].split())}]
    if entry.get("publisher"):
        item["publisher"] = " ".join(entry["publisher"].split())
    if entry.get("date"):
        item["issued"] = {"date-parts": _date_parts(entry["date"])}
    if entry.get("url"):
        item["URL"] = entry["url"]
    note = _note(entry)
    if note:
        item["note"] = note
    return item


# --- BibTeX ------------------------------------------------------------------------------------

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value: æ -> {\\ae}, % -> {\\%}, braces as {\\textbraceleft} (so the
    field's own braces stay balanced whatever the text holds), every other special character
    and non-ASCII letter as its LaTeX command, each in a brace group."""
    return str(_latex_encoder().unicode_to_latex(clean(text)))


@functools.lru_cache(maxsize=1)
def _latex_encoder() -> Any:
    import logging

    from pylatexenc.latexencode import (  # type: ignore[import-untyped]  # only for BibTeX output
        RULE_REGEX,
        UnicodeToLatexConversionRule,
        UnicodeToLatexEncoder,
        get_builtin_conversion_rules,
    )

    # pylatexenc logs each character it has no command for; the code point is in the output.
    logging.getLogger("pylatexenc").addHandler(logging.NullHandler())
    braces = UnicodeToLatexConversionRule(
        RULE_REGEX, [(re.compile(r"\{"), r"\\textbraceleft"), (re.compile(r"\}"), r"\\textbraceright")]
    )
    return UnicodeToLatexEncoder(
        conversion_rules=[braces, *get_builtin_conversion_rules("defaults")],
        non_ascii_only=False,
        replacement_latex_protection="braces-all",
        unknown_char_policy=_latex_unknown,
    )


def _latex_unknown(char: str) -> str:
    """A character LaTeX has no command for, as its code point: '<U+241B>'."""
    return f"{{\\textless}}U+{ord(char):04X}{{\\textgreater}}"


def _bibtex_name(name: str) -> str:
    # A literal " and " would split one name into two people.
    return re.sub(r"\s+and\s+", " {and} ", bibtex_escape(name))


def _bibtex_url(url: str) -> str:
    """An address for BibTeX's verbatim url field: braces (which would unbalance the entry),
    backslashes and spaces percent-encoded."""
    for char, code in (("{", "%7B"), ("}", "%7D"), ("\\", "%5C"), (" ", "%20")):
        url = url.replace(char, code)
    return clean(url)


def _bibtex_field(key: str, value: str) -> str:
    """'  key = {value}', long values wrapped at spaces (BibTeX reads a line break as a space)."""
    if key == "month":
        return f"  {key} = {value}"
    line = f"  {key} = {{{value}}}"
    if key == "url":
        return line
    lines = textwrap.wrap(line, width=78, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False)
    joined: list[str] = []
    for part in lines:
        if joined and part.lstrip().startswith("@"):  # a line starting with @ reads as a new entry
            joined[-1] += " " + part.lstrip()
        else:
            joined.append(part)
    return "\n".join(joined)


def bibtex_entry(entry: Record) -> str:
    """One source as a BibTeX @misc entry; the citation key is the source's id."""
    fields: list[tuple[str, str]] = []
    if entry.get("title"):
        fields.append(("title", "{" + bibtex_escape(entry["title"]) + "}"))  # inner braces keep its case
    if entry.get("author_name"):  # "Family, Given": BibTeX's unambiguous form
        name = entry["author_name"]
        fields.append(("author", f"{_bibtex_name(name['family'])}, {_bibtex_name(name['given'])}"))
    elif entry.get("author"):
        fields.append(("author", "{" + _bibtex_name(entry["author"]) + "}"))  # braced: one name, not parsed
    if entry.get("publisher"):
        fields.append(("publisher", bibtex_escape(entry["publisher"])))
    if entry.get("date"):
        parts = entry["date"].split("-")
        fields.append(("year", parts[0]))
        if len(parts) > 1:
            fields.append(("month", _MONTHS[int(parts[1]) - 1]))
        fields.append(("date", entry["date"]))
    if entry.get("url"):
        fields.append(("url", _bibtex_url(entry["url"])))
    note = _note(entry)
    if note:
        fields.append(("note", bibtex_escape(note)))
    body = ",\n".join(_bibtex_field(key, value) for key, value in fields)
    return f"@misc{{{entry['id']},\n{body}\n}}\n"


# --- RIS -----------------------------------------------------------------------------------------


def ris_entry(entry: Record) -> str:
    """One source as a RIS record: TY first, ER last, one tag per line, values on one line."""
    lines = [("TY", "ELEC" if entry.get("url") else "GEN"), ("ID", entry["id"])]
    if entry.get("title"):
        lines.append(("TI", clean(entry["title"])))
    if entry.get("author_name"):
        lines.append(("AU", clean(f"{entry['author_name']['family']}, {entry['author_name']['given']}")))
    elif entry.get("author"):
        lines.append(("AU", clean(entry["author"])))
    if entry.get("publisher"):
        lines.append(("PB", clean(entry["publisher"])))
    if entry.get("date"):
        parts = entry["date"].split("-")
        lines.append(("PY", parts[0]))
        lines.append(("DA", "/".join(parts + [""] * (3 - len(parts))) + "/"))
    if entry.get("url"):
        lines.append(("UR", clean(entry["url"])))
    note = _note(entry)
    if note:
        lines.append(("N1", note))
    return "".join(f"{tag}  - {value}\n" for tag, value in lines) + "ER  - \n\n"


def file_entries(entries: Sequence[Record], style: Style) -> list[tuple[str, str]]:
    """Each source's entry in a structured style as (key, text), for adding to a bibliography
    file: BibTeX and RIS as they are printed (RIS without the blank line after), CSL-JSON items
    as `bibliography.csl_text`."""
    from kanten_cli.output.bibliography import csl_text

    if style == "csl-json":
        return [(e["id"], csl_text(csl_item(e))) for e in entries]
    if style == "bibtex":
        return [(e["id"], bibtex_entry(e)) for e in entries]
    return [(e["id"], ris_entry(e).rstrip("\n") + "\n") for e in entries]


def csl_file(items: list[Any]) -> str:
    """A CSL-JSON file: the list of items, as `--style csl-json` prints it."""
    return to_json(items)


def prose_width(out: IO[str]) -> int | None:
    """The terminal's width when `out` is one (COLUMNS honoured); None when piped or redirected."""
    from kanten_cli.output.terminal import Terminal

    terminal = Terminal.detect(out)
    return terminal.width if terminal.is_tty else None


def emit(cited: Sequence[Record], entries: Sequence[Record], style: Style, out: IO[str]) -> None:
    """Write the citations to `out`: prose wrapped to a terminal's width, one line a paragraph when piped."""
    out.write(render(cited, entries, style, prose_width(out) if style in ("text", "markdown") else None))
