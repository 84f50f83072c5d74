"""The source text of a Word .docx (docs/readers.md), stated on packages built part by part,
then checked on the real A/80/590 Word file."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from pipeline.readers import (
    NoTextError,
    NotReadableError,
    TooLargeError,
    docx_source,
    read_docx,
)
from tests.readers.conftest import real_file
from tests.readers.docx_build import p, package, part, r, rel

NUMBERING = part(
    "numbering",
    '<w:abstractNum w:abstractNumId="0">'
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:suff w:val="space"/><w:lvlText w:val="(%2)"/></w:lvl>'
    '<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/>'
    '<w:suff w:val="nothing"/><w:lvlText w:val="%3."/></w:lvl>'
    "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>',
)
STYLES = part(
    "styles",
    '<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="20"/></w:rPr></w:rPrDefault></w:docDefaults>'
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="H1"><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="ListNum"><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
)
FOOTNOTES = part(
    "footnotes",
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r>'
    "<w:r><w:tab/><w:t>Resolution 70/1.</w:t></w:r></w:p></w:footnote>",
)


def num(num_id: int, ilvl: int) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


TEXT_BOX = (
    '<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>'
    f"<w:txbxContent>{p(r('In a box'))}</w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
    f"<mc:Fallback><w:pict><w:txbxContent>{p(r('In a box'))}</w:txbxContent></w:pict>"
    "</mc:Fallback></mc:AlternateContent></w:r>"
)
BODY = "".join(
    [
        p(
            r("I.<w:tab/>Introduction".replace("<w:tab/>", "</w:t><w:tab/><w:t>")),
            ppr='<w:pStyle w:val="H1"/>',
        ),  # fmt: skip
        p(r("First"), ppr=num(1, 0)),
        p(r("sub a"), ppr=num(1, 1)),
        p(r("sub b"), ppr=num(1, 1)),
        p(
            r("Second"),
            '<w:r><w:footnoteReference w:id="2"/></w:r>',
            r(" continues"),
            ppr=num(1, 0),
        ),  # fmt: skip
        p(r("Third"), ppr='<w:pStyle w:val="ListNum"/>'),
        p(r("Deep"), ppr=num(1, 2)),
        p(r("Restart"), ppr=num(2, 0)),
        p(
            r("kept"),
            "<w:del><w:r><w:delText>gone</w:delText></w:r></w:del>",
            r("hidden", rpr="<w:vanish/>"),
            "<w:r><w:instrText> PAGE </w:instrText></w:r>",
        ),  # fmt: skip
        p("<w:r><w:t>line one</w:t><w:br/><w:t>line two</w:t></w:r>"),
        "<w:tbl><w:tr><w:tc>"
        + p(r("Category"))
        + "</w:tc><w:tc>"
        + p(r("Amount"))
        + "</w:tc></w:tr><w:tr><w:tc>"
        + p("<w:r><w:t>Civilian</w:t><w:tab/><w:t>tab</w:t></w:r>")
        + "</w:tc><w:tc>"
        + p()
        + "</w:tc></w:tr></w:tbl>",
        p(r("anchor"), TEXT_BOX),
        '<w:sectPr><w:headerReference w:type="first" r:id="rId10"/>'
        '<w:headerReference w:type="default" r:id="rId11"/>'
        '<w:footerReference w:type="default" r:id="rId12"/><w:titlePg/></w:sectPr>',
    ]
)
PARTS = {
    "numbering.xml": NUMBERING,
    "styles.xml": STYLES,
    "footnotes.xml": FOOTNOTES,
    "header1.xml": part("hdr", p(r("United Nations A/1/2"))),
    "header2.xml": part("hdr", p(r("A/1/2"))),
    "footer1.xml": part("ftr", p(r("26-00248 2/4"))),
}
RELS = "".join(
    [
        rel("rId1", "numbering", "numbering.xml"),
        rel("rId2", "styles", "styles.xml"),
        rel("rId3", "footnotes", "footnotes.xml"),
        rel("rId10", "header", "header1.xml"),
        rel("rId11", "header", "header2.xml"),
        rel("rId12", "footer", "footer1.xml"),
    ]
)
EXPECTED = (
    "United Nations A/1/2\n"  # the first page's header: the masthead, first
    "I.\tIntroduction\n"
    "1. First\n"  # Word's tab after the number: one space
    "(a) sub a\n"  # w:suff space
    "(b) sub b\n"
    "2. Second1 continues\n"  # the footnote reference, glued
    "3. Third\n"  # numbered through its style, continuing list 1
    "I.Deep\n"  # w:suff nothing
    "5. Restart\n"  # list 2 starts at 5
    "kept\n"  # no deleted, hidden or field-code text
    "line one\nline two\n"
    "Category\tAmount\n"
    "Civilian tab\t\n"  # a tab inside a cell is a space; the empty cell keeps its place
    "anchor\nIn a box\n"  # the text box once (its fallback copy skipped)
    "\f\n1\nResolution 70/1.\n"
    "\f\nA/1/2\n26-00248 2/4\n"
)


def test_source_text_follows_the_rule_part_by_part() -> None:
    data = package(BODY, PARTS, RELS)
    assert docx_source(data) == EXPECTED


def test_lines_carry_roles_notes_and_style_geometry() -> None:
    result = read_docx(package(BODY, PARTS, RELS))
    text = result.text
    assert result.input_format == "docx" and result.pages == ()
    by_text = {text[ln.start : ln.end]: ln for ln in result.lines}
    assert all("\n" not in text[ln.start : ln.end] for ln in result.lines)
    assert by_text["I.\tIntroduction"].role == "heading"
    assert by_text["I.\tIntroduction"].bold is True
    assert by_text["I.\tIntroduction"].font_size == 12.0
    assert by_text["1. First"].role == "text" and by_text["1. First"].font_size == 10.0
    assert by_text["Category\tAmount"].role == "table"
    assert by_text["United Nations A/1/2"].role == "text"
    assert [(text[ln.start : ln.end], ln.note) for ln in result.lines if ln.role == "footnote"] == [
        ("1", "1"),
        ("Resolution 70/1.", "1"),
    ]
    furniture = [text[ln.start : ln.end] for ln in result.lines if ln.role == "furniture"]
    assert furniture == ["A/1/2", "26-00248 2/4"]


def test_path_and_bytes_read_alike(tmp_path) -> None:
    data = package(BODY, PARTS, RELS)
    path = tmp_path / "doc.docx"
    path.write_bytes(data)
    assert docx_source(path) == docx_source(data) == docx_source(str(path))


def test_a_document_without_footnotes_or_furniture_is_the_body_alone() -> None:
    assert docx_source(package(p(r("Only")) + p() + p(r("this")))) == "Only\n\nthis\n"


# ------------------------------------------------------------------------- bad input


def _bomb(size: int) -> bytes:
    """A .docx whose document.xml inflates to `size` bytes (compressed, a few dozen KB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("word/document.xml", b"<w:document>" + b" " * size + b"</w:document>")
    return out.getvalue()


def test_a_decompression_bomb_stops_at_the_bound_before_parsing() -> None:
    data = _bomb(60_000_000)
    assert len(data) < 1_000_000
    start = time.perf_counter()
    with pytest.raises(TooLargeError, match="inflates beyond 50 MB"):
        read_docx(data)
    assert time.perf_counter() - start < 5


def test_the_bound_counts_every_part_read() -> None:
    body = p(r("x" * 3000))
    with pytest.raises(TooLargeError):
        read_docx(package(body, PARTS, RELS), max_xml_bytes=2000)
    assert read_docx(package(body, PARTS, RELS), max_xml_bytes=200_000).text.startswith("xxx")


def test_a_document_type_declaration_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><d>&a;</d>',
        )
    with pytest.raises(NotReadableError, match="DTD"):
        read_docx(out.getvalue())


@pytest.mark.parametrize("data", [b"", b"not a zip at all", b"PK\x03\x04broken"])
def test_what_is_no_docx_is_a_one_line_error(data: bytes) -> None:
    with pytest.raises(NotReadableError) as info:
        read_docx(data)
    assert "\n" not in str(info.value)


def test_a_document_without_text_says_so() -> None:
    with pytest.raises(NoTextError):
        read_docx(package(p() + p()))


def test_text_longer_than_the_limit_is_refused() -> None:
    with pytest.raises(TooLargeError, match="characters"):
        read_docx(package(p(r("word " * 100))), max_chars=100)


# ------------------------------------------------------------------------ the real file


def test_real_word_file_masthead_body_footnotes_furniture() -> None:
    result = read_docx(real_file("A_80_590-EN.docx"))
    text = result.text
    body, notes, furniture = text.split("\n\f\n")
    assert "A/80/590" in body.split("\n", 1)[0]  # the masthead comes first
    note_lines = notes.split("\n")
    assert note_lines[0] == "1" and note_lines[1].startswith("Resource variance amounts")
    assert re.search(r"\bvariances1\n", body)  # the reference, glued, where it stands
    roles = {ln.role for ln in result.lines if ln.start > len(body) + len(notes)}
    assert roles == {"furniture"}
    numbered = [ln for ln in result.lines if re.match(r"\d+\.\s", text[ln.start : ln.end])]
    assert numbered and all(ln.role == "text" for ln in numbered)
