"""The runner: from an input file (or a decoded Document) to its tables, stage after stage.

    file ──ingest──▶ Document ──layout──▶ Layout ──segment──▶ Segmented ──extract──▶ Extraction
                                                                              └──tables──▶ rows

Everything that runs documents goes through here: the CLI and corpus mode (`extract_file`, then
`tables.write_document`), Dask workers, `compare` and the bench. Bad input raises
`ingest.InputError`.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline import ingest, layout, segment
from pipeline.extract import extract
from pipeline.model import Document, Extraction, Layout
from pipeline.tables import document_tables


@dataclass(frozen=True)
class Result:
    """One document's extraction and the rows of all its tables (paragraphs first, then each
    kind of mention of pipeline.kinds), as the tables stage writes them."""

    extraction: Extraction
    tables: dict[str, list[dict[str, Any]]]

    @property
    def layout(self) -> Layout:
        return self.extraction.layout

    @property
    def document(self) -> Document:
        return self.extraction.layout.document


def analyze(document: Document) -> Extraction:
    """layout -> segment -> extract, for a decoded document."""
    with cyclic_gc_paused():
        laid_out = layout.analyze(document)
        segmented = segment.segment(laid_out)
        return extract(segmented)


def extract_document(document: Document) -> Result:
    """A decoded document's tables."""
    extraction = analyze(document)
    return Result(extraction, document_tables(extraction))


def process(path: str | Path, lang: str | None = None, doc_id: str | None = None) -> Extraction:
    """ingest -> layout -> segment -> extract. Raises ingest.InputError for bad input."""
    with cyclic_gc_paused():
        return analyze(ingest.read_document(path, lang=lang, doc_id=doc_id))


def extract_file(path: str | Path, lang: str | None = None, doc_id: str | None = None) -> Result:
    """An input file's tables (`lang`: None to detect it; `doc_id`: by default the file's stem,
    see ingest.doc_ids). Raises ingest.InputError."""
    with cyclic_gc_paused():
        return extract_document(ingest.read_document(path, lang=lang, doc_id=doc_id))


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a document runs. The stages make tens of thousands of
    short-lived tuples, lists and dicts, and each 700 of them start a collection pass; but they
    form no reference cycles (tests/test_run.py checks that a collection after a document finds
    nothing), so reference counting frees all of them and those passes only cost time (about 5%
    of a document). The collector is switched back on afterwards, as it was (nested: the
    outermost pause decides)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
