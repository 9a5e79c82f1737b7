"""Help that reads well and pastes: plain names instead of internal types, examples never wrapped.

Typer's plain help names an argument's Python type (`ID <list[str]>`, `{ID}...`, `[[PATH]]`);
here an argument is its metavar (`ID...`, `[PATH]`) and an option shows the metavar it declares.
Examples stay as written because each command's docstring marks the block with Click's `\\b`.
Light on purpose: `kanten --help` imports it, and it imports nothing of kanten's model.
"""

from __future__ import annotations

from typing import Any

from typer import _click as click
from typer.core import TyperCommand


def argument_name(param: Any) -> str:
    """'ID...' for required repeated ID, '[PATH]' for an optional PATH."""
    name = str(param.metavar or param.name.upper()).strip("[]{}")
    if not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


class HelpCommand(TyperCommand):
    """A Typer command whose help shows names a person reads, not Python types."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        pieces += [argument_name(p) for p in self.get_params(ctx) if p.param_type_name == "argument"]
        return pieces

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        params = self.get_params(ctx)
        arguments = [
            (argument_name(p), str(getattr(p, "help", "") or ""))
            for p in params
            if p.param_type_name == "argument" and not getattr(p, "hidden", False)
        ]
        options = [r for p in params if p.param_type_name == "option" and (r := p.get_help_record(ctx)) is not None]
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)
