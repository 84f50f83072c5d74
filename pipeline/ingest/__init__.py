"""Ingest stage: read one input file, decode or convert it, check it, and tell its language.

The input format is the file's suffix (pipeline/ingest/formats.py: the registry of formats and
their readers); its reader gives the source string every offset of every table refers to,
never altered afterwards: the file's text as decoded (pipeline/ingest/decoding.py), or the text a
reader extracted from HTML, PDF or Word, which the tables stage saves as `source.txt` beside
the tables. The Document carries its input format, its source and, where the reader has it,
per-line structure, so that later stages do not guess them.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from pathlib import Path

from pipeline.ingest.decoding import InputError, decode, decode_text
from pipeline.ingest.formats import (
    INPUT_SUFFIXES,
    UNSUPPORTED_SUFFIXES,
    FormatError,
    InputFormat,
    Reading,
    format_for,
)
from pipeline.language import UnknownLanguage, all_un_markers, detect, languages, profile
from pipeline.model import Document, SourceLine
from pipeline.resources import load_yaml

__all__ = [
    "INPUT_SUFFIXES",
    "MAX_CHARS",
    "InputError",
    "decode",
    "decode_text",
    "detect_language",
    "doc_id_for",
    "doc_ids",
    "document_from_text",
    "read_document",
]

MAX_CHARS = 16_000_000  # any text past this, once decoded or extracted, is refused


def detect_language(text: str) -> str:
    """The language of a text, among the supported ones (pipeline.language.detect)."""
    return detect(text)


def doc_id_for(path: Path) -> str:
    """The input file stem (A-62-162.zh.txt -> A-62-162.zh): the output folder's name. A name
    with bytes that are not UTF-8 (Python shows them as lone surrogates, which no file or CSV
    can hold) gets U+FFFD for each of them."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    return stem.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def doc_ids(paths: list[Path]) -> list[str]:
    """The document ids of one run's inputs: each input's stem (doc_id_for), except where inputs
    of different formats share a stem (the PDF and the Word file of one report): there the PDF
    keeps the bare stem and each other one gets its stem plus its suffix (`A_80_590-EN` and
    `A_80_590-EN.docx`). Inputs of one format sharing a stem keep it (the run refuses all but the
    first: see pipeline.corpus.plan)."""
    stems = [doc_id_for(p) for p in paths]
    suffixes: dict[str, set[str]] = {}
    for p, stem in zip(paths, stems, strict=True):
        suffixes.setdefault(stem, set()).add(p.suffix.lower())
    return [
        stem + p.suffix if len(suffixes[stem]) > 1 and p.suffix.lower() != ".pdf" else stem
        for p, stem in zip(paths, stems, strict=True)
    ]


@lru_cache(maxsize=8)
def _un_markers(first: str | None) -> tuple[re.Pattern[str], tuple[str, ...]]:
    symbol = load_yaml("ingest.yaml")["un_markers"]["symbol"]
    own = profile(first).un_markers if first in languages() else ()
    return re.compile(symbol), (*own, *(w for w in all_un_markers() if w not in own))


def looks_like_un_document(text: str, lang: str | None = None) -> bool:
    """A UN document names a UN body (in any supported language) or cites a document symbol
    somewhere near its start. The words of `lang` (the text's language) are looked for first:
    each word of another language is a scan of the whole head that finds nothing."""
    head = text[:200_000]
    symbol, words = _un_markers(lang)
    return any(w in head for w in words) or bool(symbol.search(head))


# A text that fails the check may still be a UN text (a chapter of the Pact for the Future names
# no body near its start): by default it is a warning and the tables are written; `strict`
# refuses it, as this check did before.
NOT_UN = "names no UN body and cites no document symbol"


def not_un_warning(text: str, where: str | Path, lang: str | None = None) -> str:
    """The warning for a text that does not look like a UN document ("" for one that does);
    `lang`: the text's language, whose words are looked for first."""
    if looks_like_un_document(text, lang):
        return ""
    return f"{where}: {NOT_UN}: perhaps not a UN document; tables written (--strict refuses it)"


def read_with(fmt: InputFormat, data: bytes, path: Path, encoding: str | None = None) -> Reading:
    """The reading of a file by its format's reader (`encoding`: the user's, for the text
    formats). Raises InputError."""
    if fmt.converted and not data:
        raise InputError(path, "empty file")
    reader = importlib.import_module(fmt.reader)
    try:
        return reader.read(data, path, encoding)  # type: ignore[no-any-return]
    except FormatError as e:
        raise InputError(path, str(e)) from e


def read_document(
    path: str | Path,
    lang: str | None = None,
    strict: bool = False,
    encoding: str | None = None,
    doc_id: str | None = None,
) -> Document:
    """Read, decode (or convert) and check one input file (`encoding`: the user's choice for a
    text or HTML file, instead of detection; `doc_id`: its id, by default its stem, see doc_ids).
    Raises InputError with a one-line problem for anything that is not a readable text (or a
    language not supported), and with `strict` for a text that does not look like a UN document
    (`not_un_warning`)."""
    p = Path(path)
    if not p.exists():
        raise InputError(p, "no such file")
    if not p.is_file():
        raise InputError(p, "not a regular file")
    suffix = p.suffix.lower()
    if suffix in UNSUPPORTED_SUFFIXES:
        raise InputError(p, UNSUPPORTED_SUFFIXES[suffix])
    fmt = format_for(p)
    size = p.stat().st_size
    if size > fmt.max_bytes:
        raise InputError(
            p,
            f"file too large ({size:,} bytes; the limit is {fmt.max_bytes:,}): not one UN document",
        )
    try:
        data = p.read_bytes()
    except OSError as e:
        raise InputError(p, f"cannot read ({e.strerror})") from e
    reading = read_with(fmt, data, p, encoding)
    return document_from_text(
        reading.text,
        doc_id if doc_id is not None else doc_id_for(p),
        path=str(p.resolve()),
        lang=lang,
        encoding=reading.encoding,
        input_format=fmt.name,
        lines=reading.lines,
        where=p,
        warnings=tuple(f"{p}: {w}" for w in reading.warnings),
        strict=strict,
    )


def document_from_text(
    text: str,
    doc_id: str = "text",
    *,
    path: str = "",
    lang: str | None = None,
    encoding: str = "utf-8",
    input_format: str = "text",
    lines: tuple[SourceLine, ...] | None = None,
    where: str | Path | None = None,
    warnings: tuple[str, ...] = (),
    strict: bool = False,
) -> Document:
    """A Document of a decoded text, checked as a file's is (`where` names it in errors).
    Raises InputError; with `strict`, also for a text that does not look like a UN document."""
    where = where if where is not None else doc_id
    if not text.strip():
        raise InputError(where, "no text (only whitespace)")
    if len(text) > MAX_CHARS:
        raise InputError(
            where, f"too much text ({len(text):,} characters; the limit is {MAX_CHARS:,})"
        )
    if strict and not looks_like_un_document(text):
        raise InputError(where, f"not a UN document ({NOT_UN}); skipped (--strict)")
    if lang is not None and lang not in languages():
        raise InputError(where, str(UnknownLanguage(lang)))
    return Document(
        doc_id=doc_id,
        path=path,
        encoding=encoding,
        lang=lang or detect_language(text),
        text=text,
        input_format=input_format,
        lines=lines,
        warnings=warnings,
    )
