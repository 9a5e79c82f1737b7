"""Evaluate a derived fact's expression: arithmetic over the values of other facts.

An expression names facts in braces: `{participants-registered} * {paid-work-share}`,
and `months({measured-period})` counts the months of a dated fact. Nothing else is allowed,
so a data file can never run code.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable, Mapping
from typing import Protocol


class FormulaError(ValueError):
    """An expression that cannot be evaluated."""


class Dated(Protocol):
    @property
    def value(self) -> float | int | None: ...
    @property
    def date(self) -> str | None: ...
    @property
    def end_date(self) -> str | None: ...


_REF = re.compile(r"\{([a-z0-9-]+)\}")
_OPS: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}


def references(expression: str) -> list[str]:
    """The fact ids an expression names, in order."""
    return _REF.findall(expression)


def months_between(start: str, end: str) -> int:
    """Whole months from start to end, both counted: 2018-08 .. 2021-12 is 41."""
    y1, m1 = int(start[:4]), int(start[5:7]) if len(start) > 4 else 1
    y2, m2 = int(end[:4]), int(end[5:7]) if len(end) > 4 else 12
    return (y2 - y1) * 12 + (m2 - m1) + 1


def evaluate(expression: str, facts: Mapping[str, Dated], allowed: set[str]) -> float:
    """The value of `expression`, reading only the facts named in `allowed`."""
    names: dict[str, str] = {}

    def to_name(match: re.Match[str]) -> str:
        ident = match.group(1)
        if ident not in allowed:
            raise FormulaError(f"expression names {ident!r}, which is not among the inputs")
        if ident not in facts:
            raise FormulaError(f"expression names unknown fact {ident!r}")
        return names.setdefault(ident, f"_{len(names)}")

    source = _REF.sub(to_name, expression)
    by_name = {v: facts[k] for k, v in names.items()}
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError:
        raise FormulaError(f"cannot parse expression {expression!r}") from None

    def value_of(node: ast.AST) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            return float(node.value)
        if isinstance(node, ast.Name) and node.id in by_name:
            val = by_name[node.id].value
            if val is None:
                raise FormulaError("expression uses a fact that has no value")
            return float(val)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            try:
                return _OPS[type(node.op)](value_of(node.left), value_of(node.right))
            except ZeroDivisionError:
                raise FormulaError("expression divides by zero") from None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -value_of(node.operand)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "months"
            and len(node.args) == 1
            and not node.keywords
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in by_name
        ):
            fact = by_name[node.args[0].id]
            if fact.date is None or fact.end_date is None:
                raise FormulaError("months() needs a fact with a date and an end_date")
            return float(months_between(fact.date, fact.end_date))
        raise FormulaError(f"expression {expression!r} may use only numbers, + - * /, and months()")

    return value_of(tree.body)
