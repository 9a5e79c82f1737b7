"""The options commands share, declared once, and what they resolve to (`Output`)."""

from __future__ import annotations

import functools
import inspect
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Any

import typer

from kanten_cli.base.errors import ReaderStopped, UsageError
from kanten_cli.base.translate import N_, _
from kanten_cli.cli.completion import complete_fields
from kanten_cli.cli.helptext import alternatives
from kanten_cli.cli.layers import (
    loading,
    query,
    render,
    views,
)
from kanten_cli.output.formats import SUFFIX_FORMATS
from kanten_cli.output.i18n import ENV_LANG


class LangChoice(str, Enum):
    da = "da"
    en = "en"


class FormatChoice(str, Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    xlsx = "xlsx"


class ReportFormat(str, Enum):
    markdown = "markdown"
    html = "html"


@dataclass
class Globals:
    data: str | None = None
    no_color: bool = False
    no_pager: bool = False


# --lang's value is never handed on: the run's language is read from the arguments before Click
# parses them and bound once (translate.choose and bind, in app.KantenGroup.main), so that help
# and Click's own errors are in it too; every layer then asks translate. The option is declared
# so that help lists it and Click checks its value.
LangOpt = Annotated[
    LangChoice | None,
    typer.Option(
        "--lang",
        metavar=N_("LANG"),
        help=N_(
            "Language of everything kanten writes for people: da or en (env: {env}; default: from the locale).",
            env=ENV_LANG,
        ),
        show_default=False,
    ),
]


DataOpt = Annotated[
    str | None,
    typer.Option(
        "--data",
        metavar=N_("PATH"),
        help=N_("Read this project file instead of the embedded one (env: KANTEN_DATA)."),
        show_default=False,
    ),
]


FormatOpt = Annotated[
    FormatChoice | None,
    typer.Option(
        "--format",
        "-f",
        metavar=N_("FORMAT"),
        help=N_(
            "Output format: {formats} (xlsx with -o {file}; default: table).",
            formats=alternatives(c.value for c in FormatChoice),
            file=N_("FILE"),
        ),
        show_default=False,
    ),
]


JsonOpt = Annotated[bool, typer.Option("--json", help=N_("Short for --format json."))]


def output_option(help_text: str) -> Any:
    """`-o/--output FILE` with its help (marked with N_, naming the file as {file}): every
    command that writes a file declares it through here, with words for what it writes."""
    return typer.Option("--output", "-o", metavar=N_("FILE"), help=help_text, show_default=False)


OutOpt = Annotated[
    str | None,
    output_option(
        N_(
            "Write to {file}, all at once, instead of standard output; the format follows its ending "
            "(.xlsx, .csv, .json, ...) unless --format says otherwise.",
            file=N_("FILE"),
        )
    ),
]


ForceOpt = Annotated[
    bool, typer.Option("--force", help=N_("Let -o replace a file kanten did not write, or one changed since it did."))
]


NoColorOpt = Annotated[
    bool, typer.Option("--no-color", help=N_("No colour or style in tables (also: NO_COLOR, TERM=dumb)."))
]


NoPagerOpt = Annotated[
    bool, typer.Option("--no-pager", help=N_("Never page a long table (also: an empty KANTEN_PAGER)."))
]


FieldsOpt = Annotated[
    str | None,
    typer.Option(
        "--fields",
        metavar=N_("A,B,C"),
        help=N_("Keep only these keys or columns, in this order."),
        autocompletion=complete_fields,
    ),
]


@dataclass
class Output:
    """The options every listing command shares, resolved (the language is bound, not carried)."""

    fmt: render.Format
    fields: list[str] | None
    data: str | None
    to: str | None = None
    force: bool = False
    no_color: bool = False
    no_pager: bool = False


def resolve_output(
    ctx: typer.Context,
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
        raise UsageError(_("--json and --format {format} do not go together").format(format=fmt.value))
    implied = SUFFIX_FORMATS.get(os.path.splitext(to)[1].lower(), "table") if to else "table"
    chosen: render.Format = "json" if as_json else (fmt.value if fmt else implied)
    keys = [f.strip() for f in fields.split(",") if f.strip()] if fields is not None else None
    if fields is not None and not keys:
        raise UsageError(_("--fields needs at least one field name"))
    if force and not to:
        raise UsageError(_("--force goes with -o FILE"))
    return Output(
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
        del shared["lang"]  # already bound, before parsing (see LangOpt)
        try:
            command(out=resolve_output(ctx, **shared), **kwargs)
        except BrokenPipeError:  # a listing streamed to a reader that stopped: see ReaderStopped
            raise ReaderStopped from None

    wrapper.__signature__ = inspect.Signature([*own, *added])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in [*own, *added]}
    return wrapper


def emit(rows: Sequence[dict[str, Any]], out: Output, view: views.View, glance: dict[str, Any] | None = None) -> None:
    render.emit(
        rows,
        out.fmt,
        view,
        sys.stdout,
        out.fields,
        out.to,
        out.force,
        no_color=out.no_color,
        no_pager=out.no_pager,
        glance=glance,
    )


def index_for(out: Output) -> query.Index:
    project, _ = loading.load(out.data)
    return query.Index(project)


SEVERAL = N_("Several: comma-separated or repeated.")
