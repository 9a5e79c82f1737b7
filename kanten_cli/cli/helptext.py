"""Help that reads well and pastes: plain names instead of internal types, examples never wrapped.

Typer's plain help names an argument's Python type (`ID <list[str]>`, `{ID}...`, `[[PATH]]`);
here an argument is its metavar (`ID...`, `[PATH]`) and an option shows the metavar it declares.
Examples stay as written because each command's docstring marks the block with Click's `\\b`.
Light on purpose: `kanten --help` imports it, and it imports nothing of kanten's model.

Help is written in English and translated where it is shown (`translate_help`): each run of
paragraphs is one catalogue message; a block that Click's `\\b` keeps as written (the examples)
is commands, the same in every language, and stays out of the catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import typer.core
from typer import _click as click
from typer.core import TyperCommand

from kanten_cli.base.translate import N_, _, marked, translated

# A paragraph that Click prints as written: it starts with a line holding only "\b".
_KEPT = "\b\n"
_PARAGRAPHS = re.compile(r"\n\s*\n")


def help_parts(text: str) -> list[tuple[str, bool]]:
    """`text` as (part, is_message) pairs: runs of ordinary paragraphs, which are catalogue
    messages (a paragraph on one line, as Click wraps it anyway), and kept blocks, which are
    not; joined with blank lines they give the help Click shows."""
    parts: list[tuple[str, bool]] = []
    for paragraph in _PARAGRAPHS.split(text.strip()):
        kept = paragraph.startswith(_KEPT)
        if not kept:  # Click wraps it anew: a message is one line per paragraph
            paragraph = " ".join(line.strip() for line in paragraph.splitlines())
        if parts and not kept and parts[-1][1]:
            parts[-1] = (f"{parts[-1][0]}\n\n{paragraph}", True)
        else:
            parts.append((paragraph, not kept))
    return parts


def help_messages(text: str) -> list[str]:
    """The catalogue messages in a help text (what `pybabel extract` takes from a docstring)."""
    return [part for part, message in help_parts(text) if message]


def translate_help(text: str | None) -> str | None:
    """A help text in the bound language, its kept blocks as they are."""
    if not text:
        return text
    if marked(text):
        return translated(text)
    return "\n\n".join(translated(part) if message else part for part, message in help_parts(text))


def translate_commands(command: click.Command) -> None:
    """Put the help of `command`, its parameters and (for a group) its commands into the bound
    language, in place: Typer builds these objects anew on every run, after the language is bound.

    Typer's own words (\"default\", \"required\", \"Options\") are marked with gettext's default
    domain, which reads its language from the environment, not from --lang; they are looked up
    in kanten's catalogue instead (kanten_cli/cli/framework.py lists them).
    """
    typer.core._ = _  # type: ignore[attr-defined]
    command.help = translate_help(command.help)
    command.short_help = translate_help(command.short_help)
    if command.options_metavar:
        command.options_metavar = translated(command.options_metavar)
    if getattr(command, "subcommand_metavar", None):
        command.subcommand_metavar = translated(command.subcommand_metavar)  # type: ignore[attr-defined]
    for param in command.params:
        help_text = getattr(param, "help", None)
        if help_text:
            param.help = translate_help(help_text)  # type: ignore[attr-defined]
        if param.metavar:
            param.metavar = translated(param.metavar)
    for sub in getattr(command, "commands", {}).values():
        translate_commands(sub)


def argument_name(param: Any) -> str:
    """'ID...' for required repeated ID, '[PATH]' for an optional PATH."""
    name = str(param.metavar or param.name.upper()).strip("[]{}")
    if not param.required:
        name = f"[{name}]"
    return name + ("..." if param.nargs != 1 else "")


def alternatives(choices: Iterable[str]) -> str:
    """'a, b or c': choices as help lists them."""
    *rest, last = choices
    return N_("{choices} or {last}", choices=", ".join(rest), last=last) if rest else last


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
            with formatter.section(_("Arguments")):
                write_dl(formatter, arguments)
        if options:
            with formatter.section(_("Options")):
                write_dl(formatter, options)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        write_usage(formatter, ctx.command_path, self.collect_usage_pieces(ctx))

    def get_help_option(self, ctx: click.Context) -> Any:
        return translated_help_option(super().get_help_option(ctx))


def write_usage(formatter: click.HelpFormatter, path: str, pieces: list[str]) -> None:
    """Click's usage line, its "Usage:" in the bound language."""
    formatter.write_usage(path, " ".join(pieces), prefix=_("Usage:") + " ")


def translated_help_option(option: Any) -> Any:
    """The --help option, its help in the bound language (Click writes it in English)."""
    if option is not None and option.help == "Show this message and exit.":
        option.help = _("Show this message and exit.")
    return option


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
