"""Roles of PDF lines from their geometry: where a line stands, its font, its columns.

In this order, each step on the lines the earlier ones left:
  1. furniture  lines at the top or bottom edge of a page that recur at the same height on
                other pages (digits aside: `26-00248 10/27`, `11/27 26-00248`); at the foot of
                a page, lines reaching into the band of those feet, and lines set apart by a
                gap below the text of every other page (a first page's job number and
                barcode); a rule line (`____`) above the footnotes.
  2. table      runs of lines with two or more wide gaps between text (columns), or three or
                more lines whose single gap stands at the same place; with the small-type
                lines just above (column heads) and below (table notes).
  3. footnote   the block of small-type lines at the foot of a page, under a rule line or
                starting with a note mark; each line carries the number of its note.
  4. heading    lines set larger than the body text, or short runs of bold lines.
  5. text       the rest.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Protocol

from pipeline.readers.model import Page

EDGE = 0.08  # running heads and feet start within this fraction of the page height
FOOT = 0.12  # a set-apart block at the foot of a page lies within this fraction
SMALL = 0.5  # points below the body size that make type "small"
LARGE = 1.0  # points above the body size that make a heading
COLUMN_GAP = 1.3  # a gap between columns is wider than this many times the font size
GUTTER = 0.6  # ... or than this, between two lines side by side (two cells)
MAX_BOLD_HEADING_LINES = 3

# A note mark at the start of a footnote line: a number, asterisks, a letter or a dagger.
_MARK = re.compile(r"\s*(\d{1,3}|\*{1,4}|[a-z]|[†‡§¶]{1,3})(?:\s|$)")
_RULE = re.compile(r"\s*[_\u2014\u2015\u2500]{5,}\s*$")  # a footnote rule drawn with characters
_LEADER = re.compile(r"(?:\.\s?){4,}|…{2,}")  # dot leaders of a table of contents
_DIGITS = re.compile(r"\d+")
_SENTENCE_END = (".", ":", ";", "。", "：", "；")
_SPACES = re.compile(r"\s+")


class GeoLine(Protocol):
    text: str
    page: int
    rects: list[tuple[float, float, float, float]]
    font_size: float
    first_size: float
    bold: bool

    @property
    def bbox(self) -> tuple[float, float, float, float]: ...


Role = tuple[str, str | None]


def assign_roles(lines: Sequence[GeoLine], pages: Sequence[Page]) -> list[Role]:
    roles: list[Role] = [("text", None)] * len(lines)
    by_page: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(lines):
        if line.rects:
            by_page[line.page].append(i)
    for idx in by_page.values():
        idx.sort(key=lambda i: lines[i].bbox[1])  # top to bottom
    for i in _furniture(lines, pages, by_page):
        roles[i] = ("furniture", None)
    body = _body_size(lines, roles)
    for i in _tables(lines, by_page, roles, body):
        roles[i] = ("table", None)
    _footnotes(lines, by_page, roles, body)
    for i in _headings(lines, by_page, roles, body):
        roles[i] = ("heading", None)
    return roles


def _key(text: str) -> str:
    """Digits aside, word order aside (`26-00248 3/27` and `4/27 26-00248` are one foot)."""
    return " ".join(sorted(_DIGITS.sub("#", text).split()))


def _page_mark(text: str, page: int, n_pages: int) -> bool:
    """A page's own number: `k/N` with this page's k and the document's N, or a short line
    whose only number is k (`2`, `- 2 -`, `Page 2`)."""
    numbers = _DIGITS.findall(text)
    if f"{page + 1}/{n_pages}" in text.replace(" ", ""):
        return True
    return numbers == [str(page + 1)] and len(text.strip()) <= 12


def _furniture(
    lines: Sequence[GeoLine], pages: Sequence[Page], by_page: dict[int, list[int]]
) -> set[int]:
    found: set[int] = set()
    # 1. what recurs at a page edge: same text (digits aside), same height, on other pages
    seen: dict[tuple[str, str], list[tuple[int, float, int]]] = defaultdict(list)
    for p, idx in by_page.items():
        height = pages[p].height
        for i in idx:
            x0, top, x1, bottom = lines[i].bbox
            if top < EDGE * height:
                seen[("top", _key(lines[i].text))].append((p, top, i))
            elif bottom > (1 - EDGE) * height:
                seen[("bottom", _key(lines[i].text))].append((p, top, i))
    # a page's own number at its edge; a running head that repeats the first page's masthead
    first_top = [
        lines[i].text for i in by_page.get(0, ()) if lines[i].bbox[3] < FOOT * pages[0].height
    ]
    for p, idx in by_page.items():
        height = pages[p].height
        for i in idx:
            _, top, _, bottom = lines[i].bbox
            at_top, at_foot = top < EDGE * height, bottom > (1 - EDGE) * height
            text = lines[i].text.strip()
            mark = (at_top or at_foot) and _page_mark(text, p, len(pages))
            echo = at_top and p > 0 and len(text) >= 4 and any(text in t for t in first_top)
            if mark or echo:
                found.add(i)
    for hits in seen.values():
        if len({p for p, _, _ in hits}) < 2:
            continue
        tops = sorted(t for _, t, _ in hits)
        middle = tops[len(tops) // 2]
        near = [(p, i) for p, t, i in hits if abs(t - middle) <= 6]
        if len({p for p, _ in near}) >= 2:
            found.update(i for _, i in near)
    # 2. a line at the foot of a page that reaches into the band of the recurring page feet
    # (a first page's job number and barcode stand where the other pages have their n/N)
    feet = [
        lines[i].bbox[1]
        for i in found
        if lines[i].bbox[3] > (1 - EDGE) * pages[lines[i].page].height
    ]
    if feet:
        band = min(feet)
        for p, idx in by_page.items():
            for i in idx:
                _, top, _, bottom = lines[i].bbox
                if top >= (1 - FOOT) * pages[p].height and bottom > band - 2:
                    found.add(i)
    # 3. a block set apart at the very foot of a page, below the text of every other page
    # (a first page's job number and barcode)
    lowest = {
        p: max((lines[i].bbox[3] for i in idx if i not in found), default=0.0)
        for p, idx in by_page.items()
    }
    for p, idx in by_page.items():
        height = pages[p].height
        floor = max((b for q, b in lowest.items() if q != p), default=0.0)
        rest = [i for i in idx if i not in found]
        for k in range(len(rest) - 1, 0, -1):
            line, above = lines[rest[k]], lines[rest[k - 1]]
            if line.bbox[1] < max((1 - FOOT) * height, floor):
                break
            gap = line.bbox[1] - above.bbox[3]
            if gap >= 1.5 * max(line.font_size, above.font_size):
                # footnotes under their rule can stand apart too: those are no furniture
                if not any(_RULE.match(lines[i].text) for i in rest[k - 1 :]):
                    found.update(rest[k:])
                break
    return found


def _body_size(lines: Sequence[GeoLine], roles: list[Role]) -> float:
    """The font size of most characters outside the furniture, to the half point."""
    count: Counter[float] = Counter()
    for line, (role, _) in zip(lines, roles, strict=True):
        if role == "text" and line.font_size:
            count[round(line.font_size * 2) / 2] += len(line.text)
    return count.most_common(1)[0][0] if count else 0.0


def _leader(text: str) -> bool:
    """Dot leaders (a contents line): the regex only where two dots or an ellipsis stand."""
    return (".." in text or ". ." in text or "…" in text) and bool(_LEADER.search(text))


def _runs(line: GeoLine) -> list[tuple[float, float]]:
    """The line's rectangles as x extents (leaders of a table of contents: none)."""
    if _leader(line.text):
        return []
    return [(x0, x1) for x0, _, x1, _ in line.rects]


def _columns(extents: list[tuple[float, float]], gap: float) -> list[tuple[float, float]]:
    """Text runs split where the gap between them is wider than `gap`."""
    runs: list[list[float]] = []
    for x0, x1 in sorted(extents):
        if runs and x0 - runs[-1][1] <= gap:
            runs[-1][1] = max(runs[-1][1], x1)
        else:
            runs.append([x0, x1])
    return [(a, b) for a, b in runs]


def cells(line: GeoLine) -> tuple[tuple[float, float], ...]:
    """The x extents of a line's text runs apart by a column gap (a table row's cells; one run
    for running text), rounded to the tenth of a point."""
    size = max(line.font_size, 1.0)
    extents = [(x0, x1) for x0, _, x1, _ in line.rects]
    return tuple((round(a, 1), round(b, 1)) for a, b in _columns(extents, COLUMN_GAP * size))


def _row_columns(lines: Sequence[GeoLine], row: list[int]) -> list[tuple[float, float]]:
    """The columns of a visual row: within a line, runs apart by a column gap; lines side by
    side are cells of their own when apart by more than a narrow gutter (PDFium keeps a
    superscript on a line of its own, right against its word)."""
    size = max(max(lines[i].font_size for i in row), 1.0)
    runs = [r for i in row for r in _columns(_runs(lines[i]), COLUMN_GAP * size)]
    return _columns(runs, GUTTER * size) if len(row) > 1 else runs


def _visual_rows(lines: Sequence[GeoLine], idx: list[int]) -> list[list[int]]:
    """Lines standing side by side (a table's cells are separate lines to PDFium) grouped
    into one row; `idx` is sorted top to bottom."""
    rows: list[list[int]] = []
    for i in idx:
        _, top, _, bottom = lines[i].bbox
        if rows:
            _, ptop, _, pbottom = lines[rows[-1][0]].bbox
            overlap = min(bottom, pbottom) - max(top, ptop)
            if overlap >= 0.5 * min(bottom - top, pbottom - ptop):
                rows[-1].append(i)
                continue
        rows.append([i])
    return rows


def _tables(
    lines: Sequence[GeoLine], by_page: dict[int, list[int]], roles: list[Role], body: float
) -> set[int]:
    found: set[int] = set()
    for idx in by_page.values():
        free = [i for i in idx if roles[i][0] == "text"]
        order = {i: k for k, i in enumerate(free)}
        rows = _visual_rows(lines, free)
        cols: dict[int, list[tuple[float, float]]] = {}
        for k, row in enumerate(rows):
            size = max(lines[i].font_size for i in row)
            if any(_leader(lines[i].text) for i in row):
                continue
            runs = _row_columns(lines, row)
            # a paragraph's hanging number ("12.", "(a)") makes no column
            if len(runs) >= 3 or (len(runs) == 2 and runs[0][1] - runs[0][0] >= 2.5 * size):
                cols[k] = runs
        if not free:
            continue
        frame = max(lines[i].bbox[2] for i in free) - min(lines[i].bbox[0] for i in free)
        blocks: list[list[int]] = []  # of row numbers
        current: list[int] = []
        pending: list[int] = []
        last_bottom = -1e9
        for k, row in enumerate(rows):
            top = min(lines[i].bbox[1] for i in row)
            size = max(lines[i].font_size for i in row)
            x0 = min(lines[i].bbox[0] for i in row)
            x1 = max(lines[i].bbox[2] for i in row)
            running = k not in cols and size >= body - SMALL and x1 - x0 >= 0.6 * frame
            # a wide vertical gap, or a line of running text, ends a table
            if current and (top - last_bottom > 3 * size or running):
                blocks.append(current + pending)  # with the last row's wrapped cell lines
                current, pending = [], []
            last_bottom = max(lines[i].bbox[3] for i in row)
            if running:
                continue
            if k in cols:
                current += [*pending, k]
                pending = []
            elif current:
                pending.append(k)
        if current:
            blocks.append(current + pending)
        for block in blocks:
            tabular = [k for k in block if k in cols]
            wide = sum(1 for k in tabular if len(cols[k]) >= 3)
            # a column starts at one place, or (figures) ends at one place
            starts = Counter(round(cols[k][1][0] / 4) for k in tabular).most_common(1)
            ends = Counter(round(cols[k][-1][1] / 4) for k in tabular).most_common(1)
            aligned = max(starts, ends, key=lambda c: c[0][1] if c else 0)
            members = [i for k in block for i in rows[k]]
            whole = _with_heads_and_notes(members, free, lines, body)
            heads = whole.index(min(members, key=order.__getitem__))  # small-type lines above
            if (
                (len(tabular) >= 2 and wide >= 1)
                or (aligned and aligned[0][1] >= 3)
                or (wide >= 1 and heads >= 1)  # one row of figures under its column heads
            ):
                found.update(whole)
    return found


def _with_heads_and_notes(
    block: list[int], free: list[int], lines: Sequence[GeoLine], body: float
) -> list[int]:
    """The block with the small-type lines right above it (column heads, units) and right
    below it (table notes)."""
    pos = {i: k for k, i in enumerate(free)}
    out = sorted(block, key=pos.__getitem__)
    k = pos[out[0]] - 1
    while k >= 0:
        line, nxt = lines[free[k]], lines[out[0]]
        if line.font_size >= body - SMALL or nxt.bbox[1] - line.bbox[3] > 2 * line.font_size:
            break
        out.insert(0, free[k])
        k -= 1
    k = pos[out[-1]] + 1
    while k < len(free):
        line, prev = lines[free[k]], lines[out[-1]]
        if line.font_size >= body - SMALL or line.bbox[1] - prev.bbox[3] > 2 * line.font_size:
            break
        out.append(free[k])
        k += 1
    return out


def _footnotes(
    lines: Sequence[GeoLine], by_page: dict[int, list[int]], roles: list[Role], body: float
) -> None:
    """Marks the small-type block at the foot of each page; numbers its lines by note."""
    last_note: str | None = None
    for p in sorted(by_page):
        block: list[int] = []
        rule: int | None = None
        for i in reversed(by_page[p]):
            line = lines[i]
            if roles[i][0] == "table":
                break
            if roles[i][0] == "furniture" and not _RULE.match(line.text):
                if block:
                    break
                continue  # the page's foot furniture, below the notes
            if _RULE.match(line.text):
                rule = i
                break
            if line.font_size >= body - SMALL:
                break
            block.insert(0, i)
        if not block:
            continue
        first = lines[block[0]]
        starts = _note_mark(first, None) is not None
        if rule is None and not starts:
            continue  # small type without a rule or a mark: not notes
        if rule is not None:
            roles[rule] = ("furniture", None)
        note = last_note if not starts else None
        for i in block:
            mark = _note_mark(lines[i], note)
            if mark is not None:
                note = mark
            roles[i] = ("footnote", note)
        last_note = note


def _note_mark(line: GeoLine, previous: str | None) -> str | None:
    """The note mark a footnote line starts with, if it starts a note: a number that follows
    the previous note's, or a mark set smaller than the line's text (a superscript)."""
    m = _MARK.match(line.text)
    if m is None:
        return None
    mark = m.group(1)
    superscript = line.first_size and line.first_size < 0.85 * line.font_size
    if mark.isdigit():
        if previous is None or (previous.isdigit() and int(mark) == int(previous) + 1):
            return mark
        return mark if superscript else None
    if superscript or line.text.strip() == mark or previous is None:
        return mark
    return None


def _headings(
    lines: Sequence[GeoLine], by_page: dict[int, list[int]], roles: list[Role], body: float
) -> set[int]:
    found: set[int] = set()
    run: list[int] = []

    def close() -> None:
        # a bold run that ends a sentence or introduces a list is a bold paragraph
        if 0 < len(run) <= MAX_BOLD_HEADING_LINES and not lines[run[-1]].text.rstrip().endswith(
            _SENTENCE_END
        ):
            found.update(run)
        run.clear()

    for i in range(len(lines)):  # text order: a bold run is consecutive lines
        line = lines[i]
        if roles[i][0] != "text" or not line.rects:
            close()
            continue
        if line.font_size >= body + LARGE:
            found.add(i)
            close()
        elif line.bold and line.font_size >= body - SMALL:
            if run and lines[run[-1]].page != line.page:
                close()
            run.append(i)
        else:
            close()
    close()
    return found
