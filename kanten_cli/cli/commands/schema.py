"""`kanten schema`."""

from __future__ import annotations

import json
import sys

from kanten_cli.cli.layers import (
    model,
)


def schema() -> None:
    """Print the JSON Schema of a project file.

    Draft 2020-12, generated from the model that loads the file.

    Examples:

    \b
      kanten schema > project.schema.json
    """
    sys.stdout.write(json.dumps(model.project_schema(), ensure_ascii=False, indent=2) + "\n")
