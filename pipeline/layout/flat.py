"""Text that flattening joined, cut where a printed document would break it.

Web copies and converted files often hold a whole document, or a whole resolution, on one line:
cover, contents, headings and paragraphs. Before the zones are found, each line is cut, once, at
every place where a unit starts inside it: the next paragraph number of the sequence, a heading,
a resolution's opening (`大会,`, `The General Assembly,`) and each of its preambular paragraphs, an
adoption line, an annex heading, a contents title and the end of the contents (contents.py). The
cut points of a line are found by one scan of each pattern over it, then walked in order with the
state of the document (the next paragraph number, whether the preamble is open); the line is then
cut into its pieces in one go (linear time: no piece is cut again, no rest of a line is scanned
twice). Whole lines get their roles by their words here too (a resolution's opening, a preambular
paragraph after a comma, the title line, a letter's title); the lines told by markup or shape
are textlines.py's.

A piece (or a whole line) may get a role the walk reads (`roles`, body.py). Rules:
resources/layout.yaml and resources/<lang>/layout.yaml, `text` (textrules.py).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from operator import attrgetter

from pipeline.layout.contents import flattened_contents
from pipeline.layout.lines import Line
from pipeline.layout.textlines import (
    ADOPTION,
    ANNEX,
    CAPTION,
    CAPTION_LINE,
    CHROME,
    FOOTNOTE,
    HEADING,
    LETTER,
    OPENING,
    PREAMBLE,
    PROSE,
    TABLE,
    TITLE,
    TOC,
    TextLines,
)
from pipeline.text.cjk import WIDE_RANGES, is_wide

DIGIT = re.compile(r"[0-9]")
RECORD = "record"  # an event: a meeting record's line inside flattened text
CJK_STOP = re.compile("[。！？]")  # a sentence's end in a language written without spaces
CJK_BREAK = re.compile(f"(?<=[{WIDE_RANGES}])\\s++(?=[{WIDE_RANGES}])")  # blocks joined by a space
FLAT_WIDTH = 100  # display columns: a line this wide may hold several blocks
# A place a unit may start inside a line: (offset, kind, value, adoption span) (events_of).
Event = tuple[int, str, int, int]


@dataclass
class _State:
    """What the cutting pass knows of the document so far, as the walk will know it."""

    expected: int | None = None  # the next paragraph number
    preamble: bool = False  # inside a resolution's preamble: its paragraphs open with words
    annex: bool = False  # inside an annex: numbers open no paragraph
    article: bool = False  # under an article's heading: numbered clauses are body units
    in_paragraph: bool = False  # inside a numbered paragraph: an opening there is quoted
    begun: bool = False  # the document's text has begun (a title line is front before)
    table: bool = False  # the last line was a table row
    after_adoption: bool = False  # the last piece closed an adoption line
    part_title: Line | None = None  # a short piece right after an adoption line


class FlatCutter(TextLines):
    # -- cutting -----------------------------------------------------------------------------
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
        if "*" in folded or "_" in folded:  # Markdown emphasis ("*52nd meeting*") read as space
            # (str.replace runs in C; str.translate looks up every character of the text)
            folded = folded.replace("*", " ").replace("_", " ")
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
            before = folded[ln.start : a].rstrip()
            if before:
                ends = self.rules.ends_sentence(before)
            else:
                above = (lines[i] for i in range(k - 1, -1, -1) if lines[i].kind == "content")
                prev = next(above, None)
                ends = prev is not None and prev.ends_sentence
            if ends:  # (with the emphasis around it: "*52nd meeting*")
                while a > ln.start and self.folded[a - 1] in "*_":
                    a -= 1
                while b < len(folded) and self.folded[b] in "*_":
                    b += 1
                spans.append((a, b))
        return spans

    # -- the pass ----------------------------------------------------------------------------
    def unflatten(self, content: list[Line]) -> list[Line]:
        """The content lines (content, rules, marks) cut where flattening joined units, chrome
        left out, roles given (see the module's docstring). A line a reader describes (a PDF's
        or Word file's printed line, an HTML table's row) is told by the reader's role and
        geometry (structured.py): it is neither cut nor given a role here."""
        if not any(ln.src is not None and ln.kind != TABLE for ln in self.lines):
            content = self.cover_symbol(content)  # (a reader's roles tell furniture)
        t = self.text_rules
        lines: list[Line] = []
        footnote_page: int | None = None  # inside a footnote block (after a rule) on this page
        for ln in content:
            if ln.src is not None:
                pass
            elif ln.kind == "rule":
                footnote_page = ln.page
            elif ln.kind == "content" and footnote_page != ln.page:
                footnote_page = None
                if self.is_chrome(ln):
                    ln.kind = CHROME
                    self.markup.append((ln.start, ln.end))
                    continue
                ln = self.markdown(ln)
            elif ln.kind == "content":
                self.in_footnotes.add(ln)
            lines.append(ln)
        self.lone_numbers(lines)
        self.nav_links(lines)
        flattened_contents(self, lines)
        adoptions = self.adoption_spans()
        adoption_starts = [a for a, _ in adoptions]
        state = _State()
        out: list[Line] = []
        prev: Line | None = None  # the last content piece
        for ln in lines:
            role = self.roles.get(ln)
            if ln.kind != "content" or ln in self.in_footnotes or role in (FOOTNOTE, TOC):
                out.append(ln)
                continue
            if ln.src is not None:  # a reader's printed line (structured.py): adoption lines only
                self.article_clause(ln, state)
                pieces = self.cut_events(ln, state, prev, out, adoptions, adoption_starts, True)
                out.extend(pieces)
                prev = pieces[-1] if pieces else prev
                continue
            if (
                self.is_table_row(ln)
                or (state.table and t.table_note.match(ln.folded) is not None)
                or self.spaced_row(ln, state.table)
            ):
                self.roles[ln] = TABLE
                state.table = True
                out.append(ln)
                prev = ln
                continue
            state.table = False
            if ln.number is not None and self.is_contents_entry(ln):
                ln.number = None  # "1. Committees ....... 5": a contents entry opens no paragraph
            pieces = self.cut_events(ln, state, prev, out, adoptions, adoption_starts)
            out.extend(pieces)
            if pieces:
                prev = pieces[-1]
        self.end_notes(out)
        return out

    def article_clause(self, ln: Line, state: _State) -> None:
        """A reader's printed line under an article's heading that opens with a number is a
        clause of the article ("1. ㈠ …", its numbers restart in every article): a body unit of
        its own, no numbered paragraph, as in text inputs (line_role)."""
        t = self.text_rules
        if t.article_heading is None:
            return
        if t.article_heading.fullmatch(self.bare(ln)):
            state.article = True
        elif state.article and ln.number is not None:
            ln.number = None
            self.roles[ln] = PREAMBLE

    def line_role(self, ln: Line, state: _State, prev: Line | None) -> str | None:
        """The role a whole line has by its words: a resolution's opening, a preambular
        paragraph (after a line that ends in a comma, inside the preamble), the title line."""
        t = self.text_rules
        if t.opening_line is not None and t.opening_line.fullmatch(ln.folded):
            return OPENING
        if (
            state.preamble
            and prev is not None
            and t.preamble_line is not None
            and self.ends_clause(prev)
            and t.preamble_line.match(ln.folded)
        ):
            return PREAMBLE
        bare = self.bare(ln)
        if t.article_heading is not None and t.article_heading.fullmatch(bare):
            state.article, state.preamble = True, False
            return HEADING  # "Article 1", "第 十 一 条"
        if state.article and ln.number is not None:
            ln.number = None  # a clause of an article ("1. ㈠ …"): its numbers restart
            return PREAMBLE  # a body unit of its own
        if not state.begun and t.title_line is not None and t.title_line.match(bare):
            return TITLE
        if not state.begun and t.letter_title is not None and t.letter_title.match(bare):
            return LETTER
        if t.table_title is not None and t.table_title.fullmatch(bare):
            return CAPTION  # "Table 1" over the table's title
        if (
            prev is not None
            and self.roles.get(prev) == CAPTION
            and not ln.ends_sentence
            and bare[:1] not in "([（"
            and len(bare) <= 160
        ):
            return CAPTION_LINE  # the table's title under its number
        if t.record_line is not None and t.record_line.match(bare):
            return OPENING  # "The meeting rose at 1 p.m.": a unit of its own, as an opening
        if t.annex_line is not None and not ln.ends_sentence and t.annex_line.match(bare):
            return ANNEX  # "Annex to the letter dated …", "…给秘书长的信的附件"
        if (
            ln.folded[:1] in t.emphasis
            and len(bare) <= 160
            and self.rules.heading.match(bare)
            and not self.rules.ends_sentence(bare)
        ):
            return HEADING  # "**I. Introduction**": a heading set in bold (Markdown)
        if (
            ln.width <= 40
            and not ln.ends_sentence
            and t.lost_number_heading.match(ln.folded) is not None
        ):
            return HEADING  # ". 导言": a heading whose number the copy lost
        return None

    def cut_events(
        self,
        ln: Line,
        state: _State,
        prev: Line | None,
        out: list[Line],
        adoptions: list[tuple[int, int]],
        adoption_starts: list[int],
        printed: bool = False,
    ) -> list[Line]:
        """The line cut at the units that start inside it, with their roles; `state` follows.
        A printed line (`printed`: a reader's) is cut at an adoption line only."""
        role = None if printed else self.line_role(ln, state, prev)
        if role == OPENING:
            self.part_title_before(out, prev, state)
            state.preamble, state.begun, state.after_adoption = True, True, False
            state.in_paragraph = False
            self.roles[ln] = role
            return [ln]
        # A line that opens with the expected number opens its paragraph (as the walk sees it).
        if ln.number is not None and not state.annex and self.numbered(ln, state.expected):
            state.expected = ln.number + 1
            state.preamble, state.begun, state.in_paragraph = False, True, True
            role = None
        elif role is not None or self.is_heading_line(ln):
            state.in_paragraph = False
        cuts: list[tuple[int, str | None]] = [(0, role)]
        spans: dict[int, int] = {}  # adoption cuts: the span each belongs to
        skip = 0  # events inside a heading or adoption line cut out are none
        events = self.events_of(ln, adoptions, adoption_starts)
        if printed:
            events = [e for e in events if e[1] == ADOPTION]
        prose = self.text_rules.prose_after
        if prose is not None and not state.begun and ln.width >= FLAT_WIDTH:
            m = prose.search(ln.folded)  # a flattened cover: where its prose begins
            if m is not None and m.end() < len(ln.folded):
                events = sorted([*events, (m.end(), PROSE, 0, 0)], key=lambda e: e[0])
        for pos, kind, value, span in events:
            if pos < skip or pos < cuts[-1][0] or (pos == cuts[-1][0] and pos and kind != ADOPTION):
                continue
            if kind == "para":
                if state.annex or value != (state.expected or 1):
                    continue
                self.headings_before(ln, cuts, pos, state.expected is None)
                cuts.append((pos, None))
                state.expected = value + 1
                state.preamble, state.begun, state.in_paragraph = False, True, True
            elif kind == HEADING:
                cuts += [(pos, HEADING), (value, None)]
                skip = value
                state.preamble, state.begun, state.in_paragraph = False, True, False
            elif kind == OPENING:
                if state.in_paragraph:
                    continue  # "2. The Assembly, Noting …": a paragraph's text, no opening
                self.part_title_inline(ln, cuts, pos, state, out, prev)
                cuts += [(pos, OPENING), (value, None)]
                skip = value
                state.preamble, state.begun = True, True
            elif kind == RECORD:  # "The meeting rose at 6 p.m.": a unit of its own
                cuts += [(pos, OPENING), (value, None)]
                skip = value
                state.preamble, state.in_paragraph = False, False
            elif kind == PREAMBLE:
                if state.preamble:
                    cuts.append((pos, PREAMBLE))
            elif kind == PROSE:
                if not state.begun:
                    cuts.append((pos, PROSE))
            elif kind == ANNEX:
                cuts.append((pos, ANNEX))
                state.annex, state.preamble, state.in_paragraph = True, False, False
            elif kind == ADOPTION:
                b = value
                if pos == cuts[-1][0]:
                    cuts[-1] = (pos, ADOPTION)
                else:
                    cuts.append((pos, ADOPTION))
                spans[pos] = span
                cuts.append((b, None))
                skip = b
                state.preamble, state.in_paragraph = False, False
            state.after_adoption = kind == ADOPTION
        if len(cuts) == 1:
            if role is not None and (role not in (TITLE, LETTER) or not state.begun):
                self.roles[ln] = role
            state.part_title = ln if state.after_adoption and self.may_be_title(ln) else None
            state.after_adoption = False
            return [ln]
        pieces = self.pieces_at(ln, [c for c, _ in cuts])
        i = 0
        for piece in pieces:  # the cut each piece starts at (past the white space after it)
            while i + 1 < len(cuts) and ln.start + cuts[i + 1][0] <= piece.start:
                i += 1
            at, r = cuts[i]
            if r is not None:
                self.roles[piece] = r
            if r == ADOPTION:
                self.adoption_of[piece] = spans[at]
        # an adoption line that ends the line: the title of the next part may follow
        state.after_adoption = bool(pieces) and self.roles.get(pieces[-1]) == ADOPTION
        state.part_title = None
        if len(pieces) > 1 and self.roles.get(pieces[-2]) == ADOPTION:
            last = pieces[-1]
            if self.roles.get(last) is None and self.may_be_title(last):
                state.part_title = last
        return pieces

    def may_be_title(self, ln: Line) -> bool:
        """A piece short enough for a part's title, that ends no sentence."""
        return len(ln.folded) <= 100 and not ln.ends_sentence

    def events_of(
        self, ln: Line, adoptions: list[tuple[int, int]], adoption_starts: list[int]
    ) -> list[Event]:
        """Every place a unit may start inside the line, in order: (offset into the line, kind,
        value: a paragraph's number, where a heading, opening or adoption line ends; the adoption
        span's index). One scan of each pattern over the line."""
        t, folded = self.text_rules, ln.folded
        events: list[Event] = []
        if ln.other_digits or DIGIT.search(folded, 1) is not None:
            events += self.paragraph_candidates(ln)
        if self.rules.inline_heading is not None:
            for m in self.rules.inline_heading.finditer(folded):
                events.append((m.start(1), HEADING, m.end(1), 0))
        if t.opening_inline is not None and ("," in folded or "，" in folded):
            for m in t.opening_inline.finditer(folded):
                events.append((m.start(), OPENING, m.end(), 0))
        if t.preamble_cut is not None and ("," in folded or "，" in folded):
            events += [(m.end(), PREAMBLE, 0, 0) for m in t.preamble_cut.finditer(folded)]
        if t.inline_annex is not None:
            events += [(m.start(1), ANNEX, 0, 0) for m in t.inline_annex.finditer(folded)]
        if t.record_inline is not None and "meeting" in folded:
            events += [(m.start(), RECORD, m.end(), 0) for m in t.record_inline.finditer(folded)]
        if adoptions:
            j = bisect_right(adoption_starts, ln.end - 1) - 1
            # the spans that overlap the line (few): walk back from the last that starts in it
            found = []
            while j >= 0 and adoptions[j][1] > ln.start:
                a, b = adoptions[j]
                found.append((max(a, ln.start) - ln.start, ADOPTION, min(b, ln.end) - ln.start, j))
                j -= 1
            events += found
        events.sort(key=lambda e: e[0])
        return events

    def paragraph_candidates(self, ln: Line) -> list[Event]:
        """Paragraph numbers inside the line (`inline_paragraph`) that may open a paragraph: not
        at its start, not glued to the text before without punctuation unless a sentence starts
        after them, not after a word that makes them a citation ("article 2.")."""
        out: list[Event] = []
        text, folded = ln.text, ln.folded
        for m in self.rules.inline_paragraph.finditer(text):
            pos = m.start("num")
            if pos == 0:
                continue
            nxt = folded[m.start("next")]
            if not m.group("punct") and not (nxt.isupper() or nxt in "\"“'‘(（" or is_wide(nxt)):
                continue
            end = pos  # the head is the line before the number, trailing white space out
            while end and text[end - 1].isspace():
                end -= 1
            # Only the head's last characters are read: a long line may have many candidates.
            tail = folded[max(0, end - 20) : end]  # "ａｒｔｉｃｌｅ ２．" is a citation too
            words = re.findall(r"\w+", tail.lower()) or [""]
            if not end or words[-1] in self.rules.inline_not_after or tail.endswith(self.not_after):
                continue
            out.append((pos, "para", int(m.group("num")), 0))
        return out

    def headings_before(
        self, ln: Line, cuts: list[tuple[int, str | None]], pos: int, first: bool
    ) -> None:
        """Headings right before a paragraph number cut at `pos` (English flattened text:
        "…Secretary-General I. Introduction 1. The present report"): each cut out as a heading;
        at most two (a part and a section). The text before them ends a sentence, or is the
        front (`first`: the first paragraph)."""
        rx = self.text_rules.heading_before_paragraph
        if rx is None:
            return
        found: list[int] = []
        end, floor = pos, cuts[-1][0]
        for _ in range(2):
            a = max(floor, end - 200)
            m = rx.search(ln.folded[a:end].rstrip())
            if m is not None and 0 < floor == a + m.start(1) and cuts[-1] == (floor, None):
                cuts[-1] = (floor, HEADING)  # the piece after the last cut is all heading
                break
            if m is None or a + m.start(1) <= floor:
                break
            end = a + m.start(1)
            found.append(end)
        while found:  # the text before the first of them ends a sentence
            before = ln.folded[floor : found[-1]].rstrip()
            if not before or first or self.rules.ends_sentence(before):
                break
            found.pop()
        cuts += [(start, HEADING) for start in reversed(found)]

    def part_title_inline(
        self,
        ln: Line,
        cuts: list[tuple[int, str | None]],
        pos: int,
        state: _State,
        out: list[Line],
        prev: Line | None,
    ) -> None:
        """The title of a resolution's part before its opening at `pos`: at the end of the text
        before it, with its letter ("A 不扩散核武器条约:…"); or all of it where an adoption line
        closed the part before (its letter lost: "…第79次全体会议 无核武器的南半球 大会,").
        Where the opening starts the line, the piece before it is read."""
        floor = cuts[-1][0]
        segment = ln.folded[floor:pos].rstrip()
        if not segment:
            if floor == 0:
                self.part_title_before(out, prev, state)
            return
        if state.after_adoption and cuts[-1][1] is None:
            if len(segment) <= 100 and not self.rules.ends_sentence(segment):
                cuts[-1] = (floor, HEADING)
            return
        a = max(floor, pos - 170)
        m = self.text_rules.part_title.search(ln.folded[a:pos].rstrip())
        if m is not None and a + m.start(1) > floor and not self.rules.ends_sentence(m.group(1)):
            cuts.append((a + m.start(1), HEADING))

    def part_title_before(self, out: list[Line], prev: Line | None, state: _State) -> None:
        """A part's title at the end of the piece before an opening that starts its line: the
        piece is cut again (it is the last one given out)."""
        if (
            prev is None
            or not out
            or out[-1] is not prev
            or self.roles.get(prev)
            in (
                OPENING,
                PREAMBLE,
                HEADING,
                TABLE,
                FOOTNOTE,
            )
        ):
            return
        text = prev.folded
        if self.roles.get(prev) == ADOPTION:
            return
        if prev is state.part_title:  # after an adoption line: the title, its letter lost
            self.roles[prev] = HEADING
            return
        a = max(0, len(text) - 170)
        m = self.text_rules.part_title.search(text[a:])
        if m is None or self.rules.ends_sentence(m.group(1)):
            return
        start = a + m.start(1)
        if start == 0:
            self.roles[prev] = HEADING
            return
        role = self.roles.pop(prev, None)
        pieces = self.pieces_at(prev, [0, start])
        out[-1:] = pieces
        if role is not None and pieces:
            self.roles[pieces[0]] = role
        if len(pieces) > 1:
            self.roles[pieces[-1]] = HEADING

    # -- contents --------------------------------------------------------------------------------
    def first_prose(self, content: list[Line]) -> int:
        """Where the prose of a text without numbered paragraphs or headings begins (its front
        ends there): the first line that ends a sentence (a meeting's front lines aside); 0 where
        none does. In a language written without spaces a sentence holds no white space: in a
        flattened line the first sentence starts after the last white space between two wide
        characters before its stop, and the line is cut there."""
        for k, ln in enumerate(content):
            if ln.kind != "content" or self.no_prose_end(ln):
                continue
            if self.roles.get(ln) == PROSE:
                return k
            if self.spaced or ln.width < FLAT_WIDTH:
                if ln.ends_sentence:
                    return k
                continue
            stop = CJK_STOP.search(ln.folded)
            if stop is None:
                continue
            start = None
            for m in CJK_BREAK.finditer(ln.folded, 0, stop.start()):
                start = m.end()
            if start is None:
                return k
            content[k : k + 1] = self.pieces_at(ln, [0, start])
            return k + 1
        return 0

    def toc_by_roles(self, content: list[Line]) -> tuple[int, int] | None:
        """The index range into `content` of the contents found flattened (contents.py)."""
        marked = [k for k, ln in enumerate(content) if self.roles.get(ln) == TOC]
        return (marked[0], marked[-1]) if marked else None
