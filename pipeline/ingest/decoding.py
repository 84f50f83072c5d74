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
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest import encodings


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


GARBAGE_SHARE = 0.01  # more garbage than this in any window: not text
_WINDOWS = 5  # windows of _GARBAGE_SAMPLE characters looked at, spread over the text


def _garbage_anywhere(text: str) -> float:
    """The largest garbage share of windows spread over the whole text (the first one at its
    start): a text file with a binary tail is binary too."""
    last = max(0, len(text) - _GARBAGE_SAMPLE)  # the start of the window that ends the text
    starts = {last * k // (_WINDOWS - 1) for k in range(_WINDOWS)}
    return max(_garbage_share(text[i : i + _GARBAGE_SAMPLE]) for i in starts)


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


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the codec name that gives `text` back from the file's bytes
    warning: str = ""  # set when the encoding is a guess among several readings


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode bytes to (text, encoding name); see `decode_text`."""
    decoded = decode_text(data, path)
    return decoded.text, decoded.encoding


def decode_text(data: bytes, path: str | Path = "<bytes>", encoding: str | None = None) -> Decoded:
    """Decode the bytes of a text file. Raises InputError for empty, binary, truncated or
    undecodable input.

    `encoding` (the user's --encoding) is used as given. Otherwise: a BOM; UTF-16 by its NUL
    pattern; UTF-8 (strict: bytes that decode as UTF-8 and hold any non-ASCII character are
    UTF-8, no legacy text does that by chance); then the legacy encodings of
    resources/ingest.yaml, each reading scored by pipeline/ingest/encodings.py, the most
    plausible chosen, with a warning when the choice is not certain. A file that is UTF-8 but
    cut short or corrupt is refused: read as GB18030 it would decode without error into the
    wrong characters. A NUL byte anywhere outside UTF-16 makes a file binary."""
    if not data:
        raise InputError(path, "empty file")
    if encoding:
        return _decode_as(data, path, encoding)
    if data.startswith(codecs.BOM_UTF8):
        sure = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        sure = ["utf-16"]
    else:
        utf16 = _looks_like_utf16(data)
        nul = data.find(b"\x00")
        if nul >= 0 and not utf16:
            raise InputError(path, f"binary file (NUL byte at offset {nul:,}), not text")
        sure = [utf16, "utf-8"] if utf16 else ["utf-8"]
    truncated = garbage = False
    for enc in sure:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as e:
            if _truncated(e, len(data)):
                truncated = True
                break  # everything before the cut was valid: no other reading is right
            if enc.startswith("utf-8") and (problem := _corrupt_utf8(data)):
                raise InputError(path, problem) from e
            continue
        if _garbage_anywhere(text) > GARBAGE_SHARE:
            garbage = True
            continue
        return Decoded(text, enc)
    if not truncated and not sure[0].startswith(("utf-8-sig", "utf-16")):
        legacy = _best_legacy_reading(data, path)
        if isinstance(legacy, Decoded):
            return legacy
        truncated, garbage = truncated or legacy[0], garbage or legacy[1]
    if truncated:
        raise InputError(path, "the file ends inside a multi-byte character: truncated?")
    if garbage:
        raise InputError(path, "binary file (control or unassigned characters), not text")
    tried = ", ".join(["UTF-8", "UTF-16", *encodings.rules().legacy])
    raise InputError(path, f"cannot decode as {tried} (binary or corrupt?); see --encoding")


def _best_legacy_reading(data: bytes, path: str | Path) -> Decoded | tuple[bool, bool]:
    """The most plausible reading in a legacy encoding, or (truncated, garbage) seen when none
    is plausible."""
    truncated = garbage = False
    scores: list[encodings.Score] = []
    best_text, best_share = "", -1.0
    for enc in encodings.rules().legacy:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as e:
            truncated = truncated or _truncated(e, len(data))
            continue
        if _garbage_anywhere(text) > GARBAGE_SHARE:
            garbage = True
            continue
        scores.append(encodings.score(text, enc))
        if scores[-1].share > best_share:  # the first of equals wins, as in choose()
            best_text, best_share = text, scores[-1].share
    choice = encodings.choose(scores)
    if choice is None:
        return truncated, garbage
    return Decoded(best_text, choice.best.encoding, "" if choice.certain else _guessed(choice))


def _guessed(choice: encodings.Choice) -> str:
    best = choice.best
    if choice.rivals:
        others = ", ".join(s.encoding for s in choice.rivals)
        n = best.evidence
        why = f"{n} non-ASCII character{'s' * (n != 1)} decide{'s' * (n == 1)} it;"
        why += f" it also decodes as {others}"
    else:
        why = f"{1 - best.share:.0%} of its non-ASCII characters are unusual"
    return f"encoding guessed: read as {best.encoding} ({why}); give --encoding if that is wrong"


def _decode_as(data: bytes, path: str | Path, encoding: str) -> Decoded:
    """The bytes in the encoding the user named (a BOM of that encoding is not text)."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError as e:
        raise InputError(path, f"unknown encoding {encoding!r}") from e
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        name = "utf-8-sig"
    try:
        text = data.decode(name)
    except UnicodeDecodeError as e:
        if _truncated(e, len(data)):
            raise InputError(path, "the file ends inside a multi-byte character: truncated?") from e
        raise InputError(path, f"not {name}: {e.reason} at byte {e.start:,}") from e
    if _garbage_anywhere(text) > GARBAGE_SHARE:
        raise InputError(path, f"binary file (control or unassigned characters in {name})")
    return Decoded(text, name)


# CJK ideographs (URO U+4E00-U+9FFF and Extension A U+3400-U+4DBF): in UTF-16, the code units
