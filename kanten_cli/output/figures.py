"""Figures as people read them, in both languages: the one value formatter of every human format.

Tables, Markdown, the chart and `show` call `format_value` (re-exported as
`kanten_cli.output.i18n.format_value`, the stable entry point). The exact value stays in JSON, CSV,
TSV and in a derived fact's formula; here a value is shown at a precision that means something:

- people and companies as whole numbers, "≈ 480 people" / "ca. 480 personer" where the value is
  approximate or had to be rounded (as a derived count of people usually is);
- shares as whole percentages, "33 %", with the words where the value is exactly a fraction such
  as a third, which only a source saying "one third" gives: "one third (33 %)" / "en tredjedel (33 %)";
- money as "DKK 21,130,000" / "21.130.000 kr.";
- months as "41 months" / "41 måneder".
"""

from __future__ import annotations

import math
from fractions import Fraction

from kanten_cli.base.translate import language

_ABOUT = {"da": "ca.", "en": "≈"}
_AT_LEAST = {"da": "mindst", "en": "at least"}
_UNITS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    # unit: ((Danish singular, plural), (English singular, plural))
    "people": (("person", "personer"), ("person", "people")),
    "companies": (("virksomhed", "virksomheder"), ("company", "companies")),
    "months": (("måned", "måneder"), ("month", "months")),
}
# Fractions that no whole percentage equals: a share stored as exactly 1/3 can only come from a
# source that said "one third" (one that said "33 %" is stored as 0.33), so it keeps its words.
# Halves, quarters and fifths are left out: 0.2 may as well be a source's "20 %".
_FRACTIONS: dict[Fraction, tuple[str, str]] = {
    Fraction(1, 3): ("en tredjedel", "one third"),
    Fraction(2, 3): ("to tredjedele", "two thirds"),
    Fraction(1, 6): ("hver sjette", "one in six"),
    Fraction(5, 6): ("fem ud af seks", "five in six"),
}
_EXACT = 1e-9


def format_number(value: float, decimals: int = 0) -> str:
    """1439 -> '1.439' (da) or '1,439' (en); decimals with the language's mark."""
    text = f"{value:,.{decimals}f}"
    if language() == "da":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def unit_name(unit: str, count: float) -> str:
    """'people' / 'personer'; singular for exactly one ('1 month', '1 måned')."""
    names = _UNITS.get(unit)
    if names is None:
        return unit
    singular, plural = names[0] if language() == "da" else names[1]
    return singular if count == 1 else plural


def fraction_words(value: float) -> str | None:
    """'one third' for a share of exactly 1/3 (within float error), else None."""
    for fraction, words in _FRACTIONS.items():
        if abs(value - float(fraction)) < _EXACT:
            return words[0] if language() == "da" else words[1]
    return None


def _half_up(value: float, digits: int = 0) -> float:
    """Rounded as people round (12.5 -> 13), not to the even neighbour as round() does."""
    scale = 10**digits
    return math.copysign(math.floor(abs(value) * scale + 0.5) / scale, value)


def _rounds(value: float, digits: int = 0) -> bool:
    """Whether showing `value` at `digits` decimals changes it."""
    return abs(value - round(value, digits)) > _EXACT * max(1.0, abs(value))


def shown_decimals(value: float, unit: str | None) -> int:
    """How many decimals `format_value` shows of `value`: of a share's percentage one below 1 %
    (0.4 %), else none; of every other unit none. Other outputs (a workbook's number formats) ask
    here rather than round by a rule of their own."""
    if unit == "share":
        return 1 if 0 < abs(value * 100) < 1 else 0
    return 0


def format_value(
    value: float | int | None,
    unit: str | None,
    approximate: bool,
    *,
    words: bool = True,
    at_least: bool = False,
) -> str:
    """A fact's value as a reader expects it; '' when there is none.

    "≈" / "ca." goes in front when the value is `approximate` (the source says "about", or a
    figure is derived from one that is) or had to be rounded to be shown: 479.67 people is
    "≈ 480 people". "at least" / "mindst" goes in front when the source gives the figure as a
    minimum (`at_least`: "mindst 850"). `words=False` leaves a third as a bare percentage.
    """
    if value is None or unit is None or isinstance(value, bool):
        return ""
    lang = language()
    about = approximate
    digits = shown_decimals(value, unit)
    if unit == "share":
        pct = value * 100
        said = fraction_words(value) if words else None
        body = f"{format_number(_half_up(pct, digits), digits)} %"
        if said is not None:
            body = f"{said} ({body})"
        elif _rounds(pct, digits):
            about = True
    else:
        if _rounds(value, digits):
            about = True
        whole = _half_up(value, digits)
        amount = format_number(whole, digits)
        if unit == "DKK":
            body = f"{amount} kr." if lang == "da" else f"DKK {amount}"
        else:
            body = f"{amount} {unit_name(unit, whole)}"
    if at_least:
        return f"{_AT_LEAST[lang]} {body}"
    return f"{_ABOUT[lang]} {body}" if about else body
