"""`kanten recommendations`."""

from __future__ import annotations

from kanten_cli.cli.layers import (
    query,
    views,
)
from kanten_cli.cli.options import Output, emit, index_for, listing


@listing
def recommendations(
    out: Output,
) -> None:
    """What is recommended, and the conclusion around it.

    The recommendation, the conclusion and outlook it sits in, and the mid-term evaluator's advice.

    Examples:

    \b
      kanten recommendations
      kanten recommendations --lang da --json | jq -r '.[].quote // empty'
    """
    emit(query.recommendations(index_for(out)), out, views.FACT_SECTIONS)
