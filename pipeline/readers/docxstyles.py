"""What Word's styles and list numbering say about a paragraph: its number as the reader sees
it (`1.`, `(a)`, `25.14`), its outline level (a heading), its font size and weight."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from pipeline.readers.docxparts import W


def val(el: ET.Element | None, default: str = "") -> str:
    return default if el is None else el.get(W + "val", default)


def on(el: ET.Element | None) -> bool | None:
    """A toggle property (w:b): None when absent, else its value."""
    if el is None:
        return None
    return el.get(W + "val", "true") not in ("0", "false", "off")


@dataclass(slots=True)
class StyleInfo:
    num: tuple[str, str | None] | None = None  # numId, ilvl (None: level 0)
    outline: int | None = None
    size: float | None = None  # points
    bold: bool | None = None


class Styles:
    """Paragraph and character styles, each resolved through its w:basedOn chain."""

    def __init__(self, root: ET.Element | None) -> None:
        self.own: dict[str, ET.Element] = {}
        self.cache: dict[str, StyleInfo] = {}
        self.default_para = ""
        self.base = StyleInfo()
        if root is None:
            return
        defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
        if defaults is not None:
            self.base = _run_props(defaults, StyleInfo())
        for style in root.iter(W + "style"):
            sid = style.get(W + "styleId", "")
            self.own[sid] = style
            if style.get(W + "type") == "paragraph" and style.get(W + "default") in ("1", "true"):
                self.default_para = sid

    def get(self, sid: str | None) -> StyleInfo:
        sid = sid or self.default_para
        if sid in self.cache:
            return self.cache[sid]
        chain: list[ET.Element] = []
        cur, seen = sid, set()
        while cur and cur in self.own and cur not in seen:
            seen.add(cur)
            chain.append(self.own[cur])
            cur = val(self.own[cur].find(W + "basedOn"))
        info = StyleInfo(size=self.base.size, bold=self.base.bold)
        for style in reversed(chain):  # the base first, each style over it
            ppr = style.find(W + "pPr")
            if ppr is not None:
                numpr = ppr.find(W + "numPr")
                if numpr is not None:
                    num_id = val(numpr.find(W + "numId"), "")
                    ilvl = numpr.find(W + "ilvl")
                    info.num = (num_id, None if ilvl is None else val(ilvl, "0"))
                outline = ppr.find(W + "outlineLvl")
                if outline is not None:
                    level = int(val(outline, "9") or 9)
                    info.outline = level if level < 9 else None
            rpr = style.find(W + "rPr")
            if rpr is not None:
                info = _run_props(rpr, info)
        self.cache[sid] = info
        return info


def _run_props(rpr: ET.Element, info: StyleInfo) -> StyleInfo:
    sz = rpr.find(W + "sz")
    size = info.size
    if sz is not None:
        with contextlib.suppress(ValueError):
            size = int(val(sz, "0")) / 2
    bold = on(rpr.find(W + "b"))
    return StyleInfo(info.num, info.outline, size, info.bold if bold is None else bold)


def run_props(rpr: ET.Element | None, base: StyleInfo, styles: Styles) -> StyleInfo:
    """A run's size and weight: its paragraph's, then its character style's, then its own."""
    if rpr is None:
        return base
    rstyle = rpr.find(W + "rStyle")
    info = base
    if rstyle is not None:
        char = styles.get(val(rstyle))
        info = StyleInfo(
            base.num,
            base.outline,
            char.size if char.size != styles.base.size else base.size,
            base.bold if char.bold is None or char.bold == styles.base.bold else char.bold,
        )
    return _run_props(rpr, info)


# ------------------------------------------------------------------------------ numbering


@dataclass(slots=True)
class Level:
    fmt: str
    text: str
    start: int
    restart: int | None  # w:lvlRestart: the level whose new number restarts this one
    legal: bool  # w:isLgl: every level's number in decimal
    suffix: str  # w:suff: "tab" (the default), "space" or "nothing"


class Numbering:
    """Counters of Word's automatic numbering; `label` renders the number a paragraph shows."""

    def __init__(self, root: ET.Element | None) -> None:
        self.levels: dict[tuple[str, int], Level] = {}
        self.counters: dict[str, list[int]] = {}
        if root is None:
            return
        abstract: dict[str, dict[int, Level]] = {}
        for a in root.iter(W + "abstractNum"):
            abstract[a.get(W + "abstractNumId", "")] = {
                int(lvl.get(W + "ilvl", "0")): _level(lvl) for lvl in a.findall(W + "lvl")
            }
        for num in root.iter(W + "num"):
            num_id = num.get(W + "numId", "")
            levels = dict(abstract.get(val(num.find(W + "abstractNumId")), {}))
            for override in num.findall(W + "lvlOverride"):
                ilvl = int(override.get(W + "ilvl", "0"))
                lvl = override.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                start = override.find(W + "startOverride")
                if start is not None and ilvl in levels:
                    old = levels[ilvl]
                    levels[ilvl] = Level(
                        old.fmt, old.text, _int(val(start), 1), old.restart, old.legal, old.suffix
                    )
            for ilvl, level in levels.items():
                self.levels[(num_id, ilvl)] = level

    def label(self, num_id: str, ilvl: int) -> str:
        """The next number of list `num_id` at level `ilvl` ("" if none is shown)."""
        level = self.levels.get((num_id, ilvl))
        if level is None or num_id == "0":
            return ""
        if level.fmt == "bullet":  # symbol-font bullets are private-use characters
            return "".join("\u2022" if 0xE000 <= ord(c) <= 0xF8FF else c for c in level.text)
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[ilvl] = counts[ilvl] + 1 if counts[ilvl] else level.start
        for deeper in range(ilvl + 1, 9):
            lv = self.levels.get((num_id, deeper))
            if lv is None or lv.restart is None or lv.restart > ilvl:
                counts[deeper] = 0
        out = level.text
        for k in range(9):
            mark = f"%{k + 1}"
            if mark in out:
                lv = self.levels.get((num_id, k), level)
                n = counts[k] or lv.start
                out = out.replace(mark, format_number(n, "decimal" if level.legal else lv.fmt))
        return out


def _level(lvl: ET.Element) -> Level:
    restart = lvl.find(W + "lvlRestart")
    return Level(
        val(lvl.find(W + "numFmt"), "decimal"),
        val(lvl.find(W + "lvlText"), ""),
        _int(val(lvl.find(W + "start"), "1"), 1),
        None if restart is None else _int(val(restart), 0) - 1,
        on(lvl.find(W + "isLgl")) is True,
        val(lvl.find(W + "suff"), "tab"),
    )


def _int(s: str, default: int) -> int:
    try:
        return int(s)
    except ValueError:
        return default


_CHINESE = "〇一二三四五六七八九"


def format_number(n: int, fmt: str) -> str:
    """n as list format `fmt` writes it; formats not known here fall back to decimal."""
    if fmt == "none":
        return ""
    if fmt in ("lowerLetter", "upperLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return s if fmt == "lowerLetter" else s.upper()
    if fmt in ("lowerRoman", "upperRoman"):
        s = roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("chineseCounting", "chineseCountingThousand") and 0 < n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 0 else ("十" if tens == 1 else _CHINESE[tens] + "十")
        return head + (_CHINESE[ones] if ones or not head else "")
    return str(n)


def roman(n: int) -> str:
    out = ""
    for value, digits in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += digits
            n -= value
    return out
