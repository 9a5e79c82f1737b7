"""The command line: thin Typer commands that parse options and call the layers below.

Errors are turned into a message and an exit code in one place, `main`.
"""

from __future__ import annotations

import functools
import inspect
import json
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer import _click as click
from typer._click.exceptions import NoSuchOption
from typer.core import TyperCommand, TyperGroup

from kanten_cli import __version__
from kanten_cli.base import matching as names
from kanten_cli.base.errors import DataError, ExitCode, KantenError, NotFound, UsageError
from kanten_cli.base.lazy import LazyModule
from kanten_cli.cli import choices
from kanten_cli.cli.helptext import HelpCommand, alternatives, tidy, write_dl
from kanten_cli.facts import vocabulary
from kanten_cli.output.i18n import ENV_LANG, Lang, default_lang
from kanten_cli.output.streams import prepare_stream

if TYPE_CHECKING:
    from kanten_cli.facts import load as loading
    from kanten_cli.facts import model
    from kanten_cli.output import cite as render_cite
    from kanten_cli.output import emit as render
    from kanten_cli.output import outfile, views
    from kanten_cli.output import webopen as browse
    from kanten_cli.output.report import render as report_render
    from kanten_cli.query import cache as prepared
    from kanten_cli.query import citations as cite_records
    from kanten_cli.query import index as query
    from kanten_cli.query import search as searching
else:
    # The layers below are imported on first use: `--version`, `--help` and completion
    # never pay for pydantic models, and machine output never pays for Rich.
    loading = LazyModule("kanten_cli.facts.load")
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

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 nothing found (unknown id, no search match; for verify: a quote "
    "or evidence not found on its page); 2 usage error; "
    "3 data file missing, unreadable or invalid; 4 output could not be written (or -o FILE is not kanten's: "
    "use --force); 5 internal error; 6 verify could not fetch or read a source page."
)


class KantenGroup(TyperGroup):
    """Typer's group with kanten's error handling around it (see `run`)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        self.command_path = prog_name or "kanten"
        # Help fits the terminal, however narrow (Click would never go below 50 columns).
        extra.setdefault("terminal_width", max(min(shutil.get_terminal_size().columns, 80) - 2, 20))
        run(super().main, args, prog_name, complete_var=complete_var, where=lambda: self.command_path, **extra)

    def get_help(self, ctx: click.Context) -> str:
        return tidy(super().get_help(ctx))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first sentence, wrapped to the width, never cut with '...'."""
        found = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        rows = [(name, cmd.get_short_help_str(sys.maxsize)) for name, cmd in found if cmd and not cmd.hidden]
        if rows:
            with formatter.section("Commands"):
                write_dl(formatter, rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """A command named in any case; an unknown one with a "did you mean"."""
        if args and not args[0].startswith("-") and not ctx.resilient_parsing:
            known = self.list_commands(ctx)
            found = {c.lower(): c for c in known}.get(args[0].lower())
            if found is None:
                hint = names.did_you_mean(args[0], known)
                raise UsageError(f"no such command {args[0]!r}{hint} (see '{ctx.command_path} --help')")
            args = [found, *args[1:]]
            self.command_path = f"{ctx.command_path} {found}"  # for errors Click raises without a context
        return super().resolve_command(ctx, args)


class LangChoice(str, Enum):
    da = "da"
    en = "en"


class CiteStyle(str, Enum):
    text = "text"
    markdown = "markdown"
    csl_json = "csl-json"
    bibtex = "bibtex"
    ris = "ris"


class FormatChoice(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    xlsx = "xlsx"


app = typer.Typer(
    name="kanten",
    cls=KantenGroup,
    help=(
        'Facts about the Danish labour-market project "Rekruttering fra kanten" '
        "(Lolland-Falster, 2018–2021), each with its source.\n\n"
        "Run kanten without a command for an overview; 'kanten help COMMAND' for a command's help. "
        "Examples:\n\n\b\n"
        "  kanten partners\n"
        "  kanten results --lang da\n"
        "  kanten results --json | jq '.[] | select(.kind == \"stated\")'\n\n" + EXIT_CODES_HELP
    ),
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=False,
    invoke_without_command=True,
)


@dataclass
class Globals:
    lang: Lang | None = None
    data: str | None = None
    no_color: bool = False
    no_pager: bool = False


LangOpt = Annotated[
    LangChoice | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help=f"Language of texts and headings: da or en (env: {ENV_LANG}; default: from the locale).",
        show_default=False,
    ),
]
DataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar="PATH",
        help="Read this project file instead of the embedded one (env: KANTEN_DATA).",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    FormatChoice | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {alternatives(c.value for c in FormatChoice)} (xlsx with -o FILE; default: table).",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Short for --format json.")]
OutOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to FILE, all at once, instead of standard output; the format follows its ending "
        "(.xlsx, .csv, .json, ...) unless --format says otherwise.",
        show_default=False,
    ),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Let -o overwrite a file that kanten did not write.")]
# The format an -o FILE's ending implies when --format is not given.
SUFFIX_FORMATS = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".tsv": "tsv", ".md": "markdown", ".xlsx": "xlsx"}
NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help="No colour or style in tables (also: NO_COLOR, TERM=dumb).")
]
NoPagerOpt = Annotated[bool, typer.Option("--no-pager", help="Never page a long table (also: an empty KANTEN_PAGER).")]


def _sample_rows(command: str, index: query.Index) -> list[dict[str, Any]]:
    """A command's records on the embedded data: where field-name completion looks."""
    first = index.project.facts[0].id if index.project.facts else ""
    samples: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "partners": lambda: query.partners(index, "en"),
        "results": lambda: query.results(index, "en"),
        "recommendations": lambda: query.recommendations(index, "en"),
        "overview": lambda: query.overview(index, "en"),
        "facts": lambda: query.facts(index, "en"),
        "sources": lambda: query.sources(index, "en"),
        "timeline": lambda: query.timeline(index, "en"),
        "show": lambda: [query.show(index, first, "en")],
        "search": lambda: searching.search(index, first, "en"),
    }
    return samples[command]() if command in samples else []


def _complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete the last name in a comma-separated --fields list."""
    try:
        rows = _sample_rows(ctx.info_name or "", query.Index(loading.load(None)[0]))
    except KantenError:
        return []
    done, _, last = incomplete.rpartition(",")
    taken = set(done.split(","))
    keys = dict.fromkeys(k for row in rows for k in row)
    return [f"{done},{k}" if done else k for k in keys if k.startswith(last) and k not in taken]


FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar="A,B,C",
        help="Keep only these keys or columns, in this order.",
        autocompletion=_complete_fields,
    ),
]


@dataclass
class Output:
    """The options every listing command shares, resolved."""

    lang: Lang
    fmt: render.Format
    fields: list[str] | None
    data: str | None
    to: str | None = None
    force: bool = False
    no_color: bool = False
    no_pager: bool = False


def _output(
    ctx: typer.Context,
    lang: LangChoice | None,
    fmt: FormatChoice | None,
    as_json: bool,
    fields: str | None,
    data: str | None,
    to: str | None = None,
    force: bool = False,
    no_color: bool = False,
    no_pager: bool = False,
) -> Output:
    glob: Globals = ctx.find_object(Globals) or Globals()
    if as_json and fmt not in (None, FormatChoice.json):
        raise UsageError(f"--json and --format {fmt.value} do not go together")
    implied = SUFFIX_FORMATS.get(os.path.splitext(to)[1].lower(), "table") if to else "table"
    chosen: render.Format = "json" if as_json else (fmt.value if fmt else implied)  # type: ignore[assignment]
    language: Lang = lang.value if lang else (glob.lang or default_lang())
    keys = [f.strip() for f in fields.split(",") if f.strip()] if fields is not None else None
    if fields is not None and not keys:
        raise UsageError("--fields needs at least one field name")
    if force and not to:
        raise UsageError("--force goes with -o FILE")
    return Output(
        language,
        chosen,
        keys,
        data or glob.data,
        to or None,
        force,
        no_color or glob.no_color,
        no_pager or glob.no_pager,
    )


_SHARED: tuple[tuple[str, Any, Any], ...] = (
    ("fmt", FormatOpt, None),
    ("as_json", JsonOpt, False),
    ("fields", FieldsOpt, None),
    ("lang", LangOpt, None),
    ("data", DataOpt, None),
    ("to", OutOpt, None),
    ("force", ForceOpt, False),
    ("no_color", NoColorOpt, False),
    ("no_pager", NoPagerOpt, False),
)


def listing(command: Callable[..., None]) -> Callable[..., None]:
    """Give a command the options every listing shares (--format/-f, --json, --fields, --lang,
    --data, -o/--output, --force, --no-color, --no-pager) and hand them to it resolved, as its `out`
    parameter.

    The options are declared once, here; Typer sees them in the wrapper's signature.
    """
    keyword = inspect.Parameter.KEYWORD_ONLY
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "out"]
    added = [inspect.Parameter("ctx", keyword, annotation=typer.Context)]
    added += [inspect.Parameter(name, keyword, annotation=kind, default=default) for name, kind, default in _SHARED]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        ctx = kwargs.pop("ctx")
        shared = {name: kwargs.pop(name) for name, _, _ in _SHARED}
        command(out=_output(ctx, **shared), **kwargs)

    wrapper.__signature__ = inspect.Signature([*own, *added])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in [*own, *added]}
    return wrapper


def _emit(rows: list[dict[str, Any]], out: Output, view: views.View, glance: dict[str, Any] | None = None) -> None:
    render.emit(
        rows,
        out.fmt,
        view,
        out.lang,
        sys.stdout,
        out.fields,
        out.to,
        out.force,
        no_color=out.no_color,
        no_pager=out.no_pager,
        glance=glance,
    )


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kanten {__version__}\n")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def root(
    ctx: typer.Context,
    lang: LangOpt = None,
    data: DataOpt = None,
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Facts about "Rekruttering fra kanten", each with its source."""
    ctx.obj = Globals(lang=lang.value if lang else None, data=data, no_color=no_color, no_pager=no_pager)
    if ctx.invoked_subcommand is None:
        overview(
            ctx=ctx,
            fmt=None,
            as_json=False,
            fields=None,
            lang=None,
            data=None,
            to=None,
            force=False,
            no_color=False,
            no_pager=False,
        )


def _index(out: Output) -> query.Index:
    project, _ = loading.load(out.data)
    return query.Index(project)


def _completer(choices: Sequence[str]) -> Callable[[str], list[str]]:
    """Completion of the last name in a comma-separated list of `choices`."""

    def complete(incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        return [f"{done},{c}" if done else c for c in choices if c.startswith(last.lower())]

    return complete


SEVERAL = "Several: comma-separated or repeated."


@app.command()
@listing
def partners(
    out: Output,
    role: Annotated[
        list[str] | None,
        typer.Option(
            "--role",
            metavar="ROLE",
            help=f"Only organisations with one of these roles: {', '.join(vocabulary.ROLES)} (or their Danish names). "
            + SEVERAL,
            show_default=False,
            autocompletion=_completer(vocabulary.ROLES),
        ),
    ] = None,
) -> None:
    """Who took part: the organisations and their roles.

    Each organisation's name as the source spells it, its roles, kind and municipality.

    Examples:

    \b
      kanten partners
      kanten partners --role samarbejdspartner --lang da
      kanten partners --role funder,evaluator
      kanten partners --json | jq -r '.[].name'
    """
    roles = choices.resolve_names(role, "role")
    rows = query.partners(_index(out), out.lang, roles)
    _emit(rows, out, views.PARTNERS)


@app.command()
@listing
def results(
    out: Output,
    chart: Annotated[
        bool, typer.Option("--chart", help="Draw participants, paid work and still in work beside the targets.")
    ] = False,
) -> None:
    """What came out of it: figures, targets, improvements.

    Headline figures, the outcome beside the targets, mid-term figures, and the improvements
    and new activities at the two job centres.

    Every figure says whether it is stated, derived, a target or context, and its source.

    Examples:

    \b
      kanten results
      kanten results --chart
      kanten results --json | jq '.[] | select(.section == "headline") | .id'
    """
    if chart:
        _emit(query.chart(_index(out), out.lang), out, views.CHART)
    else:
        _emit(query.results(_index(out), out.lang), out, views.FACT_SECTIONS)


@app.command()
@listing
def recommendations(
    out: Output,
) -> None:
    """What is recommended, and the conclusion around it.

    The recommendation, the conclusion and outlook it sits in, and the mid-term evaluator's advice.

    Examples:

    \b
      kanten recommendations
      kanten recommendations --lang da --json | jq -r '.[].quote // empty'
    """
    _emit(query.recommendations(_index(out), out.lang), out, views.FACT_SECTIONS)


@app.command()
@listing
def overview(
    out: Output,
) -> None:
    """The project at a glance.

    Name, area, period, aims, conclusion, key figures and the report, each with its source.

    Examples:

    \b
      kanten overview
      kanten overview --json | jq -r '.[] | "\\(.item): \\(.text)"'
    """
    index = _index(out)
    view = views.OVERVIEW.titled(query.project_title(index, out.lang))
    _emit(query.overview(index, out.lang), out, view, glance=query.glance(index, out.lang))


def _complete_ids(incomplete: str) -> list[str]:
    try:
        ids = query.all_ids(query.Index(loading.load(None)[0]))
        return [i for i in ids if i.startswith(incomplete.lower())]
    except KantenError:
        return []


_complete_topics = _completer(vocabulary.TOPICS)


@app.command()
@listing
def facts(
    out: Output,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            metavar="TOPIC",
            help=f"Only facts of these topics: {', '.join(vocabulary.TOPICS)} (or their Danish names). {SEVERAL}",
            autocompletion=_complete_topics,
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar="KIND",
            help=f"Only facts of these kinds: {', '.join(vocabulary.KINDS)} (or their Danish names). {SEVERAL}",
            autocompletion=_completer(vocabulary.KINDS),
        ),
    ] = None,
    has_value: Annotated[bool, typer.Option("--has-value", help="Only facts with a number.")] = False,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            metavar="KEY",
            help=f"Sort by {alternatives(vocabulary.SORT_KEYS)} (Danish headings too; facts without it last); "
            "else in the file's order.",
            autocompletion=_completer(vocabulary.SORT_KEYS),
        ),
    ] = None,
) -> None:
    """Every fact, one row each.

    Its id, topic, kind, text, value and source.

    Examples:

    \b
      kanten facts --kind derived
      kanten facts --topic result,target --has-value --sort value
      kanten facts --lang da --topic resultat --sort værdi
      kanten facts --topic result --format csv > results.csv
      kanten facts --has-value -f jsonl | jq -c '{id, value, unit}'
    """
    topics = choices.resolve_names(topic, "topic")
    kinds = choices.resolve_names(kind, "kind")
    key = choices.resolve_name(sort, "sort key") if sort is not None else None
    rows = query.facts(_index(out), out.lang, topics, kinds, has_value, key)
    if not rows:
        raise NotFound("no fact matches those filters")
    _emit(rows, out, views.FACTS)


@app.command()
@listing
def show(
    out: Output,
    ids: Annotated[
        list[str],
        typer.Argument(metavar="ID", help="Fact or organisation ids, in any case.", autocompletion=_complete_ids),
    ],
    web: Annotated[
        bool, typer.Option("--web", help="Open the id's (first) source in the web browser instead (env: BROWSER).")
    ] = False,
) -> None:
    """One fact or organisation in full, with its sources.

    Both languages, the quote, each source's metadata and, for a derived figure, its formula,
    inputs and caveat.

    Examples:

    \b
      kanten show participants-registered
      kanten show still-in-work-people --lang da
      kanten show paid-work-people cabi --json | jq '.[].source_details[].url'
      kanten show grant-amount --web
    """
    index = _index(out)
    if web:
        if len(ids) > 1:
            raise UsageError("--web opens one id at a time")
        browse.open_source(index, ids[0], sys.stderr)
        return
    _emit([query.show(index, ident, out.lang) for ident in ids], out, views.SHOW)


@app.command()
def cite(
    ctx: typer.Context,
    ids: Annotated[
        list[str],
        typer.Argument(metavar="ID", help="Fact, organisation or source ids.", autocompletion=_complete_ids),
    ],
    style: Annotated[
        CiteStyle,
        typer.Option("--style", "-s", metavar="STYLE", help="text, markdown, csl-json, bibtex or ris."),
    ] = CiteStyle.text,
    lang: LangOpt = None,
    data: DataOpt = None,
) -> None:
    """Cite facts: a sentence to paste, or references for a reference manager.

    text (the default) and markdown give each fact as a sentence with its figure and source
    (a derived figure says it is computed, and from what), and its caveat; markdown adds the
    quote. csl-json, bibtex and ris give one entry per source the ids rest on.

    Examples:

    \b
      kanten cite paid-work-share --lang da
      kanten cite still-in-work-people still-in-work-people-all -s markdown
      kanten cite participants-registered cabi -s bibtex >> refs.bib
    """
    out = _output(ctx, lang, None, False, None, data)
    index = _index(out)
    cited = cite_records.citations(index, ids, out.lang)
    entries = cite_records.bibliography(index, cited, out.lang)
    render_cite.emit(cited, entries, style.value, out.lang, sys.stdout)


@app.command()
@listing
def search(
    out: Output,
    text: Annotated[
        list[str], typer.Argument(metavar="WORD", help="Words to find (all must match).", show_default=False)
    ],
) -> None:
    """Find facts and organisations by any word.

    Either language, ids, names and quotes included; each hit shows where it matched.

    A word matches at the start of a word; a word of one or two letters, and a number, only
    whole. Case, accents and Danish letters do not matter (loennet = lonnet = lønnet), nor how a
    number is written (1439 = 1.439 = 1 439). An id or a name given whole comes first, then the
    best matches. Exit code 1 when nothing matches.

    A data file of 1 MiB or more is validated in full on its first search, and the text searched
    is kept in ~/.cache/kanten (about 0.4 x the file); later searches of the unchanged file
    validate only the records they find (KANTEN_CACHE_DIR moves it, KANTEN_NO_CACHE=1 turns it off).

    Examples:

    \b
      kanten search lønnet arbejde
      kanten search vive
      kanten search 1.439 --json | jq -r '.[0].id'
      kanten search 3f --json | jq -r '.[] | "\\(.id): \\(.field): \\(.snippet)"'
    """
    _emit(searching.find(prepared.searchable(out.data), " ".join(text), out.lang), out, views.SEARCH)


@app.command()
@listing
def sources(
    out: Output,
) -> None:
    """Every source, and how many facts rest on it.

    The article and each context page, with title, publisher, date and address.

    Examples:

    \b
      kanten sources
      kanten sources --json | jq -r '.[] | select(.kind == "secondary") | .url'
    """
    _emit(query.sources(_index(out), out.lang), out, views.SOURCES_VIEW)


@app.command()
@listing
def timeline(
    out: Output,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE", help="Only what overlaps the time from DATE on: 2019, 2019-03 or 2019-03-05."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Only what overlaps the time up to DATE (its last day included)."),
    ] = None,
) -> None:
    """The dated facts in order.

    Each date at the precision its source gives: a month stays a month. With --since and
    --until, only the facts whose time overlaps that span (a period that began earlier is kept).

    Examples:

    \b
      kanten timeline
      kanten timeline --since 2019 --until 2021-06
      kanten timeline --lang da --format markdown
    """
    rows = query.timeline(_index(out), out.lang, since, until)
    if not rows and (since or until):
        raise NotFound("no dated fact overlaps that span")
    _emit(rows, out, views.TIMELINE)


class ReportFormat(str, Enum):
    markdown = "markdown"
    html = "html"


@app.command()
def report(
    ctx: typer.Context,
    fmt: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="markdown or html [default: html for an -o name ending in .html, else markdown].",
        ),
    ] = None,
    to: OutOpt = None,
    force: ForceOpt = False,
    lang: LangOpt = None,
    data: DataOpt = None,
) -> None:
    """The whole fact base as one document to read, print or send.

    Summary, who took part, results beside the targets, improvements, the recommendation, the
    mid-term evaluation, a timeline, every caveat as a footnote and the numbered sources. HTML
    is one self-contained file (styles and chart inline) that reads on a phone and prints.

    Examples:

    \b
      kanten report | less
      kanten report --format html -o rekruttering.html
      kanten report --lang da -o rapport.md
    """
    out = _output(ctx, lang, None, False, None, data, to, force)
    chosen = fmt.value if fmt else ("html" if to and to.lower().endswith((".html", ".htm")) else "markdown")
    implied = SUFFIX_FORMATS.get(os.path.splitext(to)[1].lower()) if to and not fmt else None
    if implied not in (None, "markdown"):
        raise UsageError(f"a report is markdown or html, not {implied}; name the file .md or .html")
    width = 80 if out.to else shutil.get_terminal_size((80, 24)).columns
    text = report_render.document(_index(out), out.lang, chosen, width)
    if out.to:
        outfile.write_atomic(out.to, text.encode("utf-8"), out.force)
    else:
        sys.stdout.write(text)


@app.command()
@listing
def verify(
    out: Output,
    ids: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ID",
            help="Facts or organisations to check (a derived fact: its inputs); all if none.",
            autocompletion=_complete_ids,
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            metavar="SOURCE_ID=PATH_OR_URL",
            help="Read this source from a saved copy (.html, or .txt as --save writes it) or another address.",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option("--timeout", metavar="SECONDS", help="Give up on a page after this long.")
    ] = 20.0,
    save: Annotated[
        str | None,
        typer.Option(
            "--save",
            metavar="DIR",
            help="Write each page's text, address and time to DIR/<source id>.txt (a --source file's too).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar while pages are fetched.")] = False,
) -> None:
    """Check every quote and evidence against its source page.

    Fetches each page the selected facts rest on (or reads the copy given with --source) and
    looks for each quote or evidence in its text, word for word: verified, changed (with the
    closest passage and a word diff) or unreachable.

    Exit code 1 when a quote or evidence was not found, 6 when a page could not be read.

    Examples:

    \b
      kanten verify
      kanten verify participants-registered cabi
      kanten verify --source article=saved.html --save pages
      kanten verify --json | jq '.[] | select(.status == "changed")'
    """
    from kanten_cli.sources import check

    if not timeout > 0:
        raise UsageError("--timeout must be more than 0 seconds")
    index = _index(out)
    shown = not quiet and sys.stderr.isatty()
    with render.fetch_progress(sys.stderr, out.lang, shown) as progress:
        rows = check.run(index, ids or [], source or [], timeout, Path(save) if save else None, progress)
    _emit(rows, out, views.VERIFY)
    failure = check.outcome(rows)
    if failure is not None:
        raise failure


@app.command()
def schema() -> None:
    """Print the JSON Schema of a project file.

    Draft 2020-12, generated from the model that loads the file.

    Examples:

    \b
      kanten schema > project.schema.json
    """
    sys.stdout.write(json.dumps(model.project_schema(), ensure_ascii=False, indent=2) + "\n")


@app.command()
def validate(
    path: Annotated[
        str | None, typer.Argument(metavar="PATH", help="The file to check; the embedded one if left out.")
    ] = None,
) -> None:
    """Check a project file; report every problem.

    Each problem with its JSON location (or line and column); exit code 3 if there is any.

    Examples:

    \b
      kanten validate
      kanten validate examples/minimal.json
    """
    chosen = loading.data_path(path)
    try:
        project = loading.parse(loading.read_bytes(chosen), str(chosen))
    except DataError as err:
        for problem in err.problems:
            sys.stderr.write(f"kanten: {err.path}: {problem}\n")
        raise typer.Exit(ExitCode.DATA) from None
    sys.stdout.write(
        f"{chosen}: valid: {len(project.facts)} facts, {len(project.organisations)} organisations, "
        f"{len(project.sources)} sources\n"
    )


@app.command("help")
def help_(
    ctx: typer.Context,
    command: Annotated[str | None, typer.Argument(metavar="COMMAND", help="The command to explain.")] = None,
) -> None:
    """Show kanten's help, or a command's: the same as --help.

    Examples:

    \b
      kanten help
      kanten help search
    """
    group = ctx.parent.command if ctx.parent else ctx.command
    parent = ctx.parent or ctx
    if command is None:
        sys.stdout.write(group.get_help(parent) + "\n")
        return
    assert isinstance(group, TyperGroup)
    name, chosen, _ = group.resolve_command(parent, [command])
    assert chosen is not None
    with chosen.make_context(name, [], parent=parent, resilient_parsing=True) as sub:
        sys.stdout.write(chosen.get_help(sub) + "\n")


# Every command's help names arguments and options as a person reads them (kanten_cli/helptext.py).
for _info in app.registered_commands:
    if _info.cls in (None, TyperCommand):
        _info.cls = HelpCommand


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"kanten: {message}\n")
    sys.stderr.flush()
    raise SystemExit(code)


def run(
    command: Callable[..., Any],
    args: Sequence[str] | None,
    prog_name: str | None,
    where: Callable[[], str] = lambda: "kanten",
    **extra: Any,
) -> NoReturn:
    """Run a Click command, turning every failure into one line on stderr and an exit code.

    This is the only place where exceptions meet exit codes; `KantenGroup.main` calls it, so
    the installed command and Typer's CliRunner behave the same.
    """
    if sys.stdout is None:  # started with stdout closed (`kanten >&-`)
        _fail("cannot write output: standard output is closed", ExitCode.OUTPUT)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            prepare_stream(stream)
    try:
        try:
            # Without standalone mode Click returns the code of a typer.Exit instead of raising it.
            returned = command(args=args, prog_name=prog_name or "kanten", standalone_mode=False, **extra)
        finally:
            sys.stdout.flush()
    except typer.Exit as done:
        raise SystemExit(done.exit_code) from None
    except (typer.Abort, KeyboardInterrupt):
        _fail("interrupted", 130)
    except KantenError as err:
        _fail(err.message, err.code)
    except typer.TyperException as err:
        # Click's usage errors: one sentence, and where to look for help.
        code = getattr(err, "exit_code", ExitCode.USAGE)
        _fail(usage_message(err, code, where()), code)
    except BrokenPipeError:
        # The reader stopped early (`kanten facts --json | head -1`): not an error.
        _quiet_stdout()
        raise SystemExit(ExitCode.OK) from None
    except OSError as err:
        _quiet_stdout()
        _fail(f"cannot write output: {err.strerror or err}", ExitCode.OUTPUT)
    except Exception as err:
        if os.environ.get("KANTEN_DEBUG"):
            raise
        _fail(
            f"internal error ({type(err).__name__}: {err}); please report it with the command you ran. "
            "Set KANTEN_DEBUG=1 to see the traceback.",
            ExitCode.INTERNAL,
        )
    raise SystemExit(returned if isinstance(returned, int) else ExitCode.OK)


def usage_message(err: typer.TyperException, code: int, command_path: str = "kanten") -> str:
    """One of Click's errors as one sentence in kanten's words: 'no such option '--lan'; did you
    mean '--lang'? (see 'kanten facts --help')'; never pydantic's 'Value error, '."""
    if isinstance(err, NoSuchOption):
        hint = names.did_you_mean(err.option_name, err.possibilities or [])
        text = f"no such option {err.option_name!r}{hint}"
    else:
        text = err.format_message().replace("Value error, ", "").rstrip(".")
        text = text[:1].lower() + text[1:]
    if code != ExitCode.USAGE:
        return text
    where = getattr(getattr(err, "ctx", None), "command_path", None) or command_path
    return f"{text} (see '{where} --help')"


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main() -> None:
    """The console script `kanten`."""
    _register_only_named(sys.argv[1:])
    app()


def _register_only_named(args: list[str]) -> None:
    """Keep only the commands that `args` names, so Typer builds one command, not all of them.

    Building every command's options costs more than running most commands. When no command is
    named (a bare `kanten`, `--help`, `--version`) or the shell asks for completions, all stay.
    """
    if any(key.endswith("_COMPLETE") for key in os.environ) or "help" in args:
        return
    named = [info for info in app.registered_commands if _command_name(info) in args]
    if named:
        app.registered_commands = named


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))
