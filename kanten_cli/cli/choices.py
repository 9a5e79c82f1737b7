"""Option values a person types in either language: topics, kinds, roles and sort keys as
`--lang da` or `--lang en` prints them, resolved to the names of the vocabulary."""

from __future__ import annotations

from collections.abc import Iterable

from kanten_cli.base.matching import resolve, resolve_all
from kanten_cli.base.translate import N_, language
from kanten_cli.facts.vocabulary import CHOICES, LANGS, Lang


def _shown(what: str, name: str, typed_in: Lang) -> list[str]:
    """The words `--lang typed_in` prints for the name `name` of `what`: a table's cell first."""
    from kanten_cli.output.i18n import label, topic_name

    if what == "topic":  # a table's cell, and the overview's heading
        return [topic_name(name, in_language=typed_in), label(f"topic.{name}", in_language=typed_in)]
    if what == "sort key":  # the column heading
        return [label(name, in_language=typed_in)]
    return [label(f"{what}.{name}", in_language=typed_in)]


def aliases(what: str) -> dict[str, str]:
    """Each name of `what` ('topic', 'kind', 'role' or 'sort key') as `--lang da` and `--lang en`
    print it -> the name ('resultat' -> 'result', 'værdi' -> 'value'), so a person can type
    back the word a table showed them."""
    return {
        word.lower(): name
        for name in CHOICES[what]
        for typed_in in LANGS
        for word in _shown(what, name, typed_in)
        if not word.startswith(f"{what}.")  # no label defined
    }


def listed(what: str) -> list[str] | None:
    """The names an error lists for `what` under --lang da: the Danish words the tables print
    ('resultat', 'værdi'); None in English, where the vocabulary's own names are those words."""
    if language() != "da":
        return None
    return [_shown(what, name, "da")[0].lower() for name in CHOICES[what]]


# What an error calls each: "unknown topic 'x'; did you mean ...".
NAMES: dict[str, str] = {
    "topic": N_("topic"),
    "kind": N_("kind of fact"),
    "role": N_("role"),
    "sort key": N_("sort key"),
}


def role_aliases() -> dict[str, str]:
    """Each role's name as `--lang da` and `--lang en` print it -> the role."""
    return aliases("role")


def resolve_names(values: str | Iterable[str] | None, what: str) -> list[str] | None:
    """`resolve_all` for one of the CHOICES, in English or Danish ('resultat,target' ->
    ['result', 'target'])."""
    return resolve_all(values, CHOICES[what], NAMES[what], aliases(what), listed(what))


def resolve_name(value: str, what: str) -> str:
    """`resolve` for one of the CHOICES, in English or Danish ('Værdi' -> 'value')."""
    return resolve(value, CHOICES[what], NAMES[what], aliases(what), listed=listed(what))
