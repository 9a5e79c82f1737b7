"""`kanten validate`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kanten_cli.base.errors import DataError, ExitCode
from kanten_cli.base.translate import N_, _, ngettext
from kanten_cli.cli.layers import (
    loading,
)
from kanten_cli.cli.options import Globals


def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("PATH"),
            help=N_("The file to check (- for standard input); else --data or KANTEN_DATA; else the embedded one."),
        ),
    ] = None,
) -> None:
    """Check a project file; report every problem.

    Every problem the schema finds and every one between records (unique ids, references
    that resolve, derived values that match), each with its JSON location (or line and
    column), in one run; exit code 3 if there is any.

    Examples:

    \b
      kanten validate
      kanten validate examples/minimal.json
      kanten --data my-project.json validate
      kanten validate - < my-project.json
    """
    glob = ctx.find_object(Globals) or Globals()
    chosen = loading.data_path(path or glob.data)
    name = loading.display_name(chosen)
    try:
        project = loading.parse(loading.read_bytes(chosen), name)
    except DataError as err:
        for problem in err.problems:
            sys.stderr.write(f"kanten: {err.path}: {problem}\n")
        count = len(err.problems)
        if count > 1:
            problems = ngettext("{count} problem", "{count} problems", count).format(count=count)
            sys.stderr.write(f"kanten: {err.path}: {problems}\n")
        raise typer.Exit(ExitCode.DATA) from None
    facts, organisations, sources = len(project.facts), len(project.organisations), len(project.sources)
    line = _("{name}: valid: {facts}, {organisations}, {sources}").format(
        name=name,
        facts=ngettext("{count} fact", "{count} facts", facts).format(count=facts),
        organisations=ngettext("{count} organisation", "{count} organisations", organisations).format(
            count=organisations
        ),
        sources=ngettext("{count} source", "{count} sources", sources).format(count=sources),
    )
    sys.stdout.write(line + "\n")
