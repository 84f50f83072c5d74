"""What the PDF and Word readers share in ingest: a reader's result as a Reading, its errors
as one-line FormatErrors.

The source text is the reader's text as it is: gold annotations of PDF and Word files point
into exactly that text (and pin it by its hash), so no tidying happens here. The reader's
lines become model.SourceLine (1-based pages; a Word file, which has no pages, is page 1).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.ingest.formats import FormatError, Reading
from pipeline.model import SourceLine

if TYPE_CHECKING:
    from pipeline.readers import ReadResult


def read_structured(reader: Callable[[bytes], ReadResult], data: bytes) -> Reading:
    from pipeline.readers import ReaderError

    try:
        result = reader(data)
    except ReaderError as e:
        raise FormatError(str(e)) from None
    lines = tuple(
        SourceLine(
            ln.start,
            ln.end,
            page=ln.page + 1 if ln.page is not None else 1,
            bbox=ln.bbox,
            font_size=ln.font_size,
            bold=ln.bold,
            role=ln.role,
            note=ln.note,
            cells=ln.cells,
        )
        for ln in result.lines
    )
    return Reading(result.text, "utf-8", lines)
