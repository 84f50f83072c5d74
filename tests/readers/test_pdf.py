"""The source text of a PDF (docs/readers.md) and the reader's errors and limits, on PDFs
built in the test."""

from __future__ import annotations

import io

import pytest

from pipeline.readers import (
    PART_BREAK,
    EncryptedError,
    NoTextError,
    NotReadableError,
    TooLargeError,
    pdf_source,
    read_pdf,
)
from tests.readers.pdf_build import image_only_pdf, text_only_pdf

pytest.importorskip("reportlab")

PAGES = [
    ["First page, first line", "second line"],
    ["Second page"],
    ["Third page, line one", "line two", "line three"],
]


def _raw_pages(data: bytes) -> list[str]:
    """Each page's text straight from PDFium, for comparison."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    out = [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    doc.close()
    return out


def test_pages_are_pdfiums_text_joined_by_a_form_feed_line() -> None:
    data = text_only_pdf(PAGES)
    result = read_pdf(data)
    raw = [t.replace("\r\n", "\n") for t in _raw_pages(data)]
    assert result.text == PART_BREAK.join(raw) + "\n"
    assert "\r" not in result.text and result.text.count("\f") == len(PAGES) - 1
    for page, expected in zip(result.pages, raw, strict=True):
        assert result.text[page.start : page.end] == expected
        assert (page.width, page.height) == (612.0, 792.0)


def test_every_line_is_a_span_of_the_text_on_its_page() -> None:
    result = read_pdf(text_only_pdf(PAGES))
    got = [(ln.page, result.text[ln.start : ln.end]) for ln in result.lines]
    assert got == [(k, line) for k, lines in enumerate(PAGES) for line in lines]
    for ln in result.lines:
        page = result.pages[ln.page]
        assert page.start <= ln.start < ln.end <= page.end
        x0, top, x1, bottom = ln.bbox
        assert 0 <= x0 < x1 <= page.width and 0 <= top < bottom <= page.height
        assert ln.font_size == pytest.approx(10.0, abs=0.1) and ln.bold is False


def test_source_of_path_bytes_and_without_geometry_is_one_string(tmp_path) -> None:
    data = text_only_pdf(PAGES)
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    text = read_pdf(data).text
    assert pdf_source(data) == pdf_source(path) == pdf_source(str(path)) == text
    assert read_pdf(data, geometry=False).text == text


def test_a_hyphen_that_ends_a_line_is_kept_as_a_hyphen() -> None:
    """PDFium joins `tuberculosis-` / `associated` into one line and marks the hyphen U+FFFE;
    the source has "-" in its place."""
    data = text_only_pdf([["deaths from tuberculosis-", "associated diseases"]])
    assert "\ufffe" in _raw_pages(data)[0]
    text = pdf_source(data)
    assert "tuberculosis-associated" in text and "\ufffe" not in text


def test_an_empty_password_pdf_opens_and_a_real_password_is_a_clear_error() -> None:
    pytest.importorskip("cryptography")
    from pypdf import PdfReader, PdfWriter

    def encrypted(user_password: str) -> bytes:
        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_only_pdf(PAGES))))
        writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-256")
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()

    plain = pdf_source(text_only_pdf(PAGES))
    assert pdf_source(encrypted("")) == plain
    locked = encrypted("secret")
    with pytest.raises(EncryptedError, match="password") as info:
        read_pdf(locked)
    assert "\n" not in str(info.value)
    assert pdf_source(locked, password="secret") == plain


def test_a_pdf_without_a_text_layer_says_so() -> None:
    with pytest.raises(NoTextError, match="no text layer"):
        read_pdf(image_only_pdf())


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\ngarbage", b"just some text"])
def test_what_is_no_pdf_is_a_one_line_error(data: bytes) -> None:
    with pytest.raises(NotReadableError) as info:
        read_pdf(data)
    assert "\n" not in str(info.value)


def test_a_missing_file_is_a_reader_error(tmp_path) -> None:
    with pytest.raises(NotReadableError):
        read_pdf(tmp_path / "absent.pdf")


def test_page_and_text_limits() -> None:
    data = text_only_pdf(PAGES)
    with pytest.raises(TooLargeError, match="3 pages"):
        read_pdf(data, max_pages=2)
    with pytest.raises(TooLargeError, match="characters"):
        read_pdf(data, max_chars=30)
    assert read_pdf(data, max_pages=3, max_chars=1000).text
