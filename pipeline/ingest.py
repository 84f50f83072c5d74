"""Ingest stage: read one input file, decode or convert it, check it, and tell its language.

The decoded string is the source every offset of every table refers to; it is never altered here
(no newline or width normalization), so `bytes.decode(encoding)` gives it back exactly, which is
what ../shared/tools/check_tables.py does with the `encoding` recorded in document.json.
HTML, PDF and .docx files are converted to text first (pipeline/formats.py); that text is then
the source, and the tables stage saves it as `source.txt` beside the tables.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pipeline import formats
from pipeline.model import Document
from pipeline.resources import load_yaml

# Size limits. The longest UN documents (budgets, compilations) hold a few million characters;
# a text file past MAX_TEXT_BYTES is refused before it is read (a log, a dump, a corpus in one
# file), and so is any text past MAX_CHARS once decoded or extracted. PDF and Word files carry
# images and fonts, so their own file limit is higher.
MAX_TEXT_BYTES = 32 * 1024 * 1024
MAX_CONVERTED_BYTES = 256 * 1024 * 1024
MAX_CHARS = 16_000_000
# What `extract` picks up inside a folder (a file named on the command line is always tried).
INPUT_SUFFIXES = {".txt", ".text", *formats.CONVERTED_SUFFIXES}


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
# whose high byte is 0x34-0x9F, but for U+4DC0-U+4DFF (Yijing hexagrams, high byte 0x4D too).
_NOT_CJK_HIGH_BYTES = bytes(b for b in range(256) if not 0x34 <= b <= 0x9F)
_HEXAGRAMS = re.compile("[\u4dc0-\u4dff]")
# Bytes that are not ASCII letters: deleted from the ASCII part of the text, letters remain.
_NOT_ASCII_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
_LANGUAGE_SAMPLE = 50_000  # characters looked at


def letter_counts(text: str) -> tuple[int, int]:
    """(CJK ideographs, ASCII letters) in `text`, counted in C, with no regex over the text: the
    high bytes of its UTF-16 code units in the ideographs' range, and the ASCII letters left once
    the text is encoded to ASCII without everything else."""
    high = text.encode("utf-16-le", "surrogatepass")[1::2]
    cjk = len(high.translate(None, _NOT_CJK_HIGH_BYTES))
    if b"\x4d" in high:  # U+4D00-U+4DFF: a hexagram is no ideograph (rare: looked for only then)
        cjk -= len(_HEXAGRAMS.findall(text))
    latin = len(text.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTERS))
    return cjk, latin


def detect_language(text: str) -> str:
    """'zh' when CJK ideographs make up a fifth of the letters, else 'en'."""
    cjk, latin = letter_counts(text[:_LANGUAGE_SAMPLE])
    if cjk + latin == 0:
        return "en"
    return "zh" if cjk / (cjk + latin) > 0.2 else "en"


def doc_id_for(path: Path) -> str:
    """The input file stem (A-62-162.zh.txt -> A-62-162.zh): the output folder's name. A name
    with bytes that are not UTF-8 (Python shows them as lone surrogates, which no file or CSV
    can hold) gets U+FFFD for each of them."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


@lru_cache(maxsize=1)
def _un_markers() -> tuple[re.Pattern[str], tuple[str, ...]]:
    rules = load_yaml("ingest.yaml")["un_markers"]
    words = tuple(w for ws in rules["words"].values() for w in ws)
    return re.compile(rules["symbol"]), words


def looks_like_un_document(text: str) -> bool:
    """A UN document names a UN body or cites a document symbol somewhere near its start."""
    head = text[:200_000]
    symbol, words = _un_markers()
    return any(w in head for w in words) or bool(symbol.search(head))


def read_document(path: str | Path, lang: str | None = None) -> Document:
    """Read, decode (or convert) and check one input file. Raises InputError with a one-line
    problem for anything that is not a readable UN document."""
    p = Path(path)
    suffix = p.suffix.lower()
    if not p.exists():
        raise InputError(p, "no such file")
    if not p.is_file():
        raise InputError(p, "not a regular file")
    if suffix in formats.UNSUPPORTED_SUFFIXES:
        raise InputError(p, formats.UNSUPPORTED_SUFFIXES[suffix])
    converted = formats.is_converted(p)
    size = p.stat().st_size
    limit = MAX_CONVERTED_BYTES if converted else MAX_TEXT_BYTES
    if size > limit:
        raise InputError(
            p, f"file too large ({size:,} bytes; the limit is {limit:,}): not one UN document"
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(p, f"cannot read ({e.strerror})") from e
    if converted:
        if not data:
            raise InputError(p, "empty file")
        try:
            text = formats.extract_text(p, data)
        except formats.FormatError as e:
            raise InputError(p, str(e)) from e
        encoding = "utf-8"  # the extracted text is saved as UTF-8 (source.txt) by the tables stage
    else:
        text, encoding = decode(data, p)
    if not text.strip():
        raise InputError(p, "no text (only whitespace)")
    if len(text) > MAX_CHARS:
        raise InputError(p, f"too much text ({len(text):,} characters; the limit is {MAX_CHARS:,})")
    if not looks_like_un_document(text):
        raise InputError(
            p, "not a UN document (names no UN body and cites no document symbol); skipped"
        )
    return Document(
        doc_id=doc_id_for(p),
        path=str(p.resolve()),
        encoding=encoding,
        lang=lang or detect_language(text),
        text=text,
        input_format=formats.CONVERTED_SUFFIXES.get(suffix, "text"),
    )
