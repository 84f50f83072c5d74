"""The registry of input formats: which reader reads a file, by its suffix.

A reader is a module with `read(data: bytes, path: Path, encoding: str | None) -> Reading`: the
decoded source text (the text every offset refers to), the encoding it is saved in, optionally
what the format knows of each line beyond its text (`model.SourceLine`: page, position, font
size, a role hint), for the layout stage to use where it exists, and warnings (a guessed
encoding). `encoding` is the user's --encoding, which readers of text formats use and the others
ignore. A reader raises `FormatError` (one line: what is wrong)
for a file it cannot read. Adding a format: a reader module and an entry in FORMATS
(docs/extending.md); the reader is imported only when a file of its format is read, so a run
over plain text never loads a PDF or Word parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.model import SourceLine

# Size limits. The longest UN documents (budgets, compilations) hold a few million characters;
# a text file past MAX_TEXT_BYTES is refused before it is read (a log, a dump, a corpus in one
# file). PDF and Word files carry images and fonts, so their own file limit is higher.
MAX_TEXT_BYTES = 32 * 1024 * 1024
MAX_CONVERTED_BYTES = 256 * 1024 * 1024


class FormatError(Exception):
    """The file is not readable as its suffix says; ingest turns this into an InputError."""


@dataclass(frozen=True)
class Reading:
    """What a reader gives: the source text, the encoding it is saved in (the file's own, or
    utf-8 for text a reader extracted: saved as source.txt), and per-line structure or None."""

    text: str
    encoding: str
    lines: tuple[SourceLine, ...] | None = None
    warnings: tuple[str, ...] = ()  # one line each, without the file name


@dataclass(frozen=True)
class InputFormat:
    name: str  # in messages and document.json ("input_format")
    suffixes: tuple[str, ...]
    reader: str  # the module with `read(data, path, encoding) -> Reading`
    max_bytes: int
    # The source is text the reader extracted, not the file's own bytes: the tables stage saves
    # it as source.txt beside the tables, and document.json names it.
    converted: bool


FORMATS: tuple[InputFormat, ...] = (
    InputFormat("text", (".txt", ".text"), "pipeline.ingest.text", MAX_TEXT_BYTES, False),
    InputFormat("html", (".html", ".htm"), "pipeline.ingest.html", MAX_CONVERTED_BYTES, True),
    InputFormat("pdf", (".pdf",), "pipeline.ingest.pdf", MAX_CONVERTED_BYTES, True),
    InputFormat("docx", (".docx",), "pipeline.ingest.docx", MAX_CONVERTED_BYTES, True),
)
FORMAT_BY_NAME = {f.name: f for f in FORMATS}
FORMAT_BY_SUFFIX = {s: f for f in FORMATS for s in f.suffixes}
TEXT = FORMAT_BY_NAME["text"]  # a file of any other suffix named on the command line is read so
# What `extract` picks up inside a folder (a file named on the command line is always tried).
INPUT_SUFFIXES = frozenset(FORMAT_BY_SUFFIX)
# Formats we know and cannot read: a clear message instead of "binary file".
UNSUPPORTED_SUFFIXES = {
    ".doc": "Word 97-2003 .doc is not supported: save it as .docx",
    ".rtf": "RTF is not supported: save it as .docx or .txt",
    ".odt": "OpenDocument .odt is not supported: save it as .docx",
}


def format_for(path: str | Path) -> InputFormat:
    """The input format of a file, by its suffix (plain text for an unknown one)."""
    return FORMAT_BY_SUFFIX.get(Path(path).suffix.lower(), TEXT)


def is_converted(path: str | Path) -> bool:
    return format_for(path).converted


def tidy(text: str) -> str:
    """Trailing spaces off each line and at most two blank lines in a row: parsers emit runs of
    empty lines that carry nothing. No other change (the result is the source of all offsets)."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{4,}", "\n\n\n", text)
    return text.strip("\n") + "\n"
