"""`kanten facts`."""

from __future__ import annotations

from typing import Annotated

import typer

from kanten_cli.base.errors import NotFound
from kanten_cli.base.translate import N_, _
from kanten_cli.cli import choices
from kanten_cli.cli.completion import complete_topics, completer
from kanten_cli.cli.helptext import alternatives
from kanten_cli.cli.layers import (
    query,
    views,
)
from kanten_cli.cli.options import SEVERAL, Output, emit, index_for, listing
from kanten_cli.facts import vocabulary


@listing
def facts(
    out: Output,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            "--topic",
            metavar=N_("TOPIC"),
            help=N_(
                "Only facts of these topics: {topics} (or their Danish names). {several}",
                topics=", ".join(vocabulary.TOPICS),
                several=SEVERAL,
            ),
            autocompletion=complete_topics,
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            metavar=N_("KIND"),
            help=N_(
                "Only facts of these kinds: {kinds} (or their Danish names). {several}",
                kinds=", ".join(vocabulary.KINDS),
                several=SEVERAL,
            ),
            autocompletion=completer(vocabulary.KINDS),
        ),
    ] = None,
    has_value: Annotated[bool, typer.Option("--has-value", help=N_("Only facts with a number."))] = False,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            metavar=N_("KEY"),
            help=N_(
                "Sort by {keys} (Danish headings too; facts without it last); else in the file's order.",
                keys=alternatives(vocabulary.SORT_KEYS),
            ),
            autocompletion=completer(vocabulary.SORT_KEYS),
        ),
    ] = None,
) -> None:
    """Every fact, one row each.

    Its id, topic, kind, text, value and source.

    Examples:

    \b
      kanten facts --kind derived
      kanten facts --topic result,target --has-value --sort value
      kanten facts --lang da --topic resultat --sort værdi
      kanten facts --topic result --format csv > results.csv
      kanten facts --has-value -f jsonl | jq -c '{id, value, unit}'
    """
    topics = choices.resolve_names(topic, "topic")
    kinds = choices.resolve_names(kind, "kind")
    key = choices.resolve_name(sort, "sort key") if sort is not None else None
    rows = query.facts(index_for(out), topics, kinds, has_value, key)
    if not rows:
        raise NotFound(_("no fact matches those filters"))
    emit(rows, out, views.FACTS)
