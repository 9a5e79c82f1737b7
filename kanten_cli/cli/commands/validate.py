"""`kanten validate`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kanten_cli.base.errors import DataError, ExitCode
from kanten_cli.base.translate import N_, _, ngettext
from kanten_cli.cli.layers import (
    concept_files,
    loading,
)
from kanten_cli.cli.options import Globals, LangOpt


def validate(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("PATH"),
            help=N_("The file to check (- for standard input); else --data or KANTEN_DATA; else the embedded one."),
        ),
    ] = None,
    concepts: Annotated[
        str | None,
        typer.Option(
            "--concepts",
            metavar=N_("FILE"),
            help=N_("Also check this concept vocabulary against the project (the embedded one's is always checked)."),
        ),
    ] = None,
    lang: LangOpt = None,  # read before Click parses (translate.choose); here so that it is allowed
) -> None:
    """Check a project file; report every problem.

    Every problem the schema finds and every one between records (unique ids, references
    that resolve, derived values that match), each with its JSON location (or line and
    column), in one run; exit code 3 if there is any. The embedded project's concept
    vocabulary (the words `ask` and `search` understand) is checked with it: every fact and
    organisation it names must exist.

    Examples:

    \b
      kanten validate
      kanten validate examples/minimal.json
      kanten --data my-project.json validate
      kanten validate - < my-project.json
      kanten validate --concepts data/concepts.json
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
    if concepts is None and chosen.resolve() != loading.embedded_path().resolve():
        return
    vocabulary = Path(concepts) if concepts else concept_files.concepts_path()
    try:
        checked = concept_files.read(vocabulary)
        wrong = concept_files.integrity_problems(checked, project)
        if wrong:
            raise DataError(str(vocabulary), [f"{loading.format_location(loc)}: {msg}" for loc, msg in wrong])
    except DataError as err:
        for problem in err.problems:
            sys.stderr.write(f"kanten: {err.path}: {problem}\n")
        raise typer.Exit(ExitCode.DATA) from None
    count = len(checked.concepts)
    valid = ngettext("{count} concept", "{count} concepts", count).format(count=count)
    sys.stdout.write(_("{name}: valid: {concepts}").format(name=vocabulary, concepts=valid) + "\n")
