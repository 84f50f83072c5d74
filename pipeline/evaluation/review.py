"""Review page: one HTML file per document, for hunting errors. Its header names the document
(symbol linked to undocs.org, title); an error list comes first, each entry a link to its place
in the text; boxes filter by kind and by status (TP, wrong value, FP, FN, ...); below, the text
by paragraph with every mention highlighted by kind, its normalized value on hover, and errors
marked apart. A mention whose span is right and whose value is wrong is drawn once, with
"found X, expected Y" written beside it. Symbols link to their undocs.org page.

    python -m pipeline.evaluation.review OUT_DOC_DIR [--source FILE]  # predictions alone
    python -m pipeline eval --gold ... --pred ...             # writes it with TP/FP/FN marks

The page is hand-written, escaped HTML (no spaCy import): displaCy's "ent" style cannot show
overlapping spans, and a false positive and the gold mention it misses often overlap. Nested
spans are drawn nested; a span that crosses another is drawn as a detached badge at its start.
Each paragraph shows source[start:end] with its line breaks joined the way its clean text joins
them; a unit nested inside another (a footnote block inside a paragraph that crosses a page
break) is shown on its own and leaves a marker where it stood. The header, error list, filters,
style and script are in review_page.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.evaluation.review_page import (
    CSS,
    ERROR_STATUSES,
    PARAGRAPH,
    SCRIPT,
    Entry,
    error_list,
    filters,
    header,
    verdict,
)
from pipeline.kinds import KIND_BY_NAME, KINDS

if TYPE_CHECKING:
    from pipeline.evaluation.score import DocResult

KIND_OF = {k.name: k.singular for k in KINDS}  # table -> the CSS class of its mentions
LABEL = {k.singular: k.label for k in KINDS}
STATUS_TEXT = {
    "tp": "correct",
    "wrong": "span correct, value wrong (a false positive and a false negative)",
    "link": "span correct, link wrong",
    "fp": "false positive: not in gold",
    "fn": "missed gold mention (false negative)",
    "optional": "on an optional gold mention: not scored",
    "pred": "predicted (no gold)",
}
UNIT_TEXT = {"fn": "paragraph missed", "text": "clean text differs"}
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")


@dataclass(frozen=True)
class Mark:
    kind: str  # date, symbol, organization
    start: int
    end: int
    status: str  # a key of STATUS_TEXT
    title: str  # normalized value, shown on hover
    para: str = ""  # the row's paragraph key (the error list names it)
    found: str = ""  # the predicted value, as the kind shows it ("" for a missed mention)
    expected: str = ""  # the gold value ("" for a false positive)
    url: str = ""  # the row's record on the web (a symbol's undocs.org page)

    @property
    def is_error(self) -> bool:
        return self.status in ERROR_STATUSES


@dataclass(frozen=True)
class Unit:
    key: str
    zone: str
    start: int
    end: int
    status: str = ""  # "" (no gold / correct), "fn" (no predicted unit), "text" (text differs)
    title: str = ""


@dataclass
class _Node:
    start: int
    end: int
    mark: Mark | None
    detached: bool = False
    children: list[_Node] = field(default_factory=list)


def display(source: str, a: int, b: int) -> str:
    """source[a:b] with each line break (and the spaces around it) joined as clean text joins
    lines: nothing next to a CJK character, one space between Latin letters or digits."""

    def join(m: re.Match[str]) -> str:
        if "\n" not in m.group() and "\r" not in m.group():
            return m.group()
        i, j = a + m.start(), a + m.end()
        before = source[i - 1] if i > 0 else ""
        after = source[j] if j < len(source) else ""
        return "" if CJK.match(before) or CJK.match(after) or not before or not after else " "

    return re.sub(r"\s+", join, source[a:b])


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _tree(a: int, b: int, marks: list[Mark]) -> _Node:
    """Nest the marks that start in [a, b); one that crosses another becomes a detached badge
    placed after the outermost mark it starts in (or where it starts, if it crosses b)."""
    root = _Node(a, b, None)
    stack = [root]
    order = {s: i for i, s in enumerate(STATUS_TEXT)}
    for m in sorted(marks, key=lambda m: (m.start, -m.end, order.get(m.status, 9))):
        while len(stack) > 1 and stack[-1].end <= m.start:
            stack.pop()
        top = stack[-1]
        if m.start < m.end <= top.end:
            node = _Node(m.start, m.end, m)
            top.children.append(node)
            stack.append(node)
        elif len(stack) > 1:
            # drawn right after the outermost open mark, so no mark's text holds the badge's
            at = stack[1].end
            root.children.append(_Node(at, at, m, detached=True))
        else:
            root.children.append(_Node(m.start, m.start, m, detached=True))
    return root


def _emit(source: str, node: _Node, anchors: dict[int, str]) -> str:
    parts, pos = [], node.start
    for child in node.children:
        parts.append(_esc(display(source, pos, child.start)))
        parts.append(_mark_html(source, child, anchors))
        pos = child.start if child.detached else child.end
    parts.append(_esc(display(source, pos, node.end)))
    return "".join(parts)


def _mark_html(source: str, node: _Node, anchors: dict[int, str]) -> str:
    """A mark: its text (nested marks inside), a link to its record, and for a wrong value the
    verdict written out."""
    m = node.mark
    assert m is not None
    cls = f"ent {m.kind} {m.status}" + (" detached" if node.detached else "")
    inner = _esc(display(source, m.start, m.end)) if node.detached else _emit(source, node, anchors)
    if m.url.startswith(("https://", "http://")):
        inner += f'<a class="doc" href="{_esc(m.url)}" title="{_esc(m.url)}">↗</a>'
    if m.status in ("wrong", "link"):
        inner += f'<span class="fix">{_esc(verdict(m.status, m.found, m.expected))}</span>'
    title = f"{m.title} · {STATUS_TEXT.get(m.status, m.status)}"
    label = LABEL.get(m.kind, m.kind)
    anchor = anchors.get(id(m))
    at = f' id="{anchor}"' if anchor else ""
    return f'<mark class="{cls}"{at} data-label="{label}" title="{_esc(title)}">{inner}</mark>'


def own_ranges(unit: Unit, units: list[Unit]) -> tuple[list[tuple[int, int]], list[Unit]]:
    """The parts of a unit's span not covered by other units nested inside it, and those."""
    inner = sorted(
        (
            u
            for u in units
            if u is not unit
            and unit.start <= u.start
            and u.end <= unit.end
            and (u.start, u.end) != (unit.start, unit.end)
        ),
        key=lambda u: (u.start, u.end),
    )
    ranges, pos = [], unit.start
    for u in inner:
        if u.start > pos:
            ranges.append((pos, u.start))
        pos = max(pos, u.end)
    if pos < unit.end:
        ranges.append((pos, unit.end))
    return ranges, inner


def _unit_html(
    i: int,
    unit: Unit,
    units: list[Unit],
    source: str,
    marks: list[Mark],
    placed: set[int],
    anchors: dict[int, str],
) -> str:
    """A unit's own text, its marks drawn (each mark once: `placed`), with a marker where each
    nested unit stood."""
    ranges, inner = own_ranges(unit, units)
    items: list[tuple[int, int, Any]] = [(a, 1, (a, b)) for a, b in ranges]
    items += [(u.start, 0, u) for u in inner]
    parts, errors = [], unit.status in UNIT_TEXT
    for _, is_range, item in sorted(items, key=lambda t: (t[0], t[1])):
        if not is_range:
            parts.append(f'<span class="nested">[→ {_esc(item.key)}]</span>')
            continue
        a, b = item
        inside = [m for m in marks if a <= m.start < b and id(m) not in placed]
        placed.update(id(m) for m in inside)
        errors = errors or any(m.is_error for m in inside)
        parts.append(_emit(source, _tree(a, b, inside), anchors))
    title = f' title="{_esc(unit.title)}"' if unit.title else ""
    cls = f"unit {unit.status}" + (" has-err" if errors else "")
    return (
        f'<div class="{cls}" id="u{i}"><span class="key"{title}>'
        f'{_esc(unit.key)}</span> <span class="zone">{_esc(unit.zone)} '
        f"{unit.start}:{unit.end}</span><br>{''.join(parts)}</div>"
    )


def _legend() -> str:
    return (
        '<p class="legend">'
        + "".join(
            f'<span class="ent {k}" data-label="{LABEL[k]}" title="{k}">{k}</span>' for k in LABEL
        )
        + " · "
        + "".join(
            f'<span class="ent date {s}" data-label="" title="{_esc(t)}">{s.upper()}</span>'
            for s, t in STATUS_TEXT.items()
            if s != "pred"
        )
        + " · hover a mention for its value; ↗ opens a symbol on undocs.org; ⤷ marks a span"
        " drawn apart because it crosses another</p>"
    )


def _score_table(rows: list[list[str]]) -> str:
    def cell(r: int, c: str) -> str:
        tag = "th" if r == 0 else "td"
        return f"<{tag}>{_esc(c)}</{tag}>"

    body = "".join(
        "<tr>" + "".join(cell(r, c) for c in row) + "</tr>" for r, row in enumerate(rows)
    )
    return f'<table class="scores">{body}</table>'


def render(
    doc_id: str,
    source: str,
    units: list[Unit],
    marks: list[Mark],
    score_rows: list[list[str]] | None = None,
    notes: list[str] | None = None,
    lang: str = "",
    meta: dict[str, Any] | None = None,
) -> str:
    """The page; `lang`: the document's language (its rows' `lang`), for the browser; `meta`:
    its document.json (symbol, title, date) for the header. The error list is the marks of an
    error status and the units marked missed or differing; a page without score rows was not
    scored."""
    units = sorted(units, key=lambda u: (u.start, -u.end))
    ordered = sorted(marks, key=lambda m: (m.start, m.end))
    anchors = {id(m): f"e{n}" for n, m in enumerate(m for m in ordered if m.is_error)}
    placed: set[int] = set()
    body = [_unit_html(i, u, units, source, marks, placed, anchors) for i, u in enumerate(units)]
    outside = [m for m in ordered if id(m) not in placed]
    entries = [
        Entry(
            anchors[id(m)],
            m.kind,
            m.status,
            m.para,
            m.start,
            display(source, m.start, m.end),
            verdict(m.status, m.found, m.expected),
        )
        for m in ordered
        if m.is_error
    ]
    entries += [
        Entry(
            f"u{i}",
            PARAGRAPH,
            u.status,
            u.key,
            u.start,
            display(source, u.start, u.end),
            UNIT_TEXT[u.status],
        )
        for i, u in enumerate(units)
        if u.status in UNIT_TEXT
    ]
    # predictions alone (no gold, or gold on another text): no error can be drawn
    scored = bool(score_rows) and (not marks or any(m.status != "pred" for m in marks))
    labels = {**LABEL, PARAGRAPH: "PARA"}
    kinds = Counter(m.kind for m in marks) + Counter(e.kind for e in entries if e.kind == PARAGRAPH)
    head = [
        f'<!DOCTYPE html><html lang="{_esc(lang)}"><head><meta charset="utf-8">'
        f"<title>Review {_esc((meta or {}).get('symbol') or doc_id)}</title><style>{CSS}</style>"
        "</head><body>",
        header(doc_id, meta or {}),
        filters(kinds, Counter(m.status for m in marks), labels),
        error_list(entries, labels, scored),
        _legend(),
    ]
    if score_rows:
        head.append(_score_table(score_rows))
    head += [f'<p class="note">{_esc(note)}</p>' for note in notes or []]
    if outside:
        err = " has-err" if any(m.is_error for m in outside) else ""
        head.append(
            f'<div class="unit outside{err}"><span class="key">outside every paragraph</span><br>'
            + " ".join(
                _mark_html(source, _Node(m.start, m.start, m, True), anchors) for m in outside
            )
            + "</div>"
        )
    tail = f'<a class="to-errors" href="#errors">↑ errors</a><script>{SCRIPT}</script>'
    return "".join(head + body) + tail + "</body></html>\n"


def describe(table: str, r: dict[str, Any]) -> str:
    """Hover text: the normalized value of a row."""
    return KIND_BY_NAME[table].describe(r)


def mark(table: str, r: dict[str, Any], status: str, gold: dict[str, Any] | None = None) -> Mark:
    """The mark of a row: a prediction (its value found; `gold`: the gold row on its span whose
    value differs) or, for status fn, a gold row (its value expected)."""
    kind = KIND_BY_NAME[table]
    value = kind.show(r)
    title = describe(table, r) + (f"; gold: {describe(table, gold)}" if gold else "")
    found, expected = ("", value) if status == "fn" else (value, kind.show(gold) if gold else "")
    url = str(r.get("url") or "")
    return Mark(kind.singular, r["start"], r["end"], status, title, r["para"], found, expected, url)


def marks_of(table: str, rows: list[dict[str, Any]], status: str) -> list[Mark]:
    return [mark(table, r, status) for r in rows]


def units_of(rows: list[dict[str, Any]], status: str = "") -> list[Unit]:
    return [Unit(r["para"], r["zone"], r["start"], r["end"], status) for r in rows]


def same_span(
    fp: list[dict[str, Any]], fn: list[dict[str, Any]]
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """A false positive and a false negative on one span are one wrong value (the exact level
    keys the value with the span): returns those (gold, pred) pairs and the rest of each."""
    by_span: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for g in fn:
        by_span.setdefault((g["start"], g["end"]), []).append(g)
    pairs, rest = [], []
    for p in fp:
        bucket = by_span.get((p["start"], p["end"]))
        if bucket:
            pairs.append((bucket.pop(0), p))
        else:
            rest.append(p)
    paired = {id(g) for g, _ in pairs}
    return pairs, rest, [g for g in fn if id(g) not in paired]


def document_meta(folder: Path) -> dict[str, Any]:
    """A prediction folder's document.json for the header ({} where it cannot be read: the page
    is still worth writing)."""
    from pipeline.evaluation.read import InputError, read_meta

    try:
        return read_meta(folder)
    except InputError:
        return {}


def page_for_result(res: DocResult) -> str:
    """The review page of an evaluated document: gold paragraphs as the units, predicted
    mentions marked TP/FP (or optional), missed gold mentions marked FN, all at the exact level;
    an FP and an FN on one span are one wrong value. Where the prediction's source differs from
    the gold's, their offsets cannot be drawn on one text: the page shows the predictions alone,
    on their own source."""
    from pipeline.evaluation.report import score_rows

    lang = next((r["lang"] for rows in res.pred.values() for r in rows), res.meta.get("lang", ""))
    meta = document_meta(res.pred_dir) if res.pred_dir.is_dir() else {}
    if not res.same_source:
        alone = [m for t in KIND_OF for m in marks_of(t, res.pred.get(t, []), "pred")]
        notes = res.notes + ["Predictions alone: the gold is on another source text."]
        units = units_of(res.pred.get("paragraphs", []))
        rows = score_rows(res.scores)
        return render(res.doc_id, res.predicted_source, units, alone, rows, notes, lang, meta)
    marks: list[Mark] = []
    for table in KIND_OF:
        o = res.outcomes.get((table, "exact"))
        if o is None:  # a table the gold folder lacks: its predictions, unscored
            marks += marks_of(table, res.pred.get(table, []), "pred")
            continue
        link = KIND_BY_NAME[table].link
        for g, p in o.pairs:
            wrong_link = link is not None and g[link] != p[link]
            marks.append(mark(table, p, "link", g) if wrong_link else mark(table, p, "tp"))
        wrong, fp, fn = same_span(o.fp, o.fn)
        marks += [mark(table, p, "wrong", g) for g, p in wrong]
        marks += marks_of(table, fp, "fp") + marks_of(table, o.ignored, "optional")
        marks += marks_of(table, fn, "fn")
    para = res.outcomes["paragraphs", "exact"]
    units = [
        Unit(
            g["para"],
            g["zone"],
            g["start"],
            g["end"],
            "" if g["text"] == p["text"] else "text",
            "" if g["text"] == p["text"] else f"predicted clean text differs: {p['text'][:200]}",
        )
        for g, p in para.pairs
    ] + [
        Unit(
            g["para"],
            g["zone"],
            g["start"],
            g["end"],
            "fn",
            "no predicted paragraph with this key and span",
        )
        for g in para.fn
    ]
    notes = list(res.notes)
    if para.fp:
        notes.append(
            f"Predicted paragraphs not in gold ({len(para.fp)}): "
            + ", ".join(f"{p['para']} {p['start']}:{p['end']}" for p in para.fp)
        )
    rows = score_rows(res.scores)
    return render(res.doc_id, res.source, units, marks, rows, notes, lang, meta)


def write_for_result(res: DocResult) -> Path:
    path = res.pred_dir / "review.html"
    path.write_text(page_for_result(res), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    """Review page of one output folder without gold: every predicted mention, status 'pred'."""
    from pipeline.evaluation.read import InputError, find_source, read_pred
    from pipeline.kinds import TABLES

    ap = argparse.ArgumentParser(
        prog="python -m pipeline.evaluation.review", description=__doc__.split("\n")[0]
    )
    ap.add_argument("out_dir", type=Path, help="one document's output folder")
    ap.add_argument("--source", type=Path, help="source text (default: from document.json)")
    args = ap.parse_args(argv)
    try:
        _, source = find_source(args.out_dir, args.source)
        # the tables the folder has (one written before a kind existed lacks it)
        names = [t for t in TABLES if t == "paragraphs" or (args.out_dir / f"{t}.csv").exists()]
        tables, problems = read_pred(args.out_dir, names)
        if problems:
            raise InputError(problems)
    except InputError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 2
    marks = [m for t in KIND_OF for m in marks_of(t, tables.get(t, []), "pred")]
    lang = next((r["lang"] for r in tables["paragraphs"]), "")
    units = units_of(tables["paragraphs"])
    meta = document_meta(args.out_dir)
    page = render(args.out_dir.name, source, units, marks, lang=lang, meta=meta)
    path = args.out_dir / "review.html"
    path.write_text(page, encoding="utf-8")
    print(f"review page: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
