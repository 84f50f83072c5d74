"""What every extractor shares: a match found in a paragraph's clean view, turned into a row.

Extraction is separate from normalization: an extractor's finder returns `Match`es (a span of the
view plus the normalized values parsed from it); `rows_for` maps the span back to the source and
builds the table row, so that `source[start:end] == text` holds by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipeline.model import Layout, Paragraph


@dataclass(frozen=True)
class Match:
    start: int  # index into the paragraph's view text
    end: int
    values: dict[str, Any] = field(default_factory=dict)  # the table's own columns


def rows_for(layout: Layout, para: Paragraph, matches: list[Match]) -> list[dict[str, Any]]:
    doc = layout.document
    rows = []
    for m in matches:
        start, end = para.view.source_span(m.start, m.end)
        rows.append(
            {
                "doc_id": doc.doc_id,
                "lang": doc.lang,
                "para": para.key,
                "text": doc.text[start:end],
                "start": start,
                "end": end,
                **m.values,
            }
        )
    return rows
