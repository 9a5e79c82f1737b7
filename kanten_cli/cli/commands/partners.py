"""`kanten partners`."""

from __future__ import annotations

from typing import Annotated

import typer

from kanten_cli.base.translate import N_
from kanten_cli.cli import choices
from kanten_cli.cli.completion import completer
from kanten_cli.cli.layers import (
    query,
    views,
)
from kanten_cli.cli.options import SEVERAL, Output, emit, index_for, listing
from kanten_cli.facts import vocabulary


@listing
def partners(
    out: Output,
    role: Annotated[
        list[str] | None,
        typer.Option(
            "--role",
            metavar=N_("ROLE"),
            help=N_(
                "Only organisations with one of these roles: {roles} (or their Danish names). {several}",
                roles=", ".join(vocabulary.ROLES),
                several=SEVERAL,
            ),
            show_default=False,
            autocompletion=completer(vocabulary.ROLES),
        ),
    ] = None,
) -> None:
    """Who took part: the organisations and their roles.

    Each organisation's name as the source spells it, its roles, type and municipality.

    Examples:

    \b
      kanten partners
      kanten partners --role samarbejdspartner --lang da
      kanten partners --role funder,evaluator
      kanten partners --json | jq -r '.[].name'
    """
    roles = choices.resolve_names(role, "role")
    rows = query.partners(index_for(out), roles)
    emit(rows, out, views.PARTNERS)
