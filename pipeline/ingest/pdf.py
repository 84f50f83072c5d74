"""PDF files: the text layer of every page (pypdf), pages separated by a form feed line."""

from __future__ import annotations

import io
from pathlib import Path

from pipeline.ingest.formats import FormatError, Reading, tidy

PAGE_BREAK = "\f"  # between PDF pages, on a line of its own (a blank line to the layout stage)


def read(data: bytes, path: Path, encoding: str | None = None) -> Reading:
    """`encoding` is ignored: the file says how its text is encoded."""
    return Reading(tidy(pdf_text(data)), "utf-8")


def pdf_text(data: bytes) -> str:
    """The text layer of every page (pypdf), pages separated by a form feed line. A PDF whose
    pages have no text is a scan: it needs OCR, which this tool does not do."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are about repairs it made
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FormatError("encrypted PDF (a password is needed)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except FormatError:
        raise
    except DependencyError as e:  # AES needs a cryptography package that pypdf does not bring
        raise FormatError(
            "encrypted PDF (AES) that this PDF reader cannot decrypt without the 'cryptography'"
            " package: install it, or save the PDF without encryption"
        ) from e
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError) as e:
        raise FormatError(f"not a readable PDF ({type(e).__name__}: {e})") from e
    if not pages:
        raise FormatError("PDF has no pages")
    if not any(p.strip() for p in pages):
        raise FormatError(
            f"PDF has no text layer ({len(pages)} pages, scanned images?): run OCR first"
        )
    return f"\n{PAGE_BREAK}\n".join(p.strip("\n") for p in pages)
