"""`kanten help`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from typer.core import TyperGroup

from kanten_cli.base.translate import N_
from kanten_cli.cli.options import LangOpt


def help_(
    ctx: typer.Context,
    command: Annotated[str | None, typer.Argument(metavar=N_("COMMAND"), help=N_("The command to explain."))] = None,
    lang: LangOpt = None,
) -> None:
    """Show kanten's help, or a command's: the same as --help.

    Examples:

    \b
      kanten help
      kanten help search
      kanten help search --lang da
    """
    group = ctx.parent.command if ctx.parent else ctx.command
    parent = ctx.parent or ctx
    if command is None:
        sys.stdout.write(group.get_help(parent) + "\n")
        return
    assert isinstance(group, TyperGroup)
    name, chosen, _ = group.resolve_command(parent, [command])
    assert chosen is not None
    with chosen.make_context(name, [], parent=parent, resilient_parsing=True) as sub:
        sys.stdout.write(chosen.get_help(sub) + "\n")
