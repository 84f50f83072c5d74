"""The result type every reader returns, its errors, and the character rules shared by all.

A reader turns a file into one string, `ReadResult.text`: the document's source. Every offset
of every table points into it and the pipeline saves it as `source.txt`. Alongside the text a
reader returns its pages (PDF) and its lines, each with its span in the text, its geometry
where the format has one, and a role (`ROLES`). docs/readers.md states the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a line is, as its file's layout says (not guessed from the words):
#   furniture  running heads and feet, job numbers, barcodes, page numbers (Word: headers/footers)
#   footnote   a footnote's lines (Word: the footnotes part); `Line.note` is its number
#   heading    a heading by font size and weight (Word: a paragraph style with an outline level)
#   table      a row of a table (Word: w:tr; PDF: a line of aligned columns)
#   text       everything else
ROLES = ("furniture", "footnote", "heading", "table", "text")

# Between two PDF pages, and between the parts of a Word file (body, footnotes, furniture): a
# form feed on a line of its own.
PART_BREAK = "\n\f\n"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the text: `text[start:end]` (the "\\n" after it excluded)."""

    start: int
    end: int
    role: str
    page: int | None = None  # 0-based page index (PDF); None for Word
    # x0, top, x1, bottom in points from the page's top-left corner (PDF only)
    bbox: tuple[float, float, float, float] | None = None
    font_size: float | None = None  # points
    bold: bool | None = None
    note: str | None = None  # the footnote number of a `footnote` line ("3")
    # x0, x1 of each run of text apart from the next by a column gap (PDF only): a table's
    # row has several, a line of running text or a wrapped cell one
    cells: tuple[tuple[float, float], ...] | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """One PDF page: `text[start:end]` (the page break around it excluded)."""

    index: int
    start: int
    end: int
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class ReadResult:
    text: str
    input_format: str  # "pdf" or "docx"
    pages: tuple[Page, ...]  # empty for Word, which has no fixed pages
    lines: tuple[Line, ...]  # every line with a non-space character, in text order


# ------------------------------------------------------------------------------- errors


class ReaderError(Exception):
    """A file this reader cannot read; str(error) is a one-line message for the user."""


class NotReadableError(ReaderError):
    """Not a PDF / .docx, or damaged beyond what the parser repairs."""


class EncryptedError(ReaderError):
    """A PDF that needs a password."""


class NoTextError(ReaderError):
    """No text at all: a scanned PDF without a text layer, an empty Word document."""


class TooLargeError(ReaderError):
    """The file expands beyond a limit (pages, characters, decompressed XML)."""


# ------------------------------------------------------------------------- characters

# Characters a parser may return that would break lines or pages where the file has none, or
# that are no text. Each maps to ONE character, so offsets within a line never shift:
#   * line breaks other than "\n" (str.splitlines breaks at all of them) -> "\n"
#   * U+FFFE, PDFium's mark for a hyphen that ended a line (it joins the two lines) -> "-"
#   * other C0 controls but tab, and U+FFFF -> U+FFFD (replacement character)
_LINE_BREAKS = "\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
CHAR_MAP: dict[int, str] = {ord(c): "\n" for c in _LINE_BREAKS}
CHAR_MAP.update({c: "\ufffd" for c in range(0x20) if chr(c) not in "\t\n" + _LINE_BREAKS})
CHAR_MAP.update({0x7F: "\ufffd", 0xFFFE: "-", 0xFFFF: "\ufffd"})


def clean_chars(s: str) -> str:
    """`s` with CHAR_MAP applied: same length, only "\\n" as a line break, no form feed."""
    return s.translate(CHAR_MAP)


def raise_if_too_long(n_chars: int, limit: int) -> None:
    if n_chars > limit:
        raise TooLargeError(f"text of more than {limit:,} characters (the limit)")
