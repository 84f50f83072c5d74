"""Roles of PDF lines from their geometry (placeholder until step 2 lands)."""

from __future__ import annotations

from pipeline.readers.model import Page


def assign_roles(lines: list, pages: list[Page]) -> list[tuple[str, str | None]]:
    return [("text", None)] * len(lines)
