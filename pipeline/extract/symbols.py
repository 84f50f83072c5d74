"""Symbols extractor (placeholder until its issue lands: returns no rows)."""

from __future__ import annotations

from typing import Any

from pipeline.model import Segmented


def extract(seg: Segmented) -> list[dict[str, Any]]:
    return []
