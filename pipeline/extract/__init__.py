"""Extract stage: one module per kind of mention, each `extract(Segmented) -> list[row]`.

Which kinds there are, and which module extracts each, is the registry's (pipeline/kinds.py).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from pipeline.kinds import KINDS
from pipeline.model import Extraction, Segmented

Extractor = Callable[[Segmented], list[dict[str, Any]]]


def extractors() -> dict[str, Extractor]:
    """Table name -> extractor, in the registry's order. Imported here, not at module load, so a
    CLI run pays only for what it uses."""
    return {k.name: importlib.import_module(k.extractor).extract for k in KINDS}


def extract(seg: Segmented, kinds: list[str] | None = None) -> Extraction:
    tables = {}
    for name, fn in extractors().items():
        if kinds is None or name in kinds:
            tables[name] = sorted(fn(seg), key=lambda r: (r["start"], r["end"]))
    return Extraction(layout=seg.layout, tables=tables)
