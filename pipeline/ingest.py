"""Ingest stage: read one input file, decode it, and tell its language.

The decoded string is the source every offset of every table refers to; it is never altered here
(no newline or width normalization), so `bytes.decode(encoding)` gives it back exactly, which is
what ../shared/tools/check_tables.py does with the `encoding` recorded in document.json.
"""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from pipeline.model import Document

MAX_BYTES = 200 * 1024 * 1024  # beyond this a "document" is not a UN document
# What `extract` picks up inside a folder (a file named on the command line is always tried).
INPUT_SUFFIXES = {".txt", ".text"}


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


def _garbage_share(text: str) -> float:
    """Share of characters that do not occur in real text: controls, unassigned, private use."""
    if not text:
        return 0.0
    sample = text[:20000]
    bad = 0
    for ch in sample:
        if ch in "\n\r\t\f\v":
            continue
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cn", "Co", "Cs") or ch == "\ufffd":
            bad += 1
    return bad / len(sample)


def decode(data: bytes, path: str | Path = "<bytes>") -> tuple[str, str]:
    """Decode bytes to (text, encoding name). Raises InputError for empty, binary or undecodable
    input. Order: BOM, UTF-8, UTF-16 by NUL pattern, GB18030 (a superset of GBK/GB2312), Big5."""
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
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _garbage_share(text) > 0.01:
            continue
        return text, enc
    raise InputError(path, "cannot decode as UTF-8, UTF-16, GB18030 or Big5 (binary or corrupt?)")


def detect_language(text: str) -> str:
    """'zh' when CJK ideographs make up a fifth of the letters, else 'en'."""
    cjk = latin = 0
    for ch in text[:50000]:
        if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf":
            cjk += 1
        elif ch.isalpha() and ch.isascii():
            latin += 1
    if cjk + latin == 0:
        return "en"
    return "zh" if cjk / (cjk + latin) > 0.2 else "en"


def doc_id_for(path: Path) -> str:
    """The input file stem (A-62-162.zh.txt -> A-62-162.zh): the output folder's name."""
    return path.name[: -len(path.suffix)] if path.suffix else path.name


def read_document(path: str | Path, lang: str | None = None) -> Document:
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if not p.is_file():
        raise InputError(p, "not a regular file")
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise InputError(p, f"file too large ({size} bytes > {MAX_BYTES})")
    data = p.read_bytes()
    text, encoding = decode(data, p)
    if not text.strip():
        raise InputError(p, "no text (only whitespace)")
    return Document(
        doc_id=doc_id_for(p),
        path=str(p.resolve()),
        encoding=encoding,
        lang=lang or detect_language(text),
        text=text,
    )
