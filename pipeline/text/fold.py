"""Full-width ASCII folding shared by the stages that match ASCII patterns on CJK text.

Full-width ASCII (U+FF01..U+FF5E) reads as ASCII and the ideographic space as a space, one
character for one, so a folded string has the offsets of the text as written.
"""

from __future__ import annotations

import re

# Split at each full-width character (captured, so it stays in the list, at the odd places).
_FULL_WIDTH = re.compile("([\uff01-\uff5e\u3000])")
_ASCII = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)} | {"\u3000": " "}


def fold_full_width(text: str) -> str:
    """Ａ／６２／１６２ -> A/62/162. The text is split at its full-width characters, which a table
    maps, all in C: str.translate would pay a Python-level lookup for every character."""
    parts = _FULL_WIDTH.split(text)
    if len(parts) == 1:
        return text
    parts[1::2] = map(_ASCII.__getitem__, parts[1::2])
    return "".join(parts)
