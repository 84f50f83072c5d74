"""Bytes of a text file to the source string, and what makes bytes no text.

The decoded string is the source every offset of every table refers to; it is never altered here
(no newline or width normalization), so `bytes.decode(encoding)` gives it back exactly, which is
what ../shared/tools/check_tables.py does with the `encoding` recorded in document.json.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from pathlib import Path


class InputError(Exception):
    """A problem with one input file; the message names the file and says what is wrong."""

    def __init__(self, path: str | Path, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: one of every two bytes of ASCII-range text is NUL."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / (len(sample) / 2)
    odd_nul = sample[1::2].count(0) / (len(sample) / 2)
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


# What real text never holds: controls (Cc), unassigned code points (Cn), private use (Co), lone
# surrogates (Cs), and U+FFFD, the mark of bytes a decoder could not read.
_GARBAGE_CATEGORIES = frozenset({"Cc", "Cn", "Co", "Cs"})
_GARBAGE_SAMPLE = 20_000  # characters looked at


def _harmless_pattern() -> re.Pattern[str]:
    """Runs of characters that real text holds although `str.isprintable()` rejects them: the
    line controls, space separators (U+3000 ideographic space, no-break space...), line and
    paragraph separators and common format characters (soft hyphen, zero-width space, BOM,
    direction marks). A character stays in the set only if this Python's Unicode database puts
    it in a category that is not garbage, so taking these out can never hide garbage."""
    candidates = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
    candidates += "\u2028\u2029\u202f\u205f\u3000"  # Zs, Zl, Zp
    candidates += "\u00ad\u061c\u200b\u200c\u200d\u200e\u200f"  # Cf
    candidates += "".join(map(chr, range(0x202A, 0x202F))) + "\u2060\u2061\u2062\u2063\u2064"
    candidates += "\ufeff"
    kept = [ch for ch in candidates if unicodedata.category(ch) in {"Zs", "Zl", "Zp", "Cf"}]
    return re.compile("[" + re.escape("\n\r\t\f\v" + "".join(kept)) + "]+")


_HARMLESS = _harmless_pattern()


# The white space (str.isspace) that is garbage: the separator controls (category Cc). The rest
# of it is line and tab controls or space separators (Zs, Zl, Zp), never garbage.
_GARBAGE_SPACE = "\x1c\x1d\x1e\x1f\x85"


def _garbage_share(text: str) -> float:
    """Share of characters that do not occur in real text: controls other than line and tab
    controls, unassigned, private use, surrogates, U+FFFD (among the first 20,000)."""
    if not text:
        return 0.0
    sample = text[:_GARBAGE_SAMPLE]
    # str.isprintable() is False for every character of the categories C* and Z*, so once the
    # white space is out (str.split, in C, faster than any regex), a printable rest holds no
    # garbage but U+FFFD (category So) and the few controls that are white space. That is the
    # common case. Otherwise the harmless characters are taken out (format characters too)
    # and only a rest with something odd is looked at one distinct character at a time.
    rest = "".join(sample.split())
    if rest.isprintable():
        return (rest.count("\ufffd") + sum(map(sample.count, _GARBAGE_SPACE))) / len(sample)
    rest = _HARMLESS.sub("", sample)
    bad = rest.count("\ufffd")
    if not rest.isprintable():
        counts = Counter(rest)
        bad += sum(
            n
            for ch, n in counts.items()
            if not ch.isprintable() and unicodedata.category(ch) in _GARBAGE_CATEGORIES
        )
    return bad / len(sample)


def _truncated(err: UnicodeDecodeError, size: int) -> bool:
    """The only problem is a multi-byte character cut off by the end of the file."""
    return err.end >= size and err.start >= size - 4


def _corrupt_utf8(data: bytes) -> str | None:
    """For bytes that fail to decode as UTF-8: a problem message when they are nonetheless UTF-8
    (nearly all their non-ASCII characters decode), so that they are refused rather than read as
    GB18030, which decodes UTF-8 bytes of Chinese text without error into other characters."""
    replaced = data.decode("utf-8", errors="replace")
    bad = replaced.count("\ufffd")
    non_ascii = len(replaced) - len(replaced.encode("ascii", "ignore")) - bad
    if non_ascii >= 20 and bad <= 0.02 * non_ascii:
        first = replaced.index("\ufffd")
        return f"invalid UTF-8 ({bad} bad byte sequences, first at character {first}): corrupt?"
    return None


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode bytes to (text, encoding name). Raises InputError for empty, binary, truncated or
    undecodable input. Order: BOM, UTF-8, UTF-16 by NUL pattern, GB18030 (a superset of
    GBK/GB2312), Big5. A file that is UTF-8 but cut short or corrupt is refused: read as GB18030
    it would decode without error into the wrong characters."""
    if not data:
        raise InputError(path, "empty file")
    candidates: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        utf16 = _looks_like_utf16(data)
        candidates = [utf16] if utf16 else []
        if b"\x00" in data[:65536] and not utf16:
            raise InputError(path, "binary file (NUL bytes), not text")
        candidates += ["utf-8", "gb18030", "big5"]
    truncated = garbage = False
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as e:
            if _truncated(e, len(data)):
                truncated = True
                if enc.startswith(("utf-8", "utf-16")):
                    break  # everything before the cut was valid: no other reading is right
            elif enc.startswith("utf-8") and (problem := _corrupt_utf8(data)):
                raise InputError(path, problem) from e
            continue
        if _garbage_share(text) > 0.01:
            garbage = True
            continue
        return text, enc
    if truncated:
        raise InputError(path, "the file ends inside a multi-byte character: truncated?")
    if garbage:
        raise InputError(path, "binary file (control or unassigned characters), not text")
    raise InputError(path, "cannot decode as UTF-8, UTF-16, GB18030 or Big5 (binary or corrupt?)")


# CJK ideographs (URO U+4E00-U+9FFF and Extension A U+3400-U+4DBF): in UTF-16, the code units
