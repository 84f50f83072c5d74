"""Layout stage: from a decoded document to zones, paragraphs and footnotes.

PDF-extracted UN text (the seed is typical) arrives as short lines separated by blank lines, with
page furniture (running heads, job numbers, page numbers, footnote rules) between pages and footnote
blocks at the bottom of pages, often in the middle of a paragraph. The stage works line by line:

1. split the text into its non-blank lines, classify each (furniture, footnote rule, reference
   mark, content) and number pages;
2. find the front matter and the table of contents;
3. walk the body, opening a unit at each numbered paragraph or heading, continuing the current
   unit across line and page breaks, and setting footnote blocks aside as their own units;
4. build each unit's clean view (lines joined, furniture and footnotes out) with its offset map
   (runs of source characters, see model.TextView).

All patterns come from resources/layout.yaml; nothing here is specific to one document.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, lru_cache
from operator import attrgetter
from typing import Any

from pipeline.metadata import document_metadata
from pipeline.model import Document, Layout, Paragraph, TextView
from pipeline.resources import load_yaml
from pipeline.text.fold import fold_full_width as fold

# A footnote's text opening with its number: "1 See A/60/88." (\d: any script's digits).
FOOTNOTE_START = re.compile(r"(\d{1,3})\s++(?=\S)")
# A decimal digit other than 0-9.
OTHER_DIGIT = re.compile(r"[^\D0-9]")


# The shapes a whole line may have, in the order they are tried: the first that matches decides.
# A line shaped like the running head is furniture only if it is the running head; otherwise the
# other shapes decide (LINE_SHAPES without the first).
LINE_SHAPES = ("running_head", "job_number", "barcode", "footnote_rule", "mark", "link_artifact")


@dataclass(frozen=True)
class Rules:
    page_number: re.Pattern[str]
    # One alternation of the furniture patterns, a named group for each of LINE_SHAPES: a line
    # is fullmatched once and `lastgroup` names its shape, instead of trying them in turn. (So a
    # furniture pattern may not refer to a group by its number.)
    line_shape: re.Pattern[str]
    line_shape_not_head: re.Pattern[str]
    mark: re.Pattern[str]  # fullmatched against the line as written (see layout.yaml)
    paragraph: re.Pattern[str]
    heading: re.Pattern[str]
    toc_entry: re.Pattern[str]
    toc_locator: re.Pattern[str]
    sentence_stops: str  # characters
    sentence_closers: str
    clause_ends: tuple[str, ...]
    toc_title: frozenset[str]
    annex_heading: re.Pattern[str]
    front_prose_width: int  # a block of prose this wide ends the front (see front_end)
    front_section_title: frozenset[str]
    inline_paragraph: re.Pattern[str]
    inline_not_after: frozenset[str]
    inline_heading: re.Pattern[str] | None  # none for a language whose headings cannot be told
    adoption: re.Pattern[str] | None  # a resolution's adoption line (meeting and date)
    adoption_anchor: re.Pattern[str] | None  # in a line near every adoption line

    def ends_sentence(self, folded: str) -> bool:
        """Whether (folded) text ends a sentence: its last character but closing quotes and
        brackets is a stop."""
        # (What rstrip takes off the end is a stop: cheaper than endswith a tuple of them.)
        body = folded.rstrip(self.sentence_closers)
        return len(body.rstrip(self.sentence_stops)) < len(body)


@lru_cache(maxsize=4)
def rules_for(lang: str) -> Rules:
    data = load_yaml("layout.yaml")
    f, n, a = data["furniture"], data["numbering"], data["adoption"]

    def full(p: str) -> re.Pattern[str]:
        return re.compile(rf"(?:{p})")

    def shapes(names: tuple[str, ...]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?P<{name}>{f[name]})" for name in names))

    return Rules(
        page_number=full(f["page_number"]),
        line_shape=shapes(LINE_SHAPES),
        line_shape_not_head=shapes(LINE_SHAPES[1:]),
        mark=full(f["mark"]),
        paragraph=re.compile(n["paragraph"]),
        heading=re.compile(n["heading"]),
        toc_entry=re.compile(n["toc_entry"]),
        toc_locator=re.compile(n["toc_locator"]),
        sentence_stops=n["sentence_end"]["stops"],
        sentence_closers=n["sentence_end"]["closers"],
        clause_ends=tuple(n["clause_end"]),
        toc_title=frozenset(data["toc_title"].get(lang, []) + data["toc_title"]["en"]),
        annex_heading=full(data["annex_heading"].get(lang, data["annex_heading"]["en"])),
        front_prose_width=data["front"]["prose_width"],
        front_section_title=frozenset(
            data["front"]["section_title"].get(lang, []) + data["front"]["section_title"]["en"]
        ),
        inline_paragraph=re.compile(n["inline_paragraph"]),
        inline_not_after=frozenset(n["inline_not_after"].get(lang, n["inline_not_after"]["en"])),
        inline_heading=re.compile(n["inline_heading"][lang])
        if lang in n["inline_heading"]
        else None,
        adoption=re.compile(a["pattern"][lang]) if lang in a["pattern"] else None,
        adoption_anchor=re.compile(a["anchor"][lang]) if lang in a["anchor"] else None,
    )


class Line:
    """A non-blank line of the source, stripped. Plain slots, not a dataclass: a document has
    thousands of lines and the layout stage makes each once."""

    __slots__ = (
        "index", "start", "end", "text", "folded", "indented", "width", "other_digits",
        "ends_sentence", "kind", "page", "number", "number_end",
    )  # fmt: skip

    def __init__(
        self,
        index: int,
        start: int,
        end: int,
        text: str,
        folded: str,
        indented: bool,
        rules: Rules,
        page: int = 1,
    ) -> None:
        self.index = index  # line number in the source (blank lines counted)
        self.start = start  # source span of the stripped content
        self.end = end
        self.text = text  # stripped content
        self.folded = folded  # fold(text): what the rules are matched against (same length)
        self.indented = indented  # the raw line starts with white space
        # Display width: a wide (CJK) character counts two, the others one. Those are ASCII
        # (counted in C, by encoding) or the few others a regex finds (“ ” — é...), so that the
        # regex makes a match object for them only, not for each run of CJK text.
        size = len(text)
        if text.isascii():
            self.width, self.other_digits = size, False
        else:
            odd = ODD_NARROW.findall(text)
            self.width = 2 * size - len(text.encode("ascii", "ignore")) - len(odd)
            # A decimal digit of another script than 0-9 and full-width ０-９ (which are wide)
            # would be one of them.
            self.other_digits = bool(odd) and OTHER_DIGIT.search("".join(odd)) is not None
        # rules.ends_sentence(folded), inline: it is read for nearly every line.
        body = folded.rstrip(rules.sentence_closers)
        self.ends_sentence = len(body.rstrip(rules.sentence_stops)) < len(body)
        self.kind = "content"  # furniture | rule | mark | content
        self.page = page
        # The paragraph number the line opens with (`paragraph` rule, text after it), if any,
        # and where the text after it starts. Whether it is a paragraph depends on the sequence.
        m = rules.paragraph.match(text)
        if m and m.end() != size:
            self.number: int | None = int(m.group(1))
            self.number_end = m.end()
        else:
            self.number = None
            self.number_end = 0


@dataclass(slots=True)
class Unit:
    key: str
    zone: str
    number: int | None
    section: str
    page_start: int
    # Its pieces (its lines, or a line's text after its number): where each starts in the
    # source, and its text (the line's own string), source[start:start + len(text)].
    starts: list[int] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    first: int | None = None  # span start (the number for a paragraph), may precede pieces
    last_ends: bool = False  # the last piece ends a sentence
    last_full: bool = False  # the last piece filled the line (a heading may wrap)
    closed: bool = False  # no line continues it (an adoption line: see walk_body)

    def add(self, start: int, text: str, ends_sentence: bool, full: bool) -> None:
        if text:
            self.starts.append(start)
            self.texts.append(text)
            self.last_ends = ends_sentence
            self.last_full = full


def raw_lines(text: str) -> list[str]:
    """The lines of `text`, each with its line break (\r\n, \r or \n; the last one may have
    none): str.splitlines, which also breaks at \v, \f, \x1c-\x1e, \x85, \u2028 and \u2029, with
    the pieces it cut at those glued back together (they are white space inside a line)."""
    pieces = text.splitlines(keepends=True)
    breaks = text.count("\n")
    if "\r" in text:
        breaks += text.count("\r") - text.count("\r\n")
    if len(pieces) == breaks + (text[-1:] not in ("", "\r", "\n")):
        return pieces  # no other separator: nothing to glue
    lines: list[str] = []
    line = ""
    for piece in pieces:
        line += piece
        if piece.endswith(("\r", "\n")):
            lines.append(line)
            line = ""
    if line:
        lines.append(line)
    return lines


def split_lines(text: str, folded: str, rules: Rules) -> tuple[list[Line], int]:
    """The non-blank lines of `text` (`folded` is fold(text)) and the number of lines, blank ones
    included. str methods, not a regex: they split and strip in C, many times faster."""
    pieces = raw_lines(text)
    lines = []
    pos = 0  # where the piece starts in text
    for index, piece in enumerate(pieces):
        content = piece.strip()
        size = len(piece)
        if content:
            start = pos + size - len(piece.lstrip())
            end = start + len(content)
            indented = start > pos
            lines.append(Line(index, start, end, content, folded[start:end], indented, rules))
        pos += size
    return lines, len(pieces)


# East Asian Wide and Fullwidth blocks (Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK
# compatibility, vertical and small forms, fullwidth forms, CJK extensions B-F): the characters a
# printed line gives two columns. A width is only used to tell a full line from a short one.
WIDE_RANGES = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd"
)
ODD_NARROW = re.compile(f"[^\\x00-\\x7f{WIDE_RANGES}]")  # neither ASCII nor wide


def _classify(lines: list[Line], rules: Rules, folded_text: str) -> str | None:
    """Mark furniture, rules and marks in place; return the running-head symbol, if any (in
    folded form: the symbol in ASCII, however the document prints it). `folded_text` is the
    folded source."""
    # The lines with a shape: (position, line, shape with the running head left aside, whether
    # it is shaped like a running head). Most lines have none, and are done with at once.
    shaped: list[tuple[int, Line, str | None, bool]] = []
    shape_of = rules.line_shape.fullmatch
    for k, m in enumerate(map(shape_of, map(attrgetter("folded"), lines))):
        if m is None:
            continue
        ln, shape = lines[k], m.lastgroup
        head = shape == "running_head"
        if head:
            m = rules.line_shape_not_head.fullmatch(ln.folded)
            shape = m.lastgroup if m else None
        shaped.append((k, ln, shape, head))
    heads = Counter(ln.folded for _, ln, _, head in shaped if head)
    running_head = None
    if heads:
        symbol, count = heads.most_common(1)[0]
        # One symbol-only line may be a citation; the running head repeats, or is the symbol the
        # cover page states ("United Nations A/61/999" in the first lines).
        opening = " ".join(ln.folded for ln in lines if ln.index < 40)
        if count >= 2 or symbol in opening.split():
            running_head = symbol
    # A bare URL line is a PDF link annotation when the text also prints that URL in running text:
    # it occurs in the document more often than it stands alone on a line. (A URL holds no white
    # space, so its occurrences in the folded source are those inside its lines.)
    bare = Counter(ln.folded for _, ln, shape, _ in shaped if shape == "link_artifact")
    printed = {url: folded_text.count(url) for url in bare}
    marks = []
    for k, ln, shape, head in shaped:
        t = ln.folded
        if (head and t == running_head) or shape in ("job_number", "barcode"):
            ln.kind = "furniture"
        elif shape == "footnote_rule":
            ln.kind = "rule"
        elif shape == "mark" and rules.mark.fullmatch(ln.text):  # as written, not folded
            ln.kind = "mark"  # resolved by context below: reference, footnote number or page
            marks.append(k)
        elif shape == "link_artifact" and printed[t] > bare[t]:
            ln.kind = "furniture"
    for k in marks:
        ln = lines[k]
        # Glued to a content line: the one right above or below it, no blank line between.
        prev = lines[k - 1] if k else None
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        glued_before = prev is not None and prev.kind == "content" and prev.index == ln.index - 1
        glued_after = nxt is not None and nxt.kind == "content" and nxt.index == ln.index + 1
        if not glued_before and not glued_after and rules.page_number.fullmatch(ln.folded):
            ln.kind = "furniture"  # a page number standing alone
    return running_head


def _number_pages(lines: list[Line]) -> None:
    """A page break is a cluster of furniture lines, or (PDF text without furniture) a line that
    starts with white space right under a content line, with no blank line between."""
    page, content_on_page, prev = 1, False, None
    for ln in lines:
        if ln.kind == "furniture":
            if content_on_page and (prev is None or prev.kind != "furniture"):
                page += 1
                content_on_page = False
        elif ln.kind in ("content", "rule"):
            if (
                ln.indented
                and prev is not None
                and prev.kind == "content"
                and prev.index == ln.index - 1
                and content_on_page
            ):
                page += 1
            content_on_page = True
        ln.page = page
        prev = ln


class LayoutBuilder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.rules = rules_for(doc.lang)
        # Folded once for the whole text: each line's folded form is a slice of it.
        folded = fold(doc.text)
        self.folded = folded
        self.lines, self.line_count = split_lines(doc.text, folded, self.rules)
        self.running_head = _classify(self.lines, self.rules, folded)
        _number_pages(self.lines)
        widths = sorted(ln.width for ln in self.lines if ln.kind == "content")
        # A "full" line reaches the right margin: a heading that fills it wraps to the next line.
        self.full_width = widths[int(len(widths) * 0.75)] if widths else 80
        self.full_from = 0.75 * self.full_width
        self.not_after = tuple(self.rules.inline_not_after)
        self.units: list[Unit] = []
        self.section = ""
        self.expected: int | None = None  # the next paragraph number

    # -- helpers -----------------------------------------------------------------------------
    def is_full(self, ln: Line) -> bool:
        return ln.width >= self.full_from

    def new_unit(self, key: str, zone: str, ln: Line, number: int | None = None) -> Unit:
        unit = Unit(key, zone, number, self.section, ln.page, first=ln.start)
        self.units.append(unit)
        return unit

    @staticmethod
    def numbered(ln: Line, expected: int | None) -> bool:
        """The line opens a paragraph: its number is the expected one (with none expected yet,
        any up to 20)."""
        n = ln.number
        return n is not None and (n == expected if expected is not None else n <= 20)

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
            if not m.group("punct") and not (nxt.isupper() or nxt in "\"“'‘(（" or _cjk(nxt)):
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

    def is_heading_line(self, ln: Line) -> bool:
        m = self.rules.heading.match(ln.folded)
        if not m or ln.ends_sentence or ln.width > 160:
            return False
        # "1. General Assembly" may head a subsection, but a full line after a number is prose.
        return not (m.group(0)[0].isdigit() and self.is_full(ln))

    def is_toc_entry(self, ln: Line) -> bool:
        return bool(self.rules.toc_entry.search(ln.folded))

    # -- zones -------------------------------------------------------------------------------
    def find_toc(self, content: list[Line]) -> tuple[int, int] | None:
        """Index range [a, b] into `content` of the table of contents, if there is one."""
        first_para = next((k for k, ln in enumerate(content) if self.numbered(ln, 1)), len(content))
        title = next(
            (k for k, ln in enumerate(content[:first_para]) if ln.folded in self.rules.toc_title),
            None,
        )
        entries = [k for k in range(first_para) if self.is_toc_entry(content[k])]
        if title is not None:
            entries = [k for k in entries if k > title]
            end = entries[-1] if entries else title
            return title, max(end, self.listed_contents_end(content, title, first_para))
        if len(entries) >= 3:
            return entries[0], entries[-1]
        return None

    def listed_contents_end(self, content: list[Line], title: int, stop: int) -> int:
        """The last line of contents written one entry a line under the title at `title` (the
        entry's title, its paragraph range and its page each on a line of their own: "I.
        Introduction", "1–4", "2"). The list runs over the lines that could be entries, up to
        `stop` (the first paragraph): none ends a sentence, none repeats a title listed
        above it (the body's first heading repeats the first entry). It ends with its last
        locator line, or with the text where it runs to the end. With fewer than two locators
        there is no such list: returns `title`."""
        locators: list[int] = []
        listed: set[str] = set()
        k = title + 1
        while k < stop:
            ln = content[k]
            # (A heading's number alone on its line, "I.", ends in a stop but is no sentence.)
            if ln.kind == "rule" or (ln.kind == "content" and ln.ends_sentence and ln.width > 4):
                break
            if self.rules.toc_locator.search(ln.folded):
                locators.append(k)
            elif ln.kind == "content":
                name = "".join(ln.folded.split()).casefold()
                if name in listed:
                    break
                listed.add(name)
            k += 1
        if len(locators) < 2:
            return title
        return k - 1 if k == len(content) else locators[-1]

    def front_end(self, content: list[Line], stop: int) -> int:
        """Where the front matter ends, at `stop` (the contents or the first paragraph) at the
        latest: at an annex heading that is a whole line, or at the first line of a block of prose
        (its last line ends a sentence; the full lines above it that do not are its first ones;
        `front.prose_width` columns at least; a `*` cover footnote is none) that comes before any
        front section title (a summary: it runs to `stop`, prose and all), which stands alone on
        its line or ends it."""
        rules = self.rules
        for k in range(stop):
            ln = content[k]
            if ln.kind != "content":
                continue
            # The title on its own line, or ending one (flattened text: "…2004 A/59/2 Note").
            if ln.folded.rpartition(" ")[2] in rules.front_section_title:
                return stop
            if rules.annex_heading.fullmatch(ln.folded):
                return k
            if not ln.ends_sentence or ln.folded.startswith(("*", "＊")):
                continue
            first, width = k, ln.width
            while first > 0:
                above = content[first - 1]
                if above.kind != "content" or above.ends_sentence or not self.is_full(above):
                    break
                first -= 1
                width += above.width
            if width >= rules.front_prose_width:
                return first
        return stop

    def build(self) -> Layout:
        content = [ln for ln in self.lines if ln.kind in ("content", "rule", "mark")]
        toc = self.find_toc(content)
        body_from: int | None
        unnumbered = False  # no contents, no numbered paragraph or heading
        if toc:
            body_from = toc[1] + 1
            front_to = toc[0]
        else:
            body_from = next(
                (
                    k
                    for k, ln in enumerate(content)
                    if self.numbered(ln, None) or self.is_heading_line(ln)
                ),
                None,
            )
            if body_from is None:  # no numbered paragraph or heading: front ends with the title
                unnumbered = True
                body_from = next((k for k, ln in enumerate(content) if ln.ends_sentence), 0)
                body_from = max(
                    (k for k in range(body_from) if content[k].kind == "content"), default=0
                )
            front_to = body_from
        # The front may end before the contents or the first paragraph (a note's transmittal
        # text, an annex heading). The text between is walked on its own: an annex zone it opens
        # ends there, and the contents and numbered text after it keep their units. (Unnumbered
        # text is walked in one go: it has no first paragraph to start again at.)
        front_end = self.front_end(content, front_to)
        if front_end > 0:
            front = self.new_unit("front", "front", content[0])
            for ln in content[:front_end]:
                self.add_line(front, ln)
        if unnumbered:
            body_from = front_end
        elif front_end < front_to:
            self.walk_body(content[front_end:front_to])
            self.section = ""  # neither the contents nor the text after them stand under it
        if toc:
            unit = self.new_unit("toc", "toc", content[toc[0]])
            for ln in content[toc[0] : toc[1] + 1]:
                if ln.kind == "mark":  # in the contents a number alone on its line is a page
                    unit.add(ln.start, ln.text, False, False)
                else:
                    self.add_line(unit, ln)
        self.walk_body(content[body_from:])
        return self.finish()

    def add_line(self, unit: Unit, ln: Line) -> None:
        if ln.kind == "content":
            unit.add(ln.start, ln.text, ln.ends_sentence, ln.width >= self.full_from)
        # rules and marks inside a unit stay in its span, out of its clean text

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
            if ln.other_digits or str(target) in ln.folded:
                split = self.inline_split(ln, target)
            if split:
                lines[k : k + 1] = split
                ln = lines[k]
            cut = self.heading_split(ln)
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
            continued = self.continues(current)
            if zone == "body" and ln.number is not None and self.numbered(ln, self.expected):
                number = ln.number
                assert number is not None
                self.expected = number + 1
                current = self.new_unit(str(number), "body", ln, number)
                after = ln.number_end
                ends = self.rules.ends_sentence(ln.folded[after:])
                current.add(ln.start + after, ln.text[after:], ends, self.is_full(ln))
            elif zone == "annex" and current is not None:
                self.add_line(current, ln)
            elif ln in inline_heads or (
                not continued and heading(ln.folded) and self.is_heading_line(ln)
            ):  # a heading cut out of flattened text ends the text before it
                current = self.open_heading(ln)
            elif current is not None and current.zone == "heading" and current.last_full:
                self.add_line(current, ln)  # a heading wrapped over two lines
                self.section = self.view_of(current).text
            elif continued:
                assert current is not None
                full = ln.width >= full_from
                current.add(ln.start, ln.text, ln.ends_sentence, full)  # = add_line
            elif ln not in pieces and self.looks_like_heading(lines, k):
                current = self.open_heading(ln)
            elif current is not None and (
                current.zone == "annex" or (current.zone == "body" and current.number is not None)
            ):
                self.add_line(current, ln)
            else:  # unnumbered text: a new block after each line that ends a sentence
                current = self.new_unit("body", "body", ln)
                self.add_line(current, ln)
            k += 1

    def continues(self, unit: Unit | None) -> bool:
        """The next line continues a paragraph whose last line did not end a sentence.
        Unnumbered text has no number to open its next block, so there a line that stops short
        of the right margin ends its block too (HTML text: one block a line; resolutions'
        preambular paragraphs end in a comma)."""
        if unit is None or unit.zone not in ("body", "annex") or not unit.texts or unit.closed:
            return False
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

    # -- views -------------------------------------------------------------------------------
    def view_of(self, unit: Unit) -> TextView:
        """The unit's pieces joined: a space between two Latin pieces, none between CJK ones, and
        in English a word broken by a hyphen at a line end made whole again. Built as runs of
        source characters (a joining space takes the offset right after the piece before it)."""
        english = self.doc.lang == "en"
        chunks: list[str] = []
        starts: list[int] = []  # view index of each chunk
        sources: list[int] = []  # source index of each chunk
        k = 0  # length of the view so far
        before = ""  # the piece before
        for a, piece in zip(unit.starts, unit.texts, strict=True):
            if chunks:  # the last chunk is the piece before: a space only ever goes before one
                space = False
                if english:
                    hyphen = before[-1] == "-" and len(before) > 1 and before[-2].isalpha()
                    if hyphen and piece[0].islower():  # "Secre-\ntary": a word broken in two
                        chunks[-1] = chunks[-1][:-1]
                        k -= 1
                    else:  # "Secretary-\nGeneral" keeps its hyphen, no space
                        space = not hyphen
                else:
                    space = _latin(before[-1]) and _latin(piece[0])
                if space:
                    chunks.append(" ")
                    starts.append(k)
                    sources.append(sources[-1] + len(before))  # right after the piece before
                    k += 1
            chunks.append(piece)
            starts.append(k)
            sources.append(a)
            k += len(piece)
            before = piece
        return TextView.of_runs("".join(chunks), starts, sources)

    def finish(self) -> Layout:
        paragraphs = []
        for unit in self.units:
            if not unit.texts and unit.zone != "footnote":
                continue
            view = self.view_of(unit)
            start = unit.first if unit.first is not None else unit.starts[0]
            end = unit.starts[-1] + len(unit.texts[-1]) if unit.texts else start
            paragraphs.append(
                Paragraph(
                    key=unit.key,
                    zone=unit.zone,
                    number=unit.number,
                    section=unit.section if unit.zone != "front" else "",
                    page_start=unit.page_start,
                    start=start,
                    end=end,
                    view=view,
                )
            )
        # Footnote rules are furniture too (they separate, they say nothing).
        furniture = tuple(
            (ln.start, ln.end) for ln in self.lines if ln.kind in ("furniture", "rule")
        )
        meta: dict[str, Any] = document_metadata(
            self.doc, paragraphs, self.lines, self.line_count, self.running_head
        )
        return Layout(self.doc, tuple(paragraphs), furniture, meta)


@cache  # one entry per character
def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum() or (ch.isalpha() and not _cjk(ch))


def _cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def analyze(doc: Document) -> Layout:
    """The layout stage: a pure function of the decoded document."""
    return LayoutBuilder(doc).build()
