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

from kanten_cli.output.outfile import DIGEST_PLACEHOLDER, stamp
from kanten_cli.output.report.document import report
from kanten_cli.output.text import markdown_prose as md_text
from kanten_cli.output.text import visible
from kanten_cli.query.index import Index

Record = dict[str, Any]


def document(index: Index, fmt: str, width: int = 80, sections: list[str] | None = None, brief: bool = False) -> str:
    """The report in `fmt` ("markdown" or "html"), complete, before anything is written: the
    whole report, only some of its `sections`, or the one-page `brief`."""
    if brief:
        from kanten_cli.output.report.brief import brief as one_page

        handout = one_page(index)
        return brief_html(handout) if fmt == "html" else brief_markdown(handout, width)
    doc = report(index, sections)
    return to_html(doc) if fmt == "html" else to_markdown(doc, width)


# --- Markdown ---------------------------------------------------------------------------------

# What would make a line start a block (list, heading, quote, rule, setext underline).
_BLOCK_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)])(?=\s|$))")


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


def _numbers_md(refs: list[Record]) -> str:
    return "".join(f"[{s['number']}]" for s in refs)


def _organisation_md(row: Record, width: int) -> list[str]:
    """Each role and the kind with the numbers of the sources that make that claim."""
    roles = ", ".join(f"{md_text(r['label'])} {_numbers_md(r['sources'])}" for r in row["role_refs"])
    kind = md_text(row["kind"])
    if row["kind_from_name"]:
        kind += f" ({md_text(row['kind_from_name'])})"
    else:
        kind += f" {_numbers_md(row['kind_refs']['sources'])}"
    details = "; ".join(x for x in [roles, kind, md_text(row["municipality"] or "")] if x)
    text = f"**{md_text(row['name'])}**: {details} ({_refs_md(row)}; `{row['id']}`)"
    if row.get("note"):
        text += f"[^{row['note']}]"
    return _wrap(text, width, "- ", "  ")


def _block_md(block: Record, width: int) -> list[str]:
    lines: list[str] = []
    if block.get("heading"):
        lines += _heading(md_text(block["heading"]), 3, width)
    if block.get("byline"):
        lines += [*_wrap(f"*{_byline_md(block['byline'])}*", width), ""]
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


def _byline_md(byline: Record) -> str:
    """'Cabi [6], date not known': a block's source, its number, and when it was published."""
    return f"{_refs_md({'sources': byline['ref']})}, {md_text(byline['date'])}"


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


# --- the brief ---------------------------------------------------------------------------------


def _refs_brief(row: Record) -> str:
    return "".join(f"[{s['number']}]" for s in row["sources"])


def _bar_md(bar: Record, width: int, first: str, rest: str) -> list[str]:
    computed = f" ({md_text(bar['computed'])})" if bar.get("computed") else ""
    said = f"{md_text(bar['label'])} – **{md_text(bar['value'])}**{computed} {_refs_brief(bar)}"
    return _wrap(said, width, first, rest)


def _chart_md(chart: Record, width: int) -> list[str]:
    """The chart as lists: a reading indented under the figure it reads, the targets apart."""
    lines: list[str] = []
    for group in chart["groups"]:
        if group["kind"] == "target":
            lines += ["", *_wrap(f"*{md_text(group['heading'])}:*", width), ""]
        elif group["heading"]:
            lines += _wrap(md_text(group["heading"]) + ":", width, "- ", "  ")
        nested = group["kind"] == "reading"
        for bar in group["bars"]:
            lines += _bar_md(bar, width, "  - " if nested else "- ", "    " if nested else "  ")
    return lines


def brief_markdown(doc: Record, width: int = 80) -> str:
    """The brief as Markdown to paste into a memo or an email; stamped, lines at most `width`."""
    lines = [f"<!-- {doc['generator']}", f"{DIGEST_PLACEHOLDER} -->", "", *_heading(md_text(doc["title"]), 1, width)]
    lines += [*_wrap(f"*{md_text(doc['subtitle'])}*", width), ""]
    for part in doc["parts"]:
        lines += _heading(md_text(part["heading"]), 2, width)
        if "chart" in part:
            lines += _chart_md(part["chart"], width)
        elif "roles" in part:
            for row in part["roles"]:
                names = ", ".join(md_text(n) for n in row["names"])
                lines += _wrap(f"**{md_text(row['role'])}:** {names} {_refs_brief(row)}", width, "- ", "  ")
        else:
            for row in part["rows"]:
                lines += _wrap(f"{md_text(row['text'])} {_refs_brief(row)}", width, "- ", "  ")
        lines.append("")
    lines += _heading(md_text(doc["labels"]["sources_title"]), 2, width)
    for source in doc["sources"]:
        title = md_text(source["title"] or source["name"])
        if source["title"] and source["publisher"]:
            title = f"{md_text(source['publisher'])} – {title}"
        said = title + (f", {md_text(source['date'])}" if source["date"] else "")
        lead = f"{source['number']}. "
        lines += _wrap(said + ".", width, lead, " " * len(lead))
        if source["href"]:
            lines.append(" " * len(lead) + "<" + _md_url(source["href"]) + ">")
        elif source["url"]:
            lines += _wrap(md_text(source["url"]), width, " " * len(lead), " " * len(lead))
    lines += ["", *_wrap(md_text(doc["made_by"]), width)]
    return stamp("\n".join(lines).rstrip() + "\n")


def brief_html(doc: Record) -> str:
    """The brief as one HTML file that prints on one A4 page: styles inline, no script, stamped."""
    parts = [{**p, "chart": chart_layout(p["chart"])} if "chart" in p else p for p in doc["parts"]]
    html = _environment().get_template("brief.html.j2").render(doc={**doc, "parts": parts}, digest=DIGEST_PLACEHOLDER)
    return stamp(html)


# --- HTML ---------------------------------------------------------------------------------------


def chart_layout(block: Record) -> Record:
    """The chart's bars with their length, as a share of the longest (`percent`); a bar is
    never so short that it vanishes."""
    top = max((b["amount"] for g in block["groups"] for b in g["bars"]), default=0.0) or 1.0
    groups = [
        {**g, "bars": [{**b, "percent": max(0.5, round(b["amount"] / top * 100, 1))} for b in g["bars"]]}
        for g in block["groups"]
    ]
    return {**block, "groups": groups}


def _environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("kanten_cli.output.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["visible"] = lambda text: visible(str(text)) if text is not None else ""
    return env


def to_html(doc: Record) -> str:
    """The report as one HTML file: styles and chart inline, no script, stamped."""
    sections = [
        {**s, "blocks": [chart_layout(b) if b["type"] == "chart" else b for b in s["blocks"]]} for s in doc["sections"]
    ]
    template = _environment().get_template("report.html.j2")
    html = template.render(doc={**doc, "sections": sections}, digest=DIGEST_PLACEHOLDER)
    return stamp(html)
