"""Matching what a person types to the names kanten knows, and folding text for matching.

Ids, topics, kinds, roles, fields and commands are all matched the same way: case does not
matter, a value may have aliases (the Danish role names), several values may be given at once
(`result,target` or a repeated option), and a name that matches nothing gets a "did you mean"
with the closest one or two. Standard library only: help and completion import it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from kanten_cli.base.errors import KantenError, UsageError
from kanten_cli.base.translate import _, translated

# --- folding -----------------------------------------------------------------------------------

_DIGIT_GROUP = re.compile(r"(\d)[.,\u00a0\u202f ](?=\d{3}(?!\d))")
_NAME_GAPS = re.compile(r"[\s_-]+")
_LETTERS = (("æ", "ae"), ("ø", "oe"), ("å", "aa"), ("ß", "ss"))
# The same letters, both cases, spelled out before lower-casing: each spelling lower-cases to what
# the lower-cased letter is spelled as, and is cased as the letter is, so the result is the same;
# but a Danish text is then often all ASCII, which str.lower() handles several times faster.
_EARLY = (("Æ", "AE"), ("æ", "ae"), ("Ø", "OE"), ("ø", "oe"), ("Å", "AA"), ("å", "aa"), ("ß", "ss"))
_PAIRS = (("ae", "a"), ("oe", "o"), ("aa", "a"))
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Text folded for matching: case, accents and Danish letters (ø = oe = o), digit groups."""
    if _DIGIT_GROUP.search(text) is not None:  # searching first is cheap; most texts have no group
        text = _DIGIT_GROUP.sub(r"\1", text)
    return fold_letters(text)


def fold_letters(text: str) -> str:
    """Case, accents and Danish letters folded; digit groups left as they are."""
    # Chained str.replace: one C pass each, many times faster than str.translate with a dict;
    # each only when needed, as the text may be all of a large file's text at once.
    if not text.isascii():
        for letter, spelled in _EARLY:
            if letter in text:
                text = text.replace(letter, spelled)
    text = text.lower()
    for letter, spelled in _LETTERS:
        if letter in text:
            text = text.replace(letter, spelled)
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    for pair, letter in _PAIRS:
        if pair in text:
            text = text.replace(pair, letter)
    return text


def name_key(name: str) -> str:
    """A name as compared: folded, with runs of spaces, hyphens and underscores as one hyphen."""
    return _NAME_GAPS.sub("-", fold(name.strip())).strip("-")


# --- values -----------------------------------------------------------------------------------


def split_values(values: str | Iterable[str] | None) -> list[str]:
    """'a,b' and repeated options alike -> ['a', 'b']; blanks dropped, order kept, once each."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    parts = (part.strip() for value in values for part in value.split(","))
    return list(dict.fromkeys(part for part in parts if part))


def closest(word: str, choices: Iterable[str], n: int = 2) -> list[str]:
    """The one or two choices nearest to `word` (difflib), compared as name keys; else any that
    start with it or contain it."""
    import difflib  # only on an error path

    keyed: dict[str, str] = {}
    for choice in choices:
        keyed.setdefault(name_key(choice), choice)
    key = name_key(word)
    found = difflib.get_close_matches(key, list(keyed), n=n, cutoff=0.6)
    if not found and key:
        found = [k for k in keyed if k.startswith(key)][:n] or [k for k in keyed if key in k][:n]
    return [keyed[k] for k in found]


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """ "; did you mean 'x'?" or "; did you mean 'x' or 'y'?", or "" when nothing is close."""
    close = closest(word, choices)
    if not close:
        return ""
    return _("; did you mean {names}?").format(names=either(close))


def either(names: Sequence[str]) -> str:
    """ "'x'" or "'x' or 'y'": one or two names, quoted, as a "did you mean" gives them."""
    if len(names) == 1:
        return repr(names[0])
    return _("{first} or {second}").format(first=", ".join(repr(n) for n in names[:-1]), second=repr(names[-1]))


def resolve(
    value: str,
    choices: Sequence[str],
    what: str,
    aliases: Mapping[str, str] | None = None,
    error: type[KantenError] = UsageError,
    listed: Sequence[str] | None = None,
) -> str:
    """The choice `value` names, whatever its case (or an alias of it); otherwise `error` with a
    "did you mean", or the list of choices when none is close (`listed`: the names to list
    instead, as the reader's language prints them).

    `what` names the kind of thing ('topic'), marked with N_ where it is defined.
    """
    known = {name_key(c): c for c in choices}
    for alias, target in (aliases or {}).items():
        known.setdefault(name_key(alias), target)
    found = known.get(name_key(value))
    if found is not None:
        return found
    # the nearest names, in either language, but one per choice ('resultat' or 'result' is one)
    close = closest(value, [*choices, *(aliases or {})], n=4)
    by_choice = {known[name_key(c)]: c for c in reversed(close)}
    close = [c for c in close if c in by_choice.values()][:2]
    if close:
        raise error(
            _("unknown {what} {value!r}; did you mean {names}?").format(
                what=translated(what), value=value, names=either(close)
            )
        )
    raise error(
        _("unknown {what} {value!r}; choose from: {names}").format(
            what=translated(what), value=value, names=", ".join(listed or choices)
        )
    )


def resolve_all(
    values: str | Iterable[str] | None,
    choices: Sequence[str],
    what: str,
    aliases: Mapping[str, str] | None = None,
    listed: Sequence[str] | None = None,
) -> list[str] | None:
    """Every value of a comma-separated or repeated option resolved; None when none was given."""
    given = split_values(values)
    if not given:
        return None
    return list(dict.fromkeys(resolve(v, choices, what, aliases, listed=listed) for v in given))
