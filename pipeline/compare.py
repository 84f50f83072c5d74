"""Compare the Chinese and English versions of one UN document.

`python -m pipeline compare ZH_FILE EN_FILE [--out DIR]`, or `--pairs FOLDER --out DIR` for every
`X.zh.*` / `X.en.*` pair in a folder. Both files go through the whole pipeline; their units are
aligned paragraph by paragraph, and for each aligned pair the normalized values of each mention
table (symbols, date values, org ids) are compared. The report (`DIR/compare_<X>.md` and `.html`)
lists per paragraph what one version has and the other lacks, with both texts side by side so a
person can tell an extraction error from a real difference between the versions, plus an
agreement score per table and the English/Chinese organization name pairs the gazetteer lacks.

Alignment:
1. anchors: units with the same paragraph number (or footnote number) in both versions, kept in
   increasing order on both sides;
2. between two anchors, the remaining units are aligned by dynamic programming over a score that
   combines shared fingerprints (numbers, symbols, date values, Latin tokens that occur in both
   documents), the length ratio of the two texts and their relative position.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.kinds import KIND_BY_NAME, MENTION_TABLES
from pipeline.model import Extraction, Paragraph

# Zones that correspond across versions; a unit of another zone pays a penalty to align.
ZONE_CLASS = {"front": "front", "toc": "toc", "heading": "heading", "body": "body"}
ZONE_CLASS.update({"footnote": "footnote", "annex": "annex"})
# Dynamic programming weights: a pair is aligned only when its score beats MATCH_THRESHOLD.
W_FINGERPRINT, W_LENGTH, W_POSITION = 0.5, 0.25, 0.25
MATCH_THRESHOLD = 0.3
ZONE_PENALTY = 0.5

# Fingerprint tokens: runs of digits (thousand separators removed) and Latin words.
NUMBER_RE = re.compile(r"\d+(?:[,.]\d{3})*")
LATIN_RE = re.compile(r"[A-Za-z][A-Za-z\-]*[A-Za-z]")
UN_PREFIX = {"zh": "联合国", "en": "United Nations "}


# -- the values compared --------------------------------------------------------------------------
def value_of(table: str, row: dict[str, Any]) -> str | None:
    """The normalized value a mention contributes to the comparison (None: not comparable)."""
    if table not in KIND_BY_NAME:
        raise ValueError(table)
    return KIND_BY_NAME[table].compare_value(row)


@dataclass
class Side:
    """One language version: its units and, per unit index, its mention rows by table."""

    extraction: Extraction
    units: list[Paragraph]
    rows: list[dict[str, list[dict[str, Any]]]]

    @property
    def lang(self) -> str:
        return self.extraction.layout.document.lang

    def values(self, k: int, table: str) -> set[str]:
        """The distinct values of a unit: a version that names a body twice where the other
        says "it" the second time does not disagree with it."""
        return {v for r in self.rows[k][table] if (v := value_of(table, r)) is not None}


def side_of(extraction: Extraction) -> Side:
    """Assign every mention row to its unit: same paragraph key, start inside the unit's span."""
    units = list(extraction.layout.paragraphs)
    rows: list[dict[str, list[dict[str, Any]]]] = [{t: [] for t in MENTION_TABLES} for _ in units]
    for table in MENTION_TABLES:
        for r in extraction.tables.get(table, []):
            best = None
            for k, p in enumerate(units):
                inside = p.key == str(r["para"]) and p.start <= r["start"] <= p.end
                # the innermost unit wins (a footnote inside its paragraph's span)
                if inside and (
                    best is None or p.end - p.start < units[best].end - units[best].start
                ):
                    best = k
            if best is not None:
                rows[best][table].append(r)
    return Side(extraction, units, rows)


# -- alignment ------------------------------------------------------------------------------------
@dataclass
class Pair:
    zh: int | None  # unit index in the Chinese side
    en: int | None
    how: str  # "number", "content", or "unmatched"


def anchor_key(p: Paragraph) -> str | None:
    """Units keyed by a number (paragraphs `17`, footnotes `fn3`) align by that key."""
    return p.key if p.number is not None else None


def fingerprints(side: Side, shared: set[str]) -> list[set[str]]:
    out = []
    for k, p in enumerate(side.units):
        toks = set(tokens(p.view.text)) & shared
        for t in MENTION_TABLES:
            toks |= {f"{t}:{v}" for v in side.values(k, t)}
        out.append(toks)
    return out


def tokens(text: str) -> list[str]:
    nums = [re.sub(r"[,.]", "", n) for n in NUMBER_RE.findall(text)]
    return nums + [w.lower() for w in LATIN_RE.findall(text)]


def align(zh: Side, en: Side) -> list[Pair]:
    """Monotonic one-to-one alignment of the two unit lists, gaps allowed."""
    en_by_key: dict[str, int] = {}
    for j, p in enumerate(en.units):
        if (key := anchor_key(p)) is not None:
            en_by_key.setdefault(key, j)
    anchors: list[tuple[int, int]] = []
    for i, p in enumerate(zh.units):
        key = anchor_key(p)
        j = en_by_key.get(key) if key is not None else None
        if j is not None and (not anchors or j > anchors[-1][1]):
            anchors.append((i, j))

    shared = set(tokens(" ".join(p.view.text for p in zh.units))) & set(
        tokens(" ".join(p.view.text for p in en.units))
    )
    fp_zh, fp_en = fingerprints(zh, shared), fingerprints(en, shared)
    len_zh = sum(len(p.view.text) for p in zh.units) or 1
    len_en = sum(len(p.view.text) for p in en.units) or 1
    ratio = len_en / len_zh  # English runs about three characters to a Chinese one

    def score(i: int, j: int, pos_i: float, pos_j: float) -> float:
        a, b = fp_zh[i], fp_en[j]
        fp = 2 * len(a & b) / (len(a) + len(b)) if a or b else 0.0
        x, y = len(zh.units[i].view.text) * ratio, len(en.units[j].view.text)
        length = min(x, y) / max(x, y) if max(x, y) else 1.0
        s = W_FINGERPRINT * fp + W_LENGTH * length + W_POSITION * (1 - abs(pos_i - pos_j))
        if ZONE_CLASS.get(zh.units[i].zone) != ZONE_CLASS.get(en.units[j].zone):
            s *= ZONE_PENALTY
        return s

    pairs: list[Pair] = []
    bounds = [(-1, -1), *anchors, (len(zh.units), len(en.units))]
    for (a_i, a_j), (b_i, b_j) in zip(bounds, bounds[1:], strict=False):
        pairs += _align_segment(list(range(a_i + 1, b_i)), list(range(a_j + 1, b_j)), score)
        if b_i < len(zh.units):
            pairs.append(Pair(b_i, b_j, "number"))
    return pairs


def _align_segment(zs: list[int], es: list[int], score: Any) -> list[Pair]:
    """Needleman-Wunsch over one stretch between anchors; gaps cost nothing, a match gains
    score - MATCH_THRESHOLD."""
    n, m = len(zs), len(es)
    if not n or not m:
        return [Pair(i, None, "unmatched") for i in zs] + [Pair(None, j, "unmatched") for j in es]
    gain = [
        [score(zs[a], es[b], (a + 0.5) / n, (b + 0.5) / m) - MATCH_THRESHOLD for b in range(m)]
        for a in range(n)
    ]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            best[a][b] = max(best[a + 1][b], best[a][b + 1], gain[a][b] + best[a + 1][b + 1])
    out: list[Pair] = []
    a = b = 0
    while a < n or b < m:
        if a < n and b < m and gain[a][b] > 0 and best[a][b] == gain[a][b] + best[a + 1][b + 1]:
            out.append(Pair(zs[a], es[b], "content"))
            a, b = a + 1, b + 1
        elif a < n and (b == m or best[a][b] == best[a + 1][b]):
            out.append(Pair(zs[a], None, "unmatched"))
            a += 1
        else:
            out.append(Pair(None, es[b], "unmatched"))
            b += 1
    return out


# -- comparison -----------------------------------------------------------------------------------
@dataclass
class Diff:
    # counts over units: a value common to three aligned pairs counts three times
    common: Counter[str] = field(default_factory=Counter)
    only_zh: Counter[str] = field(default_factory=Counter)
    only_en: Counter[str] = field(default_factory=Counter)

    def add(self, other: Diff) -> None:
        self.common += other.common
        self.only_zh += other.only_zh
        self.only_en += other.only_en

    @property
    def agreement(self) -> float | None:
        """Dice over the values of the two versions, unit by unit: 1.0 when every aligned pair
        gives the same set of values."""
        n_common = sum(self.common.values())
        total = 2 * n_common + sum(self.only_zh.values()) + sum(self.only_en.values())
        return 2 * n_common / total if total else None

    @property
    def disagrees(self) -> bool:
        return bool(self.only_zh or self.only_en)


def diff_values(zh: set[str], en: set[str]) -> Diff:
    return Diff(common=Counter(zh & en), only_zh=Counter(zh - en), only_en=Counter(en - zh))


@dataclass
class NamePair:
    zh: str
    en: str
    org_ids: set[str] = field(default_factory=set)
    where: list[str] = field(default_factory=list)  # "zh-key/en-key" of the aligned pairs
    how: str = ""  # "same id", "only unmatched names", "by order"


@dataclass
class Comparison:
    name: str
    zh: Side
    en: Side
    pairs: list[Pair]
    diffs: list[dict[str, Diff]]  # per pair, per table
    totals: dict[str, Diff]
    document_totals: dict[str, Diff]  # values compared over the whole document, no alignment
    name_pairs: list[NamePair]


def compare(zh_ex: Extraction, en_ex: Extraction, name: str = "") -> Comparison:
    zh, en = side_of(zh_ex), side_of(en_ex)
    pairs = align(zh, en)
    diffs: list[dict[str, Diff]] = []
    totals = {t: Diff() for t in MENTION_TABLES}
    for pair in pairs:
        d = {}
        for t in MENTION_TABLES:
            a = zh.values(pair.zh, t) if pair.zh is not None else set()
            b = en.values(pair.en, t) if pair.en is not None else set()
            d[t] = diff_values(a, b)
            totals[t].add(d[t])
        diffs.append(d)
    document_totals = {
        t: diff_values(
            set().union(*(zh.values(k, t) for k in range(len(zh.units)))),
            set().union(*(en.values(k, t) for k in range(len(en.units)))),
        )
        for t in MENTION_TABLES
    }
    name = name or f"{zh_ex.layout.document.doc_id}__{en_ex.layout.document.doc_id}"
    return Comparison(
        name, zh, en, pairs, diffs, totals, document_totals, org_name_pairs(zh, en, pairs)
    )


def _clean_name(name: str, lang: str) -> str:
    name = re.sub(r"\s+", "" if lang == "zh" else " ", name).strip()
    if lang == "zh":
        import zhconv

        name = zhconv.convert(name, "zh-hans")
    return name


def org_name_pairs(zh: Side, en: Side, pairs: list[Pair]) -> list[NamePair]:
    """English/Chinese name pairs suggested by organization mentions of aligned paragraphs.

    - mentions of the same org id in both versions pair their names as written;
    - the mentions left over in both (unlinked, or linked to an id the other version lacks)
      pair up when there is one on each side and at least one of the two is unlinked, or in
      order of appearance when both sides have the same number of them.
    """
    found: dict[tuple[str, str], NamePair] = {}

    def note(z: dict[str, Any], e: dict[str, Any], where: str, how: str) -> None:
        key = (_clean_name(z["text"], "zh"), _clean_name(e["text"], "en"))
        np_ = found.setdefault(key, NamePair(key[0], key[1], how=how))
        np_.org_ids |= {i for i in (z.get("org_id"), e.get("org_id")) if i}
        if where not in np_.where:
            np_.where.append(where)

    for pair in pairs:
        if pair.zh is None or pair.en is None:
            continue
        where = f"{zh.units[pair.zh].key}/{en.units[pair.en].key}"
        zr = zh.rows[pair.zh]["organizations"]
        er = en.rows[pair.en]["organizations"]
        zh_ids = {r.get("org_id") for r in zr if r.get("org_id")}
        en_ids = {r.get("org_id") for r in er if r.get("org_id")}
        for oid in zh_ids & en_ids:
            z_names = _first_by_name([r for r in zr if r.get("org_id") == oid], "zh")
            e_names = _first_by_name([r for r in er if r.get("org_id") == oid], "en")
            for z in z_names:
                for e in e_names:
                    note(z, e, where, "same id")
        z_left = _first_by_name([r for r in zr if r.get("org_id") not in en_ids], "zh")
        e_left = _first_by_name([r for r in er if r.get("org_id") not in zh_ids], "en")
        if len(z_left) == 1 and len(e_left) == 1:
            # two names linked to two different ids are two known bodies, not one name pair
            if not (z_left[0].get("org_id") and e_left[0].get("org_id")):
                note(z_left[0], e_left[0], where, "only unmatched names")
        elif z_left and len(z_left) == len(e_left):
            for z, e in zip(z_left, e_left, strict=True):
                note(z, e, where, "by order")
    return sorted(found.values(), key=lambda p: (-len(p.where), p.en))


def _first_by_name(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: r["start"]):
        seen.setdefault(_clean_name(r["text"], lang), r)
    return list(seen.values())


def gazetteer_names() -> list[tuple[set[str], set[str]]]:
    """(Chinese names, English names) of every gazetteer record; [] where there is none yet."""
    from pipeline.resources import RESOURCES, load_yaml
    from pipeline.segment.lexicon import GAZETTEER

    if not (RESOURCES / GAZETTEER).exists():
        return []
    records = (load_yaml(GAZETTEER) or {}).get("organizations") or []
    out = []
    for r in records:
        zh = {r.get("name_zh") or "", *(r.get("short_zh") or []), *(r.get("aliases_zh") or [])}
        en = {r.get("name_en") or "", r.get("acronym") or "", *(r.get("aliases_en") or [])}
        ambiguous = r.get("ambiguous") or []  # still names of the record, in either language
        zh |= {n for n in ambiguous if _has_cjk(n)}
        en |= {n for n in ambiguous if not _has_cjk(n)}
        out.append(
            ({_clean_name(n, "zh") for n in zh if n}, {_clean_name(n, "en") for n in en if n})
        )
    return out


def _has_cjk(s: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in s)


def _variants(name: str, lang: str) -> set[str]:
    """The name with and without its UN prefix (the matcher adds it, the gazetteer omits it)."""
    prefix = UN_PREFIX[lang]
    out = {name}
    if name.startswith(prefix):
        out.add(name[len(prefix) :].strip())
    return out


def missing_from_gazetteer(
    name_pairs: list[NamePair], records: list[tuple[set[str], set[str]]]
) -> list[NamePair]:
    """The pairs no gazetteer record knows under both names."""
    out = []
    for np_ in name_pairs:
        zv, ev = _variants(np_.zh, "zh"), _variants(np_.en, "en")
        if not any(zv & zh_names and ev & en_names for zh_names, en_names in records):
            out.append(np_)
    return out


# -- report ---------------------------------------------------------------------------------------
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


# -- command line ---------------------------------------------------------------------------------
PAIR_RE = re.compile(r"^(?P<stem>.+)\.(?P<lang>zh|en)$")


def find_pairs(folder: Path) -> list[tuple[str, Path, Path]]:
    """(X, X.zh.*, X.en.*) for every X with both versions in the folder (not recursive)."""
    from pipeline.ingest import INPUT_SUFFIXES, doc_id_for

    by_stem: dict[str, dict[str, Path]] = {}
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES:
            m = PAIR_RE.match(doc_id_for(f))
            if m:
                by_stem.setdefault(m["stem"], {})[m["lang"]] = f
    return [(s, v["zh"], v["en"]) for s, v in sorted(by_stem.items()) if len(v) == 2]


def pair_name(zh_path: Path, en_path: Path) -> str:
    from pipeline.ingest import doc_id_for

    a, b = PAIR_RE.match(doc_id_for(zh_path)), PAIR_RE.match(doc_id_for(en_path))
    if a and b and a["stem"] == b["stem"]:
        return a["stem"]
    return f"{doc_id_for(zh_path)}__{doc_id_for(en_path)}"


def run_pair(zh_path: Path, en_path: Path, out: Path, name: str | None = None) -> Comparison:
    from pipeline.ingest import read_document
    from pipeline.runner import process

    for path, lang in ((zh_path, "zh"), (en_path, "en")):
        detected = read_document(path).lang
        if detected != lang:
            print(f"warning: {path}: reads as {detected}, compared as {lang}", file=sys.stderr)
    name = name or pair_name(zh_path, en_path)
    c = compare(process(zh_path, lang="zh"), process(en_path, lang="en"), name)
    md, page = write_report(c, out)
    scores = ", ".join(
        f"{t} {a:.2f}" if (a := c.totals[t].agreement) is not None else f"{t} n/a"
        for t in MENTION_TABLES
    )
    print(f"{c.name}: {scores} -> {md}, {page.name}")
    return c


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline compare",
        description="Align the Chinese and English versions of a UN document and report the "
        "symbols, date values and org ids found in one version but not the other.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="ZH_FILE EN_FILE")
    parser.add_argument("--pairs", metavar="FOLDER", help="compare every X.zh.*/X.en.* pair")
    parser.add_argument("--out", default="output", help="report folder (default: output)")
    args = parser.parse_args(argv)
    from pipeline.ingest import InputError

    out = Path(args.out)
    if args.pairs:
        if args.files:
            parser.error("give either ZH_FILE EN_FILE or --pairs FOLDER, not both")
        folder = Path(args.pairs)
        if not folder.is_dir():
            print(f"error: {folder}: no such folder", file=sys.stderr)
            return 2
        pairs = find_pairs(folder)
        if not pairs:
            print(f"{folder}: no X.zh.*/X.en.* pairs to compare")
            return 0
    elif len(args.files) == 2:
        pairs = [(None, Path(args.files[0]), Path(args.files[1]))]
    else:
        parser.error("give ZH_FILE EN_FILE, or --pairs FOLDER")
    failed = 0
    for stem, zh_path, en_path in pairs:
        try:
            run_pair(zh_path, en_path, out, stem)
        except InputError as e:
            print(f"error: {e}", file=sys.stderr)
            failed += 1
        except OSError as e:
            print(f"error: {out}: cannot write report ({e})", file=sys.stderr)
            failed += 1
    return 1 if failed else 0
