"""The report's records (`report.report`) as Markdown or as one self-contained HTML file.

Markdown is written here, every text from the data escaped so that it stays text, and wrapped
to a width. HTML comes from the Jinja2 template `templates/report.html.j2` with autoescaping
on; this module only lays out the chart's bars. Both documents carry kanten's stamp (see
`outfile.stamp`), so that `-o` may later replace them.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from kanten_cli.output.emit import visible
from kanten_cli.output.i18n import Lang
from kanten_cli.output.outfile import DIGEST_PLACEHOLDER, stamp
from kanten_cli.output.report.document import report
from kanten_cli.query.index import Index

Record = dict[str, Any]


def document(index: Index, lang: Lang, fmt: str, width: int = 80) -> str:
    """The report in `fmt` ("markdown" or "html"), complete, before anything is written."""
    doc = report(index, lang)
    return to_html(doc) if fmt == "html" else to_markdown(doc, width)


# --- Markdown ---------------------------------------------------------------------------------

_SPACES = re.compile(" {2,}")
_INLINE = re.compile(r"([\\`*_\[\]<>&~|#])")
# What would make a line start a block (list, heading, quote, rule, setext underline).
_BLOCK_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)])(?=\s|$))")


def md_text(text: str) -> str:
    """Text from the data as Markdown that shows it literally (no emphasis, links or HTML)."""
    # Runs of spaces are one space in Markdown anyway; leading ones would start a code block.
    return _INLINE.sub(r"\\\1", _SPACES.sub(" ", visible(text)).strip(" "))


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Escaped Markdown wrapped to `width`; a line that would start a block is escaped."""
    wrapper = textwrap.TextWrapper(
        width=max(width - 1, 20),
        initial_indent=first,
        subsequent_indent=rest,
        break_long_words=False,
        break_on_hyphens=False,
    )
    lines = wrapper.wrap(text) or [first.rstrip()]
    safe = []
    for n, line in enumerate(lines):
        indent = first if n == 0 else rest
        safe.append(indent + _BLOCK_START.sub(_escape_block_start, line[len(indent) :], count=1))
    return safe


def _heading(text: str, level: int, width: int) -> list[str]:
    """A heading that fits `width`: Setext (underlined) for levels 1 and 2, which may wrap;
    a level-3 heading too long for one line becomes a bold line (wrapped)."""
    if level <= 2:
        lines = _wrap(text, width)
        return [*lines, ("=" if level == 1 else "-") * min(width, max(len(line) for line in lines)), ""]
    if len(text) + 4 <= width:
        return [f"### {text}", ""]
    return [*_wrap(f"**{text}**", width), ""]


def _escape_block_start(match: re.Match[str]) -> str:
    """'- x' -> '\\- x', '1. x' -> '1\\. x': backslashes may only stand before punctuation."""
    space, mark, digits, dot = match.groups()
    return f"{space}\\{mark}" if mark else f"{space}{digits}\\{dot}"


def _refs_md(row: Record) -> str:
    return ", ".join(f"{md_text(s['name'])} [{s['number']}]" for s in row["sources"])


def _fact_md(row: Record, width: int, lead: str = "") -> list[str]:
    parts = [lead + md_text(row["text"])]
    if row.get("value"):
        parts.append(f"**{md_text(row['value'])}**")
    tail = f"({md_text(row['kind_label'])}; {_refs_md(row)}; `{row['id']}`)"
    if row.get("note"):
        tail += f"[^{row['note']}]"
    return _wrap(" ".join([*parts, tail]), width, "- ", "  ")


def _organisation_md(row: Record, width: int) -> list[str]:
    details = "; ".join(md_text(x) for x in [", ".join(row["roles"]), row["kind"], row["municipality"] or ""] if x)
    text = f"**{md_text(row['name'])}**: {details} ({_refs_md(row)}; `{row['id']}`)"
    if row.get("note"):
        text += f"[^{row['note']}]"
    return _wrap(text, width, "- ", "  ")


def _block_md(block: Record, width: int) -> list[str]:
    lines: list[str] = []
    if block.get("heading"):
        lines += _heading(md_text(block["heading"]), 3, width)
    if block["type"] == "facts":
        for row in block["rows"]:
            lead = f"**{md_text(row['topic_label'])}:** " if block.get("summary") else ""
            lines += _fact_md(row, width, lead)
    elif block["type"] == "organisations":
        for row in block["rows"]:
            lines += _organisation_md(row, width)
    elif block["type"] == "timeline":
        for row in block["rows"]:
            when = f"**{md_text(row['when'])}**" + (f" ({md_text(row['event_label'])})" if row["event_label"] else "")
            lines += _fact_md(row, width, when + ": ")
    elif block["type"] == "chart":
        return []  # the chart's figures are in the results' own list
    return [*lines, ""]


def _source_md(source: Record, width: int) -> list[str]:
    by = ", ".join(
        md_text(d) for d in (source["publisher"] if source["title"] else None, source["author"], source["date"]) if d
    )
    text = ". ".join(t for t in (md_text(source["title"] or source["name"]), by) if t)
    text += f". ({md_text(source['kind_label'])}; `{source['id']}`)"
    if source.get("note"):
        text += " " + md_text(source["note"])
    lead = f"{source['number']}. "
    lines = _wrap(text, width, lead, " " * len(lead))
    if source["href"]:
        lines.append(" " * len(lead) + "<" + _md_url(source["href"]) + ">")
    elif source["url"]:
        lines += _wrap(md_text(source["url"]), width, " " * len(lead), " " * len(lead))
    return lines


def _md_url(url: str) -> str:
    """An http(s) address inside <...>: no character that could end or break the autolink."""
    return re.sub(r"[<>\s\\`]", lambda m: f"%{ord(m.group()):02X}", url)


def to_markdown(doc: Record, width: int = 80) -> str:
    """The report as Markdown, stamped, lines at most `width` long (an address may run on)."""
    lines = [f"<!-- {doc['generator']}", f"{DIGEST_PLACEHOLDER} -->", "", *_heading(md_text(doc["title"]), 1, width)]
    lines += [*_wrap(md_text(doc["intro"]), width), ""]
    legend = "; ".join(f"**{md_text(k['label'])}**: {md_text(k['help'])}" for k in doc["legend"])
    lines += [*_wrap(f"{md_text(doc['labels']['legend'])}: {legend}.", width), ""]
    for section in doc["sections"]:
        lines += _heading(md_text(section["heading"]), 2, width)
        if section.get("intro"):
            lines += [*_wrap(f"*{md_text(section['intro'])}*", width), ""]
        for block in section["blocks"]:
            if section["id"] == "summary":
                block = {**block, "summary": True}
            lines += _block_md(block, width)
    lines += _heading(md_text(doc["labels"]["sources_title"]), 2, width)
    for source in doc["sources"]:
        lines += _source_md(source, width)
    lines.append("")
    for note in doc["notes"]:
        body = " — ".join(md_text(p) for p in (note["formula"], note["caveat"]) if p)
        lines += _wrap(f"`{note['id']}`: {body}", width, f"[^{note['number']}]: ", "    ")
    lines += ["", *_wrap(md_text(doc["made_by"]), width)]
    return stamp("\n".join(lines).rstrip() + "\n")


# --- HTML ---------------------------------------------------------------------------------------

CHART_WIDTH = 420  # the SVG's own units; it scales to the page
_BAR_ROOM = 280  # the longest bar; the rest of the width is for its figure
_ROW = 46  # label line, bar and gap


def chart_layout(bars: list[Record]) -> Record:
    """Where each bar of the chart goes, in SVG units: longest value = the full bar room."""
    top = max((b["amount"] for b in bars), default=0.0) or 1.0
    laid = []
    for i, bar in enumerate(bars):
        length = max(2.0, round(bar["amount"] / top * _BAR_ROOM, 1))
        laid.append({**bar, "y": i * _ROW, "length": length})
    return {"width": CHART_WIDTH, "height": len(bars) * _ROW, "bars": laid}


def to_html(doc: Record) -> str:
    """The report as one HTML file: styles and chart inline, no script, stamped."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kanten_cli.output.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["visible"] = lambda text: visible(str(text)) if text is not None else ""
    sections = [
        {**s, "blocks": [{**b, **chart_layout(b["bars"])} if b["type"] == "chart" else b for b in s["blocks"]]}
        for s in doc["sections"]
    ]
    template = env.get_template("report.html.j2")
    html = template.render(doc={**doc, "sections": sections}, digest=DIGEST_PLACEHOLDER)
    return stamp(html)
