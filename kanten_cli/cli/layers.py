"""The layers below the command line, imported on first use.

`--version`, `--help` and completion never pay for pydantic models, and machine output never
pays for Rich: a command module names these and the import happens when a command first uses one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kanten_cli.base.lazy import LazyModule

if TYPE_CHECKING:
    from kanten_cli.facts import concepts as concept_files
    from kanten_cli.facts import load as loading
    from kanten_cli.facts import model
    from kanten_cli.output import cite as render_cite
    from kanten_cli.output import emit as render
    from kanten_cli.output import outfile, terminal, views
    from kanten_cli.output import webopen as browse
    from kanten_cli.output.explorer import app as explorer
    from kanten_cli.output.report import render as report_render
    from kanten_cli.query import ask as asking
    from kanten_cli.query import cache as prepared
    from kanten_cli.query import citations as cite_records
    from kanten_cli.query import index as query
    from kanten_cli.query import search as searching
    from kanten_cli.query import words
else:
    loading = LazyModule("kanten_cli.facts.load")
    concept_files = LazyModule("kanten_cli.facts.concepts")
    model = LazyModule("kanten_cli.facts.model")
    query = LazyModule("kanten_cli.query.index")
    render = LazyModule("kanten_cli.output.emit")
    views = LazyModule("kanten_cli.output.views")
    browse = LazyModule("kanten_cli.output.webopen")
    cite_records = LazyModule("kanten_cli.query.citations")
    render_cite = LazyModule("kanten_cli.output.cite")
    outfile = LazyModule("kanten_cli.output.outfile")
    report_render = LazyModule("kanten_cli.output.report.render")
    searching = LazyModule("kanten_cli.query.search")
    prepared = LazyModule("kanten_cli.query.cache")
    asking = LazyModule("kanten_cli.query.ask")
    words = LazyModule("kanten_cli.query.words")
    terminal = LazyModule("kanten_cli.output.terminal")
    explorer = LazyModule("kanten_cli.output.explorer.app")  # Textual: only `kanten browse`

__all__ = [
    "asking",
    "browse",
    "cite_records",
    "concept_files",
    "explorer",
    "loading",
    "model",
    "outfile",
    "prepared",
    "query",
    "render",
    "render_cite",
    "report_render",
    "searching",
    "terminal",
    "views",
    "words",
]
