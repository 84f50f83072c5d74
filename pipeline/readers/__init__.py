"""Readers of real UN files: PDF (through PDFium) and Word .docx, by their layout.

Each returns a ReadResult: the source text (what every offset of every table points into,
saved as source.txt), its pages, and its lines with geometry and a role. docs/readers.md gives
the rules. This package imports nothing of the pipeline: the standard library and pypdfium2.
"""

from pathlib import Path

from pipeline.readers.docx import docx_source, read_docx
from pipeline.readers.model import (
    PART_BREAK,
    ROLES,
    EncryptedError,
    Line,
    NoTextError,
    NotReadableError,
    Page,
    ReaderError,
    ReadResult,
    TooLargeError,
)
from pipeline.readers.pdf import pdf_source, read_pdf


def source_text(path: str | Path) -> str:
    """The source text of a PDF or .docx file (the name tests/gold/build_gold.py imports)."""
    return (docx_source if str(path).lower().endswith(".docx") else pdf_source)(path)


__all__ = [
    "PART_BREAK",
    "ROLES",
    "EncryptedError",
    "Line",
    "NoTextError",
    "NotReadableError",
    "Page",
    "ReadResult",
    "ReaderError",
    "TooLargeError",
    "docx_source",
    "pdf_source",
    "read_docx",
    "read_pdf",
    "source_text",
]
