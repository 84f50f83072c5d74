"""Contents flattened into running text (a web copy or a converted file): "Contents Paragraphs Page
Introduction 1–4 3 Enhancing the authority … 5–14 3 … I. Introduction 1. The present report …",
or entries run together on a line ("Introduction ...... 1 Part I … 25 II. Statements … 30").

The contents start at their title (a line of its own, or inside a line before the column heads)
and end where the body begins: at the body's first heading, which repeats the first entry's title
(or a start of it, where the text is cut there); failing that, after the last number of the run
of entries (the run stops at a sentence end, or a stretch over `MAX_GAP` characters without a
number), unless what follows it is the next entry of their numbering (VIII after VII). Contents
are read this way only where two entries at least stand on one line with their locator (a leader
and a page, or a paragraph range and a page); contents written one entry a line are the layout's
own (builder.find_toc)."""

from __future__ import annotations

import re
from typing import Protocol

from pipeline.layout.lines import Line
from pipeline.layout.rules import Rules
from pipeline.layout.textrules import TextRules
from pipeline.text.cjk import is_wide


class Cutter(Protocol):
    """What the contents need of the cutting pass (flat.FlatCutter)."""

    rules: Rules
    text_rules: TextRules
    roles: dict[Line, str]

    def pieces_at(self, ln: Line, cuts: list[int]) -> list[Line]: ...


# A contents locator that cannot be anything else: a leader and a page, a paragraph range and a
# page. Two on one line make contents flattened.
STRONG_LOCATOR = re.compile(
    r"(?:(?<!\.)\.{2,}+|(?<!…)…++)\s*+\d{1,3}(?![\d/])"
    r"|(?<![\d/.])\d{1,3}\s*+[-–]\s*+\d{1,3}\s++\d{1,3}(?![\d/])"
)
# A number that may end an entry (its page, its paragraph range): not part of a symbol, a decimal
# or a year.
NUMBER = re.compile(r"(?<![\w/.,\-–])\d{1,3}(?:\s*+[-–]\s*+\d{1,3})?+(?![\w/\-–%]|[.,]\d)")
# A sentence end between two numbers: the body has begun.
SENTENCE_END = re.compile(r"(?<=[a-z0-9)]{2})[.!?](?=\s++[A-Z\"“])|[。！？]")
# An entry's own number: I., A., 1., 一、
_NUM = r"(?:[IVXL]{1,6}|[A-Z]|\d{1,2}|[一二三四五六七八九十]{1,3})"
ENTRY_NUMBER = re.compile(rf"(?:\A|(?<=\s))({_NUM})\s*+[.．、]\s")
HEADING_BEFORE = re.compile(rf"{_NUM}\s*+[.．、]\s*+\Z")
LOOK_AHEAD = 4  # content lines after the title that may hold the first entries
MAX_GAP = 400  # characters between two numbers of the contents, at most
MAX_UNPAGED = 30  # entries of contents without pages, at most
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}
CJK_NUMERALS = "一二三四五六七八九十"


def roman(s: str) -> int | None:
    if not s or any(c not in ROMAN for c in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = ROMAN[a]
        total += -v if b in ROMAN and ROMAN[b] > v else v
    return total


def follows(before: str, after: str) -> bool:
    """Whether the entry number `after` comes right after `before` (VIII after VII, D after C,
    3 after 2, 四 after 三)."""
    if before.isdigit() and after.isdigit():
        return int(after) == int(before) + 1
    a, b = roman(before), roman(after)
    if a is not None and b is not None and b == a + 1:
        return True
    if len(before) == 1 == len(after):
        if before.isupper() and after.isupper():
            return ord(after) == ord(before) + 1
        if before in CJK_NUMERALS and after in CJK_NUMERALS:
            return CJK_NUMERALS.index(after) == CJK_NUMERALS.index(before) + 1
    return False


def flattened_contents(cutter: Cutter, content: list[Line]) -> tuple[int, int] | None:
    """Find flattened contents in `content`, cut the lines at their two ends and give the pieces
    between the role `toc`; return their index range into `content` (as cut), or None."""
    rules, text_rules = cutter.rules, cutter.text_rules
    for k, ln in enumerate(content):
        if ln.kind != "content" or cutter.roles.get(ln) is not None or ln.src is not None:
            continue
        at: int | None = None
        if ln.folded in rules.toc_title:
            at = 0
        elif text_rules.toc_inline is not None:
            m = text_rules.toc_inline.search(ln.folded)
            at = m.start() if m else None
        if at is not None:
            found = _contents_from(cutter, content, k, at)
            if found is None and at == 0:
                found = _contents_without_locators(cutter, content, k)
            return found
    return None


def _contents_without_locators(
    cutter: Cutter, content: list[Line], k: int
) -> tuple[int, int] | None:
    """Contents that give no page (a summary record's: "Contents" / "Organization of work" /
    "Agenda item 136: …"): the lines under the title up to the first that ends a sentence, none
    with a locator, where the body's text repeats the first entry at the start of a line after
    them (the record's heading). None where it does not."""
    rules = cutter.rules
    entries: list[int] = []
    j = k + 1
    while j < len(content) and len(entries) <= MAX_UNPAGED:
        ln = content[j]
        if ln.kind == "content":
            if ln.ends_sentence or ln.number is not None or len(ln.folded) > 200:
                break
            if SENTENCE_END.search(ln.folded):
                break
            if STRONG_LOCATOR.search(ln.folded) or rules.toc_locator.search(ln.folded):
                return None
            entries.append(j)
        j += 1
    if not entries or j >= len(content):
        return None
    first = " ".join(content[entries[0]].folded.split())[:40]
    if len(first) < 4:
        return None
    later = (content[i] for i in range(j, min(len(content), j + 400)))
    if not any(
        ln.kind == "content" and " ".join(ln.folded.split()).startswith(first) for ln in later
    ):
        return None
    for i in range(k, entries[-1] + 1):
        if content[i].kind == "content":
            cutter.roles[content[i]] = "toc"
    return k, entries[-1]


def _contents_from(cutter: Cutter, content: list[Line], k: int, at: int) -> tuple[int, int] | None:
    lines = [j for j in range(k, len(content)) if content[j].kind == "content"]
    title_end = at + len(content[k].folded[at:].split()[0])
    first_lines = lines[: LOOK_AHEAD + 1]
    if max(len(STRONG_LOCATOR.findall(_text(content, j, k, title_end))) for j in first_lines) < 2:
        return None
    columns = cutter.text_rules.toc_columns
    first_title: str | None = None
    last_number: str | None = None
    end: tuple[int, int] | None = None  # (index into content, offset) where the body begins
    for n, j in enumerate(lines):
        text = content[j].folded
        pos = title_end if j == k else 0
        numbers = list(NUMBER.finditer(text, pos))
        if j > k and not numbers and not all(w in columns for w in text.split()):
            end = (j, 0)
            break
        search_from = pos
        if first_title is None and numbers:
            first_title = _entry_title(text[pos : numbers[0].start()], columns)
            search_from = numbers[0].end()
        hit = _repeat(text, first_title, search_from) if first_title is not None else None
        stop = None
        prev_end = pos
        for m in numbers:
            if hit is not None and m.start() >= hit:
                break
            gap = text[prev_end : m.start()]
            if len(gap) > MAX_GAP or SENTENCE_END.search(gap):
                stop = prev_end
                break
            for e in ENTRY_NUMBER.finditer(gap):
                last_number = e.group(1)
            prev_end = m.end()
        if stop is not None:
            end = (j, stop)
            break
        if hit is not None:
            end = (j, hit)
            break
        rest = text[prev_end:].strip()
        nxt = lines[n + 1] if n + 1 < len(lines) else None
        if rest and not _continues(rest, last_number, nxt, content):
            end = (j, prev_end)
            break
    return _cut(cutter, content, k, at, end)


def _text(content: list[Line], j: int, k: int, title_end: int) -> str:
    return content[j].folded[title_end:] if j == k else content[j].folded


def _entry_title(head: str, columns: frozenset[str]) -> str | None:
    """The first entry's title: the text before its first number, column heads, its own number
    and its leader set aside."""
    words = head.split()
    while words and words[0] in columns:
        words.pop(0)
    title = ENTRY_NUMBER.sub("", " ".join(words), count=1).strip(" .…")
    wide = sum(1 for c in title if is_wide(c))
    return title[:60] if len(title) + wide >= 4 else None  # (a CJK character counts two)


def _repeat(text: str, title: str, start: int) -> int | None:
    """Where `title` stands again in `text` after `start`, as the body's first heading (its
    number before it taken in); or where the text ends in a heading that starts like it (a text
    cut there). None where it does not."""
    at = text.find(title, start)
    if at >= 0:
        m = HEADING_BEFORE.search(text, max(start, at - 12), at)
        return m.start() if m else at
    tail = max(start, len(text) - 80)
    last = None
    for m in ENTRY_NUMBER.finditer(text, tail):
        last = m
    if last is not None:
        cut = text[last.end() :].strip()
        if len(cut) >= 3 and title.startswith(cut):
            return last.start()
    return None


def _continues(rest: str, last_number: str | None, nxt: int | None, content: list[Line]) -> bool:
    """Whether the text after a line's last number is still contents: the next entry of their
    numbering, or a title that wraps to the next line, which holds the entry's number."""
    e = ENTRY_NUMBER.match(rest)
    if e is not None and last_number is not None and follows(last_number, e.group(1)):
        return True
    if nxt is None or SENTENCE_END.search(rest) or len(rest) > MAX_GAP:
        return False
    first = NUMBER.search(content[nxt].folded)
    return first is not None and first.start() + len(rest) <= MAX_GAP


def _cut(
    cutter: Cutter, content: list[Line], k: int, at: int, end: tuple[int, int] | None
) -> tuple[int, int]:
    """Cut the title's line at `at` and the end line at its offset; give the pieces between the
    role `toc`. Returns their index range into `content` (as cut)."""
    end_line, end_at = (len(content), 0) if end is None else end
    if end_line == k:
        end_at -= at  # the title's line is cut first
    first = k
    if at > 0:
        pieces = cutter.pieces_at(content[k], [0, at])
        content[k : k + 1] = pieces
        first = k + len(pieces) - 1
        end_line += len(pieces) - 1
    last = end_line - 1  # the last line of the contents, before the end line
    if end is not None and end_at > 0:
        ln = content[end_line]
        pieces = cutter.pieces_at(ln, [0, end_at])
        content[end_line : end_line + 1] = pieces
        last += sum(1 for p in pieces if p.start < ln.start + end_at)
    while last > first and content[last].kind != "content":
        last -= 1
    for i in range(first, last + 1):
        if content[i].kind == "content":
            cutter.roles[content[i]] = "toc"
    return first, last
