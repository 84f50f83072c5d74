"""Line breaks that end a name. A paragraph's text joins its lines with spaces, but a name does
not run over every such join: not over a blank line or text taken out (a symbol, page
furniture: `Press Release` / `SC/7134` / `Security Council`), nor after a short line (a cover's
`General Assembly` / `Security Council`, a sentence a line). A name broken at the end of a
line of running text (`Ministry` / `of Foreign Affairs`) goes on."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence

# a space run before a capital letter: only there can a name's words meet a line break that
# matters (a name's next word is capitalized)
BEFORE_CAPITAL = re.compile(r"(?<=[\w.)'\u2019])\s+(?=[A-Z\u00c0-\u00de])")
SHORT_LINE = 3  # words: a line this short is a line of its own (a cover line, a title)

SpansOf = Callable[[Iterable[tuple[int, int]]], list[tuple[int, int]]]


def hard_breaks(
    text: str,
    source: str,
    spans_of: SpansOf | None = None,
    span: tuple[int, int] | None = None,
) -> list[int]:
    """The indices in `text` of the space runs (before a capital) that stand for a hard line
    break of `source`; `spans_of` maps text spans to source spans (None: `text` is the
    source), `span` is where the text lies in the source (a paragraph's source span)."""
    lo, hi = span or (0, len(source))
    if not has_hard_break(source, lo, hi):
        return []  # (most paragraphs: lines of running text)
    runs = [m.span() for m in BEFORE_CAPITAL.finditer(text)]
    if not runs:
        return []
    if spans_of is None:
        gaps = runs
    else:
        ends = spans_of([(a - 1, a) for a, _ in runs])
        starts = spans_of([(b, b + 1) for _, b in runs])
        gaps = [(e[1], s[0]) for e, s in zip(ends, starts, strict=True)]
    return [a for (a, _), (ga, gb) in zip(runs, gaps, strict=True) if is_hard(source, ga, gb)]


def has_hard_break(source: str, lo: int, hi: int) -> bool:
    """[lo, hi) of the source holds a blank line or a short line followed by another."""
    if source.find("\n", lo, hi) < 0:
        return False  # one line (no slice nor split needed)
    lines = source[lo:hi].split("\n")
    return len(lines) > 1 and any(short(line) for line in lines[:-1])


def is_hard(source: str, ga: int, gb: int) -> bool:
    """The source between two words, [ga, gb), is a hard line break: a blank line, or text taken
    out, not at a page break (a form feed: a name goes on over it); or the end of a short line."""
    gap = source[ga:gb]
    if "\n" not in gap:
        return False
    if "\f" not in gap and (gap.count("\n") > 1 or gap.strip()):
        return True
    line_start = source.rfind("\n", 0, ga) + 1
    return short(source[line_start:ga])


def short(line: str) -> bool:
    """`line` has SHORT_LINE words or fewer: split no further than one word past that (a
    long line is not cut into all its words to be counted)."""
    return len(line.split(None, SHORT_LINE)) <= SHORT_LINE


def mark_breaks(norm: str, index: Sequence[int], breaks: list[int]) -> str:
    """`norm` with the spaces that stand for `breaks` (indices of the text `index` maps norm to)
    written as line feeds: a text of the same length, where no name crosses them."""
    if not breaks:
        return norm
    chars = list(norm)
    for b in breaks:
        i = bisect_left(index, b)
        if i < len(chars) and chars[i] == " ":
            chars[i] = "\n"
    return "".join(chars)
