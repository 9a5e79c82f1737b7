"""Shell completion: ids, names and field names, from the embedded data."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import typer

from kanten_cli.base.errors import KantenError
from kanten_cli.cli.layers import (
    loading,
    query,
    searching,
)
from kanten_cli.facts import vocabulary


def sample_rows(command: str, index: query.Index) -> list[dict[str, Any]]:
    """A command's records on the embedded data: where field-name completion looks."""
    first = index.project.facts[0].id if index.project.facts else ""
    samples: dict[str, Callable[[], list[dict[str, Any]]]] = {
        "partners": lambda: query.partners(index),
        "results": lambda: query.results(index),
        "recommendations": lambda: query.recommendations(index),
        "overview": lambda: query.overview(index),
        "facts": lambda: query.facts(index),
        "sources": lambda: query.sources(index),
        "timeline": lambda: query.timeline(index),
        "show": lambda: [query.show(index, first)],
        "search": lambda: searching.search(index, first),
    }
    return samples[command]() if command in samples else []


def complete_fields(ctx: typer.Context, incomplete: str) -> list[str]:
    """Complete the last name in a comma-separated --fields list."""
    try:
        rows = sample_rows(ctx.info_name or "", query.Index(loading.load(None)[0]))
    except KantenError:
        return []
    done, _, last = incomplete.rpartition(",")
    taken = set(done.split(","))
    keys = dict.fromkeys(k for row in rows for k in row)
    return [f"{done},{k}" if done else k for k in keys if k.startswith(last) and k not in taken]


def completer(choices: Sequence[str]) -> Callable[[str], list[str]]:
    """Completion of the last name in a comma-separated list of `choices`."""

    def complete(incomplete: str) -> list[str]:
        done, _, last = incomplete.rpartition(",")
        return [f"{done},{c}" if done else c for c in choices if c.startswith(last.lower())]

    return complete


def complete_ids(incomplete: str) -> list[str]:
    try:
        ids = query.all_ids(query.Index(loading.load(None)[0]))
        return [i for i in ids if i.startswith(incomplete.lower())]
    except KantenError:
        return []


complete_topics = completer(vocabulary.TOPICS)
