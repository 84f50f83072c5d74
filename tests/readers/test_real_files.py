"""The readers on the real UN files of ../shared/files (skipped when absent): source rule,
page furniture, footnotes, tables and headings found by geometry, PDF and Word agreeing."""

from __future__ import annotations

import re
from functools import cache

import pytest

from pipeline.readers import PART_BREAK, ReadResult, read_docx, read_pdf
from tests.readers.conftest import FILES, ODS_PDFS, real_file

# What ODS page furniture looks like: job numbers with page marks, the first page's job line,
# barcodes, the 2009 layout's `GE.` number and `Page n`.
FURNITURE = re.compile(
    r"\s*(?:(?:\d+/\d+\s+)?\d{2}-\d{5}(?:\s+\(\w\)\s+\d{6})?(?:\s+\d+/\d+)?"
    r"|\*\d{7,8}\*|GE\.\d{2}-\d{5}|Page \d+)\s*"
)
FIGURE = re.compile(r"(?<![\w.])\(?\$?\d{1,3}(?: \d{3})*\.\d\)?%?(?![\w.])")
PARAGRAPH_NUMBER = re.compile(r"\s*(\d{1,3})\.\s")
CHAPTER = re.compile(r"\s*([IVX]+)\.\s")


@cache
def pdf(name: str) -> ReadResult:
    return read_pdf(real_file(name))


@cache
def docx(name: str) -> ReadResult:
    return read_docx(real_file(name))


def line_text(result: ReadResult, line) -> str:
    return result.text[line.start : line.end]


def pdf_names() -> list[str]:
    return [p.name for p in sorted(FILES.glob("*.pdf"))] if FILES.is_dir() else ["absent.pdf"]


@pytest.mark.parametrize("name", pdf_names())
def test_source_is_the_pages_joined_and_lines_cover_every_line(name: str) -> None:
    result = pdf(name)
    text = result.text
    pages = [text[p.start : p.end] for p in result.pages]
    assert text == PART_BREAK.join(pages) + "\n"
    assert "\r" not in text and "\ufffe" not in text and text.count("\f") == len(pages) - 1
    expected = [
        (k, m.start() + result.pages[k].start)
        for k, page in enumerate(pages)
        for m in re.finditer(r"[^\n]+", page)
        if m.group().strip()
    ]
    assert [(ln.page, ln.start) for ln in result.lines] == expected
    assert all("\n" not in line_text(result, ln) for ln in result.lines)


@pytest.mark.parametrize("name", ODS_PDFS)
def test_every_page_has_furniture_and_no_furniture_string_is_anything_else(name: str) -> None:
    result = pdf(name)
    pages_with = {ln.page for ln in result.lines if ln.role == "furniture"}
    assert pages_with == set(range(len(result.pages)))
    leaked = [
        line_text(result, ln)
        for ln in result.lines
        if ln.role != "furniture" and FURNITURE.fullmatch(line_text(result, ln))
    ]
    assert leaked == []
    symbols = [ln for ln in result.lines if ln.role == "furniture" and ln.page > 0]
    assert all(len(line_text(result, ln)) < 90 for ln in symbols)


def test_the_resolutions_footnotes_are_footnotes_numbered_in_order() -> None:
    result = pdf("A_RES_73_3-EN.pdf")
    notes = [ln for ln in result.lines if ln.role == "footnote"]
    numbers = list(dict.fromkeys(ln.note for ln in notes))
    assert len(numbers) >= 5 and numbers == [str(k) for k in range(1, len(numbers) + 1)]
    body = [ln for ln in result.lines if ln.role == "text"]
    for note in notes:
        on_page = [ln for ln in body if ln.page == note.page]
        assert all(ln.bbox[3] <= note.bbox[1] for ln in on_page)  # below all text of its page
        assert note.font_size < min(ln.font_size for ln in on_page)
        # the first line of each note starts with its number
    for number in numbers:
        first = next(ln for ln in notes if ln.note == number)
        assert line_text(result, first).split()[0] == number


def test_budget_tables_are_tables_and_numbered_paragraphs_are_not() -> None:
    result = pdf("A_80_590-EN.pdf")
    figures = [ln for ln in result.lines if len(FIGURE.findall(line_text(result, ln))) >= 3]
    assert len(figures) >= 30
    assert [line_text(result, ln) for ln in figures if ln.role != "table"] == []
    numbered = [ln for ln in result.lines if PARAGRAPH_NUMBER.match(line_text(result, ln))]
    paragraphs = [ln for ln in numbered if ln.font_size >= 10 and ln.bbox[0] > 100]
    assert len(paragraphs) >= 70
    assert all(ln.role != "table" for ln in paragraphs)


def test_tables_of_the_information_note_are_found() -> None:
    result = pdf("A_INF_76_1-EN.pdf")
    rows = [
        ln for ln in result.lines if re.search(r"\b20[23]\d\b.*\b20[23]\d\b", line_text(result, ln))
    ]
    assert len(rows) >= 10 and all(ln.role == "table" for ln in rows)


def test_chapter_headings_are_headings_in_pdf_and_word_alike() -> None:
    def chapters(result: ReadResult) -> list[str]:
        return [
            m.group(1)
            for ln in result.lines
            if ln.role == "heading" and (m := CHAPTER.match(line_text(result, ln)))
        ]

    from_pdf = chapters(pdf("A_80_590-EN.pdf"))
    assert from_pdf[:7] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    assert from_pdf == chapters(docx("A_80_590-EN.docx"))


def test_pdf_and_word_give_the_same_paragraph_and_footnote_numbers() -> None:
    def numbers(result: ReadResult) -> list[int]:
        return [
            int(m.group(1))
            for ln in result.lines
            if ln.role == "text" and (m := PARAGRAPH_NUMBER.match(line_text(result, ln)))
        ]

    def notes(result: ReadResult) -> list[str | None]:
        return list(dict.fromkeys(ln.note for ln in result.lines if ln.role == "footnote"))

    a, b = pdf("A_80_590-EN.pdf"), docx("A_80_590-EN.docx")
    assert numbers(a) == numbers(b) and len(numbers(a)) >= 70
    assert notes(a) == notes(b) == ["1"]


def test_word_tables_headings_and_furniture() -> None:
    result = docx("A_80_590-EN.docx")
    rows = [line_text(result, ln) for ln in result.lines if ln.role == "table"]
    assert sum(1 for row in rows if len(FIGURE.findall(row)) >= 3) >= 20
    assert all("\t" in row or len(FIGURE.findall(row)) < 2 for row in rows)
    furniture = [line_text(result, ln) for ln in result.lines if ln.role == "furniture"]
    assert furniture and all(FURNITURE.search(t) or "A/80/590" in t for t in furniture)


def test_the_chinese_text_layer_keeps_its_letter_spacing() -> None:
    result = pdf("UDHR_GA-res-217A-III_ZH_OHCHR-chn.pdf")
    assert re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff] [\u4e00-\u9fff]", result.text)
    assert "世界人权宣言" in result.text  # an unspaced title line stays as it is
