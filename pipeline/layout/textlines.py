"""Lines of text inputs that their words or markup tell, whatever flattening did: web chrome, a
Markdown heading, footnote or table row, a row of a table in text, a contents entry with a number,
a paragraph's number alone on its line, the cover's symbol on the first line, a block of notes at
the end of the text. The roles a line or piece may get (read by the walk, body.py), the state they
live in, and how a line is cut into pieces (each copies its own text only). The cutting pass is
flat.py. Rules: resources/layout.yaml and resources/<lang>/layout.yaml, `text` (textrules.py)."""

from __future__ import annotations

import re

from pipeline.layout.base import BuilderBase
from pipeline.layout.lines import Line, Unit, number_pages
from pipeline.layout.textrules import text_rules_for
from pipeline.model import Document

# Roles of a piece or line (see flat.py).
HEADING, OPENING, PREAMBLE, ADOPTION, ANNEX = "heading", "opening", "preamble", "adoption", "annex"
TABLE, FOOTNOTE, TITLE, TOC = "table", "footnote", "title", "toc"
LETTER = "letter"  # a letter's title: the front ends with it
PROSE = "prose"  # where a flattened cover's prose begins: the front ends there
# A table's number ("Table 1") and the title line under it: one heading unit that heads no section
CAPTION, CAPTION_LINE = "caption", "caption_line"
CHROME = "chrome"  # a line kind: furniture that marks no page break
CHROME_WIDTH = 200  # characters of a line of web chrome, at most
NOTE_LINES = 12  # lines of one note at the end, at most
BODY_MARK_ONE = re.compile(
    r"(?<=[^\s\d/\-])1(?![\d/.])"
)  # the first note's mark in the body ("报告1")
LONE_NUMBER = re.compile(r"\d{1,3}\s*+[.．]")  # a paragraph's number alone on its line
# A footnote mark after a comma: "…的报告,1", "…Council,*", "…2018,[^1]" (Markdown).
CLAUSE_MARK = re.compile(r"(?<=[,，、])(?:\d{1,3}/?|\*{1,3}|\[\^\d{1,3}\])\Z")


class TextLines(BuilderBase):
    def __init__(self, doc: Document) -> None:
        super().__init__(doc)
        self.text_rules = text_rules_for(doc.lang)
        self.roles: dict[Line, str] = {}
        self.note_number: dict[Line, int] = {}  # footnote pieces: their number
        # Where the unit a line opens starts, before the line: a footnote's mark ("[^4]:",
        # "4/"), a paragraph's number alone on the line above ("1." / "The present report").
        self.span_from: dict[Line, int] = {}
        self.adoption_of: dict[Line, int] = {}  # adoption pieces: the span they belong to
        self.cut_pieces: set[Line] = set()  # pieces cut out of a line
        self.markup: list[tuple[int, int]] = []  # Markdown marks and chrome: furniture spans
        self.in_footnotes: set[Line] = set()  # lines of a footnote block (after a rule)
        self.opaque: list[tuple[int, int]] = []  # a navigation bar's links: text, no mention

    def new_unit(self, key: str, zone: str, ln: Line, number: int | None = None) -> Unit:
        unit = super().new_unit(key, zone, ln, number)
        if ln in self.span_from:
            unit.first = self.span_from[ln]
        return unit

    def cut_line(self, ln: Line, start: int, end: int) -> tuple[list[Line], Line]:
        """Cut `ln` around its characters [start, end) (offsets into the line): the text before,
        the middle and the text after, each stripped, the empty ones left out; and the middle
        piece (`ln` itself where it is empty)."""
        pieces = self.pieces_at(ln, [0, start, end])
        middle = next((p for p in pieces if p.start - ln.start >= start), ln)
        return pieces, middle

    def pieces_at(self, ln: Line, cuts: list[int]) -> list[Line]:
        """`ln` cut at the offsets `cuts` (into the line, ascending, the first 0): each piece
        stripped like every line, the empty ones left out. Each piece copies its own text only."""
        text, folded, rules = ln.text, ln.folded, self.rules
        bounds = [*cuts, len(text)]
        out: list[Line] = []
        for a, b in zip(bounds, bounds[1:], strict=False):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                indented = ln.indented and a == 0
                piece = Line(
                    ln.index, ln.start + a, ln.start + b, text[a:b], folded[a:b], indented, rules
                )
                piece.page, piece.kind, piece.src = ln.page, ln.kind, ln.src
                out.append(piece)
        if len(out) > 1 or (out and out[0].start != ln.start):
            self.cut_pieces.update(out)
        return out

    def is_chrome(self, ln: Line) -> bool:
        t = self.text_rules
        folded = ln.folded
        if len(folded) > CHROME_WIDTH:  # (flattened text that holds a bar is no bar)
            return False
        if t.chrome_bar in folded or t.chrome_shape.fullmatch(folded):
            return True
        if t.markdown_rule.fullmatch(ln.text):  # (as written: ＊＊＊＊ is text)
            return True
        if len(folded) <= 60 and folded.strip(t.emphasis).casefold() in t.chrome:
            return True
        return t.chrome_pattern is not None and t.chrome_pattern.fullmatch(folded) is not None

    def markdown(self, ln: Line) -> Line:
        """A Markdown heading or footnote line without its marks (they become furniture), with
        its role; other lines as they are."""
        t = self.text_rules
        m = t.markdown_heading.match(ln.text)
        role = HEADING
        if m is None:
            m = t.markdown_footnote.match(ln.text)
            role = FOOTNOTE
        if m is None:
            return ln
        title = self.text_rules.title_line
        if role == HEADING and title is not None and title.match(ln.folded, m.end()):
            self.roles[ln] = TITLE  # "# 73/3. Political declaration …": front, as written
            return ln
        pieces = self.pieces_at(ln, [m.end()])
        if not pieces:
            return ln
        piece = pieces[0]
        self.markup.append((ln.start, piece.start))
        self.roles[piece] = role
        if role == FOOTNOTE:
            self.note_number[piece] = int(m.group(1))
            self.span_from[piece] = ln.start
        return piece

    def ends_clause(self, ln: Line) -> bool:
        """The line ends in a comma (a footnote mark after it set aside: "…的报告,1")."""
        text = CLAUSE_MARK.sub("", ln.folded.rstrip(self.text_rules.emphasis))
        return text.endswith(self.rules.clause_ends)

    def bare(self, ln: Line) -> str:
        """The folded line without the emphasis around it."""
        return ln.folded.strip(self.text_rules.emphasis + " ")

    def front_section_inside(self, ln: Line) -> bool:
        """A front section title inside a line of flattened text, a word of its own before the
        section's first sentence ("…Report of the Secretary-General Summary The present report
        …"; not "Note by the Secretary-General", a title line)."""
        titles = self.rules.front_section_title
        words = ln.folded.split()
        return any(
            w in titles and not nxt[0].islower() for w, nxt in zip(words, words[1:], strict=False)
        )

    def no_prose_end(self, ln: Line) -> bool:
        """A line that ends in a stop but ends no block of prose: a meeting's front line (Held at
        … on …), a cover's line ending with an abbreviation ("…Supplement No.", "Distr.")."""
        if self.is_front_line(ln):
            return True
        last = ln.folded.rpartition(" ")[2].rstrip(".")
        return bool(last) and last in self.text_rules.abbreviations

    def is_front_line(self, ln: Line) -> bool:
        """A line of a meeting's front that ends in a stop but is no prose (Held at … on …)."""
        fl = self.text_rules.front_line
        return fl is not None and fl.match(self.bare(ln)) is not None  # (*Chair*: …)

    def cover_symbol(self, content: list[Line]) -> list[Line]:
        """The document's symbol alone on a line is a running head only in a text with pages: one
        that also prints a job number, a barcode or page breaks. In a web copy or a converted file
        it is the cover's (front matter: `A/INF/76/1` between `United Nations` and `General
        Assembly`), as it is on the first line of any text (`A/59/2` above `United Nations`, web
        chrome aside). Such lines are content again, in `content`; pages are counted again."""
        heads = [
            ln for ln in self.lines if ln.kind == "furniture" and ln.folded == self.running_head
        ]
        if not heads:
            return content
        paged = "\f" in self.doc.text or any(
            ln.kind == "furniture" and ln.folded != self.running_head for ln in self.lines
        )
        first = next((ln for ln in self.lines if not self.is_chrome(ln)), None)
        back = heads if not paged else [ln for ln in heads if ln is first]
        if not back:
            return content
        for ln in back:
            ln.kind = "content"
        number_pages(self.lines)
        return sorted([*content, *back], key=lambda ln: ln.start)

    def lone_numbers(self, lines: list[Line]) -> None:
        """A paragraph's number alone on its line ("1." above "The present report …", as a
        page's list may give it): the next line opens that paragraph, from the number on; the
        number's line is a mark."""
        nxt: Line | None = None
        for ln in reversed(lines):
            if ln.kind != "content" or ln.src is not None:
                continue
            if nxt is not None and nxt.number is None and LONE_NUMBER.fullmatch(ln.folded):
                nxt.number, nxt.number_end = int(ln.folded.rstrip(" .．")), 0
                self.span_from[nxt] = ln.start
                ln.kind = "mark"
                continue
            nxt = ln

    def nav_links(self, lines: list[Line]) -> None:
        """A web copy's links to other documents ("← | 聯合國安理會主席聲明2015年第23號 | …"): the
        pieces of a line between navigation separators that are wholly a document's title other
        than the text's own (its first line a title opens) become opaque spans. A table's row
        is no navigation bar (its cells may name resolutions)."""
        t = self.text_rules
        title = t.title_line
        if title is None:
            return
        content = [ln for ln in lines if ln.kind == "content" and ln.src is None]
        bars = [ln for ln in content if t.nav_separator.search(ln.folded) is not None]
        if not bars:
            return
        own = None
        for ln in content:
            m = None if ln in bars else title.match(self.bare(ln))
            if m is not None:
                own = "".join(m.group(0).split())
                break
        if own is None:  # (no own title: a link cannot be told from the page's own entry)
            return
        for ln in bars:
            if self.is_table_row(ln):
                continue
            folded, a = ln.folded, 0
            for b, nxt in [
                *((m.start(), m.end()) for m in t.nav_separator.finditer(folded)),
                (len(folded), len(folded)),
            ]:
                piece = folded[a:b]
                lead = len(piece) - len(piece.lstrip())
                piece = piece.strip()
                if piece and title.fullmatch(piece) and "".join(piece.split()) != own:
                    self.opaque.append((ln.start + a + lead, ln.start + a + lead + len(piece)))
                a = nxt

    def is_table_row(self, ln: Line) -> bool:
        """Cells set apart by a tab, a paragraph's number before a tab not counted as one; or a
        Markdown table's row."""
        t = self.text_rules
        edge = t.markdown_table_edge
        if ln.folded.startswith(edge) and ln.folded.endswith(edge) and ln.folded.count(edge) > 2:
            return True
        at = ln.text.find(t.table_cell)
        if at < 0:
            return False
        m = t.table_number_cell.match(ln.text)
        return m is None or ln.text.find(t.table_cell, m.end()) >= 0

    def spaced_row(self, ln: Line, under_row: bool) -> bool:
        """A row of a table that PDF text lays out with spaces: two gaps and two figures among
        its cells, or (under a row) one gap; not a line that opens with a paragraph's or
        heading's number."""
        t = self.text_rules
        cells = t.table_gap.split(ln.text)
        if len(cells) < 2 or ln.src is not None:
            return False
        if ln.number is not None or self.rules.heading.match(ln.folded):
            return False
        if under_row:
            return True
        return len(cells) > 2 and sum(1 for c in cells if t.table_figure.fullmatch(c)) >= 2

    def is_contents_entry(self, ln: Line) -> bool:
        """A line that ends in a contents locator: a leader and a page, or a range and a page."""
        return self.is_toc_entry(ln) or self.rules.toc_locator.search(ln.folded) is not None

    def end_notes(self, out: list[Line]) -> None:
        """A block of notes at the end of the text: lines that open with the numbers 1, 2, 3 …
        in turn (`end_note`), each note running to the next, up to the end. Each is a footnote
        (role FOOTNOTE, its number). Without a Markdown footnote among them, the block needs two
        notes at least, or one whose mark is `1/`, `[1]` or `(1)`; bare numbers (`1 See …`) also
        need the body to carry the first note's mark (`…报告1`, `2006,1`). A note is `NOTE_LINES`
        lines at most."""
        rx = self.text_rules.end_note
        content = [k for k, ln in enumerate(out) if ln.kind == "content"]
        starts: list[tuple[int, int]] = []  # (index into out, number), from the end
        expect: int | None = None
        since = 0  # lines since the last note (or the end)
        for k in reversed(content):
            ln = out[k]
            if self.roles.get(ln) is not None or ln.src is not None:
                break
            m = rx.match(ln.text)
            if m is None:
                since += 1
                if since > NOTE_LINES:
                    break
                continue
            since = 0
            number = int(next(g for g in m.groups() if g is not None))
            if expect is not None and number != expect - 1:
                continue
            starts.append((k, number))
            expect = number
            if number == 1:
                break
        if not starts or starts[-1][1] != 1:
            return
        k0 = starts[-1][0]
        if any(self.roles.get(out[k]) is not None for k in content if k > k0):
            return
        strong = rx.match(out[k0].text)
        assert strong is not None
        if strong.group(4) is not None:  # bare numbers: two notes, and the body's first mark
            body = self.doc.text[: out[k0].start]
            if len(starts) < 2 or BODY_MARK_ONE.search(body) is None:
                return
        # the block begins after the body: the line before the first note ends a sentence
        before = [k for k in content if k < k0]
        if before and not out[before[-1]].ends_sentence:
            return
        for k, number in starts:
            ln = out[k]
            m = rx.match(ln.text)
            assert m is not None
            pieces = self.pieces_at(ln, [m.end()])
            if not pieces:
                continue
            piece = pieces[0]
            out[k] = piece
            self.markup.append((ln.start, piece.start))
            self.roles[piece] = FOOTNOTE
            self.note_number[piece] = number
            self.span_from[piece] = ln.start
