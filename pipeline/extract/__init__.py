"""Extract stage: one module per kind of mention, each `extract(Segmented) -> list[row]`.

Which kinds there are, and which module extracts each, is the registry's (pipeline/kinds.py).
"""

from __future__ import annotations

import importlib
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from pipeline.kinds import KINDS
from pipeline.model import Extraction, Segmented

Extractor = Callable[[Segmented], list[dict[str, Any]]]


def extractors() -> dict[str, Extractor]:
    """Table name -> extractor, in the registry's order. Imported here, not at module load, so a
    CLI run pays only for what it uses."""
    return {k.name: importlib.import_module(k.extractor).extract for k in KINDS}


def extract(seg: Segmented, kinds: list[str] | None = None) -> Extraction:
    """Every kind's rows (or those of `kinds`), then the registry's `yields_to` applied: a kind
    that yields to others is run with them even when they are not asked for."""
    wanted = [k.name for k in KINDS if kinds is None or k.name in kinds]
    needed = set(wanted) | {other for k in KINDS if k.name in wanted for other in k.yields_to}
    tables = {}
    for name, fn in extractors().items():
        if name in needed:
            tables[name] = sorted(fn(seg), key=lambda r: (r["start"], r["end"]))
    tables = apply_yields(tables)
    if seg.layout.opaque:
        tables = {name: outside(rows, seg.layout.opaque) for name, rows in tables.items()}
    return Extraction(layout=seg.layout, tables={name: tables[name] for name in wanted})


def apply_yields(tables: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """Each kind's rows less those that lie inside a row of a kind it yields to (pipeline/kinds.py
    `yields_to`: the place in 西非国家经济共同体 belongs to the organization). Source spans are
    compared, so the rule needs nothing of either extractor."""
    out = dict(tables)
    for kind in KINDS:
        rows = tables.get(kind.name)
        if not rows or not kind.yields_to:
            continue
        spans = sorted(
            (r["start"], r["end"]) for other in kind.yields_to for r in tables.get(other, [])
        )
        if spans:
            starts = [s for s, _ in spans]
            reach = list(accumulate((e for _, e in spans), max))  # widest end so far
            out[kind.name] = [r for r in rows if not inside(r["start"], r["end"], starts, reach)]
    return out


def outside(rows: list[dict[str, Any]], spans: tuple[tuple[int, int], ...]) -> list[dict[str, Any]]:
    """The rows that do not overlap an opaque span of the layout (a link to another document)."""
    return [r for r in rows if not any(a < r["end"] and r["start"] < b for a, b in spans)]


def inside(start: int, end: int, starts: list[int], reach: list[int]) -> bool:
    """[start, end) lies within a span: one of the spans starting at or before `start` ends at
    or after `end` (`starts` sorted, `reach[k]` the widest end of the first k + 1 spans)."""
    k = bisect_right(starts, start)
    return k > 0 and reach[k - 1] >= end
