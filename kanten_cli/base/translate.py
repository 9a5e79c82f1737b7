"""The language of a run, chosen once, and kanten's words in it: GNU gettext, standard library only.

The language is chosen once per run (`choose`: --lang, then $KANTEN_LANG, then the locale's
LC_ALL, LC_MESSAGES or LANG) and bound once (`bind`) as a gettext translation object read
from `kanten_cli/locale/<lang>/LC_MESSAGES/kanten.mo`; every layer then asks this module
(`language()`, `_()`, ...) instead of being handed the language. Unbound, the first question
binds the language of the environment.

Marking a string a person reads (the README's "Languages" says how to update the catalogues):

    from kanten_cli.base.translate import N_, _, ngettext, pgettext

    _("no fact matches those filters")                       # a whole sentence, never pieces
    _("no such id {ident!r}").format(ident=ident)            # values by name, after translation
    ngettext("{count} organisation", "{count} organisations", n).format(count=n)
    pgettext("fact kind", "stated")                          # the same English word, another meaning
    HELP = N_("Only facts with a number.")                   # module level: marked now, translated
    translated(HELP)                                         # ... where it is shown

The English text is the message id: English needs no catalogue, and a message missing from
the Danish one shows in English rather than as a key (tests/test_catalogue.py keeps it complete).
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

Lang = Literal["da", "en"]
LANGS: tuple[Lang, ...] = ("da", "en")
ENV_LANG = "KANTEN_LANG"
DOMAIN = "kanten"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANG_OPTION = "--lang"

_bound: tuple[Lang, gettext.NullTranslations] | None = None


def from_environment(environ: Mapping[str, str] | None = None) -> Lang:
    """$KANTEN_LANG if it is da or en; else Danish when the locale is Danish; else English."""
    env = os.environ if environ is None else environ
    chosen = env.get(ENV_LANG, "").strip().lower()
    if chosen in LANGS:
        return "da" if chosen == "da" else "en"
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:  # the first one set decides, as for the C library
            return "da" if value.lower().startswith("da") else "en"
    return "en"


def from_arguments(args: Sequence[str]) -> Lang | None:
    """The language that `--lang da` / `--lang=da` names anywhere before `--`, or None; the last
    one when there are several (`kanten --lang da facts --lang en` is English: the command's
    option wins over the group's, as Click would have it).

    Read before Click parses anything, so that help and Click's own errors are in it too. A
    value that is not a language is left for Click to reject (in the language of the environment).
    """
    found: Lang | None = None
    for position, arg in enumerate(args):
        if arg == "--":
            break
        if arg == LANG_OPTION and position + 1 < len(args):
            value = args[position + 1]
        elif arg.startswith(LANG_OPTION + "="):
            value = arg.partition("=")[2]
        else:
            continue
        value = value.strip().lower()
        if value in LANGS:
            found = "da" if value == "da" else "en"
    return found


def choose(args: Sequence[str], environ: Mapping[str, str] | None = None) -> Lang:
    """The run's language: --lang in `args`, then $KANTEN_LANG, then the locale."""
    return from_arguments(args) or from_environment(environ)


def bind(lang: Lang) -> None:
    """Make `lang` the language every later question gets (once per run; tests bind again)."""
    global _bound
    _bound = (lang, for_language(lang))


def unbind() -> None:
    """Forget the bound language: the next question binds the environment's, as in a new run.
    (For tests, which run many commands in one process.)"""
    global _bound
    _bound = None


def for_language(lang: Lang) -> gettext.NullTranslations:
    """The catalogue of `lang`, whatever is bound: for the few places that read both languages
    (an option value typed in either)."""
    return gettext.translation(DOMAIN, str(LOCALE_DIR), languages=[lang], fallback=True)


def _current() -> tuple[Lang, gettext.NullTranslations]:
    if _bound is None:
        bind(from_environment())
    assert _bound is not None
    return _bound


def language() -> Lang:
    """The bound language: 'da' or 'en'."""
    return _current()[0]


def other_language() -> Lang:
    """The language that is not the run's: where a bilingual text's second version is shown."""
    return "en" if language() == "da" else "da"


def translation() -> gettext.NullTranslations:
    """The bound translation object (for code that hands gettext's functions to a library)."""
    return _current()[1]


def _(message: str) -> str:
    """`message` (English) in the bound language."""
    return _current()[1].gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form for `count` of a message with plural forms, as the catalogue's rule picks it."""
    return _current()[1].ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """`message` in the bound language, where `context` tells apart two meanings of one word."""
    return _current()[1].pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, count: int) -> str:
    """`ngettext` with a context."""
    return _current()[1].npgettext(context, singular, plural, count)


# Module-level text (Typer help, a table of labels) is built at import, before the language
# is bound: N_ marks it for extraction and remembers it, and `translated` translates it where it
# is shown. A value that is itself N_-marked text is translated too.
_DEFERRED: dict[str, tuple[str, dict[str, Any]]] = {}


def N_(message: str, **values: Any) -> str:
    """`message` marked for the catalogue but not translated yet: the English text, with `values`
    filled in by name; `translated()` of the result gives it in the bound language."""
    text = message.format(**values) if values else message
    _DEFERRED[text] = (message, values)
    return text


def NP_(context: str, message: str) -> str:
    """`message` with its context marked for the catalogue (a table of labels); the code that
    shows it asks `pgettext(context, message)`."""
    return message


def NNP_(context: str, singular: str, plural: str) -> tuple[str, str]:
    """A message with plural forms and a context, marked for the catalogue; shown with
    `npgettext(context, singular, plural, count)`."""
    return singular, plural


def marked(text: str) -> bool:
    """Whether `text` came from N_ (with its values filled in)."""
    return text in _DEFERRED


def message_id(text: str) -> str:
    """The catalogue message behind `text`: what N_ was given, or `text` itself."""
    return _DEFERRED.get(text, (text, {}))[0]


def translated(text: str) -> str:
    """Text that N_ marked (or any catalogue message id) in the bound language."""
    message, values = _DEFERRED.get(text, (text, {}))
    found = _(message) if message else message
    if not values:
        return found
    return found.format(**{key: translated(v) if isinstance(v, str) else v for key, v in values.items()})
