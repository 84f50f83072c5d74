"""What every part of the layout builder shares: the document's lines, its rules and profile,
the units opened so far, and how a unit's pieces join into its clean view."""

from __future__ import annotations

import re
from bisect import bisect_right

from pipeline.language import profile
from pipeline.layout.lines import Line, Unit, classify, number_pages, split_lines
from pipeline.layout.rules import rules_for
from pipeline.layout.structured import NO_GEOMETRY, TABLE, StructuredWalker, apply_roles
from pipeline.model import Document, TextView
from pipeline.text.cjk import FULL_WIDTH_SPACED, SPACED_WIDE, is_narrow_letter, letter_spaced
from pipeline.text.fold import fold_full_width as fold


class BuilderBase(StructuredWalker):
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.rules = rules_for(doc.lang)
        lang = profile(doc.lang)
        # How a unit's lines join (view_of): with a space between words, a word broken by a
        # hyphen made whole again; or (unspaced) without one but between Latin letters.
        self.spaced, self.dehyphenate = lang.spaced, lang.dehyphenate
        # Folded once for the whole text: each line's folded form is a slice of it.
        folded = fold(doc.text)
        self.folded = folded
        self.lines, self.line_count = split_lines(doc.text, folded, self.rules)
        self.running_head = classify(self.lines, self.rules, folded)
        number_pages(self.lines)
        # A PDF's or Word file's reader gives roles, pages and geometry (layout/structured.py)
        self.geometry = NO_GEOMETRY
        if doc.lines is not None:
            self.geometry = apply_roles(self.lines, doc.lines, self.rules.table_note)
        self.line_starts = [ln.start for ln in self.lines]
        # The spaces a text layer sets between CJK characters are read through (view_of); a
        # full-width space between two of them always is.
        self.unspace = SPACED_WIDE if not self.spaced and letter_spaced(doc.text) else None
        widths = sorted(ln.width for ln in self.lines if ln.kind == "content")
        # A "full" line reaches the right margin: a heading that fills it wraps to the next line.
        self.full_width = widths[int(len(widths) * 0.75)] if widths else 80
        self.full_from = 0.75 * self.full_width
        self.not_after = tuple(self.rules.inline_not_after)
        self.units: list[Unit] = []
        self.section = ""
        self.expected: int | None = None  # the next paragraph number
        self.expected_sect: int | None = None  # and its section, where numbered by section

    # -- helpers -----------------------------------------------------------------------------
    def is_full(self, ln: Line) -> bool:
        return ln.width >= self.full_from

    def new_unit(self, key: str, zone: str, ln: Line, number: int | None = None) -> Unit:
        unit = Unit(key, zone, number, self.section, ln.page, first=ln.start)
        self.units.append(unit)
        return unit

    def numbered(self, ln: Line, expected: int | None) -> bool:
        """The line opens a paragraph: its number is the expected one (with none expected yet,
        any up to 20). A line of a table or a footnote opens none. Numbered by section (25.14),
        the first is a section's 1 and the rest follow it in that section; plain numbers do not
        continue such a numbering, nor it plain numbers."""
        n = ln.number
        if n is None or ln.kind != "content":
            return False
        sect = self.expected_sect if expected is not None else None
        if ln.sect is not None:
            return n == expected and ln.sect == sect if sect is not None else n == 1
        if sect is not None:
            return False
        return n == expected if expected is not None else n <= 20

    def is_heading_line(self, ln: Line) -> bool:
        if ln.kind != "content":
            return False
        m = self.rules.heading.match(ln.folded)
        if not m or ln.ends_sentence or ln.width > 160:
            return False
        # "1. General Assembly" may head a subsection, but a full line after a number is prose.
        return not (m.group(0)[0].isdigit() and self.is_full(ln))

    def is_toc_entry(self, ln: Line) -> bool:
        return bool(self.rules.toc_entry.search(ln.folded))

    def line_of(self, offset: int) -> Line:
        """The line that holds the source offset `offset` (or the last one before it)."""
        return self.lines[max(bisect_right(self.line_starts, offset) - 1, 0)]

    def last_line_of(self, unit: Unit | None) -> Line | None:
        if unit is None or not unit.texts:
            return None
        return self.line_of(unit.starts[-1] + len(unit.texts[-1]) - 1)

    def add_line(self, unit: Unit, ln: Line) -> None:
        if ln.kind in ("content", TABLE):  # a Word masthead or contents laid out as a table
            unit.add(ln.start, ln.text, ln.ends_sentence, ln.width >= self.full_from)
        # rules and marks inside a unit stay in its span, out of its clean text

    @staticmethod
    def unspaced(start: int, piece: str, spacing: re.Pattern[str]) -> list[tuple[int, str]]:
        """The piece (at source offset `start`) as runs without its letter-spacing (`spacing`
        matches the spaces to leave out): (source offset, text) of each run."""
        runs: list[tuple[int, str]] = []
        pos = 0
        for m in spacing.finditer(piece):
            runs.append((start + pos, piece[pos : m.start()]))
            pos = m.end()
        runs.append((start + pos, piece[pos:]))
        return runs

    # -- views -------------------------------------------------------------------------------
    def clean_text_of(self, unit: Unit, view: TextView) -> str | None:
        """The unit's clean text where its view reads through letter-spacing (the lines joined
        as they are, spaces kept: the paragraphs table's text); None where it is the view's."""
        if self.unspace is None and not any("\u3000" in t for t in unit.texts):
            return None
        text = self.view_of(unit, read_through=False).text
        return text if text != view.text else None

    def view_of(self, unit: Unit, read_through: bool = True) -> TextView:
        """The unit's pieces joined: in a spaced language (English) with a space, a word broken
        by a hyphen at a line end made whole again; otherwise (Chinese) a space only between two
        Latin pieces, none between CJK ones. Built as runs of source characters (a joining space
        takes the offset right after the piece before it). With `read_through`, a text layer's
        CJK letter-spacing is left out (`unspaced`)."""
        spaced, dehyphenate = self.spaced, self.dehyphenate
        chunks: list[str] = []
        starts: list[int] = []  # view index of each chunk
        sources: list[int] = []  # source index of each chunk
        k = 0  # length of the view so far
        before = ""  # the piece before
        unspace = self.unspace
        for a, piece in zip(unit.starts, unit.texts, strict=True):
            runs = None
            if read_through and (unspace is not None or "\u3000" in piece):  # letter-spacing
                runs = self.unspaced(a, piece, unspace or FULL_WIDTH_SPACED)
                a, piece = runs[0]
            if chunks:  # the last chunk is the piece before: a space only ever goes before one
                space = False
                if spaced:
                    hyphen = before[-1] == "-" and len(before) > 1 and before[-2].isalpha()
                    if hyphen and dehyphenate and piece[0].islower():  # "Secre-\ntary"
                        chunks[-1] = chunks[-1][:-1]
                        k -= 1
                    else:  # "Secretary-\nGeneral" keeps its hyphen, no space
                        space = not hyphen
                else:
                    space = is_narrow_letter(before[-1]) and is_narrow_letter(piece[0])
                if space:
                    chunks.append(" ")
                    starts.append(k)
                    sources.append(sources[-1] + len(before))  # right after the piece before
                    k += 1
            if runs is None:
                chunks.append(piece)
                starts.append(k)
                sources.append(a)
                k += len(piece)
            else:
                for a, piece in runs:
                    chunks.append(piece)
                    starts.append(k)
                    sources.append(a)
                    k += len(piece)
            before = piece
        return TextView.of_runs("".join(chunks), starts, sources)
