"""Dates: find every date mention of a paragraph and normalize it to ISO 8601 with its precision.

The engine is language-agnostic; each language's rules (patterns, month names, numerals,
modifiers, connectors, licensing contexts) are data in `pipeline/resources/<lang>/dates.yaml`.
Finding the span comes first, parsing its value second:

1. Atoms. One compiled alternation of the language's atom patterns finds, in a single pass, the
   partial dates of the text: year, month and day fields (any may be missing), a modifier
   (下半年, early), `same` (同年), a decade, or a span of years with a two-digit end (1990-95).
   Weak atoms (a bare year, a bare day, a bare month, an ambiguous 2008-09) count only where
   licensed: by a context rule of the data, or by a partner (step 2).
2. Units. Two atoms joined by a range connector (至, -, to; from…to, between…and) make one range
   mention; atoms joined by a coordinator (和, 、, and) stay separate mentions but share what the
   elliptical one leaves out (`12 日和 13 日`, `9 and 10 November 2006`).
3. Values. A part missing its year takes it from its partner, else from the preceding date of
   the paragraph, else from the document's own date; it is never filled from today's date.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from typing import Any

from pipeline.extract.base import Match, rows_for
from pipeline.extract.dates.grammar import Rules, Scanner, Tables, rules
from pipeline.extract.dates.values import FINENESS, PRECISIONS, Part, Unit
from pipeline.language import profile
from pipeline.model import Segmented

CONTEXT_WINDOW = 120  # characters of context a licensing rule looks at (an instrument's name)
JOB = re.compile(r"-\d{5}(?!\d)")  # what every page mark the rules blank holds


# --------------------------------------------------------------------------- step 1: atoms


def _number(s: str, tables: Tables) -> int:
    """An Arabic number, or a Chinese one: 二〇〇六 digit by digit, 二十三 positionally."""
    if s.isascii() and s.isdigit():
        return int(s)
    s = "".join(s.split())
    if s.isascii():
        return int(s)
    if tables.ten and tables.ten in s:
        tens, _, units = s.partition(tables.ten)
        return (tables.numerals[tens] if tens else 1) * 10 + (
            tables.numerals[units] if units else 0
        )
    return int("".join(str(tables.numerals[c]) for c in s))


def _licensed(rules_: Rules, key: str | None, text: str, start: int, end: int) -> int | None:
    """Where the mention starts if its context licenses it, else None: its own start, or the
    start of the license's group `ext` (words that belong to the span: `fall of` 2008)."""
    if key is None:
        return None
    before = text[max(0, start - CONTEXT_WINDOW) : start]
    after = text[end : end + CONTEXT_WINDOW]
    for b, a in rules_.licenses.get(key, ()):
        m = b.search(before) if b is not None else None
        if (b is None or m is not None) and (a is None or a.match(after)):
            if m is not None and "ext" in b.groupindex and m.start("ext") >= 0:
                return start - len(before) + m.start("ext")
            return start
    return None


def _blocked(rules_: Rules, text: str, start: int, end: int, yearless: bool) -> bool:
    """Whether the context makes the expression no date (a recurrence: `of each year`)."""
    if not rules_.not_dates:
        return False
    before = text[max(0, start - CONTEXT_WINDOW) : start]
    after = text[end : end + CONTEXT_WINDOW]
    return any(
        (yearless or not only_yearless)
        and (b is None or b.search(before))
        and (a is None or a.match(after))
        for b, a, only_yearless in rules_.not_dates
    )


def _glued(y: int, digits: str) -> tuple[int, int] | None:
    """Month and day glued to a year whose separators were lost (1999915日 -> 9, 15): the one
    split into a month and a day that names a day of the calendar, or None if none or two do."""
    readings = []
    for k in (1, 2):
        month, day = digits[:k], digits[k:]
        if not 1 <= len(day) <= 2 or (len(day) == 2 and day[0] == "0" and k == 1):
            continue
        mo, d = int(month), int(day)
        if Part(y, mo, d).valid():
            readings.append((mo, d))
    return readings[0] if len(readings) == 1 else None


def _century(v: str, tab: Tables) -> int | None:
    """18th, eighteenth, 十八 -> 18."""
    digits = re.match(r"\d+", v)
    if digits:
        return int(digits.group())
    if v.lower() in tab.century_words:
        return tab.century_words[v.lower()]
    try:
        return _number(v, tab)
    except (KeyError, ValueError):
        return None


def _atom(rules_: Rules, scanner: Scanner, m: re.Match[str], text: str) -> Unit | None:
    # The outermost group that matched is `_p<k>`: the pattern.
    pat = scanner.pattern_of[m.lastindex]  # type: ignore[index]
    tab = pat.tables
    values = m.groups()
    ymd: list[int | None] = [None, None, None]
    for field_, i in pat.numbers:
        if (v := values[i]) is not None:
            ymd[field_] = int(v) if v.isdigit() and v.isascii() else _number(v, tab)
    y, month, d = ymd
    if pat.md is not None and (md := values[pat.md]) is not None and y is not None:
        glued = _glued(y, md)
        if glued is None:
            return None  # 2007111日: 1 November or 11 January, no reading is sure
        month, d = glued
    if pat.cent is not None and (c := values[pat.cent]) is not None:
        century = _century(c, tab)
        if century is None or not 1 <= century <= 21:
            return None
        y = (century - 1) * 100
    if pat.mn is not None and (mn := values[pat.mn]) is not None:
        month = tab.month_names[mn.lower().rstrip(".")]
    same = pat.same is not None and values[pat.same] is not None
    mod = values[pat.mod] if pat.mod is not None else None
    half = quarter = None
    if mod is not None:
        for rx, effect in tab.modifiers:
            if rx.fullmatch(mod):
                half = effect.get("half")
                quarter = effect.get("quarter")
                break
        if (half or quarter) and month is not None:
            return None  # `first half of June 2007`: no such value
    if d is not None and month is None and y is not None:
        return None  # `2007 年 6 日`: the month is missing, the whole expression is no mention
    part = Part(y, month, d, half, quarter, same)
    parts = [part]
    if pat.decade is not None and values[pat.decade] is not None:
        assert y is not None
        parts = [Part(y=y), Part(y=y + 9)]
    if pat.cent is not None and values[pat.cent] is not None:
        assert y is not None
        parts = [Part(y=y), Part(y=y + 99)]
    if pat.yy is not None and (yy := values[pat.yy]) is not None:
        assert y is not None
        # The end is the first year after the start that ends in these digits (1999/00 -> 2000);
        # a four-digit end is the year itself (2024/2025).
        end_year = int(yy) if len(yy) == 4 else y - y % 100 + int(yy)
        if end_year <= y and len(yy) < 4:
            end_year += 100
        if end_year <= y:
            return None
        if pat.max_span is not None and end_year - y > pat.max_span:
            return None  # 2010-12 where only a biennium may be meant: no reading is sure
        parts = [Part(y=y), Part(y=end_year)]

    strong = pat.strong_if is None or any(values[i] is not None for i in pat.strong_if)
    start, end = m.span()
    grain = "d" if d is not None else "m" if month is not None else "y"  # part.grain()
    accepted = strong
    if not strong and (licensed := _licensed(rules_, pat.license, text, start, end)) is not None:
        accepted, start = True, licensed
    bare_year = grain == "y" and mod is None and not same and len(parts) == 1
    return Unit(start, end, parts, grain, accepted, bare_year, y is None and not same)


class Masks:
    """The masked spans of a text (URLs, symbols), sorted by start with the running maximum of
    their ends: whether a span overlaps one is a bisection, not a scan of every mask, so that a
    paragraph with thousands of atoms and masks stays linear."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [s for s, _ in spans]
        self.reach = list(accumulate((e for _, e in spans), max))

    def overlap(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # the masks starting before `end`
        return k > 0 and self.reach[k - 1] > start


def _atoms(rules_: Rules, text: str) -> list[Unit]:
    masks: Masks | None = None  # found when a first atom needs them
    atoms = []
    scans = [(rules_.scanner, m) for m in rules_.scanner.regex.finditer(text)]
    anchored = [
        (sc, m)
        for anchor, sc in rules_.anchored
        if any(a in text for a in anchor)
        for m in sc.regex.finditer(text)
    ]
    if anchored:  # an anchored match wins over the others it overlaps (`18th` is no day there)
        taken = Masks([m.span() for _, m in anchored])
        scans = [x for x in scans if not taken.overlap(x[1].start(), x[1].end())] + anchored
        scans.sort(key=lambda x: x[1].start())
    for scanner, m in scans:
        if masks is None:
            masks = Masks(
                [x.span() for rx in rules_.mask for x in rx.finditer(text)]
                if rules_.any_mask.search(text)
                else []
            )
        if masks.starts and masks.overlap(m.start(), m.end()):
            continue
        atom = _atom(rules_, scanner, m, text)
        if atom is not None:
            atoms.append(atom)
    return atoms


# --------------------------------------------------------------------------- step 2: units


def _range_start(rules_: Rules, text: str, a: Unit, b: Unit) -> int | None:
    """Where the range a…b starts if the gap between them joins a range, else None."""
    gap = text[a.end : b.start]
    if rules_.openers:
        before = text[max(0, a.start - CONTEXT_WINDOW) : a.start]
        for opener, connector in rules_.openers:
            if connector.fullmatch(gap) and (o := opener.search(before)):
                return a.start - (len(before) - o.start())
    return a.start if rules_.range_gap.fullmatch(gap) else None


def _range_licensed(a: Unit, b: Unit) -> bool:
    if a.accepted and b.accepted:
        return True
    if a.accepted or b.accepted:
        return a.grain == b.grain  # 9-20 July 2001; June/July 2006
    # Two bare years in order make a year span on their own (2001-2010, 1986至1996).
    return a.bare_year and b.bare_year and a.parts[0].y < b.parts[0].y  # type: ignore[operator]


def _elliptical_day(u: Unit) -> bool:
    """A day named without its month (9 in `9 and 10 November`)."""
    p = u.parts[0]
    return len(u.parts) == 1 and p.d is not None and p.m is None and p.y is None


def _units(rules_: Rules, text: str, atoms: list[Unit]) -> list[Unit]:
    """The atoms, with each pair joined by a range connector made one range unit, whose ends
    share what one leaves out (a decade's ends name their years already). An atom that stays
    alone is its own unit: its parts are fresh, and no other unit shares them. Two spans of years
    joined make one range from the first one's start to the second one's end (`2022/23 to
    2024/25`: 2022 … 2025)."""
    units: list[Unit] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        if i + 1 < len(atoms):
            b = atoms[i + 1]
            start = _range_start(rules_, text, a, b)
            if (
                start is not None
                and (len(a.parts) == len(b.parts) == 1 or (a.accepted and b.grain == a.grain))
                and _range_licensed(a, b)
            ):
                unit = Unit(start, b.end, [a.parts[0], b.parts[-1]], a.grain, True)
                unit.yearless = a.yearless and b.yearless
                unit.fill_inside()
                units.append(unit)
                i += 2
                continue
        units.append(a)
        i += 1
    return units


def _chains(rules_: Rules, text: str, units: list[Unit]) -> None:
    """Coordinated units: license weak ones by an accepted partner of the same granularity, and
    let the elliptical ones take what they leave out from their neighbours."""
    links = [
        i
        for i in range(len(units) - 1)
        if rules_.coord_gap.fullmatch(text[units[i].end : units[i + 1].start])
    ]
    side = rules_.elliptical_day
    for _ in range(2):  # both directions: `2005, 2006 and 2007`, `9 and 10 November 2006`
        for i in links:
            u, v = units[i], units[i + 1]
            if u.grain == v.grain and (u.accepted or v.accepted):
                # `12 February 2013, 9 in which`: an English day after a date is a footnote mark
                # or a count, never the date's elliptical partner (English writes `9 and 10 May`).
                if side == "before" and _elliptical_day(v) and not v.accepted:
                    continue
                if side == "after" and _elliptical_day(u) and not u.accepted:
                    continue
                u.accepted = v.accepted = True
    # Only partners of the same granularity share fields (`July 2006 and 5 June`: 5 is June's).
    links = [i for i in links if units[i].grain == units[i + 1].grain]
    for i in links:  # left partner first: 2007 年 3 月 12 日和 13 日
        units[i + 1].parts[0].fill_from(units[i].parts[-1])
        units[i + 1].fill_inside()
    for i in reversed(links):  # then right partner: 9 and 10 November 2006
        units[i].parts[-1].fill_from(units[i + 1].parts[0])
        units[i].fill_inside()


# --------------------------------------------------------------------------- step 3: values


def fold(rules_: Rules, text: str) -> str:
    """The text with the language's character folds applied and page furniture left inside it
    blanked; same length, so view offsets hold. (A regex substitution: far faster than
    str.translate on CJK text with few folded chars.)"""
    text = rules_.fold_rx.sub(rules_.fold_one, text)
    # Every page mark holds a job number (-12345): a literal first, so the test is fast.
    if rules_.blank is not None and "-" in text and JOB.search(text):
        text = rules_.blank.sub(_spaces, text)
    return text


def _spaces(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def _year_of(doc_date: str | None) -> int | None:
    if doc_date and re.match(r"\d{4}", doc_date):
        return int(doc_date[:4])
    return None


def find_dates(
    text: str, lang: str, *, doc_date: str | None = None, context_year: int | None = None
) -> list[Match]:
    """Date mentions of one paragraph's text, with values. A date that names no year takes it from
    its partner, else from the preceding date of its sentence, else from `doc_date` (ISO, the
    document's own date), else from the preceding date of the paragraph, else `context_year` (the
    year the discourse before the paragraph ends on)."""
    return _find(rules(lang), text, _year_of(doc_date), context_year)


def _find(rules_: Rules, text: str, doc_year: int | None, context_year: int | None) -> list[Match]:
    folded = fold(rules_, text)
    atoms = _atoms(rules_, folded)
    if not atoms:
        return []
    units = _units(rules_, folded, atoms)
    if len(units) > 1:
        _chains(rules_, folded, units)

    last_year: int | None = None  # year of the preceding date of the paragraph
    last_end = 0  # where it ends
    matches = []
    for u in units:
        # (Recurrences are looked for around the accepted units only: far fewer than the atoms.)
        if not u.accepted or _blocked(rules_, folded, u.start, u.end, u.yearless):
            continue
        parts = u.parts
        # A year the words leave out (../shared/ANNOTATION.md): the preceding date's of the same
        # sentence, else the document's date, else the preceding date's of the paragraph, else
        # the year the paragraphs before end on.
        year = last_year
        if u.yearless and last_year is not None and doc_year is not None:
            # (only a date that names no year asks where its sentence ends)
            if rules_.sentence_end.search(folded, last_end, u.start):
                year = doc_year
        elif last_year is None:
            year = doc_year if doc_year is not None else context_year
        if len(parts) == 1:  # a point: the steps below without the range's inside filling
            first = last = parts[0]
            if first.same:  # 同年 resolves within the paragraph only
                first.y, first.same = last_year, False
            if first.y is None and (first.m is not None or first.d is not None):
                first.y = year
            # A valid part never ends before it starts (see _lang_parts): no more to check.
            if not first.valid():
                continue
            precision = first.precision()
            start_value = end_value = first.iso(precision)
        else:
            for p in parts:
                if p.same:
                    p.y, p.same = last_year, False
            u.fill_inside()
            for p in parts:
                if p.y is None and (p.m is not None or p.d is not None):
                    p.y = year
            u.fill_inside()
            first, last = parts
            if not (first.valid() and last.valid()) or first.first_day() > last.last_day():
                continue
            precision = first.precision()
            end_precision = last.precision()
            start_value, end_value = first.iso(precision), last.iso(end_precision)
            if FINENESS[end_precision] > FINENESS[precision]:
                precision = end_precision
        values = {
            "start_value": start_value,
            "end_value": end_value,
            "precision": precision,
            "kind": "range" if len(parts) == 2 else "point",
        }
        matches.append(Match(u.start, u.end, values))
        last_year, last_end = last.y, u.end
    return matches


def extract(seg: Segmented) -> list[dict[str, Any]]:
    layout = seg.layout
    if not profile(layout.document.lang).has("dates"):  # a language without date rules
        return []
    rules_ = rules(layout.document.lang)
    doc_year = _year_of(layout.metadata.get("date"))
    rows: list[dict[str, Any]] = []
    # The year the preceding paragraph of the same section and zone ends on: `12 月全体会议` in
    # A/62/162 para 65 is the December 2006 plenary of para 64, not December of the doc's year.
    # Kept per (section, zone), so that a footnote block does not break the flow of the body.
    carry: dict[tuple[str, str], int] = {}
    for para in layout.paragraphs:
        # The contents too: an entry's dates are mentions (`Resolution 58/126 of 19 December 2003
        # … 11`); its paragraph ranges and pages (6-47 4) are no years.
        if not para.view.text:
            continue
        flow = (para.section, para.zone)
        matches = _find(rules_, para.view.text, doc_year, carry.get(flow))
        if matches:
            carry[flow] = int(matches[-1].values["end_value"][:4])
            rows += rows_for(layout, para, matches)
    return rows


__all__ = ["PRECISIONS", "Part", "extract", "find_dates", "rules"]
