"""The lines of a document: each non-blank line of the source, stripped, classified (content,
page furniture, footnote rule, reference mark) and given its page."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter

from pipeline.layout.rules import Rules
from pipeline.model import SourceLine
from pipeline.text.cjk import WIDE_RANGES

# A footnote's text opening with its number: "1 See A/60/88." (\d: any script's digits).
FOOTNOTE_START = re.compile(r"(\d{1,3})\s++(?=\S)")
# A decimal digit other than 0-9.
OTHER_DIGIT = re.compile(r"[^\D0-9]")


class Line:
    """A non-blank line of the source, stripped. Plain slots, not a dataclass: a document has
    thousands of lines and the layout stage makes each once."""

    __slots__ = (
        "index", "start", "end", "text", "folded", "indented", "width", "other_digits",
        "ends_sentence", "kind", "page", "number", "number_end", "sect", "src",
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
        # A budget's "25.14" gives its section (`sect`) too.
        self.sect: int | None = None
        m = rules.paragraph.match(text)
        if m and m.end() != size:
            self.number: int | None = int(m.group(1))
            self.number_end = m.end()
        elif text[:1].isdigit() and (m := rules.section_paragraph.match(text)) and m.end() != size:
            self.sect, self.number = int(m.group(1)), int(m.group(2))
            self.number_end = m.end()
        else:
            self.number = None
            self.number_end = 0
        # What a PDF or Word reader says of the line, where it says something (role, geometry:
        # pipeline/layout/structured.py)
        self.src: SourceLine | None = None

    @property
    def key(self) -> str:
        """The paragraph key its number gives: "17", or a budget's "25.14"."""
        return f"{self.sect}.{self.number}" if self.sect is not None else str(self.number)


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
ODD_NARROW = re.compile(f"[^\\x00-\\x7f{WIDE_RANGES}]")  # neither ASCII nor wide


# Where a joint symbol's parts meet: a dash before the next part's series (a capital, then "/").
JOINT = re.compile(r"\s*+[–-]\s*+(?=[A-Z][A-Za-z.]*+/)")


def classify(lines: list[Line], rules: Rules, folded_text: str) -> str | None:
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
    running: set[str] = set()
    if heads:
        symbol, count = heads.most_common(1)[0]
        # One symbol-only line may be a citation; the running head repeats, or is the symbol the
        # cover page states ("United Nations A/61/999" in the first lines).
        opening = " ".join(ln.folded for ln in lines if ln.index < 40).split()
        # (a head with its year, "S/RES/2719 (2023)", is two words of the opening)
        if count >= 2 or f" {' '.join(symbol.split())} " in f" {' '.join(opening)} ":
            running_head = symbol
            running.add(symbol)
        # A joint cover symbol (identical letters: "A/78/812–S/2024/245") is printed on later
        # pages as its parts stacked, each alone on its line: every part is the running head.
        for token in opening:
            parts = JOINT.split(token)
            if len(parts) > 1 and (running & set(parts) or not running):
                found = [p for p in parts if p in heads]
                running.update(found)
                if running_head is None and found:
                    running_head = max(found, key=heads.__getitem__)
    # A bare URL line is a PDF link annotation when the text also prints that URL in running text:
    # it occurs in the document more often than it stands alone on a line. (A URL holds no white
    # space, so its occurrences in the folded source are those inside its lines.)
    bare = Counter(ln.folded for _, ln, shape, _ in shaped if shape == "link_artifact")
    printed = {url: folded_text.count(url) for url in bare}
    marks = []
    for k, ln, shape, head in shaped:
        t = ln.folded
        if (head and t in running) or shape in ("job_number", "barcode"):
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


def number_pages(lines: list[Line]) -> None:
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
