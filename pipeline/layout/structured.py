"""The structured path of the layout stage: what a PDF or Word reader knows of each line (its
role, page and geometry: pipeline/readers, docs/readers.md) used where the text alone guesses.

Where a Document carries the reader's lines (`Document.lines`), `apply_roles` gives each
layout line its reader's line (`Line.src`), its page and a kind by its role:

  furniture  no unit, never ends or starts one (running heads and feet, job numbers, barcodes,
             footnote rules; Word's headers and footers but the masthead);
  footnote   a footnote's line: consecutive lines of one note are one unit `fnN`, joined across
             pages (a note running over a page keeps its number); the paragraph they interrupt
             goes on after them. A note marked by a sign (`*`), not a number, is text where it
             stands (a cover note is part of the front);
  table      a table's line: the lines of one table row (geometry) are one unit of zone `table`;
             a table ends the paragraph before it, and nothing after it continues into it;
  heading    a heading by its font (PDF) or outline level (Word): a unit of its own, the lines
             of one heading block joined;
  text       the rest, read by the text rules (numbers, contents, front matter).

The text rules (pipeline/layout/lines.py, body.py) decide the rest as for plain text: which
number opens a paragraph, where the contents and the front end. Geometry decides what text
cannot: whether a line continues the unnumbered paragraph above it (a first-line indent, a
line that stops short of the right margin, a gap), which lines form one table row. Every rule is
geometry or role, never a document's words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.layout.lines import Line, Unit
from pipeline.model import SourceLine

# Kinds of the lines of a structured document, beside the text rules' content/furniture/rule/mark.
FOOTNOTE, TABLE = "footnote", "table"
STRUCTURED_KINDS = (FOOTNOTE, TABLE)

# Geometry, in multiples of the line's font size (points scale with the type).
BESIDE = 0.35  # two lines whose tops differ by less stand side by side (cells of one row)
# A line at most WRAP times the document's own line pitch under the line above it (top to top,
# or bottom to bottom) continues that line's cell or paragraph; farther is a new one. The pitch
# is the median, in font sizes, of consecutive lines of running text (1.2 single-spaced).
WRAP = 1.25
MIN_PITCH = 1.1
INDENT = 1.0  # a first line set this far right of the page's text margin starts a paragraph
MAX_INDENT = 4.0  # (farther right, it is set apart: a date, a signature, a centred line)
SHORT = 2.5  # a line ending this far left of the page's right margin ends its paragraph
HEADING_GAP = 1.8  # heading lines of one block stand at most this far apart (top to top)
SET_APART = 1.3  # times the line pitch: the gap above and below a heading set in the text's type

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Margins:
    """Where a page's running text starts and ends (points), from its text lines."""

    left: float
    right: float


@dataclass(frozen=True, slots=True)
class Geometry:
    """The document's geometry: each page's margins, and how far apart (in font sizes, top to
    top) two lines of one paragraph or cell may stand."""

    margins: dict[int, Margins]
    wrap: float
    note: re.Pattern[str] | None = None  # the start of a table's note
    headings: frozenset[int] = frozenset()  # starts of the lines that are headings by position


NO_GEOMETRY = Geometry({}, WRAP * 1.2)


def apply_roles(
    lines: list[Line], source_lines: Sequence[SourceLine], note: re.Pattern[str]
) -> Geometry:
    """Give each layout line its reader's line, page and kind (see the module docstring); returns
    the document's geometry (PDF; none for Word). `note` matches the start of a table's note."""
    j, n = 0, len(source_lines)
    for ln in lines:
        while j < n and source_lines[j].end <= ln.start:
            j += 1
        if j >= n or not source_lines[j].start <= ln.start < source_lines[j].end:
            continue  # (every non-blank line has its reader's line; kept safe all the same)
        src = source_lines[j]
        ln.src = src
        ln.page = src.page
        role = src.role
        if role == "furniture" or ln.kind == "rule":  # a rule line separates, it says nothing
            ln.kind = "furniture"
        elif role == FOOTNOTE and src.note and src.note.isdigit():
            ln.kind = FOOTNOTE
        elif role == TABLE:
            ln.kind = TABLE
        elif ln.kind != "mark":  # the text rules' furniture shapes give way to the reader's
            ln.kind = "content"
    pitch = _line_pitch(lines)
    wrap = WRAP * pitch
    _headings_inside_tables(lines)
    _notes_under_tables(lines, wrap, note)
    margins = _margins(lines)
    headings = _headings_set_apart(lines, margins, pitch)
    return Geometry(margins, wrap, note, headings)


def _neighbours(lines: list[Line], k: int, step: int) -> Line | None:
    """The nearest line before (step -1) or after (+1) lines[k] that is no furniture."""
    i = k + step
    while 0 <= i < len(lines):
        if lines[i].kind not in ("furniture", FOOTNOTE):
            return lines[i]
        i += step
    return None


def _headings_inside_tables(lines: list[Line]) -> None:
    """A run of heading lines between two lines of a table, at its left edge and in the type of
    the rows under it, is a row of the table (a category row, set bold, that the reader took
    for a heading at a page's top)."""
    k = 0
    while k < len(lines):
        ln = lines[k]
        if ln.kind != "content" or ln.src is None or ln.src.role != "heading":
            k += 1
            continue
        end = k
        while end + 1 < len(lines):
            nxt = lines[end + 1].src
            if nxt is None or (nxt.role != "heading" and lines[end + 1].kind != "furniture"):
                break
            end += 1
        before, after = _neighbours(lines, k, -1), _neighbours(lines, end, 1)
        if before is not None and after is not None and before.kind == after.kind == TABLE:
            edge = after.src.bbox if after.src is not None else None
            box = ln.src.bbox
            # (set larger than the rows under it, it is the next table's caption)
            row_type = _size(ln) <= _size(after) + 0.5
            if row_type and (
                edge is None or box is None or abs(box[0] - edge[0]) <= BESIDE * _size(ln)
            ):
                for i in range(k, end + 1):
                    if lines[i].kind == "content":
                        lines[i].kind = TABLE
        k = end + 1


def _notes_under_tables(lines: list[Line], wrap: float, note: re.Pattern[str]) -> None:
    """A text line right under a table that starts with a note mark (`a`, `*`) is the table's
    note: it and the lines of its paragraph (PDF: up to the next line that is not indented under
    it) are lines of the table."""
    for k, ln in enumerate(lines):
        if ln.kind != "content" or not note.match(ln.folded):
            continue
        before = _neighbours(lines, k, -1)
        if before is None or before.kind != TABLE:
            continue
        ln.kind = TABLE
        box = ln.src.bbox if ln.src is not None else None
        i = k + 1
        while box is not None and i < len(lines) and lines[i].kind == "content":
            src = lines[i].src
            nxt = src.bbox if src is not None else None
            if nxt is None or nxt[0] < box[0] - 1 or not _tight(lines[i - 1], lines[i], wrap):
                break
            lines[i].kind = TABLE
            i += 1


def _headings_set_apart(
    lines: list[Line], margins: dict[int, Margins], pitch: float
) -> frozenset[int]:
    """Lines of running text set apart as headings by their position, where the type does not
    tell (the text's font): a single short line (half the text width at most) at the margin or
    centred, in the body's type size, no sentence or clause ending it, not in brackets, with a
    gap above and below it (SET_APART times the line pitch, or the page's edge)."""
    found = []
    content = [ln for ln in lines if ln.kind == "content" and ln.src is not None]
    sizes: Counter[float] = Counter()
    for ln in content:
        sizes[round(_size(ln) * 2) / 2] += len(ln.text)
    body = sizes.most_common(1)[0][0] if sizes else 0.0
    for k, ln in enumerate(content):
        box, margin = ln.src.bbox if ln.src else None, margins.get(ln.page)
        if box is None or margin is None or ln.src is None or ln.src.role != "text":
            continue
        size, width = _size(ln), margin.right - margin.left
        if size < body - 0.5:
            continue  # small type: a table's unit line, a caption
        centred = abs((box[0] + box[2]) / 2 - (margin.left + margin.right) / 2) <= size
        if not (box[0] - margin.left < INDENT * size or centred) or box[2] - box[0] > width / 2:
            continue
        if ln.ends_sentence or ln.number is not None or ln.folded.rstrip().endswith((",", "，")):
            continue
        if ln.folded[:1] in "([（【" and ln.folded.rstrip()[-1:] in ")]）】":
            continue  # a caption in brackets: "(Thousands of United States dollars)"
        apart = SET_APART * pitch * size
        gaps = []
        for other in (
            content[k - 1] if k else None,
            content[k + 1] if k + 1 < len(content) else None,
        ):
            o = other.src.bbox if other is not None and other.src is not None else None
            gaps.append(
                other is None or o is None or other.page != ln.page or abs(o[1] - box[1]) >= apart
            )
        if all(gaps):
            found.append(ln.start)
    return frozenset(found)


def _size(ln: Line) -> float:
    size = ln.src.font_size if ln.src is not None else None
    return size if size else 10.0


def _tight(above: Line, below: Line, wrap: float) -> bool:
    """`below` is the next line of the same block as `above` (a wrapped line): no farther under
    it than `wrap` font sizes, top to top or bottom to bottom."""
    a = above.src.bbox if above.src is not None else None
    b = below.src.bbox if below.src is not None else None
    if a is None or b is None or above.page != below.page:
        return False
    pitch = min(b[1] - a[1], b[3] - a[3])
    return -BESIDE * _size(below) < pitch <= wrap * max(_size(above), _size(below))


def _line_pitch(lines: list[Line]) -> float:
    """The document's line pitch in font sizes: the median distance, top to top, of a line of
    running text to the next one under it on the page (same size, overlapping)."""
    ratios: list[float] = []
    above: Line | None = None
    for ln in lines:
        if ln.kind != "content" or ln.src is None or ln.src.bbox is None:
            continue
        if above is not None and above.page == ln.page and above.src is not None:
            a, b = above.src.bbox, ln.src.bbox
            size = _size(ln)
            if a is not None and abs(_size(above) - size) < 0.5 and _overlaps(a, b):
                pitch = (b[1] - a[1]) / size
                if 0.8 < pitch < 3:
                    ratios.append(pitch)
        above = ln
    if not ratios:
        return 1.2
    ratios.sort()
    return max(ratios[len(ratios) // 2], MIN_PITCH)


def _margins(lines: list[Line]) -> dict[int, Margins]:
    """Each page's text margins: the most common left edge of its text lines, and the right
    edge most of its full lines reach (the 80th percentile)."""
    lefts: dict[int, Counter[int]] = defaultdict(Counter)
    rights: dict[int, list[float]] = defaultdict(list)
    for ln in lines:
        box = ln.src.bbox if ln.src is not None else None
        if box is None or ln.kind != "content":
            continue
        lefts[ln.page][round(box[0])] += 1
        rights[ln.page].append(box[2])
    out = {}
    for page, count in lefts.items():
        xs = sorted(rights[page])
        out[page] = Margins(float(count.most_common(1)[0][0]), xs[int(0.8 * (len(xs) - 1))])
    return out


# --------------------------------------------------------------------------- the walker's side


class StructuredWalker:
    """What the body walker (pipeline/layout/body.py) asks of the structure: footnote and table
    lines, headings by role, whether a line continues the unit above it by geometry."""

    units: list[Unit]
    section: str
    geometry: Geometry

    def new_unit(self, key: str, zone: str, ln: Line, number: int | None = None) -> Unit:
        raise NotImplementedError  # the builder's (pipeline/layout/base.py)

    def last_line_of(self, unit: Unit | None) -> Line | None:
        raise NotImplementedError  # the builder's

    def walk_structured(self, lines: list[Line], k: int) -> tuple[int, bool]:
        """The run of footnote or table lines from lines[k]: units of their own. Returns the index
        after the run and whether it ends the unit before it (a table does; a footnote block
        interrupts it only)."""
        kind = lines[k].kind
        end = k
        while end < len(lines) and lines[end].kind in (kind, "mark"):
            end += 1
        run = [ln for ln in lines[k:end] if ln.kind == kind]
        if kind == FOOTNOTE:
            self.add_footnotes(run)
            return end, False
        self.add_table(run)
        return end, True

    def add_footnotes(self, run: list[Line]) -> None:
        """Footnote lines, each unit the lines of one note (`Line.src.note`); a note whose number
        is the last note's continues it (it ran over a page)."""
        last = next((u for u in reversed(self.units) if u.zone == "footnote"), None)
        for ln in run:
            note = ln.src.note if ln.src is not None else None
            if last is None or (note is not None and f"fn{int(note)}" != last.key):
                number = int(note) if note else None
                last = self.new_unit(f"fn{number}", "footnote", ln, number)
                mark = ln.text[: len(note or "")]
                rest = ln.text[len(mark) :]
                if note and mark == note and (not rest or rest[0].isspace()):
                    after = len(ln.text) - len(rest.lstrip())  # the note's own number left out
                    if after < len(ln.text):
                        last.add(ln.start + after, ln.text[after:], ln.ends_sentence, False)
                    continue
            last.add(ln.start, ln.text, ln.ends_sentence, False)

    def add_table(self, run: list[Line]) -> None:
        """One unit (zone `table`) per row of the table: the lines of a row by geometry (Word: a
        line is a row). A row that repeats the table's first row at the top of a later page is
        the header printed again: furniture."""
        rows: list[list[Line]] = []
        bottom = 0.0  # of the last row
        for ln in run:
            box = ln.src.bbox if ln.src is not None else None
            if rows and box is not None and _same_row(rows[-1], bottom, ln, box, self.geometry):
                rows[-1].append(ln)
                bottom = max(bottom, box[3])
            else:
                rows.append([ln])
                bottom = box[3] if box is not None else 0.0
        head = _words(rows[0]) if rows else ""
        for k, row in enumerate(rows):
            if k and row[0].page != rows[k - 1][0].page and _words(row) == head:
                for ln in row:
                    ln.kind = "furniture"
                continue
            unit = self.new_unit("table", "table", row[0])
            for ln in row:
                unit.add(ln.start, ln.text, ln.ends_sentence, False)
            unit.closed = True

    def heading_by_role(self, ln: Line) -> bool:
        """A heading by the reader's role, or by its position (_headings_set_apart)."""
        if ln.src is None:
            return False
        return ln.src.role == "heading" or ln.start in self.geometry.headings

    def heading_continues(self, unit: Unit | None, ln: Line) -> bool:
        """`ln` is the next line of the heading `unit`: it and the heading's last line are both
        headings by role, one under the other in the same type (PDF), or on consecutive lines
        (Word)."""
        if unit is None or unit.zone != "heading" or ln.src is None:
            return False
        above = self.last_line_of(unit)
        if above is None or above.src is None:
            return False
        if not self.heading_by_role(ln) or not self.heading_by_role(above):
            return False
        a, b = above.src, ln.src
        assert b is not None
        if a.bbox is None or b.bbox is None:
            return ln.index == above.index + 1
        same_type = abs((a.font_size or 0) - (b.font_size or 0)) <= 0.5 and a.bold == b.bold
        pitch = b.bbox[1] - a.bbox[1]
        return ln.page == above.page and same_type and 0 < pitch <= HEADING_GAP * _size(ln)

    def starts_paragraph(self, above: Line | None, ln: Line, first: bool) -> bool | None:
        """Whether `ln` starts a printed paragraph after `above`, the last line of the unit before
        it (`first`: also its first line), by geometry; None where there is none to tell (plain
        text). In this order: the line above stopped short of the right margin (its paragraph
        ended), or a gap lies between them; `ln` is set right of a first line (a hanging indent:
        the paragraph goes on); `ln` is indented from the margin and from the line above (a
        first-line indent); `ln` stands left of a paragraph's later line (the next item of
        paragraphs with hanging indents)."""
        if above is None or above.src is None or ln.src is None:
            return None
        a, b = above.src.bbox, ln.src.bbox
        if a is None or b is None:
            return True  # Word: a line is a paragraph (a break inside one is rare)
        size = _size(ln)
        margins = self.geometry.margins
        there = margins.get(above.page)
        if there is not None and a[2] < there.right - SHORT * size:
            return True
        if ln.page == above.page and not _tight(above, ln, self.geometry.wrap):
            return True
        step = b[0] - a[0]
        if first and step >= INDENT / 2 * size:
            return False
        here = margins.get(ln.page)
        if here is not None and b[0] - here.left >= INDENT * size and step >= INDENT / 2 * size:
            return True
        return not first and step <= -INDENT / 2 * size

    def front_ends_at(self, content: list[Line], stop: int) -> int:
        """Where the front matter ends by layout, at `stop` at the latest: the first indented line
        of running text after the cover's headings (a resolution's `The General Assembly`)."""
        seen_heading = False
        for k, ln in enumerate(content[:stop]):
            if self.heading_by_role(ln):
                seen_heading = True
            elif seen_heading and ln.kind == "content" and ln.src is not None:
                if ln.src.role == FOOTNOTE:
                    continue  # a cover's note marked by a sign
                box = ln.src.bbox
                margin = self.geometry.margins.get(ln.page)
                indent = box[0] - margin.left if box is not None and margin is not None else 0.0
                if INDENT * _size(ln) <= indent <= MAX_INDENT * _size(ln):
                    return k
        return stop


def _words(row: list[Line]) -> str:
    return _SPACES.sub(" ", " ".join(ln.text for ln in row)).strip()


def _cells(ln: Line) -> int:
    cells = ln.src.cells if ln.src is not None else None
    return len(cells) if cells else 1


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return min(a[2], b[2]) - max(a[0], b[0]) > 0


def _same_row(
    row: list[Line], bottom: float, ln: Line, box: tuple[float, ...], geometry: Geometry
) -> bool:
    """`ln` (its bbox `box`) belongs to the table row `row` (lines in the reader's order: PDFium
    gives a row's cells one after the other, each cell's lines together; `bottom`: the row's
    lowest edge): it stands beside the row's first line, or inside the row's height (another
    cell, unless its column already has a cell there that ends above it: a first cell spanning
    several rows), or right under a line of its own column (a wrapped cell). A table note's
    mark starts a row; so does any line of Word (no geometry)."""
    first = row[0].src.bbox if row[0].src is not None else None
    if first is None or ln.page != row[0].page:
        return False
    if geometry.note is not None and geometry.note.match(ln.folded):
        return False
    size = _size(ln)
    if abs(box[1] - first[1]) <= BESIDE * size:
        return True
    above: Line | None = None  # the lowest line of the row above `ln` in its column
    above_top = -1e9
    for r in row:
        b = r.src.bbox if r.src is not None else None
        if b is not None and above_top < b[1] < box[1] and min(b[2], box[2]) > max(b[0], box[0]):
            above, above_top = r, b[1]
    if box[1] < bottom - BESIDE * size:  # inside the row's height
        return above is None or _tight(above, ln, geometry.wrap)
    return _cells(ln) == 1 and above is not None and _tight(above, ln, geometry.wrap)
