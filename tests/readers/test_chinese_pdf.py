"""Chinese PDFs laid out as ODS prints them, built here with reportlab's CID font: PDFium gives
the text back, the page furniture, the footnotes and a paragraph broken by a page break are
found by their geometry, with and without a space after every character."""

from __future__ import annotations

import pytest

from pipeline.readers import read_pdf
from tests.readers.pdf_build import (
    ZH_JOB,
    ZH_SYMBOL,
    chinese_resolution,
)

pytest.importorskip("reportlab")

SYMBOL, JOB = ZH_SYMBOL, ZH_JOB


@pytest.fixture(params=[False, True], ids=["plain", "letter-spaced"])
def built(request):
    data, pages = chinese_resolution(request.param)
    return read_pdf(data), pages


def _lines(result, role=None, page=None):
    return [
        result.text[ln.start : ln.end].rstrip()
        for ln in result.lines
        if (role is None or ln.role == role) and (page is None or ln.page == page)
    ]


def test_pdfium_gives_the_chinese_text_back(built) -> None:
    result, pages = built
    got = _lines(result)
    for spec in pages:
        for line in spec.body + spec.notes:
            assert line.rstrip() in got


def test_letter_spacing_stays_in_the_source() -> None:
    result = read_pdf(chinese_resolution(spaced=True)[0])
    assert "大 会 ，" in result.text and "大会，" not in result.text


def test_furniture_is_found_on_every_page_and_nothing_else_is(built) -> None:
    result, _ = built
    furniture = [(ln.page, result.text[ln.start : ln.end].strip()) for ln in result.lines
                 if ln.role == "furniture"]  # fmt: skip
    expected = {
        (0, f"{JOB} (C) 241018"),
        (0, "*" + JOB.replace("-", "") + "*"),
        (0, "_" * 18),
        (1, SYMBOL),
        (1, f"2/3 {JOB}"),
        (1, "_" * 18),
        (2, SYMBOL),
        (2, f"{JOB} 3/3"),
    }
    assert set(furniture) == expected


def test_footnotes_are_the_small_block_at_the_foot_with_their_numbers(built) -> None:
    result, pages = built
    notes = [(ln.page, ln.note, result.text[ln.start : ln.end].rstrip())
             for ln in result.lines if ln.role == "footnote"]  # fmt: skip
    assert notes == [(0, "1", pages[0].notes[0].rstrip()), (1, "2", pages[1].notes[0].rstrip())]


def test_a_paragraph_broken_by_the_page_break_has_only_furniture_and_notes_between(
    built,
) -> None:
    """The last body line of page 1 and the first of page 2 are text, and every line between
    them in the source is furniture or a footnote: the layout can join them."""
    result, pages = built
    spans = [(result.text[ln.start : ln.end].rstrip(), ln.role) for ln in result.lines]
    texts = [t for t, _ in spans]
    end_of_page1 = texts.index(pages[0].body[-1].rstrip())
    start_of_page2 = texts.index(pages[1].body[0].rstrip())
    assert spans[end_of_page1][1] == spans[start_of_page2][1] == "text"
    between = {role for _, role in spans[end_of_page1 + 1 : start_of_page2]}
    assert between and between <= {"furniture", "footnote"}


def test_body_lines_are_text(built) -> None:
    result, pages = built
    body = {line.rstrip() for spec in pages for line in spec.body}
    roles = {ln.role for ln in result.lines if result.text[ln.start : ln.end].rstrip() in body}
    assert roles == {"text"}
