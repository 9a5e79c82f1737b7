"""Evaluate a derived fact's expression: arithmetic over the values of other facts.

An expression names facts in braces: `{participants-registered} * {paid-work-share}`,
and `months({measured-period})` counts the months of a dated fact. Nothing else is allowed,
so a data file can never run code.
"""

from __future__ import annotations

import ast
import functools
import operator
import re
from collections.abc import Callable, Mapping
from types import CodeType
from typing import Protocol

from kanten_cli.base.translate import _


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


_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.USub, ast.Constant, ast.Name, ast.Load, *_OPS)


class _Months(ast.NodeTransformer):
    """months(_0) -> _m_0: a name bound to the months of that fact."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        if (
            isinstance(node.func, ast.Name)
            and node.func.id == "months"
            and len(node.args) == 1
            and not node.keywords
            and isinstance(node.args[0], ast.Name)
        ):
            return ast.copy_location(ast.Name(id="_m" + node.args[0].id, ctx=ast.Load()), node)
        return node


@functools.lru_cache(maxsize=256)
def _compile(source: str) -> tuple[CodeType, frozenset[str]] | None:
    """The checked, compiled form of a normalised expression ("_0 * _1"), or None if not allowed.

    Only numbers, the inputs, + - * / and months() pass the check; then Python's own compiler
    does the arithmetic. Normalised sources repeat, so thousands of facts share a few of these.
    """
    try:
        tree = _Months().visit(ast.parse(source, mode="eval"))
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # also: too many digits, too deep
        return None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            return None
        if isinstance(node, ast.Constant) and (type(node.value) not in (int, float)):
            return None
    names = frozenset(n.id for n in ast.walk(tree) if isinstance(n, ast.Name))
    return compile(ast.fix_missing_locations(tree), "<expression>", "eval"), names


def _not_arithmetic(expression: str) -> FormulaError:
    message = _("the expression {expression!r} may use only numbers, + - * / and months()")
    return FormulaError(message.format(expression=expression))


def evaluate(expression: str, facts: Mapping[str, Dated], allowed: set[str]) -> float:
    """The value of `expression`, reading only the facts named in `allowed`."""
    names: dict[str, str] = {}

    def to_name(match: re.Match[str]) -> str:
        ident = match.group(1)
        if ident not in allowed:
            raise FormulaError(_("the expression names {ident!r}, which is not among the inputs").format(ident=ident))
        if ident not in facts:
            raise FormulaError(_("the expression names an unknown fact {ident!r}").format(ident=ident))
        return names.setdefault(ident, f"_{len(names)}")

    compiled = _compile(_REF.sub(to_name, expression))
    if compiled is None:
        raise _not_arithmetic(expression)
    code, used = compiled
    env: dict[str, object] = {"__builtins__": {}}
    for ident, name in names.items():
        fact = facts[ident]
        if name in used:
            if fact.value is None:
                raise FormulaError(_("the expression uses a fact that has no value"))
            env[name] = float(fact.value)
        if "_m" + name in used:
            if fact.date is None or fact.end_date is None:
                raise FormulaError(_("months() needs a fact with a date and an end_date"))
            env["_m" + name] = float(months_between(fact.date, fact.end_date))
    if not used <= env.keys():
        raise _not_arithmetic(expression)
    try:
        return float(eval(code, env))  # checked above: arithmetic over numbers only, no builtins
    except ZeroDivisionError:
        raise FormulaError(_("the expression divides by zero")) from None
