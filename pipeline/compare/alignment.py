"""Aligning the units of two language versions of a document, paragraph by paragraph, and the
values of each kind of mention each unit contributes."""

from __future__ import annotations

import re
from dataclasses import dataclass
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
