"""`kanten results`."""

from __future__ import annotations

from typing import Annotated

import typer

from kanten_cli.base.translate import N_
from kanten_cli.cli.layers import (
    query,
    views,
)
from kanten_cli.cli.options import Output, emit, index_for, listing


@listing
def results(
    out: Output,
    chart: Annotated[
        bool, typer.Option("--chart", help=N_("Draw participants, paid work and still in work beside the targets."))
    ] = False,
) -> None:
    """What came out of it: figures, targets, improvements.

    Headline figures, the outcome beside the targets, mid-term figures, and the improvements
    and new activities at the two job centres.

    Every figure says whether it is stated, derived, a target or context, and its source.

    Examples:

    \b
      kanten results
      kanten results --chart
      kanten results --json | jq '.[] | select(.section == "headline") | .id'
    """
    if chart:
        emit(query.chart(index_for(out)), out, views.CHART)
    else:
        emit(query.results(index_for(out)), out, views.FACT_SECTIONS)
