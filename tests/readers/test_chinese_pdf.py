"""Chinese PDFs laid out as ODS prints them, built here with reportlab's CID font: PDFium gives
the text back, the page furniture, the footnotes and a paragraph broken by a page break are
found by their geometry, with and without a space after every character."""

from __future__ import annotations

import pytest

from pipeline.readers import read_pdf
from tests.readers.pdf_build import PageSpec, letter_spaced, ods_pdf

pytest.importorskip("reportlab")

SYMBOL = "A/RES/73/3"
JOB = "18-16895"
MASTHEAD = "联合国 A/RES/73/3"
# A paragraph that a page break interrupts: its last line on page 1, its end on page 2.
PAGE1 = [
    "大会，",
    "回顾其2015年9月25日第70/1号决议，其中通过了题为“变革我们的",
    "世界：2030年可持续发展议程”的成果文件，1",
    "1. 重申致力于到2030年在全球终结结核病流行，并承诺为此采取紧",
    "急行动，加强国家和全球的集体行动、投资和创新，以防治这一可预",
]
PAGE2 = [
    "防和可治疗的疾病；",
    "2. 请秘书长在世界卫生组织的支持下，于2020年提交一份进度报告，2",
    "说明在实现商定的结核病目标方面取得的进展；",
]
PAGE3 = ["3. 决定在2023年召开一次关于防治结核病的高级别会议。"]
NOTES1 = ["1 第70/1号决议。"]
NOTES2 = ["2 见世界卫生组织，WHA71/2018/REC/1号文件。"]


def _build(spaced: bool) -> tuple[bytes, list[PageSpec]]:
    f = letter_spaced if spaced else (lambda s: s)
    pages = [
        PageSpec([f(s) for s in PAGE1], [f(s) for s in NOTES1]),
        PageSpec([f(s) for s in PAGE2], [f(s) for s in NOTES2]),
        PageSpec([f(s) for s in PAGE3]),
    ]
    return ods_pdf(pages, SYMBOL, JOB, f(MASTHEAD), font="STSong-Light"), pages


@pytest.fixture(params=[False, True], ids=["plain", "letter-spaced"])
def built(request):
    data, pages = _build(request.param)
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
    result = read_pdf(_build(spaced=True)[0])
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
