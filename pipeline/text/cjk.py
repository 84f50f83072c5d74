"""One definition of CJK for every stage.

Two questions are asked of a character, and they have different answers:
- is it a CJK *ideograph* (`is_cjk`: the URO U+4E00-U+9FFF, Extension A U+3400-U+4DBF and the
  compatibility ideographs U+F900-U+FAFF)? This decides how Chinese text is joined and matched:
  no space between ideographs, names cut at word boundaries.
- is it *wide* (`is_wide`: East Asian Wide or Fullwidth, two columns in print)? This decides the
  display width of a line (layout) and how line breaks are joined for display (review page).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

IDEOGRAPHS = "\u3400-\u9fff\uf900-\ufaff"  # a regex class body (U+4DC0-U+4DFF hexagrams within)
CJK_ONLY = re.compile(f"[{IDEOGRAPHS}]*")  # fullmatch: every character is_cjk()
# East Asian Wide and Fullwidth blocks (Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK
# compatibility, vertical and small forms, fullwidth forms, CJK extensions B-F): the characters a
# printed line gives two columns. A width is only used to tell a full line from a short one.
WIDE_RANGES = (
    "\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
    "\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6"
    "\U00020000-\U0003fffd"
)


def is_cjk(ch: str) -> bool:
    """A CJK ideograph (see the module docstring)."""
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def has_cjk(text: str) -> bool:
    return any(map(is_cjk, text))


def is_word_char(ch: str) -> bool:
    """A letter or digit that is no ideograph (Latin, Cyrillic ...): a Latin name must not
    touch one."""
    return ch.isalnum() and not is_cjk(ch)


@cache  # one entry per character
def is_wide(ch: str) -> bool:
    """East Asian Wide or Fullwidth: two columns in print."""
    return unicodedata.east_asian_width(ch) in "WF"


# The ideographs of the URO and Extension A (U+3400-U+9FFF) in UTF-16 are the code units whose
# high byte is 0x34-0x9F, but for U+4DC0-U+4DFF (Yijing hexagrams, high byte 0x4D too).
_NOT_CJK_HIGH_BYTES = bytes(b for b in range(256) if not 0x34 <= b <= 0x9F)
_HEXAGRAMS = re.compile("[\u4dc0-\u4dff]")
# Bytes that are not ASCII letters: deleted from the ASCII part of the text, letters remain.
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def letter_counts(text: str) -> tuple[int, int]:
    """(CJK ideographs U+3400-U+9FFF, ASCII letters) in `text`, counted in C, with no regex over
    the text: the high bytes of its UTF-16 code units in the ideographs' range, and the ASCII
    letters left once the text is encoded to ASCII without everything else. (The compatibility
    ideographs are not counted: language detection reads running text, which has none.)"""
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    cjk = len(high.translate(None, _NOT_CJK_HIGH_BYTES))
    if b"\x4d" in high:  # U+4D00-U+4DFF: a hexagram is no ideograph (rare: looked for only then)
        cjk -= len(_HEXAGRAMS.findall(text))
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    return cjk, latin


@cache  # one entry per character
def is_narrow_letter(ch: str) -> bool:
    """An ASCII letter or digit, or a letter that is not wide (é, Cyrillic): where two pieces of
    an unspaced (Chinese) text meet at two such characters, a space joins them."""
    return ch.isascii() and ch.isalnum() or (ch.isalpha() and not is_wide(ch))


# Letter-spacing: a text layer that sets a space after every CJK character (`联 合 国 大 会`, `第
# 70/1号`) is read without the spaces after wide characters; a full-width space between two wide
# characters is letter-spacing wherever it stands.
_WIDE = f"[{WIDE_RANGES}]"
SPACED_WIDE = re.compile(f"(?<={_WIDE})[ \u3000]++(?=\\S)")  # (in a letter-spaced layer)
FULL_WIDTH_SPACED = re.compile(f"(?<={_WIDE})[ \u3000]*+\u3000[ \u3000]*+(?={_WIDE})")
_WIDE_PAIR = re.compile(f"{_WIDE}(?=[ \u3000]?{_WIDE})")
_WIDE_SPACE_WIDE = re.compile(f"{_WIDE}(?=[ \u3000]{_WIDE})")
LETTER_SPACED_SHARE = 0.5  # of the wide characters followed by another one, after a space
LETTER_SPACED_MIN = 20  # and at least this many such spaces
LETTER_SPACED_SAMPLE = 20_000  # characters read to tell


def letter_spaced(text: str) -> bool:
    """Whether a text layer spaces its CJK characters: most wide characters followed by another
    wide character have a space between them (`联 合 国`), not a few (`2006 年 12 月` has none)."""
    sample = text[:LETTER_SPACED_SAMPLE]  # (a layer spaces its whole text, or none of it)
    cjk, _ = letter_counts(sample)
    if sample.count(" ") + sample.count("\u3000") < LETTER_SPACED_SHARE * cjk:
        return False  # (counted in C: most texts are done here)
    spaced = len(_WIDE_SPACE_WIDE.findall(sample))
    if spaced < LETTER_SPACED_MIN:  # (most texts: done without counting the pairs)
        return False
    return spaced >= LETTER_SPACED_SHARE * len(_WIDE_PAIR.findall(sample))
