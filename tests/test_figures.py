"""The one value formatter: people, shares, money, months, both languages, rounding and "≈"."""

from __future__ import annotations

import pytest

from kanten_cli.base import translate
from kanten_cli.output.figures import format_value as figures_format_value
from kanten_cli.output.i18n import format_value


@pytest.mark.parametrize(
    ("value", "unit", "approximate", "en", "da"),
    [
        (1439, "people", False, "1,439 people", "1.439 personer"),
        (479.6666666666667, "people", True, "≈ 480 people", "ca. 480 personer"),
        (479.6666666666667, "people", False, "≈ 480 people", "ca. 480 personer"),  # rounded: never falsely exact
        (95.93333333333334, "people", True, "≈ 96 people", "ca. 96 personer"),
        (1, "people", False, "1 person", "1 person"),
        (400, "companies", True, "≈ 400 companies", "ca. 400 virksomheder"),
        (1 / 3, "share", False, "one third (33 %)", "en tredjedel (33 %)"),  # the source says "one third"
        (1 / 6, "share", True, "≈ one in six (17 %)", "ca. hver sjette (17 %)"),
        (0.2, "share", True, "≈ 20 %", "ca. 20 %"),  # a 20 % is a 20 %, not "one fifth"
        (0.33, "share", False, "33 %", "33 %"),
        (0.8721212121212122, "share", True, "≈ 87 %", "ca. 87 %"),
        (0.125, "share", False, "≈ 13 %", "ca. 13 %"),  # rounded to a whole per cent, so marked
        (0.004, "share", False, "0.4 %", "0,4 %"),  # below one per cent: one decimal
        (21130000, "DKK", False, "DKK 21,130,000", "21.130.000 kr."),
        (21100000, "DKK", True, "≈ DKK 21,100,000", "ca. 21.100.000 kr."),
        (41, "months", False, "41 months", "41 måneder"),
        (1, "months", False, "1 month", "1 måned"),
    ],
)
def test_values_as_people_read_them(value: float, unit: str, approximate: bool, en: str, da: str) -> None:
    assert format_value(value, unit, approximate) == en
    translate.bind("da")
    assert format_value(value, unit, approximate) == da


def test_no_value_is_an_empty_cell() -> None:
    assert format_value(None, "people", False) == ""
    translate.bind("da")
    assert format_value(5, None, False) == ""


def test_words_can_be_left_out() -> None:
    assert format_value(1 / 3, "share", False, words=False) == "≈ 33 %"  # then it is a rounded figure


def test_the_stable_entry_point_is_the_formatter() -> None:
    """kanten_cli.output.i18n.format_value is what other code calls; it must give the same as the module."""
    for args in [(1439, "people", False), (1 / 3, "share", False), (21130000, "DKK", True)]:
        for lang in ("da", "en"):
            translate.bind(lang)  # type: ignore[arg-type]
            assert format_value(*args) == figures_format_value(*args)  # type: ignore[arg-type]
