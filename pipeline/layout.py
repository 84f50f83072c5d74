"""Layout stage: from a decoded document to zones, paragraphs and footnotes.

PDF-extracted UN text (the seed is typical) arrives as short lines separated by blank lines, with
page furniture (running heads, job numbers, page numbers, footnote rules) between pages and footnote
blocks at the bottom of pages, often in the middle of a paragraph. The stage works line by line:

1. classify every line (blank, furniture, footnote rule, reference mark, content) and number pages;
2. find the front matter and the table of contents;
3. walk the body, opening a unit at each numbered paragraph or heading, continuing the current
   unit across line and page breaks, and setting footnote blocks aside as their own units;
4. build each unit's clean view (lines joined, furniture and footnotes out) with its offset map.

All patterns come from resources/layout.yaml; nothing here is specific to one document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from pipeline.metadata import document_metadata
from pipeline.model import Document, Layout, Paragraph, TextView
from pipeline.resources import load_yaml
from pipeline.textfold import fold_full_width as fold

LINE_RE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
# A footnote's text opening with its number: "1 See A/60/88." (\d: any script's digits).
FOOTNOTE_START = re.compile(r"(\d{1,3})\s++(?=\S)")


@dataclass(frozen=True)
class Rules:
    running_head: re.Pattern[str]
    job_number: re.Pattern[str]
    barcode: re.Pattern[str]
    page_number: re.Pattern[str]
    footnote_rule: re.Pattern[str]
    link_artifact: re.Pattern[str]
    mark: re.Pattern[str]
    paragraph: re.Pattern[str]
    heading: re.Pattern[str]
    toc_entry: re.Pattern[str]
    sentence_end: re.Pattern[str]
    clause_end: re.Pattern[str]
    toc_title: frozenset[str]
    annex_heading: re.Pattern[str]
    inline_paragraph: re.Pattern[str]
    inline_not_after: frozenset[str]


@lru_cache(maxsize=4)
def rules_for(lang: str) -> Rules:
    data = load_yaml("layout.yaml")
    f, n = data["furniture"], data["numbering"]

    def full(p: str) -> re.Pattern[str]:
        return re.compile(rf"(?:{p})")

    return Rules(
        running_head=full(f["running_head"]),
        job_number=full(f["job_number"]),
        barcode=full(f["barcode"]),
        page_number=full(f["page_number"]),
        footnote_rule=full(f["footnote_rule"]),
        link_artifact=full(f["link_artifact"]),
        mark=full(f["mark"]),
        paragraph=re.compile(n["paragraph"]),
        heading=re.compile(n["heading"]),
        toc_entry=re.compile(n["toc_entry"]),
        sentence_end=re.compile(rf"(?:{n['sentence_end']})$"),
        clause_end=re.compile(rf"(?:{n['clause_end']})$"),
        toc_title=frozenset(data["toc_title"].get(lang, []) + data["toc_title"]["en"]),
        annex_heading=full(data["annex_heading"].get(lang, data["annex_heading"]["en"])),
        inline_paragraph=re.compile(n["inline_paragraph"]),
        inline_not_after=frozenset(n["inline_not_after"].get(lang, n["inline_not_after"]["en"])),
    )


@dataclass
class Line:
    index: int
    start: int  # source span of the stripped content (start == end for a blank line)
    end: int
    text: str  # stripped content
    indented: bool  # the raw line starts with white space
    kind: str = "content"  # blank | furniture | rule | mark | content
    page: int = 1
    folded: str = ""  # fold(text): what the rules are matched against (same length)
    width: int = 0  # display width of text (a CJK character counts two)

    def __post_init__(self) -> None:
        if not self.folded:
            self.folded = fold(self.text)
        self.width = display_width(self.text)


@dataclass
class Unit:
    key: str
    zone: str
    number: int | None
    section: str
    page_start: int
    pieces: list[tuple[int, int]] = field(default_factory=list)  # source spans of its lines
    first: int | None = None  # span start (the number for a paragraph), may precede pieces
    last_text: str = ""  # text of the last piece (sentence-end and width checks)
    last_full: bool = False  # the last piece filled the line (a heading may wrap)

    def add(self, start: int, end: int, text: str, full: bool) -> None:
        if end > start:
            self.pieces.append((start, end))
            self.last_text = text
            self.last_full = full


def split_lines(text: str) -> list[Line]:
    lines = []
    for i, m in enumerate(LINE_RE.finditer(text)):
        raw = m.group(0).rstrip("\r\n")
        if not raw and m.start() == len(text):
            break
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        start = m.start() + lead
        lines.append(
            Line(
                index=i,
                start=start,
                end=start + len(stripped),
                text=stripped,
                indented=lead > 0,
                kind="content" if stripped else "blank",
            )
        )
    return lines


# East Asian Wide and Fullwidth blocks (Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK
# compatibility, vertical and small forms, fullwidth forms, CJK extensions B-F): the characters a
# printed line gives two columns. A width is only used to tell a full line from a short one.
WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd]"
)


def display_width(s: str) -> int:
    return len(s) + WIDE.subn("", s)[1]


def _classify(lines: list[Line], rules: Rules) -> str | None:
    """Mark furniture, rules and marks in place; return the running-head symbol, if any (in
    folded form: the symbol in ASCII, however the document prints it)."""
    heads = Counter(
        ln.folded
        for ln in lines
        if ln.kind == "content" and rules.running_head.fullmatch(ln.folded)
    )
    running_head = None
    if heads:
        symbol, count = heads.most_common(1)[0]
        # One symbol-only line may be a citation; the running head repeats, or is the symbol the
        # cover page states ("United Nations A/61/999" in the first lines).
        opening = " ".join(ln.folded for ln in lines[:40] if ln.kind == "content")
        if count >= 2 or symbol in opening.split():
            running_head = symbol
    # A bare URL line is a PDF link annotation when the text also prints that URL in running text:
    # it occurs in the document more often than it stands alone on a line.
    bare = Counter(
        ln.folded
        for ln in lines
        if ln.kind == "content" and rules.link_artifact.fullmatch(ln.folded)
    )
    everything = "\n".join(ln.folded for ln in lines)
    printed = {url: everything.count(url) for url in bare}
    for ln in lines:
        if ln.kind != "content":
            continue
        t = ln.folded
        if t == running_head or rules.job_number.fullmatch(t) or rules.barcode.fullmatch(t):
            ln.kind = "furniture"
        elif rules.footnote_rule.fullmatch(t):
            ln.kind = "rule"
        elif rules.mark.fullmatch(t):
            ln.kind = "mark"  # resolved by context below: reference, footnote number or page
        elif rules.link_artifact.fullmatch(t) and printed.get(t, 0) > bare[t]:
            ln.kind = "furniture"
    for k, ln in enumerate(lines):
        if ln.kind != "mark":
            continue
        prev = lines[k - 1] if k else None
        nxt = lines[k + 1] if k + 1 < len(lines) else None
        glued_before = prev is not None and prev.kind == "content"
        glued_after = nxt is not None and nxt.kind == "content"
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
        if ln.kind != "blank":
            prev = ln


class LayoutBuilder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.rules = rules_for(doc.lang)
        self.lines = split_lines(doc.text)
        self.running_head = _classify(self.lines, self.rules)
        _number_pages(self.lines)
        widths = sorted(ln.width for ln in self.lines if ln.kind == "content")
        # A "full" line reaches the right margin: a heading that fills it wraps to the next line.
        self.full_width = widths[int(len(widths) * 0.75)] if widths else 80
        self.units: list[Unit] = []
        self.section = ""
        self.expected: int | None = None  # the next paragraph number

    # -- helpers -----------------------------------------------------------------------------
    def is_full(self, ln: Line) -> bool:
        return ln.width >= 0.75 * self.full_width

    def ends_sentence(self, text: str) -> bool:
        return bool(self.rules.sentence_end.search(fold(text)))

    def new_unit(self, key: str, zone: str, ln: Line, number: int | None = None) -> Unit:
        unit = Unit(key, zone, number, self.section, ln.page, first=ln.start)
        self.units.append(unit)
        return unit

    def paragraph_number(self, ln: Line, expected: int | None) -> re.Match[str] | None:
        m = self.rules.paragraph.match(ln.text)
        if not m or m.end() == len(ln.text):
            return None
        n = int(m.group(1))
        ok = n == expected if expected is not None else n <= 20
        return m if ok else None

    def inline_split(self, ln: Line) -> tuple[Line, Line] | None:
        """Split a line before the next paragraph number found inside it (flattened text keeps
        paragraph numbers inline). The number must be the one the sequence expects: the number
        after the line's own, where the line opens a paragraph, else the next expected one."""
        own = self.paragraph_number(ln, self.expected)
        target = int(own.group(1)) + 1 if own else (self.expected or 1)
        for m in self.rules.inline_paragraph.finditer(ln.text):
            pos = m.start("num")
            if int(m.group("num")) != target or pos == 0:
                continue
            nxt = fold(m.group("next"))
            if not m.group("punct") and not (nxt.isupper() or nxt in "\"“'‘(（" or _cjk(nxt)):
                continue
            end = pos  # the head is the line before the number, trailing white space out
            while end and ln.text[end - 1].isspace():
                end -= 1
            # Only the head's last characters are read: a long line may have many candidates.
            tail = ln.folded[max(0, end - 20) : end]  # "ａｒｔｉｃｌｅ ２．" is a citation too
            words = re.findall(r"\w+", tail.lower()) or [""]
            if (
                not end
                or words[-1] in self.rules.inline_not_after
                or tail.endswith(tuple(self.rules.inline_not_after))
            ):
                continue
            head = ln.text[:end]
            first = Line(ln.index, ln.start, ln.start + end, head, ln.indented, page=ln.page)
            rest = Line(ln.index, ln.start + pos, ln.end, ln.text[pos:], False, page=ln.page)
            return first, rest
        return None

    def is_heading_line(self, ln: Line) -> bool:
        m = self.rules.heading.match(ln.folded)
        if not m or self.ends_sentence(ln.text) or ln.width > 160:
            return False
        # "1. General Assembly" may head a subsection, but a full line after a number is prose.
        return not (m.group(0)[0].isdigit() and self.is_full(ln))

    def is_toc_entry(self, ln: Line) -> bool:
        return bool(self.rules.toc_entry.search(ln.folded))

    # -- zones -------------------------------------------------------------------------------
    def find_toc(self, content: list[Line]) -> tuple[int, int] | None:
        """Index range [a, b] into `content` of the table of contents, if there is one."""
        first_para = next(
            (k for k, ln in enumerate(content) if self.paragraph_number(ln, 1)), len(content)
        )
        title = next(
            (k for k, ln in enumerate(content[:first_para]) if ln.folded in self.rules.toc_title),
            None,
        )
        entries = [k for k in range(first_para) if self.is_toc_entry(content[k])]
        if title is not None:
            entries = [k for k in entries if k > title]
            if entries:
                return title, entries[-1]
            return title, title
        if len(entries) >= 3:
            return entries[0], entries[-1]
        return None

    def build(self) -> Layout:
        content = [ln for ln in self.lines if ln.kind in ("content", "rule", "mark")]
        toc = self.find_toc(content)
        if toc:
            body_from = toc[1] + 1
            front_to = toc[0]
        else:
            body_from = next(
                (
                    k
                    for k, ln in enumerate(content)
                    if self.paragraph_number(ln, None) or self.is_heading_line(ln)
                ),
                None,
            )
            if body_from is None:  # no numbered paragraph or heading: front ends with the title
                body_from = next(
                    (k for k, ln in enumerate(content) if self.ends_sentence(ln.text)), 0
                )
                body_from = max(
                    (k for k in range(body_from) if content[k].kind == "content"), default=0
                )
            front_to = body_from
        if front_to > 0:
            front = self.new_unit("front", "front", content[0])
            for ln in content[:front_to]:
                self.add_line(front, ln)
        if toc:
            unit = self.new_unit("toc", "toc", content[toc[0]])
            for ln in content[toc[0] : toc[1] + 1]:
                self.add_line(unit, ln)
        self.walk_body(content[body_from:])
        return self.finish()

    def add_line(self, unit: Unit, ln: Line) -> None:
        if ln.kind == "content":
            unit.add(ln.start, ln.end, ln.text, self.is_full(ln))
        # rules and marks inside a unit stay in its span, out of its clean text

    # -- the body ----------------------------------------------------------------------------
    def walk_body(self, lines: list[Line]) -> None:
        current: Unit | None = None
        interrupted: Unit | None = None  # the unit a footnote block broke into
        zone = "body"
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
            split = self.inline_split(ln) if ln.kind == "content" else None
            if split:
                lines[k : k + 1] = split
                ln = lines[k]
            if self.rules.annex_heading.fullmatch(ln.folded.split(" ")[0]) and len(ln.text) < 60:
                zone = "annex"
                self.section = ln.text
                current = self.new_unit("annex", "annex", ln)
                self.add_line(current, ln)
                k += 1
                continue
            m = self.paragraph_number(ln, self.expected)
            if m and zone == "body":
                number = int(m.group(1))
                self.expected = number + 1
                current = self.new_unit(str(number), "body", ln, number)
                text = ln.text[m.end() :]
                current.add(ln.start + m.end(), ln.end, text, self.is_full(ln))
            elif zone == "annex" and current is not None:
                self.add_line(current, ln)
            elif self.is_heading_line(ln) and not self.continues(current, ln):
                current = self.open_heading(ln)
            elif current is not None and current.zone == "heading" and current.last_full:
                self.add_line(current, ln)  # a heading wrapped over two lines
                self.section = self.view_of(current).text
            elif self.continues(current, ln):
                assert current is not None
                self.add_line(current, ln)
            elif self.looks_like_heading(lines, k):
                current = self.open_heading(ln)
            elif current is not None and (
                current.zone == "annex" or (current.zone == "body" and current.number is not None)
            ):
                self.add_line(current, ln)
            else:  # unnumbered text: a new block after each line that ends a sentence
                current = self.new_unit("body", "body", ln)
                self.add_line(current, ln)
            k += 1

    def continues(self, unit: Unit | None, ln: Line) -> bool:
        """A line continues a paragraph whose last line did not end a sentence. Unnumbered text
        has no number to open its next block, so there a line that stops short of the right
        margin ends its block too (HTML text: one block a line; resolutions' preambular
        paragraphs end in a comma)."""
        if unit is None or unit.zone not in ("body", "annex") or not unit.pieces:
            return False
        if unit.zone == "body" and unit.number is None and not unit.last_full:
            return False
        return not self.ends_sentence(unit.last_text)

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
            if lines[j].kind != "content" or self.paragraph_number(lines[j], self.expected):
                break
            block.append(lines[j])
            j += 1
            if len(block) > 3:
                return False
        last = block[-1].folded
        if self.ends_sentence(last) or self.rules.clause_end.search(last):
            return False
        if sum(len(b.text) for b in block) > 150:
            return False
        nxt = next((i for i in range(j, len(lines)) if lines[i].kind == "content"), None)
        if nxt is None:
            return False  # a heading heads something: the last line of a text is not one
        if self.paragraph_number(lines[nxt], self.expected) or self.is_heading_line(lines[nxt]):
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
                unit.add(ln.start + m.end(), ln.end, ln.text[m.end() :], self.is_full(ln))
                k += 1
                continue
            if unit is None:
                break  # a rule not followed by footnotes: back to the body
            if ln.kind == "content":
                unit.add(ln.start, ln.end, ln.text, self.is_full(ln))
            k += 1
        return k

    # -- views -------------------------------------------------------------------------------
    def view_of(self, unit: Unit) -> TextView:
        text = self.doc.text
        parts: list[tuple[str, tuple[int, ...]]] = []
        for a, b in unit.pieces:
            if parts:
                prev_char, next_char = parts[-1][0][-1], text[a]
                if self.doc.lang == "en":
                    hyphen = (
                        prev_char == "-" and len(parts[-1][0]) > 1 and parts[-1][0][-2].isalpha()
                    )
                    if hyphen and next_char.islower():  # "Secre-\ntary": a word broken in two
                        last_text, last_offs = parts[-1]
                        parts[-1] = (last_text[:-1], last_offs[:-1])
                    elif not hyphen:  # "Secretary-\nGeneral" keeps its hyphen, no space
                        parts.append((" ", (parts[-1][1][-1] + 1,)))
                elif _latin(prev_char) and _latin(next_char):
                    parts.append((" ", (parts[-1][1][-1] + 1,)))
            parts.append((text[a:b], tuple(range(a, b))))
        return TextView.concat(parts) if parts else TextView("", ())

    def finish(self) -> Layout:
        paragraphs = []
        for unit in self.units:
            view = self.view_of(unit)
            if not unit.pieces and unit.zone != "footnote":
                continue
            start = unit.first if unit.first is not None else unit.pieces[0][0]
            end = unit.pieces[-1][1] if unit.pieces else start
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
            self.doc, paragraphs, self.lines, self.running_head
        )
        return Layout(self.doc, tuple(paragraphs), furniture, meta)


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum() or (ch.isalpha() and not _cjk(ch))


def _cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def analyze(doc: Document) -> Layout:
    """The layout stage: a pure function of the decoded document."""
    return LayoutBuilder(doc).build()
