"""`kanten validate`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from kanten_cli.base.errors import DataError, ExitCode
from kanten_cli.base.translate import N_
from kanten_cli.cli.layers import (
    concept_files,
    loading,
)


def validate(
    path: Annotated[
        str | None, typer.Argument(metavar=N_("PATH"), help=N_("The file to check; the embedded one if left out."))
    ] = None,
    concepts: Annotated[
        str | None,
        typer.Option(
            "--concepts",
            metavar=N_("FILE"),
            help=N_("Also check this concept vocabulary against the project (the embedded one's is always checked)."),
        ),
    ] = None,
) -> None:
    """Check a project file; report every problem.

    Each problem with its JSON location (or line and column); exit code 3 if there is any. The
    embedded project's concept vocabulary (the words `ask` and `search` understand) is checked
    with it: every fact and organisation it names must exist.

    Examples:

    \b
      kanten validate
      kanten validate examples/minimal.json
      kanten validate --concepts data/concepts.json
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
    if concepts is None and chosen.resolve() != loading.embedded_path().resolve():
        return
    vocabulary = Path(concepts) if concepts else concept_files.concepts_path()
    try:
        checked = concept_files.read(vocabulary)
        problems = concept_files.integrity_problems(checked, project)
        if problems:
            raise DataError(str(vocabulary), [f"{loading.format_location(loc)}: {msg}" for loc, msg in problems])
    except DataError as err:
        for problem in err.problems:
            sys.stderr.write(f"kanten: {err.path}: {problem}\n")
        raise typer.Exit(ExitCode.DATA) from None
    sys.stdout.write(f"{vocabulary}: valid: {len(checked.concepts)} concepts\n")
