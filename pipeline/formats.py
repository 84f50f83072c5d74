"""Text out of the other formats UN documents come in: HTML pages, PDF files and Word .docx.

`extract_text(path, data)` returns the text of a document in one of CONVERTED_SUFFIXES. That
text is the document's source: every offset of every table refers to it, and the tables stage
saves it beside the tables as `source.txt` so that each row can be checked against it.

The parsers are imported only when a file of their kind is read (pypdf, python-docx), so a run
over plain text never loads them. HTML uses the standard library's tolerant parser.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pipeline.resources import load_yaml

# Suffix -> what the format is called in messages and document.json ("input_format").
CONVERTED_SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
# Formats we know and cannot read: a clear message instead of "binary file".
UNSUPPORTED_SUFFIXES = {
    ".doc": "Word 97-2003 .doc is not supported: save it as .docx",
    ".rtf": "RTF is not supported: save it as .docx or .txt",
    ".odt": "OpenDocument .odt is not supported: save it as .docx",
}
PAGE_BREAK = "\f"  # between PDF pages, on a line of its own (a blank line to the layout stage)


class FormatError(Exception):
    """The file is not readable as its suffix says; ingest turns this into an InputError."""


def is_converted(path: str | Path) -> bool:
    return Path(path).suffix.lower() in CONVERTED_SUFFIXES


def extract_text(path: str | Path, data: bytes) -> str:
    """The text of an HTML, PDF or .docx file. Raises FormatError when it has none."""
    kind = CONVERTED_SUFFIXES[Path(path).suffix.lower()]
    converters: dict[str, Callable[[bytes], str]] = {
        "html": html_text,
        "pdf": pdf_text,
        "docx": docx_text,
    }
    text = converters[kind](data)
    return _tidy(text)


def _tidy(text: str) -> str:
    """Trailing spaces off each line and at most two blank lines in a row: parsers emit runs of
    empty lines that carry nothing. No other change (the result is the source of all offsets)."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{4,}", "\n\n\n", text)
    return text.strip("\n") + "\n"


# --------------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Declared charsets read with the superset that real pages need (GB2312 pages hold GBK/GB18030
# characters, Big5 pages hold HKSCS/cp950 ones).
_CHARSET_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "cp950"}


def decode_html(data: bytes) -> str:
    """Bytes of a page to text: a BOM, else the declared <meta charset>, else ingest's guess."""
    from pipeline.ingest import InputError, decode

    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            try:
                return data.decode(_CHARSET_SUPERSET.get(declared, declared))
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration: fall back to guessing
    try:
        return decode(data)[0]
    except InputError as e:
        raise FormatError(e.problem) from e


class _TextOfPage(HTMLParser):
    """Collects the readable text of a page: block elements end lines, table cells of a row
    share a line, whitespace runs inside a line collapse (as a browser shows it), <pre> is kept
    as written, and the content of script, style and navigation elements is dropped."""

    def __init__(self, rules: dict[str, Any]) -> None:
        super().__init__(convert_charrefs=True)
        self.drop_tags = frozenset(rules["drop_tags"])
        self.drop_roles = frozenset(rules["drop_roles"])
        self.drop_words = frozenset(rules["drop_words"])
        self.block_tags = frozenset(rules["block_tags"])
        self.cell_tags = frozenset(rules["cell_tags"])
        self.lines: list[str] = []
        self.line: list[str] = []
        self.skipping: list[str] = []  # stack of open tags inside a dropped element
        self.pre = 0

    def _dropped(self, tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        if tag in self.drop_tags:
            return True
        a = {k: (v or "") for k, v in attrs}
        if (
            a.get("role", "").lower() in self.drop_roles
            or "aria-hidden" in a
            and a["aria-hidden"].lower() in ("true", "")
        ):
            return True
        words = re.split(r"[\s_\-]+", f"{a.get('id', '')} {a.get('class', '')}".lower())
        return any(w in self.drop_words for w in words)

    def break_line(self) -> None:
        text = "".join(self.line)
        if not self.pre:
            text = re.sub(r"[ \t\r\n\f\v]+", " ", text).strip()
        self.lines.append(text.replace(f" {_CELL} ", "\t").replace(_CELL, "\t"))
        self.line = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag not in _VOID and self._dropped(tag, attrs):
            self.skipping.append(tag)
            return
        if tag in self.block_tags:
            self.break_line()
        elif tag in self.cell_tags and self.line:
            self.line.append(_CELL)
        if tag == "pre":
            self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skipping and tag in self.block_tags:
            self.break_line()

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            # Close up to the matching open tag (browsers forgive unclosed inner tags).
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
            return
        if tag in self.block_tags:
            self.break_line()
        if tag == "pre" and self.pre:
            self.pre -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.line.append(data)

    def text(self) -> str:
        self.break_line()
        lines: list[str] = []
        for ln in self.lines:  # one blank line between blocks, as in PDF-extracted UN text
            if ln or (lines and lines[-1]):
                lines.append(ln)
        return "\n".join(lines).strip("\n")


_CELL = "\x00"  # stands for a cell boundary until white space is collapsed (never in HTML text)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


def html_text(data: bytes) -> str:
    page = decode_html(data)
    parser = _TextOfPage(load_yaml("ingest.yaml")["html"])
    parser.feed(page)
    parser.close()
    return parser.text()


# --------------------------------------------------------------------------------- PDF


def pdf_text(data: bytes) -> str:
    """The text layer of every page (pypdf), pages separated by a form feed line. A PDF whose
    pages have no text is a scan: it needs OCR, which this tool does not do."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are about repairs it made
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FormatError("encrypted PDF (a password is needed)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except FormatError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as e:
        raise FormatError(f"not a readable PDF ({type(e).__name__}: {e})") from e
    if not pages:
        raise FormatError("PDF has no pages")
    if not any(p.strip() for p in pages):
        raise FormatError(
            f"PDF has no text layer ({len(pages)} pages, scanned images?): run OCR first"
        )
    return f"\n{PAGE_BREAK}\n".join(p.strip("\n") for p in pages)


# --------------------------------------------------------------------------------- DOCX


def docx_text(data: bytes) -> str:
    """Paragraphs and tables of the body in document order, one line each (table cells of a row
    joined by a tab). Automatic paragraph numbers (Word lists), which are no part of the
    paragraph's text in the file, are written out as the reader sees them ("17."), because UN
    documents key their paragraphs by them."""
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise FormatError(f"not a readable Word .docx file ({type(e).__name__})") from e
    numbering = _Numbering(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(numbering.label(child) + _paragraph_text(child))
        elif tag == "tbl":
            for row in child.iter(_w("tr")):
                cells = [
                    " ".join(_paragraph_text(p) for p in cell.iter(_w("p")))
                    for cell in row.iter(_w("tc"))
                ]
                lines.append("\t".join(cells))
    if not any(ln.strip() for ln in lines):
        raise FormatError("Word document has no text")
    return "\n".join(lines)


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _w(tag: str) -> str:
    return f"{{{_W_NS}}}{tag}"


def _paragraph_text(p: Any) -> str:
    """Text runs, tabs and breaks of one w:p element (deleted revisions left out)."""
    out: list[str] = []
    for el in p.iter(_w("t"), _w("tab"), _w("br"), _w("cr"), _w("delText")):
        tag = el.tag.rsplit("}", 1)[-1]
        if tag == "t":
            out.append(el.text or "")
        elif tag == "tab":
            out.append("\t")
        elif tag in ("br", "cr"):
            out.append("\n")
    return "".join(out)


class _Numbering:
    """Counters of Word's automatic list numbering, enough for numbered paragraphs (1., 2., …),
    lettered items (a), (b)) and roman numbers. Unknown formats produce no label."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, list[int]] = {}
        self.style_numpr = _style_numbering(document)
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for a in root.iter(_w("abstractNum")):
            levels = {}
            for lvl in a.iter(_w("lvl")):
                ilvl = int(lvl.get(_w("ilvl"), "0"))
                fmt = _val(lvl.find(_w("numFmt")), "decimal")
                text = _val(lvl.find(_w("lvlText")), f"%{ilvl + 1}.")
                start = int(_val(lvl.find(_w("start")), "1"))
                levels[ilvl] = (fmt, text, start)
            abstract[a.get(_w("abstractNumId"))] = levels
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            for ilvl, spec in abstract.get(_val(ref, ""), {}).items():
                self.formats[(num.get(_w("numId")), ilvl)] = spec

    def label(self, p: Any) -> str:
        ppr = p.find(_w("pPr"))
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        if numpr is None and ppr is not None:  # numbered by its style ("List Number")
            style = ppr.find(_w("pStyle"))
            numpr = self.style_numpr.get(_val(style, ""))
        if numpr is None:
            return ""
        num_id = _val(numpr.find(_w("numId")), "")
        ilvl = int(_val(numpr.find(_w("ilvl")), "0"))
        spec = self.formats.get((num_id, ilvl))
        if spec is None or num_id == "0":
            return ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        fmt, text, start = spec
        counts[ilvl] = (counts[ilvl] or start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counts[deeper] = 0
        label = text
        for level in range(9):
            if f"%{level + 1}" in label:
                lfmt = self.formats.get((num_id, level), (fmt, "", 1))[0]
                value = _format_number(max(counts[level], 1), lfmt)
                if value is None:
                    return ""
                label = label.replace(f"%{level + 1}", value)
        return label + " " if label else ""


def _style_numbering(document: Any) -> dict[str, Any]:
    """Style id -> the w:numPr that the style (or a style it is based on) numbers with."""
    try:
        root = document.styles.element
    except (AttributeError, KeyError):
        return {}
    own, based_on = {}, {}
    for style in root.iter(_w("style")):
        sid = style.get(_w("styleId"))
        ppr = style.find(_w("pPr"))
        numpr = ppr.find(_w("numPr")) if ppr is not None else None
        if numpr is not None:
            own[sid] = numpr
        based_on[sid] = _val(style.find(_w("basedOn")), "")
    result = {}
    for sid in based_on:
        seen, cur = set(), sid
        while cur and cur not in own and cur not in seen:
            seen.add(cur)
            cur = based_on.get(cur, "")
        if cur in own:
            result[sid] = own[cur]
    return result


def _val(el: Any, default: str) -> str:
    return default if el is None else el.get(_w("val"), default)


def _format_number(n: int, fmt: str) -> str | None:
    if fmt == "decimal":
        return str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    return None


@lru_cache(maxsize=256)
def _roman(n: int) -> str:
    out = ""
    for value, digits in [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]:  # fmt: skip
        while n >= value:
            out += digits
            n -= value
    return out
