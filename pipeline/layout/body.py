"""Walking the body: opening a unit at each numbered paragraph or heading, continuing the current
unit across line and page breaks, setting footnote blocks aside as their own units, and cutting
lines of flattened text around the paragraph numbers, headings and adoption lines inside them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from operator import attrgetter

from pipeline.layout.base import BuilderBase
from pipeline.layout.lines import FOOTNOTE_START, Line, Unit
from pipeline.layout.structured import STRUCTURED_KINDS
from pipeline.text.cjk import is_wide


class BodyWalker(BuilderBase):
    def inline_split(self, ln: Line, target: int) -> tuple[Line, Line] | None:
        """Split a line before the paragraph number `target` found inside it (flattened text
        keeps paragraph numbers inline). The number must be the one the sequence expects: the
        number after the line's own, where the line opens a paragraph, else the next expected
        one (see walk_body)."""
        for m in self.rules.inline_paragraph.finditer(ln.text):
            pos = m.start("num")
            if int(m.group("num")) != target or pos == 0:
                continue
            nxt = ln.folded[m.start("next")]
            if not m.group("punct") and not (nxt.isupper() or nxt in "\"“'‘(（" or is_wide(nxt)):
                continue
            end = pos  # the head is the line before the number, trailing white space out
            while end and ln.text[end - 1].isspace():
                end -= 1
            # Only the head's last characters are read: a long line may have many candidates.
            tail = ln.folded[max(0, end - 20) : end]  # "ａｒｔｉｃｌｅ ２．" is a citation too
            words = re.findall(r"\w+", tail.lower()) or [""]
            if not end or words[-1] in self.rules.inline_not_after or tail.endswith(self.not_after):
                continue
            text, folded, index, page, rules = ln.text, ln.folded, ln.index, ln.page, self.rules
            head_end = ln.start + end
            first = Line(
                index, ln.start, head_end, text[:end], folded[:end], ln.indented, rules, page
            )
            rest = Line(index, ln.start + pos, ln.end, text[pos:], folded[pos:], False, rules, page)
            return first, rest
        return None

    def heading_split(self, ln: Line) -> tuple[list[Line], Line] | None:
        """Cut a line of flattened text around the first heading inside it (`inline_heading`):
        the text before it, the heading, the text after it (the pieces that are not empty), and
        the heading. None where the line holds no heading, or is one."""
        if self.rules.inline_heading is None:
            return None
        m = self.rules.inline_heading.search(ln.folded)
        if m is None:  # (a heading that is the whole line is no match: no white space before)
            return None
        return self.cut_line(ln, *m.span(1))

    def cut_line(self, ln: Line, start: int, end: int) -> tuple[list[Line], Line]:
        """Cut `ln` around its characters [start, end) (offsets into the line): the text before,
        the middle and the text after, each stripped like every line, the empty ones left out;
        and the middle piece."""
        text, folded, index, page, rules = ln.text, ln.folded, ln.index, ln.page, self.rules
        pieces: list[Line] = []
        middle = ln
        for a, b in ((0, start), (start, end), (end, len(text))):
            a += len(text[a:b]) - len(text[a:b].lstrip())  # stripped, like every line
            b -= len(text[a:b]) - len(text[a:b].rstrip())
            if a < b:
                indented = ln.indented and a == 0
                piece = Line(
                    index, ln.start + a, ln.start + b, text[a:b], folded[a:b], indented, rules, page
                )
                piece.src, piece.kind = ln.src, ln.kind
                pieces.append(piece)
                if a == start:
                    middle = piece
        return pieces, middle

    def adoption_spans(self) -> list[tuple[int, int]]:
        """Source spans of the document's adoption lines (`adoption` in layout.yaml: the meeting
        and the date that close a resolution), in order, none overlapping. The pattern is searched
        for around the lines that name a meeting only (a regex scan of the whole text would cost
        more than the rest of the stage). The text before a span must end a sentence: in its own
        line, or the content line above it where it opens its line."""
        rx, anchor = self.rules.adoption, self.rules.adoption_anchor
        if rx is None or anchor is None:
            return []
        lines, folded = self.lines, self.folded
        line_start = attrgetter("start")
        # The lines that name a meeting (few), each with the line above and two below.
        named = {
            bisect_right(lines, m.start(), key=line_start) - 1 for m in anchor.finditer(folded)
        }
        found: set[tuple[int, int]] = set()
        last = len(lines) - 1
        for k in named:
            pos, endpos = lines[max(k - 1, 0)].start, lines[min(k + 2, last)].end
            found.update(m.span() for m in rx.finditer(folded, pos, endpos))
        spans: list[tuple[int, int]] = []
        for a, b in sorted(found):
            if spans and a < spans[-1][1]:
                continue  # overlaps the one before
            k = bisect_right(lines, a, key=line_start) - 1  # the line it starts in
            if k < 0:
                continue
            ln = lines[k]
            before = ln.folded[: a - ln.start].rstrip()
            if before:
                ends = self.rules.ends_sentence(before)
            else:
                above = (lines[i] for i in range(k - 1, -1, -1) if lines[i].kind == "content")
                prev = next(above, None)
                ends = prev is not None and prev.ends_sentence
            if ends:
                spans.append((a, b))
        return spans

    def adoption_split(
        self, ln: Line, spans: list[tuple[int, int]], span_starts: list[int]
    ) -> tuple[list[Line], Line, int] | None:
        """Where `ln` holds (part of) an adoption span: the line cut around it (cut_line), the
        piece inside it and the span's index; None where it holds none."""
        j = bisect_left(span_starts, ln.end) - 1  # the last span that starts before the line ends
        if j < 0 or spans[j][1] <= ln.start:
            return None
        a, b = spans[j]
        pieces, middle = self.cut_line(ln, max(a, ln.start) - ln.start, min(b, ln.end) - ln.start)
        return pieces, middle, j

    # -- the body ----------------------------------------------------------------------------
    def walk_body(self, lines: list[Line]) -> None:
        current: Unit | None = None
        interrupted: Unit | None = None  # the unit a footnote block broke into
        inline_heads: set[Line] = set()  # headings cut out of flattened lines (heading_split)
        pieces: set[Line] = set()  # what was cut: a piece's shortness says nothing of a heading
        # Adoption lines (adoption_spans): the span the current adoption unit holds, if any.
        adoptions = self.adoption_spans()
        adoption_starts = [a for a, _ in adoptions]
        adopted: int | None = None
        zone = "body"
        annex_heading = self.rules.annex_heading.fullmatch
        heading = self.rules.heading.match
        full_from = self.full_from
        k = 0
        while k < len(lines):
            ln = lines[k]
            if ln.kind in STRUCTURED_KINDS:  # a PDF's or Word file's footnotes or table rows
                k, ends = self.walk_structured(lines, k)
                if ends:
                    current = None
                continue
            if ln.kind == "rule":
                if current is not None and current.zone != "footnote":
                    interrupted = current
                k = self.walk_footnotes(lines, k + 1, ln.page)
                current = interrupted
                continue
            if ln.kind == "mark":  # a reference mark inside the current unit
                k += 1
                continue
            # A content line from here on. It may hold the next paragraph number (inline_split):
            # after its own where it opens a paragraph, else the expected one. A line that does
            # not print that number's digits cannot (in folded text a full-width number is
            # ASCII; digits of other scripts turn this test off); most lines do not.
            own, expected = ln.number, self.expected
            target = own + 1 if own is not None and self.numbered(ln, expected) else (expected or 1)
            split = None
            # (A PDF's or Word file's line is a printed line: no flattened text to cut.)
            if ln.src is None and (ln.other_digits or str(target) in ln.folded):
                split = self.inline_split(ln, target)
            if split:
                lines[k : k + 1] = split
                ln = lines[k]
            cut = self.heading_split(ln) if ln.src is None else None
            if cut:
                lines[k : k + 1], head = cut
                inline_heads.add(head)
                pieces.update(cut[0])
                ln = lines[k]
            adoption = self.adoption_split(ln, adoptions, adoption_starts) if adoptions else None
            if adoption and zone == "body":
                # An adoption line is an unnumbered body unit of its own, over the lines it
                # spans: it ends the paragraph before it, and no text after it continues it.
                parts, inside, span = adoption
                lines[k : k + 1] = parts
                pieces.update(parts)
                ln = lines[k]
                if ln is inside:
                    if not (adopted == span and current is not None and current.closed):
                        current = self.new_unit("body", "body", ln)
                        current.closed = True
                        adopted = span
                    self.add_line(current, ln)
                    k += 1
                    continue
            if len(ln.text) < 60 and annex_heading(ln.folded.split(" ")[0]):
                zone = "annex"
                self.section = ln.text
                current = self.new_unit("annex", "annex", ln)
                self.add_line(current, ln)
                k += 1
                continue
            # Most lines continue the current paragraph: they have no number, and they are read
            # as a heading only where the paragraph before them is done.
            continued = self.continues(current, ln)
            if zone == "body" and ln.number is not None and self.numbered(ln, self.expected):
                number = ln.number
                assert number is not None
                self.expected, self.expected_sect = number + 1, ln.sect
                current = self.new_unit(ln.key, "body", ln, number)
                after = ln.number_end
                ends = self.rules.ends_sentence(ln.folded[after:])
                current.add(ln.start + after, ln.text[after:], ends, self.is_full(ln))
            elif zone == "annex" and current is not None:
                self.add_line(current, ln)
            elif current is not None and ln.src is not None and self.heading_continues(current, ln):
                self.add_line(current, ln)  # the next line of a heading block (by role)
                self.section = self.view_of(current).text
            elif (
                ln in inline_heads
                or (ln.src is not None and self.heading_by_role(ln))
                or (not continued and heading(ln.folded) and self.is_heading_line(ln))
            ):  # a heading cut out of flattened text ends the text before it
                current = self.open_heading(ln)
            elif (
                current is not None
                and current.zone == "heading"
                and current.last_full
                and ln.src is None
            ):
                self.add_line(current, ln)  # a heading wrapped over two lines
                self.section = self.view_of(current).text
            elif continued:
                assert current is not None
                full = ln.width >= full_from
                current.add(ln.start, ln.text, ln.ends_sentence, full)  # = add_line
            elif ln not in pieces and ln.src is None and self.looks_like_heading(lines, k):
                current = self.open_heading(ln)
            elif current is not None and (
                current.zone == "annex" or (current.zone == "body" and current.number is not None)
            ):
                self.add_line(current, ln)
            else:  # unnumbered text: a new block after each line that ends a sentence
                current = self.new_unit("body", "body", ln)
                self.add_line(current, ln)
            k += 1

    def continues(self, unit: Unit | None, ln: Line | None = None) -> bool:
        """The next line continues a paragraph whose last line did not end a sentence.
        Unnumbered text has no number to open its next block, so there a line that stops short
        of the right margin ends its block too (HTML text: one block a line; resolutions'
        preambular paragraphs end in a comma). Where the reader gives geometry, a line that
        starts a printed paragraph (structured.starts_paragraph) continues no unnumbered unit,
        and a numbered one only where its last line did not end a sentence."""
        if unit is None or unit.zone not in ("body", "annex") or not unit.texts or unit.closed:
            return False
        starts = None
        if ln is not None and ln.src is not None:  # (plain text has no geometry)
            above = self.last_line_of(unit)
            first = above is not None and above is self.line_of(unit.starts[0])
            starts = self.starts_paragraph(above, ln, first)
        if starts is not None:
            if unit.number is None and unit.zone == "body":
                return not starts
            return not (starts and unit.last_ends)
        if unit.zone == "body" and unit.number is None and not unit.last_full:
            return False
        return not unit.last_ends

    def open_heading(self, ln: Line) -> Unit:
        self.section = ln.text
        unit = self.new_unit("heading", "heading", ln)
        self.add_line(unit, ln)
        return unit

    def looks_like_heading(self, lines: list[Line], k: int, depth: int = 0) -> bool:
        """An unnumbered sub-heading: a short block (wrapping at most twice) that does not end a
        sentence and is followed by a numbered paragraph or another heading."""
        block = [lines[k]]
        j = k + 1
        while self.is_full(block[-1]) and j < len(lines):
            if lines[j].kind != "content" or self.numbered(lines[j], self.expected):
                break
            block.append(lines[j])
            j += 1
            if len(block) > 3:
                return False
        last = block[-1]
        if last.ends_sentence or last.folded.endswith(self.rules.clause_ends):
            return False
        if sum(len(b.text) for b in block) > 150:
            return False
        nxt = next((i for i in range(j, len(lines)) if lines[i].kind == "content"), None)
        if nxt is None:
            return False  # a heading heads something: the last line of a text is not one
        if self.numbered(lines[nxt], self.expected) or self.is_heading_line(lines[nxt]):
            return True
        return depth < 2 and self.looks_like_heading(lines, nxt, depth + 1)

    def walk_footnotes(self, lines: list[Line], k: int, page: int) -> int:
        """Footnotes after a rule, up to the page break that ends the block (footnotes sit at
        the bottom of a page). Returns the index of the first line after the block."""
        unit: Unit | None = None
        while k < len(lines):
            ln = lines[k]
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            if ln.page != page or ln.kind == "rule":
                break
            # Keys are built from the number's value, not its text: ８ and 8 both give fn8.
            if (
                ln.kind == "mark"
                and ln.text.isdecimal()
                and nxt is not None
                and (nxt.kind == "content" and nxt.index == ln.index + 1)
            ):
                number = int(ln.text)
                unit = self.new_unit(f"fn{number}", "footnote", ln, number)
                k += 1
                continue
            m = FOOTNOTE_START.match(ln.text)
            if ln.kind == "content" and m and (unit is None or unit.number == int(m.group(1)) - 1):
                number = int(m.group(1))
                unit = self.new_unit(f"fn{number}", "footnote", ln, number)
                after = m.end()
                ends = self.rules.ends_sentence(ln.folded[after:])
                unit.add(ln.start + after, ln.text[after:], ends, self.is_full(ln))
                k += 1
                continue
            if unit is None:
                break  # a rule not followed by footnotes: back to the body
            if ln.kind == "content":
                unit.add(ln.start, ln.text, ln.ends_sentence, self.is_full(ln))
            k += 1
        return k
