"""The app: the command group, the root options, and the one place where errors become
a message and an exit code (`run`). The commands themselves are in `commands/`, one module each.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Annotated, Any, NoReturn

import typer
from typer import _click as click
from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoSuchOption
from typer.core import TyperCommand, TyperGroup

from kanten_cli import __version__
from kanten_cli.base import matching as names
from kanten_cli.base import translate
from kanten_cli.base.errors import ExitCode, KantenError, ReaderStopped, UnknownId, UsageError, os_reason
from kanten_cli.base.translate import N_, _, ngettext
from kanten_cli.cli.commands import (
    ask,
    browse,
    cite,
    facts,
    overview,
    partners,
    recommendations,
    report,
    results,
    schema,
    search,
    show,
    sources,
    timeline,
    validate,
    verify,
)
from kanten_cli.cli.commands import help as help_command
from kanten_cli.cli.helptext import (
    HelpCommand,
    tidy,
    translate_commands,
    translated_help_option,
    write_dl,
    write_usage,
)
from kanten_cli.cli.options import DataOpt, Globals, LangOpt, NoColorOpt, NoPagerOpt
from kanten_cli.output.streams import prepare_stream

EXIT_CODES_HELP = N_(
    "Exit codes: 0 success; 1 nothing found (unknown id, no search match; for verify: a quote "
    "or evidence not found on its page); 2 usage error; "
    "3 data file missing, unreadable or invalid; 4 output could not be written (or -o FILE is not kanten's: "
    "use --force); 5 internal error; 6 verify could not fetch or read a source page."
)


class KantenGroup(TyperGroup):
    """Typer's group with kanten's error handling around it (see `run`)."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        self.command_path = prog_name or "kanten"
        # The language is bound before Click parses anything, so that help and Click's own
        # errors are in it too; help is translated once the language is known.
        translate.bind(translate.choose(sys.argv[1:] if args is None else args))
        translate_commands(self)
        # Help fits the terminal, however narrow (Click would never go below 50 columns).
        extra.setdefault("terminal_width", max(min(shutil.get_terminal_size().columns, 80) - 2, 20))
        run(super().main, args, prog_name, complete_var=complete_var, where=lambda: self.command_path, **extra)

    def get_help(self, ctx: click.Context) -> str:
        return tidy(super().get_help(ctx))

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        write_usage(formatter, ctx.command_path, self.collect_usage_pieces(ctx))

    def get_help_option(self, ctx: click.Context) -> Any:
        return translated_help_option(super().get_help_option(ctx))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole first sentence, wrapped to the width, never cut with '...'."""
        found = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        rows = [(name, cmd.get_short_help_str(sys.maxsize)) for name, cmd in found if cmd and not cmd.hidden]
        if rows:
            with formatter.section(_("Commands")):
                write_dl(formatter, rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """A command named in any case; an unknown one with a "did you mean"."""
        if args and not args[0].startswith("-") and not ctx.resilient_parsing:
            known = self.list_commands(ctx)
            found = {c.lower(): c for c in known}.get(args[0].lower())
            if found is None:
                hint = names.did_you_mean(args[0], known)
                message = _("no such command {name!r}{hint}").format(name=args[0], hint=hint)
                raise UsageError(see_help(message, ctx.command_path))
            args = [found, *args[1:]]
            self.command_path = f"{ctx.command_path} {found}"  # for errors Click raises without a context
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="kanten",
    cls=KantenGroup,
    # Three parts, as helptext.help_parts cuts them: two messages around the examples.
    help=N_(
        'Facts about the Danish labour-market project "Rekruttering fra kanten" '
        "(Lolland-Falster, 2018–2021), each with its source.\n\n"
        "Run kanten without a command for an overview; 'kanten help COMMAND' for a command's help. "
        "Examples:"
    )
    + "\n\n\b\n"
    "  kanten partners\n"
    "  kanten results --lang da\n"
    "  kanten results --json | jq '.[] | select(.kind == \"stated\")'\n\n" + EXIT_CODES_HELP,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=False,
    invoke_without_command=True,
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"kanten {__version__}\n")
        raise typer.Exit(ExitCode.OK)


@app.callback()
def root(
    ctx: typer.Context,
    lang: LangOpt = None,
    data: DataOpt = None,
    no_color: NoColorOpt = False,
    no_pager: NoPagerOpt = False,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help=N_("Print the version and exit.")),
    ] = False,
) -> None:
    """Facts about "Rekruttering fra kanten", each with its source."""
    ctx.obj = Globals(data=data, no_color=no_color, no_pager=no_pager)
    if ctx.invoked_subcommand is None:
        overview.overview(
            ctx=ctx,
            fmt=None,
            as_json=False,
            fields=None,
            lang=None,
            data=None,
            to=None,
            force=False,
            no_color=False,
            no_pager=False,
        )


# The commands, in the order help lists them.
app.command()(partners.partners)
app.command()(results.results)
app.command()(recommendations.recommendations)
app.command()(overview.overview)
app.command()(facts.facts)
app.command()(show.show)
app.command()(cite.cite)
app.command()(search.search)
app.command()(ask.ask)
app.command()(sources.sources)
app.command()(timeline.timeline)
app.command()(report.report)
app.command()(verify.verify)
app.command()(schema.schema)
app.command()(validate.validate)
app.command("help")(help_command.help_)
app.command()(browse.browse)  # after the pinned sixteen (tests/test_help.py)


# Every command's help names arguments and options as a person reads them (kanten_cli/cli/helptext.py).
for _info in app.registered_commands:
    if _info.cls in (None, TyperCommand):
        _info.cls = HelpCommand


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(f"kanten: {message}\n")
    sys.stderr.flush()
    raise SystemExit(code)


def run(
    command: Callable[..., Any],
    args: Sequence[str] | None,
    prog_name: str | None,
    where: Callable[[], str] = lambda: "kanten",
    **extra: Any,
) -> NoReturn:
    """Run a Click command, turning every failure into one line on stderr and an exit code.

    This is the only place where exceptions meet exit codes; `KantenGroup.main` calls it, so
    the installed command and Typer's CliRunner behave the same.
    """
    if sys.stdout is None:  # started with stdout closed (`kanten >&-`)
        _fail(_("cannot write output: standard output is closed"), ExitCode.OUTPUT)
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            prepare_stream(stream)
    try:
        try:
            # Without standalone mode Click returns the code of a typer.Exit instead of raising it.
            returned = command(args=args, prog_name=prog_name or "kanten", standalone_mode=False, **extra)
        finally:
            sys.stdout.flush()
    except typer.Exit as done:
        raise SystemExit(done.exit_code) from None
    except (typer.Abort, KeyboardInterrupt):
        _fail(_("interrupted"), 130)
    except UnknownId as err:
        listed = _("{message}; `kanten facts` lists every id").format(message=err.message)
        _fail(err.message if err.hint else listed, err.code)
    except KantenError as err:
        _fail(err.message, err.code)
    except typer.TyperException as err:
        # Click's usage errors: one sentence, and where to look for help.
        code = getattr(err, "exit_code", ExitCode.USAGE)
        _fail(usage_message(err, code, where()), code)
    except (BrokenPipeError, ReaderStopped):
        # The reader stopped early (`kanten facts --json | head -1`): not an error.
        _quiet_stdout()
        raise SystemExit(ExitCode.OK) from None
    except OSError as err:
        _quiet_stdout()
        _fail(_("cannot write output: {reason}").format(reason=os_reason(err)), ExitCode.OUTPUT)
    except Exception as err:
        if os.environ.get("KANTEN_DEBUG"):
            raise
        _fail(
            _(
                "internal error ({error}); please report it with the command you ran. "
                "Set KANTEN_DEBUG=1 to see the traceback."
            ).format(error=f"{type(err).__name__}: {err}"),
            ExitCode.INTERNAL,
        )
    raise SystemExit(returned if isinstance(returned, int) else ExitCode.OK)


def usage_message(err: typer.TyperException, code: int, command_path: str = "kanten") -> str:
    """One of Click's errors as one sentence in kanten's words and language: 'no such option
    '--lan'; did you mean '--lang'? (see 'kanten facts --help')'; never pydantic's 'Value error, '.

    The Click inside Typer writes its errors as English literals, so each kind Click raises
    is said again here from the catalogue; one kanten does not know keeps Click's words."""
    try:
        text = _click_error(err)
    except Exception:  # an error Typer raises differently one day: its own words, never a traceback
        text = err.format_message()
    if code != ExitCode.USAGE:
        return text
    where = getattr(getattr(err, "ctx", None), "command_path", None) or command_path
    return see_help(text, where)


def see_help(message: str, command_path: str) -> str:
    """A usage error and where to read more."""
    return _("{message} (see '{command} --help')").format(message=message, command=command_path)


def _click_error(err: typer.TyperException) -> str:
    if isinstance(err, NoSuchOption):
        close = names.did_you_mean(err.option_name, err.possibilities or [])
        return _("no such option {option!r}{hint}").format(option=err.option_name, hint=close)
    param = getattr(err, "param", None)
    hint = getattr(err, "param_hint", None) or (param.get_error_hint() if param is not None else None)
    name = hint if isinstance(hint, str) else " / ".join(repr(h) for h in hint or [])
    if isinstance(err, MissingParameter):
        if (err.param_type or getattr(param, "param_type_name", "")) == "argument":
            return _("missing argument {name}").format(name=name)
        return _("missing option {name}").format(name=name)
    if isinstance(err, BadParameter) and name:
        return _bad_value(err, name)
    message = err.format_message()
    if isinstance(err, BadOptionUsage):
        if "does not take a value" in message:
            return _("option {option!r} takes no value").format(option=err.option_name)
        if "requires" in message:
            return _("option {option!r} needs a value").format(option=err.option_name)
    extra = _EXTRA.match(message)
    if extra:
        words = extra.group(1).split()
        return ngettext("unexpected extra argument {words}", "unexpected extra arguments {words}", len(words)).format(
            words=" ".join(repr(w) for w in words)
        )
    text = message.replace("Value error, ", "").rstrip(".")
    return text[:1].lower() + text[1:]


_EXTRA = re.compile(r"Got unexpected extra argument\(s\) \((.*)\)$")
_CHOICES = re.compile(r"is not one of (.*?)\.?$")


def _bad_value(err: BadParameter, name: str) -> str:
    """An option's value that Typer (with pydantic) could not take, said by what was wrong."""
    cause = err.__cause__
    errors = cause.errors() if cause is not None and hasattr(cause, "errors") else []
    if not errors:
        return _("invalid value for {name}: {reason}").format(name=name, reason=err.message.rstrip("."))
    value, kind = errors[0].get("input"), str(errors[0].get("type", ""))
    choices = _CHOICES.search(str(errors[0].get("msg", "")))
    if choices:
        return _("invalid value {value!r} for {name}; choose from: {choices}").format(
            value=value, name=name, choices=choices.group(1)
        )
    if kind.endswith(("float_parsing", "int_parsing", "float_type", "int_type")):
        return _("{name} takes a number, not {value!r}").format(name=name, value=value)
    return _("invalid value {value!r} for {name}").format(value=value, name=name)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def main() -> None:
    """The console script `kanten`."""
    _register_only_named(sys.argv[1:])
    app()


def _register_only_named(args: list[str]) -> None:
    """Keep only the commands that `args` names, so Typer builds one command, not all of them.

    Building every command's options costs more than running most commands. When no command is
    named (a bare `kanten`, `--help`, `--version`) or the shell asks for completions, all stay.
    """
    if any(key.endswith("_COMPLETE") for key in os.environ) or "help" in args:
        return
    named = [info for info in app.registered_commands if _command_name(info) in args]
    if named:
        app.registered_commands = named


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))
