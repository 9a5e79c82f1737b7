"""Build hook: compile each message catalogue (kanten_cli/locale/*/LC_MESSAGES/kanten.po) to the
.mo file gettext reads, next to it, for a wheel and an editable install alike.

The .mo files are build products, not sources: they are not in git (.gitignore), the wheel
carries them (`artifacts` in pyproject.toml), and an editable install finds them in the
checkout. After editing a .po file, `pybabel compile -d kanten_cli/locale -D kanten` (or a
reinstall) brings the .mo up to date; tests/test_catalogue.py fails while it is stale.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        for po in sorted(Path(self.root, "kanten_cli", "locale").glob("*/LC_MESSAGES/*.po")):
            with po.open("rb") as handle:
                catalogue = read_po(handle, locale=po.parent.parent.name, domain=po.stem)
            with po.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalogue)
