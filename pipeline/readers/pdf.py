"""PDF through PDFium (pypdfium2): the text of every page and, per line, where it stands.

Source rule (docs/readers.md): the text PDFium gives for each page, all its characters in
PDFium's order, with "\\r\\n" (PDFium's line end) as "\\n" and CHAR_MAP applied; pages joined
by a form feed on a line of its own; one "\\n" at the end. Nothing is dropped or reordered.

Geometry costs a few PDFium calls per line (not per character), so reading stays at a few
milliseconds a page: the line's rectangles (PDFium splits a line at gaps and font changes,
which is what shows table columns), its font size and weight at three sample characters.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.readers.model import (
    PART_BREAK,
    EncryptedError,
    Line,
    NoTextError,
    NotReadableError,
    Page,
    ReadResult,
    TooLargeError,
    clean_chars,
    raise_if_too_long,
)

MAX_PAGES = 5000
MAX_CHARS = 16_000_000  # the pipeline's limit on a document's text

# PDFium ends a line with "\r\n"; a lone break character of another kind also ends a line.
_LINE_END = re.compile(r"\r\n|[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


@dataclass(slots=True)
class RawLine:
    """A line while the page is read: its span in the source and the geometry behind it."""

    start: int
    end: int
    text: str
    page: int
    rects: list[tuple[float, float, float, float]]  # x0, top, x1, bottom (top-left origin)
    font_size: float
    bold: bool
    first_size: float = 0.0  # of the first non-space character (a superscript mark is smaller)
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # the rectangles' union


def pdf_source(data: bytes | str | Path, password: str | None = None) -> str:
    """The source text of a PDF (docs/readers.md). Raises a ReaderError subclass."""
    return read_pdf(data, password=password, geometry=False).text


def read_pdf(
    data: bytes | str | Path,
    password: str | None = None,
    geometry: bool = True,
    max_pages: int = MAX_PAGES,
    max_chars: int = MAX_CHARS,
) -> ReadResult:
    """Text, pages and lines (with roles, when `geometry`) of a PDF."""
    from pipeline.readers.pdfroles import assign_roles, cells

    pages, raw_lines = read_pages(data, password, geometry, max_pages, max_chars)
    text = PART_BREAK.join(t for t, _ in pages) + "\n"
    page_objs: list[Page] = []
    pos = 0
    for i, (t, (w, h)) in enumerate(pages):
        page_objs.append(Page(i, pos, pos + len(t), w, h))
        pos += len(t) + len(PART_BREAK)
    for line in raw_lines:  # page-relative spans -> source spans
        base = page_objs[line.page].start
        line.start += base
        line.end += base
    roles = assign_roles(raw_lines, page_objs) if geometry else [("text", None)] * len(raw_lines)
    lines = tuple(
        Line(
            ln.start,
            ln.end,
            role,
            ln.page,
            ln.bbox if ln.rects else None,
            ln.font_size if geometry else None,
            ln.bold if geometry else None,
            note,
            cells(ln) if ln.rects else None,
        )
        for ln, (role, note) in zip(raw_lines, roles, strict=True)
    )
    return ReadResult(text, "pdf", tuple(page_objs), lines)


def read_pages(
    data: bytes | str | Path,
    password: str | None,
    geometry: bool,
    max_pages: int,
    max_chars: int,
) -> tuple[list[tuple[str, tuple[float, float]]], list[RawLine]]:
    """Each page's source text and size, and its lines with page-relative spans."""
    import pypdfium2 as pdfium

    source = str(data) if isinstance(data, Path) else data
    try:
        doc = pdfium.PdfDocument(source, password=password)
    except pdfium.PdfiumError as e:
        raise _load_error(e) from None
    except (OSError, ValueError) as e:  # no such file, unreadable
        raise NotReadableError(f"not a readable PDF ({type(e).__name__}: {e})") from None
    try:
        n_pages = len(doc)
        if n_pages == 0:
            raise NotReadableError("PDF has no pages")
        if n_pages > max_pages:
            raise TooLargeError(f"PDF of {n_pages:,} pages (the limit is {max_pages:,})")
        pages: list[tuple[str, tuple[float, float]]] = []
        lines: list[RawLine] = []
        total = 0
        for i in range(n_pages):
            page = doc[i]
            try:
                size = page.get_size()
                textpage = page.get_textpage()
                try:
                    text = _page_text(textpage, i, size[1], geometry, lines)
                finally:
                    textpage.close()
            finally:
                page.close()
            total += len(text) + len(PART_BREAK)
            raise_if_too_long(total, max_chars)
            pages.append((text, size))
    finally:
        doc.close()
    if not lines:
        raise NoTextError(
            f"PDF has no text layer ({n_pages} pages, scanned images?): run OCR first"
        )
    return pages, lines


def _load_error(e: Exception) -> Exception:
    import pypdfium2.raw as raw

    code = getattr(e, "err_code", None)
    if code == raw.FPDF_ERR_PASSWORD:
        return EncryptedError("encrypted PDF: it needs a password to open")
    if code == raw.FPDF_ERR_SECURITY:
        return EncryptedError("PDF with an unsupported security handler")
    return NotReadableError(f"not a readable PDF ({e})")


def _page_text(textpage: Any, page: int, height: float, geometry: bool, out: list[RawLine]) -> str:
    """The page's source text; appends its non-blank lines to `out`."""
    import pypdfium2.raw as raw

    tp = textpage.raw
    n = raw.FPDFText_CountChars(tp)
    if n <= 0:
        return ""
    buf = (ctypes.c_ushort * (2 * n + 1))()  # room for surrogate pairs
    units = raw.FPDFText_GetText(tp, 0, n, buf)
    raw_text = bytes(memoryview(buf).cast("B")[: 2 * max(units - 1, 0)]).decode(
        "utf-16-le", errors="replace"
    )
    # Python characters and PDFium's char indices differ only where a surrogate pair stands
    wide = len(raw_text) != max(units - 1, 0)
    measure = _Measure(tp, raw_text, wide, height) if geometry else None
    parts: list[str] = []
    pos = 0  # offset in the page's source text
    raw_pos = 0
    for m in [*_LINE_END.finditer(raw_text), None]:
        seg_end = m.start() if m else len(raw_text)
        seg = clean_chars(raw_text[raw_pos:seg_end])
        if seg.strip():
            line = RawLine(pos, pos + len(seg), seg, page, [], 0.0, False)
            if measure is not None:
                measure(raw_pos, seg_end, line)
            out.append(line)
        parts.append(seg)
        pos += len(seg) + 1
        if m is None:
            break
        raw_pos = m.end()
    return "\n".join(parts)


class _Measure:
    """Rectangles, font size and weight of a line's characters: a few PDFium calls a line."""

    def __init__(self, tp: Any, raw_text: str, wide: bool, height: float) -> None:
        import pypdfium2.raw as raw

        self.tp, self.text, self.wide, self.height = tp, raw_text, wide, height
        self.count_rects = raw.FPDFText_CountRects
        self.get_rect = raw.FPDFText_GetRect
        self.font_size = raw.FPDFText_GetFontSize
        self.weight = raw.FPDFText_GetFontWeight
        self.get_matrix = raw.FPDFText_GetMatrix
        self.from_text_index = raw.FPDFText_GetCharIndexFromTextIndex
        self.matrix = raw.FS_MATRIX()
        self.box = [ctypes.c_double() for _ in range(4)]

    def index(self, i: int) -> int:
        if not self.wide:
            return i
        units = i + sum(1 for c in self.text[:i] if ord(c) > 0xFFFF)
        return self.from_text_index(self.tp, units)

    def __call__(self, a: int, b: int, line: RawLine) -> None:
        tp, height = self.tp, self.height
        ca = self.index(a)
        left, top, right, bottom = self.box
        for k in range(self.count_rects(tp, ca, self.index(b) - ca)):
            self.get_rect(tp, k, left, top, right, bottom)
            line.rects.append((left.value, height - top.value, right.value, height - bottom.value))
        # size and weight at the first, middle and last non-space characters; the text
        # matrix scales the font (a "1 pt" font drawn 10 times larger is 10 pt)
        seg = line.text
        first = len(seg) - len(seg.lstrip())
        last = len(seg.rstrip()) - 1
        scale = 1.0
        sizes: list[float] = []
        bold = True
        for k, s in enumerate((first, (first + last) // 2, last)):
            if seg[s].isspace() or (k and s == first) or (k == 2 and s == (first + last) // 2):
                continue
            ci = self.index(a + s)
            if k == 0 and self.get_matrix(tp, ci, self.matrix):
                m = self.matrix
                scale = abs(m.a * m.d - m.b * m.c) ** 0.5 or 1.0
            sizes.append(self.font_size(tp, ci) * scale)
            bold = bold and self.weight(tp, ci) >= 600
        line.font_size = round(max(sizes), 2) if sizes else 0.0
        line.first_size = round(sizes[0], 2) if sizes else 0.0
        line.bold = bold and bool(sizes)
        # some fonts (CID fonts without metrics) give rectangles of no height: take the size's
        if line.font_size:
            for k, (x0, rtop, x1, rbottom) in enumerate(line.rects):
                if rbottom - rtop < 0.3 * line.font_size:
                    line.rects[k] = (x0, rbottom - 0.8 * line.font_size, x1,
                                     rbottom + 0.2 * line.font_size)  # fmt: skip
        if line.rects:
            xs0, tops, xs1, bottoms = zip(*line.rects, strict=True)
            line.bbox = (min(xs0), min(tops), max(xs1), max(bottoms))
