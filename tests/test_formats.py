"""Input formats other than plain text: HTML pages, PDF files (text layer) and Word .docx.

The fixtures are built here, not downloaded: an HTML page with the navigation, scripts and
styles of a UN site, a PDF written byte by byte (a Type0 font with a ToUnicode map, as PDF
exports of UN documents have), and a .docx built part by part (tests/readers/docx_build.py).
Each is checked twice: the text extracted from it (for PDF and Word exactly the text of
pipeline.readers), and the whole pipeline on it (tables, source.txt, the shared checker).
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from pipeline.ingest import INPUT_SUFFIXES, InputError, read_document, read_with
from pipeline.ingest.formats import format_for
from pipeline.ingest.html import html_text
from pipeline.readers import PART_BREAK, docx_source, pdf_source, read_docx, read_pdf
from pipeline.runner import process
from pipeline.tables import coverage_problems, write_document
from tests.conftest import ROOT
from tests.readers.docx_build import p as para
from tests.readers.docx_build import package, part, rel
from tests.readers.docx_build import r as run


def extract_text(path: str, data: bytes) -> str:
    """The text of a file as its format's reader (chosen by the suffix) gives it."""
    return read_with(format_for(path), data, Path(path)).text


BODY_ZH = [
    "A/62/162",
    "1. 大会 2006 年 12 月 6 日通过了第 61/66 号决议。",
    "2. 秘书长的报告载于 A/62/163 号文件。",
]

# ------------------------------------------------------------------------------ fixtures


def make_pdf(pages: list[list[str]], image_only: bool = False) -> bytes:
    """A minimal PDF: each page a list of text lines set in one Type0 font (Identity-H) whose
    ToUnicode map gives each glyph its character, which is how pdf text layers carry Chinese.
    With image_only, each page holds nothing but an 8x8 grey image: a scan without OCR."""
    chars = sorted({c for page in pages for line in page for c in line})
    cid = {c: i + 1 for i, c in enumerate(chars)}
    bfchar = "".join(f"<{cid[c]:04X}> <{c.encode('utf-16-be').hex().upper()}>\n" for c in chars)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n{bfchar}endbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode()

    def stream(data: bytes, extra: bytes = b"") -> bytes:
        return b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream"

    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        3: b"<< /Type /Font /Subtype /Type0 /BaseFont /Song /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        4: b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Song /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        5: stream(cmap),
    }
    kids, n = [], 6
    for page in pages:
        if image_only:
            content = b"q 500 0 0 700 50 50 cm /Im0 Do Q"
            resources = b"<< /XObject << /Im0 %d 0 R >> >>" % (n + 2)
            pixels = zlib.compress(bytes([128]) * 64)
            objs[n + 2] = stream(
                pixels,
                b"/Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Filter /FlateDecode ",
            )
        else:
            ops = ["BT /F1 10 Tf 14 TL 50 800 Td"]
            ops += ["<" + "".join(f"{cid[c]:04X}" for c in line) + "> Tj T*" for line in page]
            content = "\n".join([*ops, "ET"]).encode()
            resources = b"<< /Font << /F1 3 0 R >> >>"
        objs[n] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources %s "
            b"/Contents %d 0 R >>" % (resources, n + 1)
        )
        objs[n + 1] = stream(zlib.compress(content), b"/Filter /FlateDecode ")
        kids.append(n)
        n += 3
    refs = b" ".join(b"%d 0 R" % k for k in kids)
    objs[2] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for k in sorted(objs):
        offsets[k] = len(out)
        out += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
    xref, size = len(out), max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for k in range(1, size):
        out += b"%010d 00000 n \n" % offsets[k] if k in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


UN_PAGE = """<!DOCTYPE html>
<html lang="zh">
<head>
  <meta http-equiv="Content-Type" content="text/html; charset=gb2312">
  <title>联合国 | 文件</title>
  <style>body { font-family: SimSun; } .x:before { content: "样式文字"; }</style>
  <script>var menu = "脚本文字 2001 年 1 月 1 日";</script>
</head>
<body>
  <a class="skip-link" href="#main">跳至主要内容</a>
  <header id="masthead"><div class="logo">联合国 欢迎您</div></header>
  <nav><ul><li><a href="/zh/">首页</a></li><li><a href="/zh/ga/">大会 2002 年 2 月 2 日</a></li></ul></nav>
  <div class="breadcrumb">首页 &gt; 文件 &gt; 2003 年 3 月 3 日</div>
  <div id="main" role="main">
    <h1>秘书长的报告</h1>
    <p>1. 大会 2006&nbsp;年 12 月 6 日通过了第 61/66 号决议&amp;附件。</p>
    <p>2.  秘书长的报告
       载于 A/62/163 号文件。</p>
    <table><tr><td>文号</td><td>A/RES/61/66</td></tr></table>
    <pre>第一行
  第二行</pre>
    <noscript>请启用脚本 2004 年 4 月 4 日</noscript>
    <aside class="sidebar">相关链接 2005 年 5 月 5 日</aside>
  </div>
  <footer><p>版权所有 2008 年 8 月 8 日</p></footer>
  <script src="x.js"></script>
</body>
</html>
"""


def make_docx(path: Path) -> None:
    """Two auto-numbered paragraphs (a "List Number" style: the numbers are not in the
    paragraph text), a plain paragraph and a table, as UN Word files have them."""
    numbering = part(
        "numbering",
        '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>',
    )
    styles = part(
        "styles",
        '<w:style w:type="paragraph" w:styleId="ListNumber"><w:pPr><w:numPr>'
        '<w:numId w:val="1"/></w:numPr></w:pPr></w:style>',
    )
    listed = '<w:pStyle w:val="ListNumber"/>'
    body = (
        para(run("A/62/162"))
        + para(run("秘书长的报告"))
        + para(run("大会 2006 年 12 月 6 日通过了第 61/66 号决议。"), ppr=listed)
        + para(run("秘书长的报告载于 A/62/163 号文件。"), ppr=listed)
        + "<w:tbl><w:tr><w:tc>"
        + para(run("文号"))
        + "</w:tc><w:tc>"
        + para(run("A/RES/61/66"))
        + "</w:tc></w:tr></w:tbl>"
    )
    rels = rel("rId2", "numbering", "numbering.xml") + rel("rId3", "styles", "styles.xml")
    path.write_bytes(package(body, {"numbering.xml": numbering, "styles.xml": styles}, rels=rels))


# ------------------------------------------------------------------------------ HTML


def test_html_keeps_the_text_and_drops_navigation_scripts_and_styles():
    text = html_text(UN_PAGE.encode("gb18030"))  # declared gb2312, read as its superset
    assert "1. 大会 2006\xa0年 12 月 6 日通过了第 61/66 号决议&附件。" in text.splitlines()
    assert "2. 秘书长的报告 载于 A/62/163 号文件。" in text.splitlines()  # whitespace collapsed
    assert "文号\tA/RES/61/66" in text.splitlines()  # a table row on one line
    assert "第一行\n  第二行" in text  # <pre> kept as written
    for dropped in [
        "样式",
        "脚本",
        "跳至",
        "欢迎您",
        "首页",
        "2002",
        "2003",
        "2004",
        "2005",
        "2008",
    ]:
        assert dropped not in text, dropped
    assert text.index("秘书长的报告") < text.index("1. 大会")  # document order


def test_html_charset_declaration_and_bom():
    utf8 = html_text(UN_PAGE.replace("gb2312", "utf-8").encode("utf-8"))
    gb = html_text(UN_PAGE.encode("gb18030"))
    bom16 = html_text(UN_PAGE.encode("utf-16"))  # BOM wins over the (wrong) declaration
    assert utf8 == gb == bom16
    # a wrong declaration falls back to detection instead of producing mojibake
    assert html_text(UN_PAGE.encode("utf-8")) == utf8


def test_html_that_never_closes_its_nav_loses_only_the_nav():
    page = "<html><body><p>联合国大会</p><nav><ul><li>菜单</ul></body></html>"
    assert html_text(page.encode()) == "联合国大会"


# ------------------------------------------------------------------------------ PDF


def test_pdf_source_is_the_readers_text_page_by_page():
    data = make_pdf([BODY_ZH[:2], BODY_ZH[2:]])
    text = extract_text("report.pdf", data)
    assert text == pdf_source(data)
    assert text.split(PART_BREAK) == ["\n".join(BODY_ZH[:2]), BODY_ZH[2] + "\n"]


def test_pdf_document_carries_the_readers_lines(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(make_pdf([BODY_ZH[:2], BODY_ZH[2:]]))
    doc = read_document(path)
    lines = read_pdf(path.read_bytes()).lines
    assert doc.lines is not None and len(doc.lines) == len(lines) == 3
    for mine, theirs in zip(doc.lines, lines, strict=True):
        assert (mine.start, mine.end, mine.role, mine.bbox) == (
            theirs.start, theirs.end, theirs.role, theirs.bbox,
        )  # fmt: skip
        assert mine.page == theirs.page + 1  # 1-based in the pipeline
    assert [doc.text[ln.start : ln.end] for ln in doc.lines] == BODY_ZH


def test_scanned_pdf_without_text_layer_is_a_clear_error(tmp_path):
    p = tmp_path / "scan.pdf"
    p.write_bytes(make_pdf([["x"], ["y"]], image_only=True))
    with pytest.raises(InputError, match=r"no text layer \(2 pages, scanned images\?\): run OCR"):
        read_document(p)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog",  # cut short
        b"not a pdf at all, just words",
        make_pdf([BODY_ZH])[:300],  # truncated in the middle of an object
    ],
)
def test_broken_pdf_is_a_clear_error(tmp_path, data):
    p = tmp_path / "broken.pdf"
    p.write_bytes(data)
    with pytest.raises(InputError) as e:
        read_document(p)
    assert "broken.pdf" in str(e.value)
    assert "PDF" in e.value.problem


# ------------------------------------------------------------------------------ DOCX


def test_docx_paragraphs_numbers_and_tables(tmp_path):
    p = tmp_path / "doc.docx"
    make_docx(p)
    text = extract_text(str(p), p.read_bytes())
    assert text == docx_source(p)
    roles = [ln.role for ln in read_docx(p).lines]
    assert roles == ["text", "text", "text", "text", "table"]
    assert text.splitlines() == [
        "A/62/162",
        "秘书长的报告",
        "1. 大会 2006 年 12 月 6 日通过了第 61/66 号决议。",
        "2. 秘书长的报告载于 A/62/163 号文件。",
        "文号\tA/RES/61/66",
    ]


def test_file_that_is_not_what_its_suffix_says(tmp_path):
    p = tmp_path / "fake.docx"
    p.write_text("联合国大会 A/62/162", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable Word .docx file"):
        read_document(p)
    old = tmp_path / "old.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(InputError, match=r"\.doc is not supported: save it as \.docx"):
        read_document(old)


# ------------------------------------------------------------------------------ pipeline


@pytest.fixture
def converted_inputs(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.html").write_bytes(UN_PAGE.encode("gb18030"))
    (folder / "report.pdf").write_bytes(make_pdf([BODY_ZH[:2], BODY_ZH[2:]]))
    make_docx(folder / "word.docx")
    return folder


def test_every_format_through_the_pipeline(converted_inputs, tmp_path):
    out = tmp_path / "out"
    for name in ["page.html", "report.pdf", "word.docx"]:
        extraction = process(converted_inputs / name)
        assert coverage_problems(extraction.layout) == []
        folder = write_document(extraction, out)
        meta = json.loads((folder / "document.json").read_text(encoding="utf-8"))
        # the offsets refer to the extracted text, saved beside the tables, byte for byte
        source = folder / "source.txt"
        assert Path(meta["source"]) == source.resolve() and meta["encoding"] == "utf-8"
        assert source.read_bytes().decode("utf-8") == extraction.layout.document.text
        assert Path(meta["input"]) == (converted_inputs / name).resolve()
        assert meta["input_format"] == name.rsplit(".", 1)[1]
        values = {(r["start_value"], r["kind"]) for r in extraction.tables["dates"]}
        assert ("2006-12-06", "point") in values, name
        symbols = {r["symbol"] for r in extraction.tables["symbols"]}
        assert {"A/RES/61/66", "A/62/163"} <= symbols, name
        text = extraction.layout.document.text
        for r in extraction.tables["dates"] + extraction.tables["symbols"]:
            assert text[r["start"] : r["end"]] == r["text"]
        numbered = [p.key for p in extraction.layout.paragraphs if p.zone == "body" and p.number]
        assert numbered == ["1", "2"], name


def test_cli_picks_up_every_format_and_the_shared_checker_passes(
    converted_inputs, tmp_path, shared_dir
):
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(converted_inputs), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["page", "report", "word"]
    check = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "check_tables.py"), str(out)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip().endswith("0 problems")


def test_input_suffixes_include_the_converted_formats():
    assert {".txt", ".html", ".htm", ".pdf", ".docx"} <= INPUT_SUFFIXES


def test_parsers_are_imported_only_for_their_files(tmp_path):
    """A plain-text run never loads PDFium or the readers."""
    code = (
        "import sys; from pipeline.runner import process; process(sys.argv[1]); "
        "print(sorted(m for m in ('pypdfium2', 'pipeline.readers') if m in sys.modules))"
    )
    r = subprocess.run(
        [sys.executable, "-c", code, str(ROOT / "raw" / "A-62-162.zh.txt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


def test_extract_text_dispatches_by_suffix(tmp_path):
    data = make_pdf([BODY_ZH])
    assert extract_text("X.PDF", data) == "\n".join(BODY_ZH) + "\n"  # the reader's final "\n"
    page = "<p>A/62/162</p><script>联合国</script>".encode()
    assert extract_text("page.htm", page) == "A/62/162\n"


def test_bad_pdf_and_word_files_are_one_error_line_each(tmp_path):
    """Through the CLI: an encrypted PDF, a scanned one, a damaged one and a damaged .docx
    each get one `error:` line naming the file; nothing is written for them."""
    from pypdf import PdfReader, PdfWriter

    folder = tmp_path / "in"
    folder.mkdir()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([BODY_ZH]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    locked = io.BytesIO()
    writer.write(locked)
    (folder / "locked.pdf").write_bytes(locked.getvalue())
    (folder / "scan.pdf").write_bytes(make_pdf([["x"]], image_only=True))
    (folder / "cut.pdf").write_bytes(make_pdf([BODY_ZH])[:300])
    (folder / "broken.docx").write_bytes(b"PK\x03\x04" + bytes(40))
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(folder), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 4, r.stderr
    assert "Traceback" not in r.stderr
    by_file = {name: next(e for e in errors if name in e) for name in
               ("locked.pdf", "scan.pdf", "cut.pdf", "broken.docx")}  # fmt: skip
    assert "password" in by_file["locked.pdf"]
    assert "no text layer" in by_file["scan.pdf"]
    assert "PDF" in by_file["cut.pdf"]
    assert ".docx" in by_file["broken.docx"] or "Word" in by_file["broken.docx"]
    assert not [p for p in out.iterdir() if p.is_dir()]


def test_inputs_of_different_formats_sharing_a_stem_get_distinct_folders(tmp_path):
    """The PDF keeps the bare stem; the other format gets its stem plus its suffix."""
    from pipeline.ingest import doc_ids

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "report.pdf").write_bytes(make_pdf([BODY_ZH[:2], BODY_ZH[2:]]))
    make_docx(folder / "report.docx")
    paths = sorted(folder.iterdir())
    assert doc_ids(paths) == ["report.docx", "report"]
    assert doc_ids([folder / "a.txt", folder / "b" / "a.txt"]) == ["a", "a"]  # one format
    assert doc_ids([folder / "x.txt", folder / "x.html"]) == ["x.txt", "x.html"]  # no PDF
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(folder), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["report", "report.docx"]
    meta = json.loads((out / "report.docx" / "document.json").read_text(encoding="utf-8"))
    assert meta["doc_id"] == "report.docx"
    assert Path(meta["input"]).name == "report.docx"


def test_html_table_rows_are_table_units(tmp_path):
    """A row of two cells or more (its cells joined by a tab) is a unit of zone `table`; the
    paragraph before it ends there."""
    page = tmp_path / "page.html"
    page.write_bytes(UN_PAGE.encode("gb18030"))
    extraction = process(page)
    rows = [p for p in extraction.layout.paragraphs if p.zone == "table"]
    assert [(p.key, p.view.text) for p in rows] == [("table", "文号\tA/RES/61/66")]
    assert coverage_problems(extraction.layout) == []
    symbols = {(r["para"], r["symbol"]) for r in extraction.tables["symbols"]}
    assert ("table", "A/RES/61/66") in symbols
