"""Plain text: bytes decoded as they are (pipeline/ingest/decoding.py)."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.decoding import decode_text
from pipeline.ingest.formats import Reading


def read(data: bytes, path: Path, encoding: str | None = None) -> Reading:
    decoded = decode_text(data, path, encoding)
    return Reading(decoded.text, decoded.encoding, warnings=_warnings(decoded.warning))


def _warnings(warning: str) -> tuple[str, ...]:
    return (warning,) if warning else ()
