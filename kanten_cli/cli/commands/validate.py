"""`kanten validate`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kanten_cli.base.errors import DataError, ExitCode
from kanten_cli.base.translate import N_
from kanten_cli.cli.layers import (
    loading,
)


def validate(
    path: Annotated[
        str | None, typer.Argument(metavar=N_("PATH"), help=N_("The file to check; the embedded one if left out."))
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
