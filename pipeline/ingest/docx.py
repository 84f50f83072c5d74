"""Word .docx files through pipeline.readers: the source text is exactly the reader's
(`docx_source`: the masthead, the body with Word's numbers, table rows, the footnotes part,
the headers and footers; docs/readers.md), and every line's role goes with it."""

from __future__ import annotations

from pathlib import Path

from pipeline.ingest.formats import Reading
from pipeline.ingest.structured import read_structured


def read(data: bytes, path: Path, encoding: str | None = None) -> Reading:
    """`encoding` is ignored: the file says how its text is encoded."""
    from pipeline.readers import read_docx

    return read_structured(read_docx, data)
