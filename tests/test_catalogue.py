"""The message catalogues: every marked string is in the Danish one, translated, and compiled.

The messages are extracted as `pybabel extract -F babel.cfg` extracts them (README
"Languages"), into memory, and compared with kanten_cli/locale/da/LC_MESSAGES/kanten.po.
"""

from __future__ import annotations

import gettext
import re
import string
from pathlib import Path
from typing import Any

import pytest
import typer.core
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from kanten_cli.base.translate import DOMAIN, LOCALE_DIR
from kanten_cli.cli.framework import TYPER_MESSAGES
from tests.conftest import ROOT

UPDATE = (
    "pybabel extract -F babel.cfg -o kanten_cli/locale/kanten.pot . && "
    "pybabel update -i kanten_cli/locale/kanten.pot -d kanten_cli/locale -D kanten --ignore-pot-creation-date"
)
COMPILE = "pybabel compile -d kanten_cli/locale -D kanten"
Key = tuple[str | None, str]  # (context, English message id)


def _key(message: Any, context: str | None) -> Key:
    return (context, message[0] if isinstance(message, tuple) else message)


@pytest.fixture(scope="module")
def extracted() -> dict[Key, Any]:
    """What pybabel extract finds: (context, id) -> the message (a tuple for plural forms)."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[Key, Any] = {}
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        found[_key(message, context)] = message
    return found


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read(po: Path) -> Catalog:
    with po.open("rb") as handle:
        return read_po(handle, locale=po.parent.parent.name, domain=DOMAIN)


@pytest.fixture(scope="module")
def danish() -> Catalog:
    return read(LOCALE_DIR / "da" / "LC_MESSAGES" / f"{DOMAIN}.po")


def _untranslated(message: Any) -> bool:
    forms = message.string if isinstance(message.string, tuple) else (message.string,)
    return not all(form.strip() for form in forms) or message.fuzzy


def test_extraction_finds_the_marked_strings(extracted: dict[Key, Any]) -> None:
    """The other side of the guards below: the extraction really sees kanten's messages."""
    assert (None, "Usage:") in extracted  # a _() call
    assert (None, "default: {default}") in extracted  # an N_() mark
    assert any(message.startswith("Every fact, one row each.") for _, message in extracted)  # a docstring


def test_every_message_is_in_the_danish_catalogue_and_translated(extracted: dict[Key, Any], danish: Catalog) -> None:
    missing = [key for key in extracted if danish.get(key[1], key[0]) is None]
    assert missing == [], f"not in the Danish catalogue (run {UPDATE}, then translate): {missing}"
    empty = [key for key in extracted if _untranslated(danish.get(key[1], key[0]))]
    assert empty == [], f"no Danish (or marked fuzzy) in kanten.po: {empty}"


def test_the_catalogues_hold_no_message_the_code_no_longer_has(extracted: dict[Key, Any]) -> None:
    for po in po_files():
        stale = [(m.context, _key(m.id, None)[1]) for m in read(po) if m.id and _key(m.id, m.context) not in extracted]
        assert stale == [], f"{po}: no longer in the code (run {UPDATE}): {stale}"
        assert not read(po).obsolete, f"{po}: remove the obsolete (#~) entries"


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_translations_keep_the_placeholders(danish: Catalog) -> None:
    for message in danish:
        if not message.id or not message.string:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        for form in forms:
            assert _fields(form) == _fields(ids[-1]) or _fields(form) == _fields(ids[0]), (message.id, form)


@pytest.mark.parametrize("po", po_files(), ids=lambda p: p.parent.parent.name)
def test_compiled_catalogue_is_the_po_file(po: Path) -> None:
    """The .mo that gettext reads says what the .po says (compiled by hatch_build.py, by
    pybabel compile, or by tests/conftest.py when it was older than the .po)."""
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo} missing: run {COMPILE} (or reinstall)"
    with mo.open("rb") as handle:
        compiled: dict[Any, str] = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    wanted: dict[Any, str] = {}
    for message in read(po):
        if not message.id or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        if message.context:
            msgid = f"{message.context}\x04{msgid}"
        if isinstance(message.string, tuple):
            wanted.update({(msgid, n): form for n, form in enumerate(message.string) if form})
        elif message.string:
            wanted[msgid] = message.string
    compiled = {key: value for key, value in compiled.items() if key != ""}
    assert compiled == wanted, f"{mo} is stale: run {COMPILE}"


def test_danish_plural_rule() -> None:
    header = read(LOCALE_DIR / "da" / "LC_MESSAGES" / f"{DOMAIN}.po").plural_forms
    assert header == "nplurals=2; plural=(n != 1);"


def test_typer_messages_are_listed() -> None:
    """Every message Typer marks with gettext is in framework.TYPER_MESSAGES (and so in the catalogues)."""
    source = Path(typer.core.__file__).read_text(encoding="utf-8")
    marked = set(re.findall(r'\b_\("((?:[^"\\]|\\.)*)"\)', source))
    assert marked == set(TYPER_MESSAGES)
