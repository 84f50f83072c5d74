"""HTML pages: the readable text of a page (navigation, scripts and styles dropped), with the
standard library's tolerant parser."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from pipeline.ingest.decoding import Decoded, InputError, decode_text
from pipeline.ingest.formats import FormatError, Reading, tidy
from pipeline.model import SourceLine
from pipeline.resources import load_yaml


def read(data: bytes, path: Path, encoding: str | None = None) -> Reading:
    page = decode_html(data, encoding)
    warnings = (page.warning,) if page.warning else ()
    text = tidy(page_text(page.text))
    return Reading(text, "utf-8", table_rows(text), warnings=warnings)


def table_rows(text: str) -> tuple[SourceLine, ...] | None:
    """The lines that are rows of a table, with the role `table` (the layout stage makes one
    unit of each: pipeline/layout/structured.py): in the page's text a row of two cells or more
    is the one kind of line with a tab (its cells joined by tabs; white space inside a cell is
    collapsed; only <pre> text keeps tabs of its own, and its lines with one are read as rows
    too). None where the page has no such row."""
    rows: list[SourceLine] = []
    pos = 0
    for line in text.split("\n"):
        if "\t" in line and line.strip("\t "):
            start = pos + len(line) - len(line.lstrip())
            rows.append(SourceLine(start, pos + len(line.rstrip()), role="table"))
        pos += len(line) + 1
    return tuple(rows) or None


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
# Declared charsets read with the superset that real pages need (GB2312 pages hold GBK/GB18030
# characters, Big5 pages hold HKSCS/cp950 ones).
_CHARSET_SUPERSET = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "big5": "cp950"}


def decode_html(data: bytes, encoding: str | None = None) -> Decoded:
    """Bytes of a page to text: the user's --encoding, else a BOM, else the declared
    <meta charset>, else ingest's guess (with its warning when it is not certain)."""
    if not encoding and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            declared = _CHARSET_SUPERSET.get(declared, declared)
            try:
                return Decoded(data.decode(declared), declared)
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration: fall back to guessing
    try:
        return decode_text(data, encoding=encoding)
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
    return page_text(decode_html(data).text)


def page_text(page: str) -> str:
    """The readable text of a decoded page."""
    parser = _TextOfPage(load_yaml("ingest.yaml")["html"])
    parser.feed(page)
    parser.close()
    return parser.text()
