"""Forgiving names: several values, any case, Danish role names, "did you mean" for every kind."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import Result

from kanten_cli.base import matching as names
from kanten_cli.base import translate
from kanten_cli.base.errors import ExitCode, UsageError
from kanten_cli.cli import choices
from kanten_cli.facts import model, vocabulary

Invoke = Callable[..., Result]


def as_json(result: Result) -> Any:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_vocabulary_matches_the_model() -> None:
    assert vocabulary.TOPICS == model.TOPICS
    assert vocabulary.KINDS == model.KINDS
    assert tuple(model.Role.__args__) == vocabulary.ROLES  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, []),
        ("a", ["a"]),
        ("a,b", ["a", "b"]),
        (["a,b", "c"], ["a", "b", "c"]),
        ([" a , ,b", "a"], ["a", "b"]),
    ],
)
def test_split_values(given: Any, expected: list[str]) -> None:
    assert names.split_values(given) == expected


def test_resolve_any_case_aliases_and_suggestions() -> None:
    assert names.resolve("RESULT", vocabulary.TOPICS, "topic") == "result"
    assert names.resolve("Samarbejdspartner", vocabulary.ROLES, "role", choices.role_aliases()) == "partner"
    assert (
        names.resolve("konsulent- og videnshus", vocabulary.ROLES, "role", choices.role_aliases()) == "knowledge-house"
    )
    with pytest.raises(UsageError, match=r"^unknown topic 'results'; did you mean 'result'\?$"):
        names.resolve("results", vocabulary.TOPICS, "topic")
    with pytest.raises(UsageError, match=r"^unknown kind 'zzz'; choose from: stated, context, target, derived$"):
        names.resolve("zzz", vocabulary.KINDS, "kind")


# --- filters -----------------------------------------------------------------------------------


def test_several_topics_comma_or_repeated_any_case(invoke: Invoke) -> None:
    comma = as_json(invoke("facts", "--topic", "result,target", "--json"))
    repeated = as_json(invoke("facts", "--topic", "Result", "--topic", "TARGET", "--json"))
    assert comma == repeated
    assert {r["topic"] for r in comma} == {"result", "target"}
    alone = as_json(invoke("facts", "--topic", "result", "--json")) + as_json(
        invoke("facts", "--topic", "target", "--json")
    )
    assert sorted(r["id"] for r in comma) == sorted(r["id"] for r in alone)


def test_several_kinds(invoke: Invoke) -> None:
    rows = as_json(invoke("facts", "--kind", "Derived,stated", "--json"))
    assert {r["kind"] for r in rows} == {"derived", "stated"}


def test_role_in_any_case_and_in_danish(invoke: Invoke) -> None:
    partners = as_json(invoke("partners", "--role", "partner", "--json"))
    assert "3f-lolland" in [r["id"] for r in partners]
    for spelling in ("Partner", "PARTNER", "samarbejdspartner", "Samarbejdspartner"):
        assert as_json(invoke("partners", "--role", spelling, "--json")) == partners
    houses = as_json(invoke("partners", "--role", "konsulent- og videnshus", "--json"))
    assert [r["id"] for r in houses] == ["lg-insight", "cabi"]


def test_danish_role_names_printed_are_accepted(invoke: Invoke) -> None:
    """Every role that `partners --lang da` prints can be given back to --role."""
    from kanten_cli.output.i18n import label

    rows = as_json(invoke("partners", "--json"))
    for role in {c["role"] for r in rows for c in r["roles"]}:
        translate.bind("da")
        printed = label(f"role.{role}")
        got = as_json(invoke("partners", "--role", printed, "--json", "--lang", "da"))
        assert got and all(role in [c["role"] for c in r["roles"]] for r in got)


def test_several_roles(invoke: Invoke) -> None:
    rows = as_json(invoke("partners", "--role", "funder,evaluator", "--json"))
    assert {c["role"] for r in rows for c in r["roles"]} >= {"funder", "evaluator"}
    assert "vive" in [r["id"] for r in rows] and "3f-lolland" not in [r["id"] for r in rows]


@pytest.mark.parametrize("ident", ["Cabi", "CABI", "Participants-Registered"])
def test_ids_in_any_case(invoke: Invoke, ident: str) -> None:
    (rec,) = as_json(invoke("show", ident, "--json"))
    assert rec["id"] == ident.lower()


# --- did you mean -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["partner"], ExitCode.USAGE, "no such command 'partner'; did you mean 'partners'? (see 'kanten --help')"),
        (["facts", "--topic", "results"], ExitCode.USAGE, "unknown topic 'results'; did you mean 'result'?"),
        (["facts", "--kind", "derive"], ExitCode.USAGE, "unknown kind of fact 'derive'; did you mean 'derived'?"),
        (["partners", "--role", "funders"], ExitCode.USAGE, "unknown role 'funders'; did you mean 'funder'?"),
        (["facts", "--fields", "id,vale"], ExitCode.USAGE, "unknown field 'vale'; did you mean 'value'?"),
        (["facts", "--sort", "valu"], ExitCode.USAGE, "unknown sort key 'valu'; did you mean 'value'?"),
        (
            ["show", "paid-work-peple"],
            ExitCode.NOT_FOUND,
            "no fact or organisation with id 'paid-work-peple'; did you mean 'paid-work-people' or 'paid-work-share'?",
        ),
        (
            ["facts", "--lan", "da"],
            ExitCode.USAGE,
            "no such option '--lan'; did you mean '--lang'? (see 'kanten facts --help')",
        ),
    ],
)
def test_did_you_mean(invoke: Invoke, args: list[str], code: int, message: str) -> None:
    result = invoke(*args)
    assert result.exit_code == code
    assert result.stderr == f"kanten: {message}\n"
    assert result.stdout == ""


def test_commands_in_any_case(invoke: Invoke) -> None:
    assert invoke("Partners", "--json").stdout == invoke("partners", "--json").stdout


@pytest.mark.parametrize(
    "args",
    [
        ["facts", "--format", "xml"],
        ["facts", "--lang", "fr"],
        ["show"],
        ["facts", "--topic"],
        ["timeline", "--since", "2019-13"],
    ],
)
def test_usage_errors_are_one_sentence(invoke: Invoke, args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == ExitCode.USAGE
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kanten: ")
    assert "Value error" not in result.stderr and "?;" not in result.stderr and "; see" not in result.stderr
    assert not lines[0][8].isupper()


def test_a_missing_option_value_points_at_the_command_help(invoke: Invoke) -> None:
    result = invoke("facts", "--topic")
    assert result.stderr == "kanten: option '--topic' needs a value (see 'kanten facts --help')\n"


def test_fields_in_any_case_in_every_format(invoke: Invoke) -> None:
    rows = as_json(invoke("facts", "--has-value", "--fields", "ID,Value", "--json"))
    assert rows and list(rows[0]) == ["id", "value"]
    table = invoke("facts", "--has-value", "--fields", "ID,Value").stdout
    assert "participants-registered" in table and "1,439 people" in table


# --- the words --lang da prints, typed back -----------------------------------------------------


@pytest.mark.parametrize("what", list(vocabulary.CHOICES))
def test_every_alias_names_one_choice_and_every_choice_its_own_id(what: str) -> None:
    aliases = choices.aliases(what)
    keyed: dict[str, set[str]] = {}
    for alias, target in aliases.items():
        keyed.setdefault(names.name_key(alias), set()).add(target)
    assert all(len(targets) == 1 for targets in keyed.values()), keyed
    for choice in vocabulary.CHOICES[what]:
        assert choices.resolve_name(choice.upper(), what) == choice
        assert choices.resolve_names(choice, what) == [choice]


def test_topic_kind_and_sort_key_as_danish_output_prints_them() -> None:
    from kanten_cli.output.i18n import label, topic_name

    for topic in vocabulary.TOPICS:
        translate.bind("da")
        assert choices.resolve_name(topic_name(topic), "topic") == topic
        assert choices.resolve_name(topic_name(topic).upper(), "topic") == topic
    for kind in vocabulary.KINDS:
        assert choices.resolve_name(label(f"kind.{kind}"), "kind") == kind
    for key in vocabulary.SORT_KEYS:
        assert choices.resolve_name(label(key), "sort key") == key
    assert choices.resolve_name("Resultat", "topic") == "result"  # the overview's heading
    assert choices.resolve_name("the article", "topic") == "article"
    assert choices.resolve_names("resultat,Mål", "topic") == ["result", "target"]


def test_danish_filters_and_sort_give_what_english_ones_do(invoke: Invoke) -> None:
    english = invoke("facts", "--topic", "result", "--kind", "stated", "--sort", "value", "--json")
    for lang in ("da", "en"):  # Danish names work whichever language is active
        danish = invoke("--lang", lang, "facts", "--topic", "resultat", "--kind", "oplyst", "--sort", "værdi", "--json")
        assert [r["id"] for r in as_json(danish)] == [r["id"] for r in as_json(english)]
    assert len(as_json(english)) > 1
    mixed = as_json(invoke("facts", "--kind", "AFLEDT", "--kind", "target", "--json"))
    assert {r["kind"] for r in mixed} == {"derived", "target"}


def test_danish_sort_keys_sort(invoke: Invoke) -> None:
    for english, danish in (("date", "Dato"), ("topic", "emne"), ("kind", "art"), ("id", "ID")):
        assert invoke("facts", "--sort", danish, "--json").stdout == invoke("facts", "--sort", english, "--json").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["facts", "--topic", "resulat"], "ukendt emne 'resulat'; mente du 'resultat'?"),
        (["facts", "--topic", "resultater"], "ukendt emne 'resultater'; mente du 'resultat'?"),
        (["facts", "--kind", "oplist"], "ukendt art 'oplist'; mente du 'oplyst'?"),
        (["facts", "--sort", "vardie"], "ukendt sorteringsnøgle 'vardie'; mente du 'værdi'?"),
        (["partners", "--role", "bevilingsgiver"], "ukendt rolle 'bevilingsgiver'; mente du 'bevillingsgiver'?"),
    ],
)
def test_did_you_mean_in_danish(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke("--lang", "da", *args)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == f"kanten: {message}\n"
