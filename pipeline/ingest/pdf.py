"""PDF files through pipeline.readers (PDFium): the source text is exactly the reader's
(`pdf_source`, docs/readers.md), and every line's role and geometry goes with it."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.formats import Reading
from pipeline.ingest.structured import read_structured


def read(data: bytes, path: Path, encoding: str | None = None) -> Reading:
    """`encoding` is ignored: the file says how its text is encoded."""
    from pipeline.readers import read_pdf

    return read_structured(read_pdf, data)
