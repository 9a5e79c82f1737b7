"""The words of Typer and Click that a person reads, marked for kanten's catalogue.

Typer marks its own with gettext's default domain (`from gettext import gettext as _` in
typer/core.py), which picks its language from the environment, not from --lang: kanten hands
Typer its own translation instead (`helptext.translate_commands`). The Click that Typer 0.29
carries (typer._click) marks nothing: "Usage:", the --help option's help and its usage errors are
English literals, so kanten writes those itself (`helptext.write_usage`, `app.usage_message`).
tests/test_catalogue.py checks this list against Typer's source, so an upgrade that adds a
message fails until it is here and in the catalogues.
"""

from __future__ import annotations

from kanten_cli.base.translate import N_

TYPER_MESSAGES = (
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Arguments"),
    N_("Commands"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("Options"),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
)

# Words of Typer's and Click's that are English literals, translated where kanten shows them.
LITERALS = (
    N_("Usage:"),
    N_("[OPTIONS]"),
    N_("COMMAND [ARGS]..."),
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Install completion for the specified shell."),
    N_("Show completion for the specified shell, to copy it or customize the installation."),
)
