"""The names of the output formats and citation styles, and the file endings that imply them.

Named once, here, and light (no imports beyond typing), so that help and completion can list
them without loading a writer. `FormatChoice` in cli/options.py repeats FORMATS for Typer; a
test keeps the two equal.
"""

from __future__ import annotations

from typing import Literal, get_args

Format = Literal["table", "json", "jsonl", "csv", "tsv", "markdown", "xlsx"]
FORMATS: tuple[Format, ...] = get_args(Format)
# The format an -o FILE's ending implies when --format is not given.
SUFFIX_FORMATS: dict[str, Format] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".md": "markdown",
    ".xlsx": "xlsx",
}

Style = Literal["text", "markdown", "csl-json", "bibtex", "ris"]
STYLES: tuple[Style, ...] = get_args(Style)
# The citation style a `cite -o FILE`'s ending implies when --style is not given.
SUFFIX_STYLES: dict[str, Style] = {
    ".bib": "bibtex",
    ".ris": "ris",
    ".json": "csl-json",
    ".md": "markdown",
    ".txt": "text",
}
