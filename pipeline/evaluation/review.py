"""Review page: one HTML file per document showing its text by paragraph with every mention
highlighted by kind, its normalized value on hover, and errors against gold marked apart.

    python -m pipeline.evaluation.review OUT_DOC_DIR [--source FILE]  # predictions alone
    python -m pipeline eval --gold ... --pred ...             # writes it with TP/FP/FN marks

The page is hand-written, escaped HTML (no spaCy import): displaCy's "ent" style cannot show
overlapping spans, and a false positive and the gold mention it misses often overlap. Nested
spans are drawn nested; a span that crosses another is drawn as a detached badge at its start.
Each paragraph shows source[start:end] with its line breaks joined the way its clean text joins
them; a unit nested inside another (a footnote block inside a paragraph that crosses a page
break) is shown on its own and leaves a marker where it stood.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.kinds import KIND_BY_NAME, KINDS

if TYPE_CHECKING:
    from pipeline.evaluation.score import DocResult

KIND_OF = {k.name: k.singular for k in KINDS}  # table -> the CSS class of its mentions
LABEL = {k.singular: k.label for k in KINDS}
STATUS_TEXT = {
    "tp": "correct",
    "link": "span correct, link wrong",
    "fp": "false positive: not in gold",
    "fn": "missed gold mention (false negative)",
    "optional": "on an optional gold mention: not scored",
    "pred": "predicted (no gold)",
}
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")

# The colour of each kind (pipeline.kinds) before the status rules, which override it.
_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans", sans-serif; margin: 2em;
       line-height: 2.2; max-width: 60em; }
.unit { border-top: 1px solid #ddd; padding: .2em 0; }
.key { font: bold .8em monospace; background: #eee; padding: 0 .4em; border-radius: 3px; }
.zone { font-size: .7em; color: #888; }
.unit.fn > .key { background: #fcc; } .unit.text > .key { background: #fe9; }
.nested { font: .7em monospace; color: #888; }
.ent { padding: .1em .3em; border-radius: .3em; border: 2px solid transparent; }
.ent::after { content: attr(data-label); font: bold .55em sans-serif; margin-left: .3em;
                  vertical-align: middle; }
KIND_COLOURS
.ent.fp { border: 2px dashed #d00; }
.ent.fn { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #fdd 4px, #fdd 8px);
          border-bottom: 3px double #d00; }
.ent.fn::before { content: "✗"; color: #d00; font-weight: bold; margin-right: .2em; }
.ent.link { border: 2px solid #f80; }
.ent.optional { opacity: .55; border: 2px dotted #777; }
.ent.detached { font-size: .75em; vertical-align: super; }
.ent.detached::before { content: "⤷"; }
table { border-collapse: collapse; font-size: .85em; line-height: 1.4; }
td, th { border: 1px solid #ccc; padding: .1em .5em; }
.legend .ent { margin-right: .8em; }
"""
CSS = _CSS.replace(
    "KIND_COLOURS\n", "".join(f".ent.{k.singular} {{ background: {k.colour}; }}\n" for k in KINDS)
)


@dataclass(frozen=True)
class Mark:
    kind: str  # date, symbol, organization
    start: int
    end: int
    status: str  # a key of STATUS_TEXT
    title: str  # normalized value, shown on hover


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


def _emit(source: str, node: _Node) -> str:
    parts, pos = [], node.start
    for child in node.children:
        parts.append(_esc(display(source, pos, child.start)))
        parts.append(_mark_html(source, child))
        pos = child.start if child.detached else child.end
    parts.append(_esc(display(source, pos, node.end)))
    return "".join(parts)


def _mark_html(source: str, node: _Node) -> str:
    m = node.mark
    assert m is not None
    cls = f"ent {m.kind} {m.status}" + (" detached" if node.detached else "")
    inner = _esc(display(source, m.start, m.end)) if node.detached else _emit(source, node)
    title = f"{m.title} · {STATUS_TEXT.get(m.status, m.status)}"
    label = LABEL.get(m.kind, m.kind)
    return f'<mark class="{cls}" data-label="{label}" title="{_esc(title)}">{inner}</mark>'


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


def render(
    doc_id: str,
    source: str,
    units: list[Unit],
    marks: list[Mark],
    score_rows: list[list[str]] | None = None,
    notes: list[str] | None = None,
    lang: str = "",
) -> str:
    """The page; `lang`: the document's language (its rows' `lang`), for the browser."""
    units = sorted(units, key=lambda u: (u.start, -u.end))
    body: list[str] = []
    placed: set[int] = set()
    for i, unit in enumerate(units):
        ranges, inner = own_ranges(unit, units)
        # the unit's own text, with a marker where each nested unit stood
        items: list[tuple[int, int, Any]] = [(a, 1, (a, b)) for a, b in ranges]
        items += [(u.start, 0, u) for u in inner]
        html_parts = []
        for _, is_range, item in sorted(items, key=lambda t: (t[0], t[1])):
            if not is_range:
                html_parts.append(f'<span class="nested">[→ {_esc(item.key)}]</span>')
                continue
            a, b = item
            inside = [m for m in marks if a <= m.start < b]
            placed.update(id(m) for m in inside)
            html_parts.append(_emit(source, _tree(a, b, inside)))
        title = f' title="{_esc(unit.title)}"' if unit.title else ""
        body.append(
            f'<div class="unit {unit.status}" id="u{i}"><span class="key"{title}>'
            f'{_esc(unit.key)}</span> <span class="zone">{_esc(unit.zone)} '
            f"{unit.start}:{unit.end}</span><br>{''.join(html_parts)}</div>"
        )
    outside = [m for m in marks if id(m) not in placed]
    head = [
        f'<!DOCTYPE html><html lang="{_esc(lang)}"><head>'
        f'<meta charset="utf-8"><title>Review {_esc(doc_id)}</title><style>{CSS}</style>'
        f"</head><body><h1>{_esc(doc_id)}</h1>",
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
        + " · hover a mention for its value; ⤷ marks a span drawn apart because it crosses"
        " another</p>",
    ]
    if score_rows:
        head.append(
            "<table>"
            + "".join(
                "<tr>"
                + "".join(
                    f"<{'th' if r == 0 else 'td'}>{_esc(c)}</{'th' if r == 0 else 'td'}>"
                    for c in row
                )
                + "</tr>"
                for r, row in enumerate(score_rows)
            )
            + "</table>"
        )
    for note in notes or []:
        head.append(f"<p>{_esc(note)}</p>")
    if outside:
        head.append(
            '<div class="unit outside"><span class="key">outside every paragraph</span><br>'
            + " ".join(_mark_html(source, _Node(m.start, m.start, m, True)) for m in outside)
            + "</div>"
        )
    return "".join(head + body) + "</body></html>\n"


def describe(table: str, r: dict[str, Any]) -> str:
    """Hover text: the normalized value of a row."""
    return KIND_BY_NAME[table].describe(r)


def marks_of(table: str, rows: list[dict[str, Any]], status: str) -> list[Mark]:
    kind = KIND_OF[table]
    return [Mark(kind, r["start"], r["end"], status, describe(table, r)) for r in rows]


def units_of(rows: list[dict[str, Any]], status: str = "") -> list[Unit]:
    return [Unit(r["para"], r["zone"], r["start"], r["end"], status) for r in rows]


def page_for_result(res: DocResult) -> str:
    """The review page of an evaluated document: gold paragraphs as the units, predicted
    mentions marked TP/FP (or optional), missed gold mentions marked FN, all at the exact level.
    Where the prediction's source differs from the gold's, their offsets cannot be drawn on one
    text: the page shows the predictions alone, on their own source."""
    from pipeline.evaluation.report import score_rows

    lang = next((r["lang"] for rows in res.pred.values() for r in rows), res.meta.get("lang", ""))
    if not res.same_source:
        alone = [m for t in KIND_OF for m in marks_of(t, res.pred.get(t, []), "pred")]
        notes = res.notes + ["Predictions alone: the gold is on another source text."]
        units = units_of(res.pred.get("paragraphs", []))
        rows = score_rows(res.scores)
        return render(res.doc_id, res.predicted_source, units, alone, rows, notes, lang)
    marks: list[Mark] = []
    for table in KIND_OF:
        o = res.outcomes.get((table, "exact"))
        if o is None:  # a table the gold folder lacks: its predictions, unscored
            marks += marks_of(table, res.pred.get(table, []), "pred")
            continue
        link = KIND_BY_NAME[table].link
        for g, p in o.pairs:
            wrong_link = link is not None and g[link] != p[link]
            gold = f"; gold: {g[link] or '(unlinked)'}" if link and wrong_link else ""
            title = describe(table, p) + gold
            marks.append(
                Mark(KIND_OF[table], p["start"], p["end"], "link" if wrong_link else "tp", title)
            )
        marks += marks_of(table, o.fp, "fp") + marks_of(table, o.ignored, "optional")
        marks += marks_of(table, o.fn, "fn")
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
    return render(res.doc_id, res.source, units, marks, score_rows(res.scores), notes, lang)


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
    page = render(args.out_dir.name, source, units_of(tables["paragraphs"]), marks, lang=lang)
    path = args.out_dir / "review.html"
    path.write_text(page, encoding="utf-8")
    print(f"review page: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
