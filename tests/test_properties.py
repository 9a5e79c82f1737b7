"""Property-based: any text survives JSON and never breaks a table; no mutation of the real file
produces anything but a DataError."""

from __future__ import annotations

import copy
import io
import json
import os
import random
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kanten_cli.base.errors import DataError
from kanten_cli.facts.load import parse
from kanten_cli.output import views
from kanten_cli.output.emit import emit
from kanten_cli.output.table.draw import draw
from kanten_cli.query import index as query
from tests.conftest import ROOT, minimal

REAL = (ROOT / "data" / "project.json").read_bytes()
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Any Unicode scalar value but a lone surrogate (which JSON text can carry but no output can encode).
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60)

TEXT_PATHS = [
    ("organisations", 0, "name"),
    ("organisations", 0, "kind", "en"),
    ("facts", 0, "text", "en"),
    ("facts", 0, "text", "da"),
    ("facts", 0, "quote"),
    ("facts", 3, "caveat", "en"),
    ("sources", 0, "title"),
]


def put(data: dict[str, Any], path: tuple[Any, ...], value: str) -> None:
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(texts, min_size=len(TEXT_PATHS), max_size=len(TEXT_PATHS)),
    width=st.integers(min_value=20, max_value=250),
)
def test_any_text_round_trips_through_json_and_draws(values: list[str], width: int) -> None:
    data = minimal()
    for path, value in zip(TEXT_PATHS, values, strict=True):
        put(data, path, value)
    project = parse(json.dumps(data, ensure_ascii=False).encode("utf-8"), "p.json")
    index = query.Index(project)
    rows = query.partners(index)
    out = io.StringIO()
    emit(rows, "json", views.PARTNERS, out)
    assert json.loads(out.getvalue())[0]["name"] == values[0]
    facts = query.facts(index)
    out = io.StringIO()
    emit(facts, "jsonl", views.FACTS, out)
    first = json.loads(out.getvalue().splitlines()[0])
    assert (first["text"], first["quote"]) == (values[2], values[4])
    for rows_, view in (
        (rows, views.PARTNERS),
        (facts, views.FACTS),
        (query.sources(index), views.SOURCES_VIEW),
        ([query.show(index, "half-count")], views.SHOW),
    ):
        table = io.StringIO()
        os.environ["COLUMNS"] = str(width)  # Rich reads the width from here
        try:
            draw(rows_, view, table, None)
        finally:
            del os.environ["COLUMNS"]
        assert not RAW_CONTROL.search(table.getvalue())


def mutate(data: Any, rng: random.Random) -> Any:
    """Delete a key, change a value's type, or drop a list item somewhere in the tree."""
    data = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        node: Any = data
        for _depth in range(rng.randint(0, 4)):
            children = list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []
            children = [c for c in children if isinstance(c, (dict, list)) and c]
            if not children:
                break
            node = rng.choice(children)
        if isinstance(node, dict) and node:
            key = rng.choice(list(node))
            action = rng.choice(["delete", "retype", "rename"])
            if action == "delete":
                del node[key]
            elif action == "rename":
                node[key + "x"] = node.pop(key)
            else:
                node[key] = rng.choice([None, 0, -1.5, True, "", "x", [], {}, [1], {"a": 1}, "9" * 50])
        elif isinstance(node, list) and node:
            if rng.random() < 0.5:
                node.pop(rng.randrange(len(node)))
            else:
                node[rng.randrange(len(node))] = rng.choice([None, 1, "s", [], {}])
    return data


@settings(max_examples=200, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_mutations_of_the_real_file_only_raise_data_errors(seed: int) -> None:
    rng = random.Random(seed)
    broken = mutate(json.loads(REAL), rng)
    try:
        project = parse(json.dumps(broken, ensure_ascii=False).encode("utf-8"), "m.json")
    except DataError as err:
        assert err.message.startswith("m.json: ")
        assert all(isinstance(p, str) and p for p in err.problems)
        return
    index = query.Index(project)  # a harmless mutation: everything still works
    out = io.StringIO()
    emit(query.results(index), "json", views.FACT_SECTIONS, out)
    json.loads(out.getvalue())


@settings(max_examples=200, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(REAL)))
def test_the_real_file_cut_anywhere_is_a_data_error(cut: int) -> None:
    try:
        parse(REAL[:cut], "cut.json")
    except DataError as err:
        assert err.message.startswith("cut.json: ")
    else:
        assert cut >= len(REAL.rstrip())
