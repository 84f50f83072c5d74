"""The comparison report: agreement per table, the disagreements paragraph by paragraph with both
texts side by side (markdown and HTML), and the name pairs the gazetteer lacks."""

from __future__ import annotations

import html
from collections import Counter
from pathlib import Path

from pipeline.compare.alignment import Side, value_of
from pipeline.compare.values import (
    Comparison,
    Diff,
    NamePair,
    gazetteer_names,
    missing_from_gazetteer,
)
from pipeline.kinds import KIND_BY_NAME, MENTION_TABLES

TABLE_LABEL = {t: KIND_BY_NAME[t].compare_label for t in MENTION_TABLES}


def fmt_score(d: Diff) -> str:
    a = d.agreement
    if a is None:
        return "n/a (no values in either version)"
    n, z, e = (sum(x.values()) for x in (d.common, d.only_zh, d.only_en))
    return f"{a:.2f} ({n} common, {z} only zh, {e} only en)"


def pair_label(c: Comparison, k: int) -> str:
    p = c.pairs[k]
    zk = c.zh.units[p.zh].key if p.zh is not None else "—"
    ek = c.en.units[p.en].key if p.en is not None else "—"
    return zk if zk == ek else f"{zk} ↔ {ek}"


def _values(counter: Counter[str]) -> str:
    return ", ".join(f"{v}" + (f" ×{n}" if n > 1 else "") for v, n in sorted(counter.items()))


def markdown(c: Comparison, missing: list[NamePair]) -> str:
    zh_doc, en_doc = c.zh.extraction.layout.document, c.en.extraction.layout.document
    how = Counter(p.how for p in c.pairs)
    out = [
        f"# Comparison {c.name}",
        "",
        f"- zh: `{zh_doc.path}` ({len(c.zh.units)} units)",
        f"- en: `{en_doc.path}` ({len(c.en.units)} units)",
        f"- aligned: {how['number']} by number, {how['content']} by content; "
        f"{sum(1 for p in c.pairs if p.en is None)} zh and "
        f"{sum(1 for p in c.pairs if p.zh is None)} en units without a partner",
        "",
        "## Agreement per table",
        "",
        "Dice agreement of the values of aligned paragraphs (1.00 = both versions give the same "
        "values); the document column compares the whole documents without alignment.",
        "",
        "| table | paragraph by paragraph | whole document |",
        "| --- | --- | --- |",
    ]
    for t in MENTION_TABLES:
        out.append(f"| {t} | {fmt_score(c.totals[t])} | {fmt_score(c.document_totals[t])} |")
    out += ["", "## Disagreements", ""]
    n = 0
    for k, pair in enumerate(c.pairs):
        d = c.diffs[k]
        if not any(x.disagrees for x in d.values()):
            continue
        n += 1
        out.append(f"### {pair_label(c, k)} ({pair.how})")
        out.append("")
        for t in MENTION_TABLES:
            if d[t].only_zh:
                out.append(f"- {TABLE_LABEL[t]} only in zh: {_values(d[t].only_zh)}")
            if d[t].only_en:
                out.append(f"- {TABLE_LABEL[t]} only in en: {_values(d[t].only_en)}")
        out += ["", "| zh | en |", "| --- | --- |"]
        zt = c.zh.units[pair.zh].view.text if pair.zh is not None else ""
        et = c.en.units[pair.en].view.text if pair.en is not None else ""
        out += [f"| {_md_cell(zt)} | {_md_cell(et)} |", ""]
    if not n:
        out.append("None: every aligned paragraph gives the same values in both versions.")
        out.append("")
    out += ["## Organization name pairs the gazetteer lacks", ""]
    if missing:
        out += ["| Chinese | English | org ids | how | paragraphs |", "|---|---|---|---|---|"]
        for np_ in missing:
            ids = ", ".join(sorted(np_.org_ids)) or "—"
            out.append(
                f"| {_md_cell(np_.zh)} | {_md_cell(np_.en)} | {ids} | {np_.how} "
                f"| {', '.join(np_.where)} |"
            )
    else:
        out.append(f"None ({len(c.name_pairs)} name pairs seen, all in the gazetteer).")
    out.append("")
    return "\n".join(out)


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _highlighted(side: Side, k: int | None, wrong: dict[str, Counter[str]]) -> str:
    """The unit's clean text, HTML-escaped, with the mentions whose values the other version
    lacks marked."""
    if k is None:
        return '<span class="none">(no counterpart)</span>'
    view = side.units[k].view
    at = {off: i for i, off in enumerate(view.offsets)}
    marks: list[tuple[int, int, str]] = []
    for t in MENTION_TABLES:
        for r in side.rows[k][t]:
            v = value_of(t, r)
            if v is None or not wrong[t][v]:
                continue
            i, j = at.get(r["start"]), at.get(r["end"] - 1)
            if i is not None and j is not None:
                marks.append((i, j + 1, f"{t}: {v}"))
    out, pos = [], 0
    for i, j, title in sorted(marks):
        if i < pos:
            continue
        out += [
            html.escape(view.text[pos:i]),
            f'<mark title="{html.escape(title)}">{html.escape(view.text[i:j])}</mark>',
        ]
        pos = j
    out.append(html.escape(view.text[pos:]))
    return "".join(out)


HTML_STYLE = """
body { font-family: sans-serif; margin: 1em 2em; }
table { border-collapse: collapse; width: 100%; }
td, th { border: 1px solid #ccc; padding: 4px 6px; vertical-align: top; font-size: 90%; }
tr.bad { background: #fff4f0; }
td.key { white-space: nowrap; }
mark { background: #ffb3a0; }
.none { color: #999; }
ul.diff { margin: 0; padding-left: 1.2em; }
"""


def html_report(c: Comparison, missing: list[NamePair]) -> str:
    e = html.escape
    parts = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>Comparison {e(c.name)}</title><style>{HTML_STYLE}</style></head><body>",
        f"<h1>Comparison {e(c.name)}</h1>",
        f"<p>zh: <code>{e(c.zh.extraction.layout.document.path)}</code><br>"
        f"en: <code>{e(c.en.extraction.layout.document.path)}</code></p>",
        "<h2>Agreement per table</h2><table><tr><th>table</th><th>paragraph by paragraph</th>"
        "<th>whole document</th></tr>",
    ]
    for t in MENTION_TABLES:
        parts.append(
            f"<tr><td>{t}</td><td>{e(fmt_score(c.totals[t]))}</td>"
            f"<td>{e(fmt_score(c.document_totals[t]))}</td></tr>"
        )
    parts += [
        "</table><h2>Paragraphs side by side</h2>",
        "<p>Highlighted: mentions whose value the other version lacks.</p>",
        "<table><tr><th>key</th><th>aligned</th><th>zh</th><th>en</th><th>differences</th></tr>",
    ]
    for k, pair in enumerate(c.pairs):
        d = c.diffs[k]
        bad = any(x.disagrees for x in d.values())
        items = []
        for t in MENTION_TABLES:
            if d[t].only_zh:
                items.append(f"<li>{TABLE_LABEL[t]} only in zh: {e(_values(d[t].only_zh))}</li>")
            if d[t].only_en:
                items.append(f"<li>{TABLE_LABEL[t]} only in en: {e(_values(d[t].only_en))}</li>")
        parts.append(
            f"<tr{' class=bad' if bad else ''}><td class=key>{e(pair_label(c, k))}</td>"
            f"<td>{pair.how}</td>"
            f"<td>{_highlighted(c.zh, pair.zh, {t: d[t].only_zh for t in MENTION_TABLES})}</td>"
            f"<td>{_highlighted(c.en, pair.en, {t: d[t].only_en for t in MENTION_TABLES})}</td>"
            f"<td><ul class=diff>{''.join(items)}</ul></td></tr>"
        )
    parts.append("</table><h2>Organization name pairs the gazetteer lacks</h2>")
    if missing:
        parts.append(
            "<table><tr><th>Chinese</th><th>English</th><th>org ids</th><th>how</th>"
            "<th>paragraphs</th></tr>"
        )
        for np_ in missing:
            parts.append(
                f"<tr><td>{e(np_.zh)}</td><td>{e(np_.en)}</td>"
                f"<td>{e(', '.join(sorted(np_.org_ids)))}</td><td>{e(np_.how)}</td>"
                f"<td>{e(', '.join(np_.where))}</td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append(f"<p>None ({len(c.name_pairs)} name pairs seen, all in the gazetteer).</p>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_report(c: Comparison, out: Path) -> tuple[Path, Path]:
    """DIR/compare_<name>.md and .html: files, never a folder (a folder of output/ is a
    document folder to ../shared/tools/check_tables.py)."""
    missing = missing_from_gazetteer(c.name_pairs, gazetteer_names())
    out.mkdir(parents=True, exist_ok=True)
    md, page = out / f"compare_{c.name}.md", out / f"compare_{c.name}.html"
    md.write_text(markdown(c, missing), encoding="utf-8")
    page.write_text(html_report(c, missing), encoding="utf-8")
    return md, page
