"""The pipeline, stage after stage, for one document."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline import ingest, layout, segment
from pipeline.extract import extract
from pipeline.model import Extraction


def process(path: str | Path, lang: str | None = None) -> Extraction:
    """ingest -> layout -> segment -> extract. Raises ingest.InputError for bad input."""
    with cyclic_gc_paused():
        document = ingest.read_document(path, lang=lang)
        laid_out = layout.analyze(document)
        segmented = segment.segment(laid_out)
        return extract(segmented)


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a document runs. The stages make tens of thousands of
    short-lived tuples, lists and dicts, and each 700 of them start a collection pass; but they
    form no reference cycles (tests/test_run.py checks that a collection after a document finds
    nothing), so reference counting frees all of them and those passes only cost time (about 5%
    of a document). The collector is switched back on afterwards, as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
