"""ISO dates at their own precision (a year, a month or a day): the one parser."""

from __future__ import annotations

import re

# '2019', '2019-03' or '2019-03-05'; the model's pattern for a date field is the same.
ISO_DATE_PATTERN = r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$"
_ISO_DATE = re.compile(ISO_DATE_PATTERN)


def iso_parts(date: str) -> tuple[int, ...] | None:
    """(year,), (year, month) or (year, month, day) of an ISO date; None if it is not one."""
    match = _ISO_DATE.match(date)
    if match is None:
        return None
    return tuple(int(part) for part in match.groups() if part is not None)


def span(date: str) -> tuple[str, str] | None:
    """The first and last day an ISO date at any precision covers, as comparable strings:
    '2019' -> ('2019-01-01', '2019-12-31'), '2019-02' -> ('2019-02-01', '2019-02-31'); None if
    it is not an ISO date."""
    match = _ISO_DATE.match(date.strip())
    if match is None:
        return None
    year, month, day = match.groups()
    if day:
        return (f"{year}-{month}-{day}",) * 2
    if month:
        return f"{year}-{month}-01", f"{year}-{month}-31"
    return f"{year}-01-01", f"{year}-12-31"
