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
from dataclasses import dataclass, replace
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


def analyze(document: Document, date: str | None = None) -> Extraction:
    """layout -> segment -> extract, for a decoded document. `date` (ISO): the document's own
    date where the caller knows it; it stands for the date the layout reads from the document
    (a dateline, the distribution date), which gives a year-less date its year."""
    with cyclic_gc_paused():
        laid_out = with_date(layout.analyze(document), date)
        segmented = segment.segment(laid_out)
        return extract(segmented)


def with_date(laid_out: Layout, date: str | None) -> Layout:
    """The layout with the document's date set to `date` (None: as the document states it)."""
    if date is None:
        return laid_out
    return replace(laid_out, metadata={**laid_out.metadata, "date": date})


def extract_document(document: Document, date: str | None = None) -> Result:
    """A decoded document's tables."""
    extraction = analyze(document, date)
    return Result(extraction, document_tables(extraction))


def process(
    path: str | Path,
    lang: str | None = None,
    encoding: str | None = None,
    doc_id: str | None = None,
) -> Extraction:
    """ingest -> layout -> segment -> extract. Raises ingest.InputError for bad input."""
    with cyclic_gc_paused():
        return analyze(ingest.read_document(path, lang=lang, encoding=encoding, doc_id=doc_id))


def extract_file(
    path: str | Path,
    lang: str | None = None,
    date: str | None = None,
    strict: bool = False,
    encoding: str | None = None,
    doc_id: str | None = None,
) -> Result:
    """An input file's tables (`lang`, `encoding`: None to detect them; `date`: the document's
    own date, for year-less dates; `strict`: refuse a text that does not look like a UN
    document; `doc_id`: by default the file's stem, see ingest.doc_ids). Raises
    ingest.InputError."""
    with cyclic_gc_paused():
        document = ingest.read_document(
            path, lang=lang, strict=strict, encoding=encoding, doc_id=doc_id
        )
        return extract_document(document, date)


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
