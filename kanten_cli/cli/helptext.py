"""Help that reads well and pastes: plain names instead of internal types, examples never wrapped.

Typer's plain help names an argument's Python type (`ID <list[str]>`, `{ID}...`, `[[PATH]]`);
here an argument is its metavar (`ID...`, `[PATH]`) and an option shows the metavar it declares.
Examples stay as written because each command's docstring marks the block with Click's `\\b`.
Light on purpose: `kanten --help` imports it, and it imports nothing of kanten's model.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from typer import _click as click
from typer.core import TyperCommand


def argument_name(param: Any) -> str:
    """'ID...' for required repeated ID, '[PATH]' for an optional PATH."""
    name = str(param.metavar or param.name.upper()).strip("[]{}")
    if not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


def alternatives(choices: Iterable[str]) -> str:
    """'a, b or c': choices as help lists them."""
    *rest, last = choices
    return f"{', '.join(rest)} or {last}" if rest else last


def tidy(text: str) -> str:
    """Help without trailing spaces (Click leaves one where it breaks a long usage line)."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


class HelpCommand(TyperCommand):
    """A Typer command whose help shows names a person reads, not Python types."""

    def get_help(self, ctx: click.Context) -> str:
        return tidy(super().get_help(ctx))

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
                write_dl(formatter, arguments)
        if options:
            with formatter.section("Options"):
                write_dl(formatter, options)


def write_dl(formatter: click.HelpFormatter, rows: list[tuple[str, str]], col_max: int = 30) -> None:
    """Click's definition list, but never broken at a hyphen: 'midterm-recommendation' and
    'comma-separated' stay whole, so a name in the help can be copied as it is."""
    import textwrap

    first = min(max(len(term) for term, _ in rows), col_max)
    room = formatter.width - formatter.current_indent - first - 2
    if room < 30:
        # a narrow terminal: each description under its term, as a man page has it
        first, room = 2, formatter.width - formatter.current_indent - 4
    for term, text in rows:
        lines = textwrap.wrap(text, room, break_on_hyphens=False, break_long_words=False) or [""]
        pad = " " * formatter.current_indent
        if len(term) <= first:
            formatter.write(f"{pad}{term:<{first}}  {lines[0]}".rstrip() + "\n")
            lines = lines[1:]
        else:
            formatter.write(f"{pad}{term}\n")
        for line in lines:
            formatter.write(f"{pad}{' ' * (first + 2)}{line}\n")
