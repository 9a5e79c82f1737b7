"""File -> validated Project. Every failure becomes a DataError naming the file and place."""

from __future__ import annotations

import gc
import json
import os
import re
from pathlib import Path

from pydantic import ValidationError

from kanten_cli.base.errors import DataError
from kanten_cli.facts.model import Location, Project, integrity_problems

ENV_DATA = "KANTEN_DATA"
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
    """The file to read: --data, else $KANTEN_DATA, else the embedded one."""
    chosen = option or os.environ.get(ENV_DATA) or None
    return Path(chosen) if chosen else embedded_path()


def format_location(loc: Location) -> str:
    """('facts', 12, 'source') -> 'facts[12].source'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(top level)"


def read_bytes(path: Path) -> bytes:
    """The file's bytes, or a DataError that says why not."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise DataError(str(path), ["no such file"]) from None
    except IsADirectoryError:
        raise DataError(str(path), ["is a directory, not a file"]) from None
    except PermissionError:
        raise DataError(str(path), ["permission denied"]) from None
    except OSError as err:
        raise DataError(str(path), [f"cannot read: {err.strerror or err}"]) from None
    if len(data) > MAX_BYTES:
        raise DataError(str(path), [f"larger than {MAX_BYTES // (1024 * 1024)} MiB"])
    return data


def parse(data: bytes, name: str) -> Project:
    """Validate the bytes of a project file; `name` is used in messages.

    A valid file goes straight through pydantic's JSON parser, with the garbage collector
    paused while it builds the objects (collections there cost as much as the parsing and
    find nothing). A file that fails is read again the slow way, with Python's own JSON
    parser, which gives the clearer messages, each with its place.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        raise DataError(name, ["starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM"])
    if not data.strip():
        raise DataError(name, ["is empty"])
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
        raise DataError(name, [f"not valid UTF-8 at byte {err.start}"]) from None
    try:
        raw = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        raise DataError(name, [f"line {err.lineno} column {err.colno}: not valid JSON ({err.msg})"]) from None
    except (ValueError, RecursionError) as err:
        raise DataError(name, [_plain(err)]) from None
    if _SURROGATE_ESCAPE.search(text):
        where = _lone_surrogate(raw, ())
        if where is not None:
            raise DataError(name, [f"{format_location(where)}: contains a lone UTF-16 surrogate escape"])
    try:
        # JSON mode, as on the fast path: in strict Python mode a dict is not a dataclass.
        return Project.model_validate_json(data)
    except ValidationError as err:
        raise DataError(name, [_describe(e) for e in err.errors(include_url=False)]) from None


def load(option: str | None = None) -> tuple[Project, Path]:
    """The validated project from --data, $KANTEN_DATA or the embedded file."""
    path = data_path(option)
    return parse(read_bytes(path), str(path)), path


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


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number JSON allows")


def _plain(err: BaseException) -> str:
    if isinstance(err, RecursionError):
        return "nested too deeply"
    return f"not valid JSON ({err})"


# Dataclass records and models word the same problem differently; say it one way.
_MESSAGES = {
    "unexpected_keyword_argument": "unknown key (not allowed here)",
    "extra_forbidden": "unknown key (not allowed here)",
    "missing_argument": "Field required",
}


def _describe(error: object) -> str:
    err = dict(error)  # type: ignore[call-overload]
    loc = format_location(tuple(p for p in err["loc"] if not _is_union_tag(p)))
    # a validator's ValueError reads 'Value error, value and unit go together': say only the why
    message = _MESSAGES.get(err["type"], err["msg"]).removeprefix("Value error, ")
    return f"{loc}: {message}"


def _is_union_tag(part: object) -> bool:
    # pydantic names the union member it tried ('float', 'int', 'str'...) inside the location.
    return isinstance(part, str) and part in {"float", "int", "str", "none", "function-after[_fits_its_kind()]"}
