"""Where a word of a segmented (Chinese) paragraph may start or end, and the parts of speech of
the few words the organization matcher asks about."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from operator import itemgetter
from typing import Any

WORD, TAG = itemgetter(0), itemgetter(1)  # of a (word, part of speech) pair of the segmenter
# Characters that jieba never puts inside a block of text it segments and tags (one block at a
# time, each on its own): a clause between two of them is tagged alone as in the whole text.
CLAUSE_BREAKS = re.compile("[ ,;:()!?、。《》“”]")


class Boundaries:
    """Where a Chinese word may start or end: the segmentation's boundaries, plus the inside of
    a dictionary compound made of a name and other words (纽约联合国总部 holds 联合国: the
    pieces cut off, 纽约 and 总部, are words of two characters or more; 部门 does not hold
    新闻部, since 门 is left).

    The words (tokens) are contiguous and cover the text, given as `Segmented.Words` keeps them:
    `cuts`, the indices where they meet (word k is norm[cuts[k]:cuts[k + 1]]). A position is a
    boundary if it is a cut, found by bisection over the cuts (nothing is built for a
    paragraph). No cuts: no words (a Latin text), every position is one.

    A few words are asked for their part of speech (a place before a unit, the words before a
    discovered body's suffix): `tag` tags the clause that holds the word, the first time one of
    its words is asked about."""

    def __init__(self, norm: str, cuts: Sequence[int], segmenter: Callable[[], Any]):
        self.norm = norm
        self.cuts = cuts
        # () -> the segmenter (segment.words.segmenter): called only where a word is tagged, so
        # that a text without words never builds one
        self.segmenter = segmenter
        self.tags: dict[int, str] = {}  # where a word starts -> its part of speech, once tagged
        self.breaks: list[int] | None = None  # where CLAUSE_BREAKS are, found at the first tag
        self.suspects: list[int] | None = None  # zh_suspects(), once found

    def __bool__(self) -> bool:
        return bool(self.cuts)

    def word_from(self, pos: int) -> int | None:
        """The index of the word starting at `pos`; None if no word starts there."""
        k = bisect_left(self.cuts, pos)
        return k if k < len(self.cuts) - 1 and self.cuts[k] == pos else None

    def tag(self, k: int) -> str:
        """The part of speech of word k, as the segmenter tags the whole text."""
        start = self.cuts[k]
        if start not in self.tags:
            self.tag_clause(start, self.cuts[k + 1])
        return self.tags.get(start, "x")  # "x" (unknown) if tag() cut the text otherwise

    def tag_clause(self, start: int, end: int) -> None:
        """Tag the clause holding the word [start, end): the text from the break before it to
        the break after it, or the word alone if it is a break. jieba reads a text as blocks
        between such characters, each on its own, so the clause is tagged as in the whole
        text; if its words were not those of the whole text (never seen), the whole text is
        tagged instead."""
        norm, cuts = self.norm, self.cuts
        if self.breaks is None:
            self.breaks = [b.start() for b in CLAUSE_BREAKS.finditer(norm)]
        i = bisect_left(self.breaks, start)
        if i < len(self.breaks) and self.breaks[i] == start:
            lo, hi = start, end
        else:
            lo = self.breaks[i - 1] + 1 if i else 0
            hi = self.breaks[i] if i < len(self.breaks) else len(norm)
        pairs = self.segmenter().tag(norm[lo:hi])
        starts = list(accumulate(map(len, map(WORD, pairs)), initial=lo))
        first = bisect_left(cuts, lo)
        if starts != list(cuts[first : first + len(starts)]):
            pairs = self.segmenter().tag(norm)
            starts = list(accumulate(map(len, map(WORD, pairs)), initial=0))
        self.tags.update(zip(starts[:-1], map(TAG, pairs), strict=True))

    def start_ok(self, s: int) -> bool:
        """A word may start at s (< len(norm)): a token starts there, or the piece of the token
        holding s before it is a word."""
        ts = self.cuts[bisect_right(self.cuts, s) - 1]
        return ts == s or self.is_word(self.norm[ts:s])

    def end_ok(self, e: int) -> bool:
        """A word may end at e (> 0): a token ends there, or the rest of the token is a word."""
        te = self.cuts[bisect_left(self.cuts, e)]
        return te == e or self.is_word(self.norm[e:te])

    def is_word(self, piece: str) -> bool:
        return len(piece) >= 2 and self.segmenter().has_word(piece)
