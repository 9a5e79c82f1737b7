"""`kanten schema`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from kanten_cli.base.translate import N_
from kanten_cli.cli.layers import (
    concept_files,
    model,
)
from kanten_cli.cli.options import LangOpt


def schema(
    concepts: Annotated[
        bool, typer.Option("--concepts", help=N_("The schema of the concept vocabulary (data/concepts.json) instead."))
    ] = False,
    lang: LangOpt = None,  # read before Click parses (translate.choose); here so that it is allowed
) -> None:
    """Print the JSON Schema of a project file.

    Draft 2020-12, generated from the model that loads the file; with --concepts, that of the
    concept vocabulary, the words `ask` and `search` understand.

    Examples:

    \b
      kanten schema > project.schema.json
      kanten schema --concepts > concepts.schema.json
    """
    chosen = concept_files.schema() if concepts else model.project_schema()
    sys.stdout.write(json.dumps(chosen, ensure_ascii=False, indent=2) + "\n")
