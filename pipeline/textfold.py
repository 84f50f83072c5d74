"""Full-width ASCII folding shared by the stages that match ASCII patterns on CJK text.

Full-width ASCII (U+FF01..U+FF5E) reads as ASCII and the ideographic space as a space, one
character for one, so a folded string has the offsets of the text as written.
"""

from __future__ import annotations

import re

_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _ascii(m: re.Match[str]) -> str:
    ch = m.group()
    return " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0)


def fold_full_width(text: str) -> str:
    """Ａ／６２／１６２ -> A/62/162. A substitution per full-width character, not a table lookup per
    character: CJK text has few of them, and str.translate pays for every character."""
    return _FULL_WIDTH.sub(_ascii, text)
