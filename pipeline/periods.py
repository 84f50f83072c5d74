"""The calendar days an ISO 8601 value of the guidelines covers.

A date mention's values have a precision (`2007`, `2007-H2`, `2007-Q3`, `2008-02`, `2008-02-29`):
as typed columns the tables also give the first day of its start value and the last day of its
end value, so that "between two dates" is a comparison of dates, not string logic:

    first_day("2007-H2") == date(2007, 7, 1)     last_day("2007-H2") == date(2007, 12, 31)
    first_day("2007-Q3") == date(2007, 7, 1)     last_day("2008-02") == date(2008, 2, 29)

Only the standard library: the registry of tables (pipeline/kinds.py) imports this module.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

# year; year-month; year-month-day; year-half; year-quarter (the ISO values of ANNOTATION.md)
_VALUE = re.compile(r"(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|H([12])|Q([1-4])))?")


def _months(value: str) -> tuple[int, int, int, int | None] | None:
    """(year, first month, last month, day or None) of a value; None if it is not one."""
    m = _VALUE.fullmatch(value.strip()) if isinstance(value, str) else None
    if m is None:
        return None
    year, month, day, half, quarter = m.groups()
    y = int(year)
    if half:
        first = 1 + 6 * (int(half) - 1)
        return y, first, first + 5, None
    if quarter:
        first = 1 + 3 * (int(quarter) - 1)
        return y, first, first + 2, None
    if month:
        if not 1 <= int(month) <= 12:
            return None
        return y, int(month), int(month), int(day) if day else None
    return y, 1, 12, None


def first_day(value: str) -> date | None:
    """The first calendar day of an ISO value; None for an empty or invalid one."""
    parts = _months(value)
    if parts is None or parts[0] < 1:
        return None
    y, first, _, day = parts
    try:
        return date(y, first, day or 1)
    except ValueError:  # 2007-02-30
        return None


def last_day(value: str) -> date | None:
    """The last calendar day of an ISO value; None for an empty or invalid one."""
    parts = _months(value)
    if parts is None or parts[0] < 1:
        return None
    y, _, last, day = parts
    try:
        return date(y, last, day or calendar.monthrange(y, last)[1])
    except ValueError:
        return None
