"""Word .docx as Word shows it: body paragraphs with their automatic numbers, tables a row a
line, footnotes from the footnotes part, headers and footers as furniture.

Source rule (docs/readers.md), the parts in this order, lines joined by "\\n":
  1. the first page's own header when the first section has one (`w:titlePg`): UN documents
     put their masthead there (symbol, distribution, date), which a reader sees first;
  2. the body: one line per paragraph (its number as shown, e.g. `1.` or `(a)`, then a space,
     then its text; a w:br starts a new line), one line per table row (cells joined by a tab);
  3. if any footnote is referenced: a form-feed line, then each footnote in the order of its
     first reference: its number on a line of its own, then its paragraphs;
  4. if there are other headers or footers: a form-feed line, then each header and footer part
     once, in the order the sections name them.
The text ends with "\\n". Deleted revisions, hidden text and field codes are no text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

from pipeline.readers.docxparts import MAX_XML_BYTES, Package, R, W
from pipeline.readers.docxstyles import (
    Numbering,
    StyleInfo,
    Styles,
    format_number,
    on,
    run_props,
    val,
)
from pipeline.readers.model import (
    PART_BREAK,
    Line,
    NoTextError,
    ReadResult,
    clean_chars,
    raise_if_too_long,
)

MAX_CHARS = 16_000_000
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# containers whose children are read as if they stood in their place
_TRANSPARENT = {W + "hyperlink", W + "ins", W + "moveTo", W + "smartTag", W + "customXml",
                W + "fldSimple", W + "dir", W + "bdo", W + "sdtContent"}  # fmt: skip
# (anything else inside a paragraph is no text: w:del, w:moveFrom, w:pPr, comments, ...)


@dataclass(slots=True)
class _Out:
    text: str
    role: str
    size: float | None
    bold: bool | None
    note: str | None = None


def docx_source(data: bytes | str | Path) -> str:
    """The source text of a .docx file (docs/readers.md). Raises a ReaderError subclass."""
    return read_docx(data).text


def read_docx(
    data: bytes | str | Path, max_xml_bytes: int = MAX_XML_BYTES, max_chars: int = MAX_CHARS
) -> ReadResult:
    pkg = Package(data, max_xml_bytes)
    try:
        parts = _Reader(pkg).read()
    finally:
        pkg.zip.close()
    chunks: list[str] = []
    lines: list[Line] = []
    pos = 0
    for k, part in enumerate(parts):
        if k:
            chunks.append(PART_BREAK[1:])  # "\f\n": the part break after the previous "\n"
            pos += len(PART_BREAK) - 1
        for out in part:
            for piece in clean_chars(out.text).split("\n"):
                if piece.strip():
                    lines.append(Line(pos, pos + len(piece), out.role, None, None, out.size,
                                      out.bold, out.note))  # fmt: skip
                chunks.append(piece + "\n")
                pos += len(piece) + 1
                raise_if_too_long(pos, max_chars)
    if not lines:
        raise NoTextError("Word document has no text")
    return ReadResult("".join(chunks), "docx", (), tuple(lines))


class _Reader:
    def __init__(self, pkg: Package) -> None:
        self.pkg = pkg
        root = pkg.xml(pkg.main)
        body = root.find(W + "body") if root is not None else None
        if body is None:
            raise NoTextError("Word document has no body")
        self.body: ET.Element = body
        self.rels = pkg.related(pkg.main)
        parts = {kind: name for kind, name in self.rels.values()}
        self.styles = Styles(pkg.xml(parts["styles"]) if "styles" in parts else None)
        self.numbering = Numbering(pkg.xml(parts["numbering"]) if "numbering" in parts else None)
        self.notes: dict[tuple[str, str], ET.Element] = {}
        for kind in ("footnote", "endnote"):
            root_n = pkg.xml(parts[kind + "s"]) if kind + "s" in parts else None
            for note in root_n.iter(W + kind) if root_n is not None else ():
                if note.get(W + "type", "normal") == "normal":
                    self.notes[(kind, note.get(W + "id", ""))] = note
        settings = pkg.xml(parts["settings"]) if "settings" in parts else None
        self.note_fmt = {"footnote": "decimal", "endnote": "lowerRoman"}
        self.note_count = {"footnote": 1, "endnote": 1}
        for kind in ("footnote", "endnote"):
            pr = self.body.find(f"{W}sectPr/{W}{kind}Pr")
            if pr is None and settings is not None:
                pr = settings.find(f"{W}{kind}Pr")
            if pr is not None:
                self.note_fmt[kind] = val(pr.find(W + "numFmt"), self.note_fmt[kind])
                self.note_count[kind] = int(val(pr.find(W + "numStart"), "1") or 1)
        self.referenced: list[tuple[str, str, str]] = []  # kind, id, label
        self.sections: list[ET.Element] = []

    def read(self) -> list[list[_Out]]:
        body: list[_Out] = []
        self.block(self.body, "text", body)
        self.sections.extend(self.body.findall(W + "sectPr"))
        front: list[_Out] = []
        furniture: list[_Out] = []
        seen: set[str] = set()
        for i, sect in enumerate(self.sections):
            title_page = on(sect.find(W + "titlePg")) is True
            for ref in [*sect.findall(W + "headerReference"), *sect.findall(W + "footerReference")]:
                kind, name = self.rels.get(ref.get(R + "id", ""), ("", ""))
                if kind not in ("header", "footer") or name in seen:
                    continue
                seen.add(name)
                root = self.pkg.xml(name)
                if root is None:
                    continue
                first = i == 0 and title_page and ref.get(W + "type") == "first"
                if first and kind == "header":  # the masthead, read first (rule 1)
                    self.block(root, "text", front)
                else:
                    self.block(root, "furniture", furniture)
        notes: list[_Out] = []
        for kind, note_id, label in self.referenced:
            notes.append(_Out(label, "footnote", None, None, label))
            start = len(notes)
            self.block(self.notes[(kind, note_id)], "footnote", notes)
            for out in notes[start:]:
                out.note = label
            if len(notes) > start:  # the space or tab after the note's own mark
                notes[start].text = notes[start].text.lstrip(" \t")
        return [front + body] + [part for part in (notes, furniture) if part]

    # ------------------------------------------------------------------------- blocks

    def block(self, container: ET.Element, role: str, out: list[_Out]) -> None:
        for el in container:
            tag = el.tag
            if tag == W + "p":
                self.paragraph(el, role, out)
            elif tag == W + "tbl":
                row_role = "table" if role in ("text", "table") else role
                rows = el.findall(W + "tr")
                one_column = all(len(_cells(row)) <= 1 for row in rows)
                # A one-column table of two rows or more, each cell one paragraph, is a list
                # laid out as a table: its lines are rows (a frame's are text)
                listed = one_column and len(rows) > 1 and all(_one_paragraph(row) for row in rows)
                for row in rows:
                    cells = _cells(row)
                    if one_column or any(tc.find(W + "tbl") is not None for tc in cells):
                        # a table used as a frame (one column, or cells holding a table: a
                        # summary box): its contents line by line, as if in the body
                        first = len(out)
                        for tc in cells:
                            self.block(tc, role, out)
                        if listed and role == "text":
                            for line in out[first:]:
                                line.role = "table"
                        continue
                    text = "\t".join(self.cell_text(tc) for tc in cells)
                    out.append(_Out(text, row_role, None, None))
            elif tag in (W + "sdt", W + "customXml", W + "sdtContent"):
                content = el.find(W + "sdtContent") if tag == W + "sdt" else el
                if content is not None:  # (a content control without content holds no text)
                    self.block(content, role, out)

    def cell_text(self, tc: ET.Element) -> str:
        parts: list[_Out] = []
        self.block(tc, "cell", parts)
        return " ".join(p.text for p in parts if p.text)

    def paragraph(self, p: ET.Element, role: str, out: list[_Out]) -> None:
        ppr = p.find(W + "pPr")
        style = self.styles.get(val(ppr.find(W + "pStyle")) if ppr is not None else None)
        sect = ppr.find(W + "sectPr") if ppr is not None else None
        if sect is not None:
            self.sections.append(sect)
        label = self.number(ppr, style)
        boxes: list[ET.Element] = []
        runs: list[tuple[str, StyleInfo]] = []
        self.inline(p, style, role == "cell", runs, boxes)
        text = "".join(t for t, _ in runs)
        if label:
            text = label + text
        shown = [info for t, info in runs if t.strip()]
        size = shown[0].size if shown else style.size
        bold = all(bool(i.bold) for i in shown) if shown else None
        outline = style.outline
        if ppr is not None and ppr.find(W + "outlineLvl") is not None:
            level = int(val(ppr.find(W + "outlineLvl"), "9") or 9)
            outline = level if level < 9 else None
        line_role = "heading" if role == "text" and outline is not None else role
        out.append(_Out(text, line_role, size, bold))
        for box in boxes:
            self.block(box, role, out)

    def number(self, ppr: ET.Element | None, style: StyleInfo) -> str:
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = style.num if style.num else ("", None)
        if numpr is not None:
            if numpr.find(W + "numId") is not None:
                num_id = val(numpr.find(W + "numId"))
            if numpr.find(W + "ilvl") is not None:
                ilvl = val(numpr.find(W + "ilvl"))
        if not num_id:
            return ""
        label = self.numbering.label(num_id, int(ilvl or 0))
        level = self.numbering.levels.get((num_id, int(ilvl or 0)))
        # the number is followed by a tab (Word's default) or a space: one space here, as a PDF
        # of the page gives it; w:suff "nothing" glues it to the text
        suffix = "" if level is None or level.suffix == "nothing" else " "
        return label + suffix if label else ""

    def inline(
        self,
        el: ET.Element,
        style: StyleInfo,
        in_cell: bool,
        runs: list[tuple[str, StyleInfo]],
        boxes: list[ET.Element],
    ) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "r":
                self.run(child, style, in_cell, runs, boxes)
            elif tag in _TRANSPARENT:
                self.inline(child, style, in_cell, runs, boxes)
            elif tag == W + "sdt":
                content = child.find(W + "sdtContent")
                if content is not None:
                    self.inline(content, style, in_cell, runs, boxes)
            elif tag == _MC + "AlternateContent":
                choice = child.find(_MC + "Choice")
                if choice is not None:
                    self.inline(choice, style, in_cell, runs, boxes)

    def run(
        self,
        r: ET.Element,
        style: StyleInfo,
        in_cell: bool,
        runs: list[tuple[str, StyleInfo]],
        boxes: list[ET.Element],
    ) -> None:
        rpr = r.find(W + "rPr")
        if rpr is not None and on(rpr.find(W + "vanish")):
            return
        info = run_props(rpr, style, self.styles)
        parts: list[str] = []
        custom: tuple[int, int] | None = None  # (note, part) of a custom footnote mark
        for child in r:
            tag = child.tag
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab":
                parts.append(" " if in_cell else "\t")
            elif tag in (W + "br", W + "cr"):
                parts.append(" " if in_cell else "\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag == W + "sym":
                parts.append(_symbol(child))
            elif tag in (W + "footnoteReference", W + "endnoteReference"):
                parts.append(self.reference(child))
                if self.referenced and not self.referenced[-1][2] and parts[-1] == "":
                    custom = (len(self.referenced) - 1, len(parts))
            elif tag in (W + "drawing", W + "pict", _MC + "AlternateContent"):
                boxes.extend(_text_boxes(child))
        if custom is not None:
            kind, note_id, _ = self.referenced[custom[0]]
            self.referenced[custom[0]] = (kind, note_id, "".join(parts[custom[1] :]).strip())
        runs.append(("".join(parts), info))

    def reference(self, ref: ET.Element) -> str:
        kind = "footnote" if ref.tag == W + "footnoteReference" else "endnote"
        note_id = ref.get(W + "id", "")
        if (kind, note_id) not in self.notes:
            return ""
        if ref.get(W + "customMarkFollows") in ("1", "true", "on"):
            label = ""  # the mark is the run's text that follows (set by `run`)
        else:
            label = format_number(self.note_count[kind], self.note_fmt[kind])
            self.note_count[kind] += 1
        self.referenced.append((kind, note_id, label))
        return label


def _one_paragraph(row: ET.Element) -> bool:
    """The row's cells (one) hold one paragraph each and no table."""
    return all(len(tc.findall(W + "p")) <= 1 and tc.find(W + "tbl") is None for tc in _cells(row))


def _cells(row: ET.Element) -> list[ET.Element]:
    cells = []
    for el in row:
        if el.tag == W + "tc":
            cells.append(el)
        elif el.tag in (W + "sdt", W + "customXml"):
            inner = el.find(W + "sdtContent") if el.tag == W + "sdt" else el
            cells.extend(c for c in (inner if inner is not None else ()) if c.tag == W + "tc")
    return cells


def _text_boxes(el: ET.Element) -> list[ET.Element]:
    """The outermost w:txbxContent elements under `el` (an mc:Fallback repeats the Choice)."""
    found: list[ET.Element] = []
    for child in el:
        if child.tag == W + "txbxContent":
            found.append(child)
        elif child.tag != _MC + "Fallback":
            found.extend(_text_boxes(child))
    return found


def _symbol(sym: ET.Element) -> str:
    try:
        code = int(sym.get(W + "char", ""), 16)
    except ValueError:
        return ""
    if 0xF020 <= code <= 0xF0FF:  # a symbol font's private-use code: the glyph is unknown
        return "\ufffd"
    return chr(code)
