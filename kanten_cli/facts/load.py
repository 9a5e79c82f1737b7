"""File -> validated Project. Every failure becomes a DataError naming the file and place."""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from kanten_cli.base.errors import DataError, os_reason
from kanten_cli.base.translate import N_, _, pgettext, translated
from kanten_cli.facts.model import Fact, Location, Organisation, Project, ProjectInfo, Source, integrity_problems

ENV_DATA = "KANTEN_DATA"
STDIN = "-"  # --data - : the fact base comes on standard input
MAX_BYTES = 64 * 1024 * 1024  # far beyond any real project; keeps memory bounded


def embedded_path() -> Path:
    """Where the embedded fact base is: inside the installed package, else in the checkout.

    A wheel carries it as kanten_cli/data/project.json; an editable install or a source
    checkout reads the repository's data/project.json directly, so it never goes stale.
    """
    package = Path(__file__).resolve().parent.parent  # kanten_cli/
    packaged = package / "data" / "project.json"
    if packaged.is_file():
        return packaged
    return package.parent / "data" / "project.json"


def data_path(option: str | None) -> Path:
    """The file to read: --data, else $KANTEN_DATA, else the embedded one (`-`: standard input)."""
    chosen = option or os.environ.get(ENV_DATA) or None
    return Path(chosen) if chosen else embedded_path()


def display_name(path: Path) -> str:
    """How messages name the file: its path, or "standard input"."""
    return _("standard input") if str(path) == STDIN else str(path)


_stdin_bytes: bytes | None = None  # standard input can be read once; a second load gets the same


def _read_stdin() -> bytes:
    global _stdin_bytes
    if _stdin_bytes is None:
        _stdin_bytes = sys.stdin.buffer.read(MAX_BYTES + 1)
    return _stdin_bytes


def format_location(loc: Location) -> str:
    """('facts', 12, 'source') -> 'facts[12].source'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or _("(top level)")


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a DataError that says why not."""
    if str(path) == STDIN:
        data = _read_stdin()
        if len(data) > MAX_BYTES:
            raise DataError(display_name(path), [f"larger than {MAX_BYTES // (1024 * 1024)} MiB"])
        return data
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataError(str(path), [_("no such file")]) from None
    except IsADirectoryError:
        raise DataError(str(path), [_("is a directory, not a file")]) from None
    except PermissionError:
        raise DataError(str(path), [_("permission denied")]) from None
    except OSError as err:
        raise DataError(str(path), [_("cannot read: {reason}").format(reason=os_reason(err))]) from None
    if len(data) > MAX_BYTES:
        raise DataError(str(path), [_("larger than {size} MiB").format(size=MAX_BYTES // (1024 * 1024))])
    return data


def parse(data: bytes, name: str) -> Project:
    """Validate the bytes of a project file; `name` is used in messages.

    A valid file goes straight through pydantic's JSON parser, with the garbage collector
    paused while it builds the objects (collections there cost as much as the parsing and
    find nothing). A file that fails is read again the slow way, with Python's own JSON
    parser, which gives the clearer messages, each with its place.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        raise DataError(name, [_("starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")])
    if not data.strip():
        raise DataError(name, [_("is empty")])
    collecting = gc.isenabled()
    gc.disable()
    project: Project | None = None
    try:
        project = Project.model_validate_json(data)
    except (ValidationError, RecursionError):
        pass
    finally:
        if project is not None:
            gc.freeze()  # the project lives as long as the process: never scan it again
        if collecting:
            gc.enable()
    if project is None:
        project = _parse_slowly(data, name)
    problems = integrity_problems(project)
    if problems:
        raise DataError(name, [f"{format_location(loc)}: {msg}" for loc, msg in problems])
    return project


def _parse_slowly(data: bytes, name: str) -> Project:
    """Parse and validate step by step, to say exactly what is wrong and where."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(name, [_("not valid UTF-8 at byte {position}").format(position=err.start)]) from None
    try:
        raw = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        raise DataError(
            name,
            [
                _("line {line} column {column}: not valid JSON ({reason})").format(
                    line=err.lineno, column=err.colno, reason=_json_reason(err.msg)
                )
            ],
        ) from None
    except (ValueError, RecursionError) as err:
        raise DataError(name, [_plain(err)]) from None
    if _SURROGATE_ESCAPE.search(text):
        where = _lone_surrogate(raw, ())
        if where is not None:
            raise DataError(
                name, [_("{place}: contains a lone UTF-16 surrogate escape").format(place=format_location(where))]
            )
    try:
        # JSON mode, as on the fast path: in strict Python mode a dict is not a dataclass.
        return Project.model_validate_json(data)
    except ValidationError as err:
        problems = [(_place(e), _describe(e)) for e in err.errors(include_url=False)]
    # Tell all: the cross-record problems among the records that did pass, in the same run.
    parts = _valid_parts(raw)
    if parts is not None:
        project, positions, invalid = parts
        found = integrity_problems(project, positions, invalid)
        problems += [(loc, f"{format_location(loc)}: {msg}") for loc, msg in found]
    problems.sort(key=lambda problem: _order(problem[0]))
    raise DataError(name, [text for _, text in problems])


_LISTS: tuple[tuple[str, type], ...] = (("sources", Source), ("organisations", Organisation), ("facts", Fact))
_SECTIONS = ("schema_version", "project", "sources", "organisations", "facts")


def _order(loc: Location) -> tuple[int, int]:
    """File order, near enough: the section, then the record's position in it."""
    head = loc[0] if loc else ""
    section = _SECTIONS.index(head) if head in _SECTIONS else len(_SECTIONS)
    return section, loc[1] if len(loc) > 1 and isinstance(loc[1], int) else -1


def _valid_parts(raw: Any) -> tuple[Project, dict[str, list[int]], frozenset[str]] | None:
    """The records of a file that failed its schema which pass it on their own: as a project
    (unvalidated as a whole), each record's position in the file, and the ids of the others."""
    if not isinstance(raw, dict):
        return None
    kept: dict[str, list[Any]] = {}
    positions: dict[str, list[int]] = {}
    invalid: set[str] = set()
    for name, kind in _LISTS:
        items = raw.get(name)
        items = items if isinstance(items, list) else []
        adapter: TypeAdapter[list[Any]] = TypeAdapter(list[kind])  # type: ignore[valid-type]
        try:
            adapter.validate_json(json.dumps(items))
            bad: set[int] = set()
        except ValidationError as err:  # one pass finds every failing record ...
            bad = {e["loc"][0] for e in err.errors() if e["loc"] and isinstance(e["loc"][0], int)}
        positions[name] = [i for i in range(len(items)) if i not in bad]
        # ... and one more builds the others
        kept[name] = adapter.validate_json(json.dumps([items[i] for i in positions[name]]))
        invalid.update(
            items[i]["id"] for i in bad if isinstance(items[i], dict) and isinstance(items[i].get("id"), str)
        )
    try:
        info: ProjectInfo | None = ProjectInfo.model_validate_json(json.dumps(raw.get("project")))
    except ValidationError:
        info = None
    # Not validated as a whole (it failed): `project` is None when the project's own record failed.
    project = Project.model_construct(
        schema_version=1,
        project=info,  # type: ignore[arg-type]
        sources=kept["sources"],
        organisations=kept["organisations"],
        facts=kept["facts"],
    )
    return project, positions, frozenset(invalid)


def load(option: str | None = None) -> tuple[Project, Path]:
    """The validated project from --data, $KANTEN_DATA or the embedded file."""
    path = data_path(option)
    return parse(read_bytes(path), display_name(path)), path


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def _lone_surrogate(value: object, loc: Location) -> Location | None:
    """Where a string holds half a surrogate pair ("\\ud800"), which no output can encode."""
    if isinstance(value, str):
        return None if not any("\ud800" <= c <= "\udfff" for c in value) else loc
    if isinstance(value, dict):
        items: list[tuple[str | int, object]] = list(value.items())
    elif isinstance(value, list):
        items = list(enumerate(value))
    else:
        return None
    for key, inner in items:
        if isinstance(key, str) and any("\ud800" <= c <= "\udfff" for c in key):
            return (*loc, key)
        found = _lone_surrogate(inner, (*loc, key))
        if found is not None:
            return found
    return None


# The json module's reasons in the run's language: the message ids are its own English words,
# so English reads as before (another reason is shown as it is).
_JSON_REASONS = frozenset(
    (
        N_("Expecting value"),
        N_("Expecting property name enclosed in double quotes"),
        N_("Expecting ',' delimiter"),
        N_("Expecting ':' delimiter"),
        N_("Unterminated string starting at"),
        N_("Invalid control character at"),
        N_("Invalid \\escape"),
        N_("Invalid \\uXXXX escape"),
        N_("Extra data"),
        N_("Illegal trailing comma before end of object"),
        N_("Illegal trailing comma before end of array"),
    )
)


def _json_reason(msg: str) -> str:
    return translated(msg) if msg in _JSON_REASONS else msg


def _reject_constant(name: str) -> None:
    raise ValueError(_("{name} is not a number JSON allows").format(name=name))


def _plain(err: BaseException) -> str:
    if isinstance(err, RecursionError):
        return _("nested too deeply")
    return _("not valid JSON ({reason})").format(reason=err)


# Dataclass records and models word the same problem differently; say it one way.
_MESSAGES = {
    "unexpected_keyword_argument": N_("unknown key (not allowed here)"),
    "extra_forbidden": N_("unknown key (not allowed here)"),
    "missing_argument": N_("Field required"),
}
# pydantic's most common messages, in its words: marked here, so the catalogue says them in Danish.
PYDANTIC_MESSAGES = (
    N_("Field required"),
    N_("Input should be a valid array"),
    N_("Input should be a valid list"),
    N_("Input should be a valid string"),
    N_("Input should be a valid integer"),
    N_("Input should be a valid number"),
    N_("Input should be a valid boolean"),
    N_("Input should be an object"),
    N_("Input should be a valid dictionary"),
    N_("String should have at least 1 character"),
)


def _place(error: object) -> Location:
    return tuple(p for p in dict(error)["loc"] if not _is_union_tag(p))  # type: ignore[call-overload]


def _describe(error: object) -> str:
    err = dict(error)  # type: ignore[call-overload]
    loc = format_location(_place(error))
    # a validator's ValueError reads 'Value error, value and unit go together': say only the why
    if err["type"] == "literal_error":
        expected = str((err.get("ctx") or {}).get("expected", "")).replace(" or ", " " + pgettext("list", "or") + " ")
        return f"{loc}: " + _("Input should be {expected}").format(expected=expected)
    message = translated(_MESSAGES.get(err["type"], str(err["msg"]).removeprefix("Value error, ")))
    return f"{loc}: {message}"


def _is_union_tag(part: object) -> bool:
    # pydantic names the union member it tried ('float', 'int', 'str'...) inside the location.
    return isinstance(part, str) and part in {"float", "int", "str", "none", "function-after[_fits_its_kind()]"}
