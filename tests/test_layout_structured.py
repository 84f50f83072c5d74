"""The layout of PDF and Word files by the reader's roles and geometry (pipeline/layout/
structured.py), on files built here: ODS-like PDFs in Chinese (plain and letter-spaced) and in
English (page furniture, footnotes, a paragraph and a table across a page break, headings), and a
Word file (masthead, numbered paragraphs by section, a table, footnotes, headers and footers)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.runner import process
from pipeline.tables import coverage_problems, paragraph_rows
from tests.readers.docx_build import p as para
from tests.readers.docx_build import package, part, rel
from tests.readers.docx_build import r as run
from tests.readers.pdf_build import ZH_JOB, ZH_SYMBOL, PageSpec, chinese_resolution, ods_pdf

pytest.importorskip("reportlab")

# ---------------------------------------------------------------------------- Chinese PDF

SYMBOL, JOB = ZH_SYMBOL, ZH_JOB


def chinese_pdf(tmp_path: Path, spaced: bool) -> Path:
    path = tmp_path / ("spaced.pdf" if spaced else "plain.pdf")
    path.write_bytes(chinese_resolution(spaced)[0])
    return path


@pytest.fixture(params=[False, True], ids=["plain", "letter-spaced"])
def chinese(request, tmp_path):
    return process(chinese_pdf(tmp_path, request.param))


def units(extraction) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in extraction.layout.paragraphs:
        out.setdefault(p.key, []).append(p.view.text)
    return out


def test_chinese_pdf_paragraphs_run_over_page_breaks_and_footnotes(chinese):
    found = units(chinese)
    assert coverage_problems(chinese.layout) == []
    # paragraph 1 runs over the page break, its footnote block and the next page's furniture;
    # a letter-spaced text layer is read without its spaces
    assert "以防治这一可预防和可治疗的疾病；" in found["1"][0]
    assert found["2"][0].endswith("说明在实现商定的结核病目标方面取得的进展；")
    assert found["fn1"] == ["第70/1号决议。"] and found["fn2"][0].startswith("见世界卫生组织")
    assert list(found).index("3") > list(found).index("2")
    # the paragraphs table's clean text keeps the layer's spaces; the view reads through them
    rows = paragraph_rows(chinese.layout)
    for p, row in zip(chinese.layout.paragraphs, rows, strict=True):
        assert row["text"] == p.clean_text
        assert "".join(row["text"].split()) == "".join(p.view.text.split())
    for texts in found.values():  # no page furniture in any unit
        for text in texts:
            assert JOB not in text and "*1816895*" not in text and "/3" not in text[-4:]


def test_chinese_pdf_mentions_are_found_letter_spaced_or_not(chinese):
    tables = chinese.tables
    dates = {r["start_value"] for r in tables["dates"]}
    assert {"2015-09-25", "2020", "2023"} <= dates
    symbols = {r["symbol"] for r in tables["symbols"]}
    assert "A/RES/70/1" in symbols
    orgs = {(r["para"], r["org_id"]) for r in tables["organizations"]}
    assert ("2", "who") in orgs and ("fn2", "who") in orgs
    text = chinese.layout.document.text
    for table in ("dates", "symbols", "organizations"):
        for r in tables[table]:
            assert text[r["start"] : r["end"]] == r["text"]


DECLARATION = [
    "第一条",
    "人人生而自由，在尊严和权利上一律平等。",
    "第二条",
    "1. ㈠ 凡受刑事控告者，在未经获得辩护上所需的一切保证的公开审判而依法证实有罪以前，",
    "有权被视为无罪。",
    "2. ㈡ 任何人的任何行为或不行为，在其发生时依国家法或国际法均不构成刑事罪者，不得被",
    "判为犯有刑事罪。",
    "第三条",
    "3. ㈢ 家庭是天然的和基本的社会单元，并应受社会和国家的保护。",
]


def test_chinese_pdf_clauses_of_articles_are_no_numbered_paragraphs(tmp_path):
    """Under an article's heading (第N条) a numbered line is a clause of the article, its numbers
    restarting in every article: a body unit of its own, even where its number would continue
    the sequence (1, 2, 3); a document without article headings keeps its numbered paragraphs
    (the test above)."""
    path = tmp_path / "declaration.pdf"
    path.write_bytes(
        ods_pdf([PageSpec(DECLARATION)], SYMBOL, JOB, "联合国 A/RES/73/3", font="STSong-Light")
    )
    found = units(process(path))
    assert not any(key.isdigit() for key in found)
    for clause in ("1. ㈠ 凡受", "2. ㈡ 任何", "3. ㈢ 家庭"):  # each a unit of its own
        assert any(t.startswith(clause) for t in found["body"])


def test_word_file_summary_title_in_the_text_is_a_heading(tmp_path):
    """A front section title (`Summary`) past the front (ODS 2026: the summary printed after the
    contents) is a heading even where the Word file gives it no heading style; the prose under
    it is body text."""
    body = (
        para(run("Proposed programme budget for 2027"), ppr='<w:pStyle w:val="H1"/>')
        + para(run("99.1\tThe Office was established in 2025 by the General Assembly."))
        + para(run("Summary"))
        + para(run("The present report sets out the proposed programme budget of the Office."))
        + para(run("99.2\tThe Assembly may wish to take note of the report."))
    )
    styles = part(
        "styles",
        '<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
        "</w:style>",
    )
    path = tmp_path / "summary.docx"
    path.write_bytes(
        package(body, {"styles.xml": styles}, rels=rel("rId3", "styles", "styles.xml"))
    )
    extraction = process(path)
    assert coverage_problems(extraction.layout) == []
    by_key = units(extraction)
    assert "Summary" in by_key["heading"]
    assert by_key["99.1"] == ["The Office was established in 2025 by the General Assembly."]


# ---------------------------------------------------------------------------- English PDF


def english_pdf() -> bytes:
    """Two pages as ODS prints them: a heading, a numbered paragraph broken by the page break
    and its footnote, a table (header row, rows with a wrapped cell, a note) that runs over the
    page break and repeats its header row there, then a paragraph."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=(612, 792))

    def text(x: float, y: float, s: str, size: float = 10, bold: bool = False) -> None:
        c.setFont("Helvetica-Bold" if bold else "Helvetica", size)
        c.drawString(x, 792 - y, s)

    def row(y: float, cells: list[str], size: float = 10) -> None:
        for x, s in zip((124, 300, 420), cells, strict=False):
            if s:
                text(x, y, s, size)

    text(124, 60, "United Nations A/80/999", 14)
    text(124, 90, "General Assembly Distr.: General", 20)
    text(398, 110, "7 January 2026")
    text(66, 750, "26-00999 (E) 160126")
    text(65, 762, "*2600999*", 12, bold=True)
    text(124, 150, "I. Introduction", 14, bold=True)
    text(124, 180, "1. The Secretary-General submits the present report pursuant to resolution")
    text(124, 192, "78/250 B, which the General Assembly adopted on 22 December 2023, and which")
    text(124, 204, "requested a report on the liquidation of the Mission.1")
    text(124, 222, "2. The Mission completed its liquidation on 30 June 2025, as planned by the")
    text(124, 234, "Security Council in its resolution 2690 (2023), and handed over its premises")
    text(100, 690, "_" * 18, 8)
    text(118, 702, "1 See A/78/761.", 8.5)
    c.showPage()
    text(60, 59, "A/80/999", 8.5, bold=True)
    text(60, 750, "2/2 26-00999", 8.5)
    text(124, 80, "to the host Government on 15 November 2024.")
    row(110, ["Category", "Approved", "Actual"], 7)
    row(128, ["Military contingents", "190", "187"])
    row(146, ["United Nations police", "16", "7"])
    row(164, ["Formed police units", "140", "139 (to be"])
    text(420, 176, "confirmed)a")
    c.showPage()
    text(520, 59, "A/80/999", 8.5, bold=True)
    text(60, 750, "26-00999 3/3", 8.5)
    row(80, ["Category", "Approved", "Actual"], 7)
    row(98, ["International staff", "229", "187"])
    text(131, 120, "a To be confirmed by the Board of Auditors in 2026.", 8.5)
    text(148, 150, "3. The General Assembly is requested to take note of the present report.")
    c.showPage()
    c.save()
    return out.getvalue()


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    path = tmp_path_factory.mktemp("en") / "A_80_999.pdf"
    path.write_bytes(english_pdf())
    return process(path)


def test_english_pdf_units_by_role_and_geometry(english):
    paragraphs = english.layout.paragraphs
    assert coverage_problems(english.layout) == []
    by_key = units(english)
    assert by_key["front"][0].startswith("United Nations A/80/999 General Assembly")
    assert by_key["heading"] == ["I. Introduction"]
    # paragraph 2 runs over the page break; the footnote is its own unit
    assert by_key["2"][0].endswith(
        "handed over its premises to the host Government on 15 November 2024."
    )
    assert by_key["fn1"] == ["See A/78/761."]
    # one unit per table row, a wrapped cell in its row, the header row repeated on page 3 is
    # furniture, the note is a row of the table; the paragraph after the table is its own
    assert by_key["table"] == [
        "Category Approved Actual",
        "Military contingents 190 187",
        "United Nations police 16 7",
        "Formed police units 140 139 (to be confirmed)a",
        "International staff 229 187",
        "a To be confirmed by the Board of Auditors in 2026.",
    ]
    assert {p.zone for p in paragraphs if p.key == "table"} == {"table"}
    assert by_key["3"] == ["The General Assembly is requested to take note of the present report."]
    text = english.layout.document.text
    for p in paragraphs:  # no furniture in any unit
        for mark in ("26-00999", "*2600999*", "2/2", "3/3"):
            assert mark not in p.view.text, (p.key, mark)
    repeated = text.index("Category", text.index("\f", text.index("\f") + 1))
    assert any(a <= repeated < b for a, b in english.layout.furniture)
    assert english.layout.metadata["job_number"] == "26-00999"
    dates = {(r["para"], r["start_value"]) for r in english.tables["dates"]}
    assert ("2", "2024-11-15") in dates and ("table", "2026") in dates


# ---------------------------------------------------------------------------- Word


def word_file(path: Path) -> None:
    """A masthead in the first page's header (a table), a title, paragraphs numbered by section,
    a heading, a table, a footnote, and a footer."""
    header = part(
        "hdr",
        "<w:tbl><w:tr><w:tc>"
        + para(run("United Nations"))
        + "</w:tc><w:tc>"
        + para(run("A/81/6 (Sect. 99)"))
        + "</w:tc></w:tr></w:tbl>",
    )
    footer = part("ftr", para(run("26-01999 (E) 120326 *2601999*")))
    footnotes = part(
        "footnotes",
        '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
        "<w:r><w:tab/><w:t>Resolution 77/267.</w:t></w:r></w:p></w:footnote>",
    )
    styles = part(
        "styles",
        '<w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:outlineLvl w:val="0"/></w:pPr>'
        "</w:style>",
    )
    body = (
        para(run("Proposed programme budget for 2027"), ppr='<w:pStyle w:val="H1"/>')
        + para(run("99.1\tThe Office was established in 2025 by the General Assembly."))
        + para(run("Mandates and background"), ppr='<w:pStyle w:val="H1"/>')
        + para(
            run("99.2\tIts mandate was extended"),
            '<w:r><w:footnoteReference w:id="1"/></w:r>',
            run(" until 2030."),
        )  # fmt: skip
        + "<w:tbl><w:tr><w:tc>"
        + para(run("Category"))
        + "</w:tc><w:tc>"
        + para(run("2027"))
        + "</w:tc></w:tr><w:tr><w:tc>"
        + para(run("Posts"))
        + "</w:tc><w:tc>"
        + para(run("14"))
        + "</w:tc></w:tr></w:tbl>"
        + para(run("99.3\tThe Assembly may wish to take note of the report."))
        + '<w:sectPr><w:headerReference w:type="first" r:id="rId5"/>'
        '<w:footerReference w:type="default" r:id="rId6"/><w:titlePg/></w:sectPr>'
    )
    rels = (
        rel("rId3", "styles", "styles.xml")
        + rel("rId4", "footnotes", "footnotes.xml")
        + rel("rId5", "header", "header1.xml")
        + rel("rId6", "footer", "footer1.xml")
    )
    parts = {"styles.xml": styles, "footnotes.xml": footnotes, "header1.xml": header,
             "footer1.xml": footer}  # fmt: skip
    path.write_bytes(package(body, parts, rels=rels))


def test_word_file_units_by_role(tmp_path):
    path = tmp_path / "sect99.docx"
    word_file(path)
    extraction = process(path)
    assert coverage_problems(extraction.layout) == []
    by_key = units(extraction)
    # the masthead (a table in the first page's header) and the title are the front
    assert by_key["front"] == [
        "United Nations\tA/81/6 (Sect. 99) Proposed programme budget for 2027"
    ]
    front = next(p for p in extraction.layout.paragraphs if p.key == "front")
    source = extraction.layout.document.text
    assert front.start == source.index("United Nations")  # the unit spans its masthead
    assert by_key["heading"] == ["Mandates and background"]
    assert by_key["99.1"] == ["The Office was established in 2025 by the General Assembly."]
    assert by_key["99.2"] == ["Its mandate was extended1 until 2030."]
    assert by_key["table"] == ["Category\t2027", "Posts\t14"]
    assert by_key["99.3"] == ["The Assembly may wish to take note of the report."]
    assert by_key["fn1"] == ["Resolution 77/267."]
    assert {p.page_start for p in extraction.layout.paragraphs} == {1}
    for texts in by_key.values():
        assert not any("26-01999" in t for t in texts)
    symbols = {(r["para"], r["symbol"]) for r in extraction.tables["symbols"]}
    assert ("fn1", "A/RES/77/267") in symbols
