"""The normalizer of the matchers: every character folded to the one it is compared as, space
runs collapsed (or dropped next to CJK ideographs), with a map from each normalized character
back to the text it came from.

`normalize(text, glue_cjk)` is what the segment stage reads every paragraph as, and what the
organization matcher matches names against; `name_key` is a name as the matcher stores it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

from pipeline.cache import cached
from pipeline.text.cjk import is_cjk

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
SPACES = " \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b"


def fold_char(ch: str) -> str:
    """The one character a source character is compared as. Every space is a space: the
    normalizer then finds space runs with str.split(" ")."""
    if ch in SPACES:
        return " "
    if ch in DASHES:
        return "-"
    if ch in "\u2019\u2032":  # ’ is the apostrophe of Children’s; ‘ only opens a quote
        return "'"
    if "\uff01" <= ch <= "\uff5e":  # full-width ASCII
        return chr(ord(ch) - 0xFEE0)
    if is_cjk(ch):
        from pipeline.text.variants import convert  # traditional -> simplified, per character

        simple = convert(ch, "zh-cn")
        return simple if len(simple) == 1 else ch
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def char_class(ranges: list[tuple[int, int]], *, negate: bool = False) -> str:
    """A regex character class of the code point ranges [lo, hi] (inclusive). The characters
    are written as themselves (escaped where the syntax needs it): a class of thousands of
    characters compiles three times faster than with \\U escapes."""
    body = "".join(
        re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "") for lo, hi in ranges
    )
    return f"[{'^' if negate else ''}{body}]"


def ranges_of(codes: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted code points as runs of consecutive ones, [lo, hi] inclusive."""
    runs: list[list[int]] = []
    for c in codes:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return [(lo, hi) for lo, hi in runs]


# Folding learns its table a block of code points at a time (module constants, not class
# attributes: a class body's names are not in scope in its other class attributes once compiled).
BLOCK = 256
CJK_BLOCKS = frozenset(range(0x3400 // BLOCK, 0xA000 // BLOCK)) | {0xF9, 0xFA}  # is_cjk()


def block_folds(blocks: set[int] | frozenset[int]) -> dict[str, str]:
    """The characters of `blocks` that fold, and their folds."""
    table = {}
    for block in sorted(blocks):
        for code in range(block * BLOCK, (block + 1) * BLOCK):
            ch = chr(code)
            folded = fold_char(ch)
            if folded != ch:
                table[ch] = folded
    return table


class Folding:
    """`fold_char` applied to a whole text by substitution: a text has few characters that fold
    (，（） in Chinese), and str.translate would pay a table lookup for every character.

    Which characters fold is learned a block of 256 code points at a time (all the CJK
    ideographs at once: a Chinese text brings new ones for long), the first time a text holds a
    character of the block: the table is bounded by the alphabet. One regex finds, in one scan,
    the characters that fold and those of the blocks not learned yet (whose block is learned
    when met). Compiling it takes ~15 ms (a class of thousands of characters), as long as
    folding ~150,000 characters by a lookup each: after learning, texts are folded by lookups
    until that many characters would have paid for a compilation. A single document (or the
    names folded while a matcher is built) never compiles it; a corpus does, once."""

    LOOKUPS_PER_COMPILE = 150_000  # characters folded by lookups before the pattern is compiled

    def __init__(self) -> None:
        self.blocks: set[int] = set()  # block numbers (code point // BLOCK) learned
        self.table: dict[str, str] = {}  # character -> its fold, for those that change
        # the characters that fold, or of a block not learned
        self.pattern = re.compile(r"[\s\S]")
        self.stale = True  # blocks were learned since the pattern was compiled
        self.looked_up = 0  # characters folded by lookups since the pattern was compiled

    def __call__(self, text: str) -> str:
        """`text` with every character replaced by its fold (the same length)."""
        if self.stale:
            self.learn({ord(ch) // BLOCK for ch in set(text)})
            self.looked_up += len(text)
            if self.looked_up < self.LOOKUPS_PER_COMPILE:
                return "".join(map(self.table.get, text, text))
            self.compile()
        return self.pattern.sub(self.replacement, text)

    def replacement(self, m: re.Match[str]) -> str:
        ch = m.group()
        folded = self.table.get(ch)
        if folded is None:  # not a character that folds: one of a block not learned yet
            self.learn({ord(ch) // BLOCK})
            folded = self.table.get(ch, ch)
        return folded

    def learn(self, blocks: set[int]) -> None:
        """Learn the folds of the characters of `blocks` not learned yet. Those of the CJK
        ideographs (a conversion to simplified each) come from the cache (pipeline/cache.py)."""
        if blocks & CJK_BLOCKS:
            blocks |= CJK_BLOCKS
        new = blocks - self.blocks
        if not new:
            return
        self.stale = True
        if new >= CJK_BLOCKS:
            self.table.update(cached("folds-cjk", lambda: block_folds(CJK_BLOCKS)))
            new -= CJK_BLOCKS
        self.table.update(block_folds(new))
        self.blocks |= blocks

    def compile(self) -> None:
        unlearned = []  # the code point ranges between the learned blocks
        lo = 0
        for first, last in ranges_of(sorted(self.blocks)):
            if first * BLOCK > lo:
                unlearned.append((lo, first * BLOCK - 1))
            lo = (last + 1) * BLOCK
        if lo <= sys.maxunicode:
            unlearned.append((lo, sys.maxunicode))
        self.pattern = re.compile(char_class(ranges_of(sorted(map(ord, self.table))) + unlearned))
        self.stale = False
        self.looked_up = 0


FOLD = Folding()  # learns as texts come: one for the process
INDEX_INTS: tuple[int, ...] = ()  # 0, 1, 2, ...: the int objects of the index maps
MAX_INDEX_INTS = 1 << 16  # ~2 MB at most; a longer paragraph gets a range


def index_ints(n: int) -> Sequence[int]:
    """The ints 0..n at least: one shared tuple (grown by doubling, up to a bound), so that an
    index map taken from it refers to existing ints instead of allocating one per character,
    which is most of what building it costs; a range past the bound."""
    global INDEX_INTS
    if n >= len(INDEX_INTS):
        if n >= MAX_INDEX_INTS:
            return range(n + 1)
        INDEX_INTS = tuple(range(min(MAX_INDEX_INTS, max(1 << 12, 2 * (n + 1)))))
    return INDEX_INTS


def normalize(text: str, glue_cjk: bool) -> tuple[str, tuple[int, ...]]:
    """Normalized text and, for each of its characters, the index of its source in `text`.

    Every character folds to one character (every space to " "); then a space run next to a
    CJK ideograph is dropped where `glue_cjk` (Chinese: the PDF breaks names with spaces and
    line breaks), and other space runs become one space; a run at either end is dropped."""
    folded = FOLD(text)
    n = len(folded)
    ints = index_ints(n)
    if " " not in folded:  # no space run: the text as folded
        return folded, tuple(ints[:n])
    cjk_glue = glue_cjk  # a run touching a CJK character is dropped
    parts: list[str] = []  # the pieces between the runs, and the runs kept as " "
    index: list[int] = []  # the source index of each character of the parts (+= of a tuple
    # slice copies it in C: no Python step per character)
    pos = 0  # where the piece starts in `folded`
    last_end = 0  # where the last non-empty piece ends (a run starts there)
    # str.split finds the spaces in C; an empty piece is a space after a space
    for piece in folded.split(" "):
        if piece:
            if parts and not (cjk_glue and (is_cjk(parts[-1][-1]) or is_cjk(piece[0]))):
                parts.append(" ")  # the run is one space, at the index of its first character
                index.append(last_end)
            last_end = pos + len(piece)
            parts.append(piece)
            index += ints[pos:last_end]
            pos = last_end + 1
        else:
            pos += 1
    return "".join(parts), tuple(index)


@lru_cache(maxsize=4096)  # bounded: has_head also asks for names as written in documents
def name_key(name: str, glue_cjk: bool, fold_case: bool) -> str:
    """A name as a matcher stores it: normalized as the text is, lower-cased where names are
    matched whatever their case."""
    norm, _ = normalize(name, glue_cjk)
    return norm.lower() if fold_case else norm
