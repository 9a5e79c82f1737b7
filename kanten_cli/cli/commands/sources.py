"""`kanten sources`."""

from __future__ import annotations

from kanten_cli.cli.layers import (
    query,
    views,
)
from kanten_cli.cli.options import Output, emit, index_for, listing


@listing
def sources(
    out: Output,
) -> None:
    """Every source, and how many facts rest on it.

    The article and each context page, with title, publisher, date and address.

    Examples:

    \b
      kanten sources
      kanten sources --json | jq -r '.[] | select(.kind == "secondary") | .url'
    """
    emit(query.sources(index_for(out)), out, views.SOURCES_VIEW)
