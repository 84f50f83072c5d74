"""What a UN document states about itself (document.json): symbol, session, agenda items, title,
job number and distribution date, read from its running head, furniture and front matter."""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Any

from pipeline.model import Document, Paragraph
from pipeline.resources import load_yaml
from pipeline.text.fold import fold_full_width as fold

if TYPE_CHECKING:
    from pipeline.layout import Line

_NUMBERS = load_yaml("numbers.yaml")
CN_DIGITS: dict[str, int] = _NUMBERS["zh"]["digits"]
CN_UNITS: dict[str, int] = _NUMBERS["zh"]["units"]
EN_ORDINALS = {w: i for i, w in enumerate(_NUMBERS["en"]["ordinals"], start=1)}
EN_TENS: dict[str, int] = _NUMBERS["en"]["tens_ordinals"]
EN_TENS_PREFIX: dict[str, int] = _NUMBERS["en"]["tens"]
EN_MONTHS = {m: i for i, m in enumerate(_NUMBERS["en"]["months"], start=1)}


def iso_date(m: re.Match[str]) -> str | None:
    """The ISO date of a match with groups y, m (a number or an English month name) and d;
    None if it is no date of the calendar."""
    month = m.group("m")
    mo = int(month) if month.isdigit() else EN_MONTHS.get(month.lower(), 0)
    try:
        return datetime.date(int(m.group("y")), mo, int(m.group("d"))).isoformat()
    except ValueError:
        return None


def chinese_number(s: str) -> int | None:
    """六十二 -> 62, 一百零五 -> 105, 二〇〇七 -> 2007 (digit by digit), 62 -> 62."""
    if s.isdigit():
        return int(s)
    if not s or any(c not in CN_DIGITS and c not in CN_UNITS for c in s):
        return None
    if not any(c in CN_UNITS for c in s):
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total, digit = 0, 0
    for c in s:
        if c in CN_DIGITS:
            digit = CN_DIGITS[c]
        else:
            total += (digit or 1) * CN_UNITS[c]
            digit = 0
    return total + digit


def english_ordinal(s: str) -> int | None:
    """Sixty-second -> 62."""
    w = s.lower()
    if w in EN_ORDINALS:
        return EN_ORDINALS[w]
    if w in EN_TENS:
        return EN_TENS[w]
    if "-" in w:
        tens, unit = w.split("-", 1)
        if tens in EN_TENS_PREFIX and unit in EN_ORDINALS:
            return EN_TENS_PREFIX[tens] + EN_ORDINALS[unit]
    return None


def document_metadata(
    doc: Document,
    paragraphs: list[Paragraph],
    lines: list[Line],
    line_count: int,
    running_head: str | None,
) -> dict[str, Any]:
    """`lines`: the non-blank lines of the document (layout's); `line_count`: all its lines."""
    rules = load_yaml("layout.yaml")["metadata"]
    lang = doc.lang
    front = next((p for p in paragraphs if p.zone == "front"), None)
    # Patterns read the folded lines (full-width ASCII as ASCII: １００(ｌ) is item 100(l)); the
    # title keeps the text as written.
    front_lines = []
    if front is not None:
        for ln in lines:
            if ln.start >= front.end:
                break  # lines are in source order: the rest lie past the front
            if ln.kind == "content" and front.start <= ln.start and ln.end <= front.end:
                front_lines.append(ln)
    # The cover page, furniture included: the first 80 lines, a blank one as an empty string.
    head = [""] * min(80, line_count)
    for ln in lines:
        if ln.index >= 80:
            break
        head[ln.index] = ln.folded
    head_text = "\n".join(head)

    session = None
    m = re.search(rules["session"][lang], head_text)
    if m:
        session = chinese_number(m.group(1)) if lang == "zh" else english_ordinal(m.group(1))

    agenda_items: list[str] = []
    m = re.search(rules["agenda"][lang], head_text)
    if m:
        agenda_items = [re.sub(r"\s+", "", a) for a in re.findall(rules["agenda_item"], m.group(1))]

    job_number = None
    for ln in lines:
        if ln.kind == "furniture":
            jm = re.search(r"(?<!\d)\d{2}-\d{5}(?!\d)", ln.folded)
            if jm:
                job_number = jm.group(0)
                break

    found = [m for p in rules["distribution_date"] if (m := re.search(p, head_text))]
    date = iso_date(min(found, key=lambda m: m.start("y"))) if found else None
    if date is None:  # a dateline: a front-matter line that is a date and nothing else
        datelines = [re.compile(p) for p in rules["dateline"]]
        date = next(
            (
                iso
                for ln in front_lines
                for rx in datelines
                if (m := rx.fullmatch(ln.folded)) and (iso := iso_date(m))
            ),
            None,
        )

    # Title: the front lines after the agenda line and before the summary, the first of which is
    # the agenda item's own title.
    title_lines: list[str] = []
    started = not agenda_items
    for ln in front_lines:
        t = ln.folded
        if t in rules["summary_title"][lang]:
            break
        if not started:
            started = bool(re.search(rules["agenda"][lang], t))
            continue
        if len(t) > 1 and not re.fullmatch(r"[*\d\s]+", t):
            title_lines.append(ln.text)
    if len(title_lines) > 6:  # no recognizable title block
        title_lines = title_lines[:1]

    symbol = running_head
    if symbol is None:  # the cover: the text before the first numbered paragraph
        first = next((p.start for p in paragraphs if p.number is not None), len(doc.text))
        m = re.search(rules["cover_symbol"], fold(doc.text[: min(first, 300)]))
        if m:
            symbol = re.sub(r"\s*[–-]\s*", "-", m.group(1))

    return {
        "symbol": symbol,
        "session": session,
        "agenda_items": agenda_items,
        "agenda_title": title_lines[0] if len(title_lines) > 1 else None,
        "title": " / ".join(title_lines[1:] if len(title_lines) > 1 else title_lines) or None,
        "job_number": job_number,
        "date": date,
    }
