"""The vocabulary of a project file: the languages, topics, kinds of fact and roles.

The one place that names them. The pydantic model spells the same names as `Literal` types
(mypy needs them written out); tests/test_names.py keeps the two equal. Standard library only,
so that help and completion can list them without building the model.
"""

from __future__ import annotations

# The languages are chosen and bound in base (the translation of a run); named once, there.
from kanten_cli.base.translate import LANGS as LANGS
from kanten_cli.base.translate import Lang as Lang

TOPICS: tuple[str, ...] = (
    "project",
    "period",
    "aim",
    "background",
    "partners",
    "organisation",
    "funding",
    "conclusion",
    "improvement",
    "activity",
    "result",
    "target",
    "progress",
    "midterm",
    "evaluation",
    "recommendation",
    "midterm-recommendation",
    "outlook",
    "report",
    "article",
)
KINDS: tuple[str, ...] = ("stated", "context", "target", "derived")
ROLES: tuple[str, ...] = ("partner", "knowledge-house", "lead", "funder", "evaluator")
SORT_KEYS: tuple[str, ...] = ("id", "topic", "kind", "date", "value")  # what `facts --sort` takes


CHOICES: dict[str, tuple[str, ...]] = {"topic": TOPICS, "kind": KINDS, "role": ROLES, "sort key": SORT_KEYS}
