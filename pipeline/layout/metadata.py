"""What a UN document states about itself (document.json): symbol, session, agenda items, title,
job number and distribution date, read from its running head, furniture and front matter."""

from __future__ import annotations

import datetime
import re
from typing import Any

from pipeline.language import Numerals, profile
from pipeline.layout.lines import JOINT, Line
from pipeline.model import Document, Paragraph
from pipeline.resources import load_yaml
from pipeline.text.fold import fold_full_width as fold


def iso_date(m: re.Match[str], months: dict[str, int]) -> str | None:
    """The ISO date of a match with groups y, m (a number or a month name of `months`, lower
    case) and d; None if it is no date of the calendar."""
    month = m.group("m")
    mo = int(month) if month.isdigit() else months.get(month.lower(), 0)
    try:
        return datetime.date(int(m.group("y")), mo, int(m.group("d"))).isoformat()
    except ValueError:
        return None


def number_value(s: str, numerals: Numerals) -> int | None:
    """A number written in digits or in the language's number words: 62, 六十二 -> 62, 一百零五 ->
    105, 二〇〇七 -> 2007 (digit by digit), Sixty-second -> 62."""
    if s.isdigit():
        return int(s)
    if numerals.digits or numerals.units:
        value = numeral_value(s, numerals)
        if value is not None:
            return value
    return ordinal_value(s, numerals) if numerals.ordinals else None


def numeral_value(s: str, numerals: Numerals) -> int | None:
    """六十二 -> 62: digits, and units that multiply the digit before them (十, 百, 千)."""
    digits, units = numerals.digits, numerals.units
    if not s or any(c not in digits and c not in units for c in s):
        return None
    if not any(c in units for c in s):
        return int("".join(str(digits[c]) for c in s))
    total, digit = 0, 0
    for c in s:
        if c in digits:
            digit = digits[c]
        else:
            total += (digit or 1) * units[c]
            digit = 0
    return total + digit


def ordinal_value(s: str, numerals: Numerals) -> int | None:
    """Sixty-second -> 62: an ordinal, a tens ordinal, or tens and an ordinal joined by a
    hyphen (tried at each hyphen: a tens word may hold one itself)."""
    w = s.lower()
    ordinals = {o: i for i, o in enumerate(numerals.ordinals, start=1)}
    if w in ordinals:
        return ordinals[w]
    if w in numerals.tens_ordinals:
        return numerals.tens_ordinals[w]
    for i, ch in enumerate(w):
        if ch == "-" and w[:i] in numerals.tens and w[i + 1 :] in ordinals:
            return numerals.tens[w[:i]] + ordinals[w[i + 1 :]]
    return None


TITLE_REACH = 600  # characters of the opening a document's title line stands in
# S/RES/2719 (2023) on a cover or in a running head: the year is glued to the number
YEAR_BRACKET = re.compile(r"\s++(\((?:19|20)\d{2}\))$")


def title_symbol(head: str, rules: list[dict[str, str]]) -> str | None:
    """The document's own symbol named by its title line (`Resolution 1455 (2003)`, `51/45.
    Title`, `安理会主席声明2015年第24号`) or by the resolution that adopted the text (`第217A(III)号
    决议通过`): the first rule that matches, its `symbol` filled with the groups, spaces out."""
    for rule in rules:
        m = re.search(rule["pattern"], head)
        if m:
            return re.sub(r"\s+", "", rule["symbol"].format(**m.groupdict()))
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
    lang = profile(doc.lang)
    own = lang.rules("layout")["metadata"]
    months = own["month_names"]
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
    m = re.search(own["session"], head_text)
    if m:
        session = number_value(m.group(1), lang.numerals)

    agenda_items: list[str] = []
    m = re.search(own["agenda"], head_text)
    if m:
        agenda_items = [re.sub(r"\s+", "", a) for a in re.findall(rules["agenda_item"], m.group(1))]

    job_number = None
    for ln in lines:
        if ln.kind == "furniture":
            jm = re.search(r"(?<!\d)\d{2}-\d{5}(?!\d)", ln.folded)
            if jm:
                job_number = jm.group(0)
                break

    # A summary record's meeting date first (it was issued later), then the distribution date;
    # a copy without them (a web page of a resolution) is dated by the adoption it states.
    date = None
    for dated in (
        own.get("meeting_date", []),
        rules["distribution_date"] + own.get("distribution_date", []),
        own.get("adoption_date", []),
    ):
        found = [m for p in dated if (m := re.search(p, head_text))]
        date = iso_date(min(found, key=lambda m: m.start("y")), months) if found else None
        if date is not None:
            break
    if date is None:  # a dateline: a front-matter line that is a date and nothing else
        datelines = [re.compile(p) for p in rules["dateline"] + own.get("dateline", [])]
        date = next(
            (
                iso
                for ln in front_lines
                for rx in datelines
                if (m := rx.fullmatch(ln.folded)) and (iso := iso_date(m, months))
            ),
            None,
        )

    # Title: the front lines after the agenda line and before the summary, the first of which is
    # the agenda item's own title.
    title_lines: list[str] = []
    started = not agenda_items
    for ln in front_lines:
        t = ln.folded
        if t in own["summary_title"]:
            break
        if not started:
            started = bool(re.search(own["agenda"], t))
            continue
        if len(t) > 1 and not re.fullmatch(r"[*\d\s]+", t):
            title_lines.append(ln.text)
    agenda_title = title_lines[0] if len(title_lines) > 1 else None
    title = " / ".join(title_lines[1:] if len(title_lines) > 1 else title_lines) or None
    numbered = re.compile(rules["numbered_title"])
    for i, line in enumerate(title_lines):
        if m := numbered.match(fold(line)):  # folding keeps lengths
            # a resolution: how it was adopted stands above its title; no agenda title
            wrapped = [line[m.end() :], *(t.strip() for t in title_lines[i + 1 :])]
            agenda_title, title = None, " ".join(wrapped).strip() or None
            break
    else:
        if len(title_lines) > 6:  # no recognizable title block
            agenda_title, title = None, title_lines[0]

    symbol = running_head
    # The cover: the text before the first numbered paragraph. Its joint symbol names the
    # document where the running head is one of its parts (identical letters).
    first = next((p.start for p in paragraphs if p.number is not None), len(doc.text))
    names = "|".join(re.escape(n) for n in own["united_nations"])
    cover = rules["cover_symbol"].replace("{united_nations}", names)
    cover = cover.replace("{symbol}", load_yaml("layout.yaml")["symbol"])
    m = re.search(cover, fold(doc.text[: min(first, 300)]))
    if m:
        stated = re.sub(r"\s*[–-]\s*", "-", m.group(1))
        if symbol is None or (stated != symbol and symbol in JOINT.split(m.group(1))):
            symbol = stated
    if symbol is None:  # a web copy's title line, or the resolution that adopted the text
        symbol = title_symbol(fold(doc.text[:TITLE_REACH]), own.get("title_symbol", []))
    if symbol is not None:  # a resolution's year is glued to its number: S/RES/2719(2023)
        symbol = YEAR_BRACKET.sub(r"\1", symbol)

    return {
        "symbol": symbol,
        "session": session,
        "agenda_items": agenda_items,
        "agenda_title": agenda_title,
        "title": title,
        "job_number": job_number,
        "date": date,
    }
