"""Walking the body: opening a unit at each numbered paragraph or heading, continuing the current
unit across line and page breaks, setting footnote blocks aside as their own units. Lines of
flattened text arrive cut (flat.py), some with a role: a heading, a resolution's opening or
preambular paragraph, an adoption line, an annex heading, a table row, a footnote."""

from __future__ import annotations

from pipeline.layout.flat import FlatCutter
from pipeline.layout.lines import FOOTNOTE_START, Line, Unit
from pipeline.layout.structured import STRUCTURED_KINDS
from pipeline.layout.textlines import (
    ADOPTION,
    ANNEX,
    CAPTION,
    CAPTION_LINE,
    FOOTNOTE,
    HEADING,
    OPENING,
    PREAMBLE,
    TABLE,
)


class BodyWalker(FlatCutter):
    # -- the body ----------------------------------------------------------------------------
    def walk_body(self, lines: list[Line]) -> None:
        current: Unit | None = None
        interrupted: Unit | None = None  # the unit a footnote block broke into
        adopted: int | None = None  # the adoption span the current adoption unit holds
        zone = "body"
        annex_heading = self.rules.annex_heading.fullmatch
        heading = self.rules.heading.match
        full_from = self.full_from
        roles = self.roles
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
            # A content line from here on.
            role = roles.get(ln)
            if role is not None and self.walk_role(ln, role, zone, current, adopted):
                current = self.units[-1]
                if role == ADOPTION:
                    adopted = self.adoption_of.get(ln)
                if role == ANNEX:
                    zone = "annex"
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
            # as a heading only where the paragraph before them is done. A numbered line out of
            # the sequence after a colon is a paragraph the current one quotes ("…内容如下:" /
            # "5.总务委员会应…"): it continues it.
            continued = self.continues(current, ln) or self.quoted(current, ln)
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
            elif (
                current is not None
                and current.zone == "heading"
                and ln.src is None
                and self.rules.heading_documents.fullmatch(ln.folded)
            ):
                self.add_line(current, ln)  # the documents an agenda item's heading lists
                self.section = self.view_of(current).text
            elif current is not None and ln.src is not None and self.heading_continues(current, ln):
                self.add_line(current, ln)  # the next line of a heading block (by role)
                self.section = self.view_of(current).text
            elif (
                role == HEADING
                or (ln.src is not None and self.heading_by_role(ln))
                or (not continued and ln.folded.strip() in self.rules.front_section_title)
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
            elif current is not None and current.zone == "footnote" and ln.src is None:
                self.add_line(current, ln)  # a note at the end runs to the next one
            elif ln not in self.cut_pieces and ln.src is None and self.looks_like_heading(lines, k):
                current = self.open_heading(ln)
            elif current is not None and (
                current.zone == "annex" or (current.zone == "body" and current.number is not None)
            ):
                self.add_line(current, ln)
            else:  # unnumbered text: a new block after each line that ends a sentence
                current = self.new_unit("body", "body", ln)
                self.add_line(current, ln)
            k += 1

    def walk_role(
        self, ln: Line, role: str, zone: str, current: Unit | None, adopted: int | None
    ) -> bool:
        """Open the unit a line's role calls for (flat.py); False where the role calls for none
        here (a heading, a title: the walk decides; anything inside an annex)."""
        if role == ANNEX:
            self.section = ln.text
            self.add_line(self.new_unit("annex", "annex", ln), ln)
            return True
        if zone == "annex" or role == HEADING:
            return False
        if role == ADOPTION:
            # An adoption line is an unnumbered body unit of its own, over the lines it spans:
            # it ends the paragraph before it, and no text after it continues it.
            span = self.adoption_of.get(ln)
            if not (adopted == span and current is not None and current.closed):
                unit = self.new_unit("body", "body", ln)
                unit.closed = True
            self.add_line(self.units[-1], ln)
            return True
        if role == OPENING:  # a resolution's opening: a unit of its own, nothing continues it
            unit = self.new_unit("body", "body", ln)
            self.add_line(unit, ln)
            unit.closed = True
            return True
        if role == PREAMBLE:  # each preambular paragraph a unit
            self.add_line(self.new_unit("body", "body", ln), ln)
            return True
        if role == CAPTION:  # a heading that heads no section: the table's, not the text's
            unit = self.new_unit("heading", "heading", ln)
            self.add_line(unit, ln)
            unit.closed = True
            return True
        if role == CAPTION_LINE and current is not None and current.zone == "heading":
            self.add_line(current, ln)
            return True
        if role == TABLE:  # one unit a row
            self.add_line(self.new_unit("table", "table", ln), ln)
            self.units[-1].closed = True
            return True
        if role == FOOTNOTE:  # its span starts at its mark ("[^4]:", "4/"), its text after it
            number = self.note_number.get(ln, 0)
            unit = self.new_unit(f"fn{number}", "footnote", ln, number)
            self.add_line(unit, ln)
            return True
        return False

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

    def quoted(self, unit: Unit | None, ln: Line) -> bool:
        if unit is None or not unit.texts or unit.zone != "body" or ln.number is None:
            return False
        return unit.texts[-1].rstrip().endswith((":", "：")) and not self.numbered(
            ln, self.expected
        )

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
        if (
            depth == 0
            and len(block) == 1
            and last.folded[:1] in "([（"
            and last.folded[-1:] in ")]）"
        ):
            return False  # a caption in brackets: "(Thousands of United States dollars)"
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
