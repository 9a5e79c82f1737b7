"""The project on one page (`kanten report --brief`): a handout's content, as plain records.

What the project was, who took part and in what role, the headline figures beside the targets
(the chart's facts), the foundation's grant (no source gives what the project cost), the
article's conclusion and the recommendation, and the sources it cites. `render` turns the
records into Markdown or HTML. The brief names the facts it shows by id (the tuples below) and
says each in the data's own words; a fact the data lacks is left out. It is for people without
kanten: no ids, no commands, every figure with its source (a computed one says so).
"""

from __future__ import annotations

from typing import Any

from kanten_cli import __version__
from kanten_cli.base.translate import language
from kanten_cli.facts.model import Fact
from kanten_cli.output.i18n import label
from kanten_cli.output.report.document import Builder, chart_block
from kanten_cli.query.index import Index, project_title

Record = dict[str, Any]

PROJECT = ("aim-involve-companies", "project-area", "project-period", "measured-period")
GRANT = ("funder", "grant-amount")
CONCLUSION = ("conclusion-not-achieved", "conclusion-other-results", "recommend-more-projects")
ROLES = ("lead", "knowledge-house", "partner", "funder", "evaluator")


def brief(index: Index) -> Record:
    """The handout: title, parts (facts, who took part, the chart), the sources they cite."""
    build = Builder(index)
    figures = chart_block(build)
    parts = [
        _facts(build, "project", "brief.project", PROJECT),
        {"id": "figures", "heading": label("brief.figures"), "chart": figures} if figures["groups"] else None,
        _who(build),
        _facts(build, "grant", "brief.grant", GRANT),
        _facts(build, "conclusion", "brief.conclusion", CONCLUSION),
    ]
    return {
        "lang": language(),
        "title": project_title(index),
        "subtitle": label("brief.subtitle"),
        "parts": [p for p in parts if p is not None],
        "sources": build.number_sources(every=False),
        "made_by": label("report.made-by").format(version=__version__),
        "generator": f"kanten {__version__}",
        "labels": {
            "sources_title": label("sources.title"),
            "what": label("text"),
            "figure": label("value"),
            "source_no": label("brief.source"),
        },
    }


def _facts(build: Builder, ident: str, heading: str, ids: tuple[str, ...]) -> Record | None:
    """The facts of `ids` the data has, each in its own words with its sources."""
    facts: list[Fact] = [build.index.facts[i] for i in ids if i in build.index.facts]
    if not facts:
        return None
    rows = [{"text": f.text.get(), "sources": build.refs(build.index.sources_of(f))} for f in facts]
    return {"id": ident, "heading": label(heading), "rows": rows}


def _who(build: Builder) -> Record | None:
    """Each role with the organisations that had it, and the sources that say so."""
    rows = []
    for role in ROLES:
        claims = [(o.name, c.source) for o in build.index.project.organisations for c in o.roles if c.role == role]
        if claims:
            rows.append(
                {
                    "role": label(f"brief.role.{role}"),
                    "names": list(dict.fromkeys(name for name, _ in claims)),
                    "sources": build.refs(dict.fromkeys(source for _, source in claims)),
                }
            )
    return {"id": "partners", "heading": label("brief.partners"), "roles": rows} if rows else None
