"""Word .docx files: paragraphs and tables of the body in document order, automatic paragraph
numbers written out as the reader sees them."""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.ingest.formats import FormatError, Reading, tidy


def read(data: bytes, path: Path, encoding: str | None = None) -> Reading:
    """`encoding` is ignored: the file says how its text is encoded."""
    return Reading(tidy(docx_text(data)), "utf-8")


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
