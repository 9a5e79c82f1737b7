"""`kanten overview`."""

from __future__ import annotations

from kanten_cli.cli.layers import (
    query,
    views,
)
from kanten_cli.cli.options import Output, emit, index_for, listing


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
    index = index_for(out)
    view = views.OVERVIEW.titled(query.project_title(index))
    emit(query.overview(index), out, view, glance=query.glance(index))
