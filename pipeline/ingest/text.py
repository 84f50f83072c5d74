"""Plain text: bytes decoded as they are (pipeline/ingest/decoding.py)."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.decoding import decode
from pipeline.ingest.formats import Reading


def read(data: bytes, path: Path) -> Reading:
    text, encoding = decode(data, path)
    return Reading(text, encoding)
