"""Message extraction for `pybabel extract` (babel.cfg): gettext calls, and command docstrings.

A Typer command's docstring is its help, so its paragraphs are catalogue messages, cut as
`helptext.help_messages` cuts them where help is shown. A command is a public function at the
top of a module in `kanten_cli/cli/commands/` (app.py registers them), or one decorated with
Typer's `.command()` or `.callback()`. Used only when the catalogues are
updated (and by tests/test_catalogue.py); kanten itself never imports it, nor Babel.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from kanten_cli.cli.helptext import help_messages

# What Typer reads as a command's help: the docstring of a function it registers.
_REGISTERS = {"command", "callback"}


def python_and_help(
    fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str], options: Any
) -> Iterator[tuple[Any, ...]]:
    """Babel's Python extraction, then each paragraph run of each command's docstring, as
    (line, function, message, comments)."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
    tree = ast.parse(source)
    in_commands = "/cli/commands/" in getattr(fileobj, "name", "").replace("\\", "/")
    top = {id(node) for node in tree.body if in_commands and isinstance(node, ast.FunctionDef)}
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        if (id(node) in top and not node.name.startswith("_")) or _registered(node):
            doc = ast.get_docstring(node, clean=False)
            if doc:
                for message in help_messages(inspect.cleandoc(doc)):
                    yield node.lineno, None, message, [f"help of the command {node.name!r}"]


def _registered(node: ast.FunctionDef) -> bool:
    for decorator in node.decorator_list:
        call = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(call, ast.Attribute) and call.attr in _REGISTERS:
            return True
    return False
