"""The pipeline, stage after stage, for one document."""

from __future__ import annotations

from pathlib import Path

from pipeline import ingest, layout, segment
from pipeline.extract import extract
from pipeline.model import Extraction


def process(path: str | Path, lang: str | None = None) -> Extraction:
    """ingest -> layout -> segment -> extract. Raises ingest.InputError for bad input."""
    document = ingest.read_document(path, lang=lang)
    laid_out = layout.analyze(document)
    segmented = segment.segment(laid_out)
    return extract(segmented)
