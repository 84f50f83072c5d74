"""The parts of a date mention and their values: the calendar fields its words name, filled from
a partner where the words leave them out, and the ISO form at each precision."""

from __future__ import annotations

import calendar
from dataclasses import dataclass

from pipeline.model import DATE_PRECISIONS

PRECISIONS = DATE_PRECISIONS  # coarse to fine
FINENESS = {p: k for k, p in enumerate(PRECISIONS)}


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(y: int, m: int) -> int:
    """calendar.monthrange(y, m)[1], without the weekday it also works out."""
    if not 1 <= m <= 12:
        raise calendar.IllegalMonthError(m)
    return 29 if m == 2 and calendar.isleap(y) else _MONTH_DAYS[m]


@dataclass(slots=True)
class Part:
    """One end of a date: the calendar fields its words name (None where the text is silent)."""

    y: int | None = None
    m: int | None = None
    d: int | None = None
    half: int | None = None
    quarter: int | None = None
    same: bool = False  # 同年 / the same year: y is the year of the preceding date

    def grain(self) -> str:
        """The finest field the words name: what a partner must match to license a weak atom."""
        return "d" if self.d is not None else "m" if self.m is not None else "y"

    def fill_from(self, other: Part) -> None:
        """Take the fields coarser than the first one this part names (`23 日` takes the year and
        month of `2007 年 3 月 19 日`; `9` takes July 2001 from `20 July 2001`)."""
        if self.y is not None or self.same:
            return
        if self.m is None and self.d is not None and other.m is not None:
            self.m = other.m
        if (self.m is not None or self.d is not None) and other.y is not None:
            self.y = other.y

    def valid(self) -> bool:
        if self.y is None:
            return False
        if self.d is not None and self.m is None:
            return False  # `2007 年 6 日`: a day without its month is no date
        if self.m is not None:
            if not 1 <= self.m <= 12 or self.half is not None or self.quarter is not None:
                return False
            if self.d is not None and not 1 <= self.d <= _days_in(self.y, self.m):
                return False
        return True

    def precision(self) -> str:
        if self.d is not None:
            return "day"
        if self.m is not None:
            return "month"
        if self.quarter is not None:
            return "quarter"
        if self.half is not None:
            return "half"
        return "year"

    def iso(self, precision: str | None = None) -> str:
        """The ISO form at `precision` (by default, the part's own)."""
        p = precision or self.precision()
        if p == "day":
            return f"{self.y:04d}-{self.m:02d}-{self.d:02d}"
        if p == "month":
            return f"{self.y:04d}-{self.m:02d}"
        if p == "quarter":
            return f"{self.y:04d}-Q{self.quarter}"
        if p == "half":
            return f"{self.y:04d}-H{self.half}"
        return f"{self.y:04d}"

    def first_day(self) -> tuple[int, int, int]:
        assert self.y is not None
        m = self.m or (3 * (self.quarter - 1) + 1 if self.quarter else 0)
        m = m or (6 * (self.half - 1) + 1 if self.half else 1)
        return (self.y, m, self.d or 1)

    def last_day(self) -> tuple[int, int, int]:
        assert self.y is not None
        m = (
            self.m
            or (3 * self.quarter if self.quarter else 0)
            or (6 * self.half if self.half else 12)
        )
        return (self.y, m, self.d or _days_in(self.y, m))


@dataclass(slots=True)
class Unit:
    """A candidate mention: an atom (a point, a decade, a span of years with a two-digit end),
    then a range of two atoms."""

    start: int
    end: int
    parts: list[Part]  # one part; two for a range, a decade (1990 … 1999) or 1990-95
    grain: str  # of the first part
    accepted: bool  # an atom: a strong pattern, or a weak one whose context licenses it
    bare_year: bool = False  # a year alone, no modifier: may form a year span with another one
    yearless: bool = False  # its words name no year (a recurrence may stand around it)

    def fill_inside(self) -> None:
        if len(self.parts) == 2:
            self.parts[1].fill_from(self.parts[0])
            self.parts[0].fill_from(self.parts[1])
