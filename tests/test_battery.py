"""The battery (issue 21): what a hostile user gives `extract`, file by file and folder by
folder. For each case: the documented exit code, exactly one `error:` line that names the file
and says what is wrong (or, for a case that succeeds, no error line), no traceback, and nothing
written for a failed input: no document folder, no temporary, no lock. Runs in-process
(pipeline.cli.main), a case in milliseconds; the cases that need processes or file systems of
their own (kill -9, a full disk, a read-only folder, two runs) are in tests/test_output_folder.py.
docs/robustness.md shows this table with the messages observed."""

from __future__ import annotations

import io
import os
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline import ingest
from pipeline.cli import main
from pipeline.corpus import printable
from tests.conftest import ROOT, SEED
from tests.test_encodings import CP950_ONLY, HANT
from tests.test_formats import make_pdf

SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_BYTES = SEED_TEXT.encode("utf-8")
ENGLISH = (ROOT / "tests" / "fixtures" / "pairs" / "report.en.txt").read_text(encoding="utf-8")


def _rc4_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    data = io.BytesIO()
    writer.write(data)
    return data.getvalue()


def _zip(names: dict[str, bytes]) -> bytes:
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as z:
        for name, content in names.items():
            z.writestr(name, content)
    return data.getvalue()


def _docx_bomb(path: Path) -> None:
    """A 343 KB-class .docx whose document.xml inflates past the reader's 50 MB bound (issue 21
    item 2): refused while the zip is read, before any XML is parsed."""
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("word/document.xml", b"<w:document>" + b" " * 60_000_000 + b"</w:document>")
    path.write_bytes(data.getvalue())


def _big(path: Path) -> None:
    with open(path, "wb") as f:  # sparse: refused on its size, never read
        f.truncate(32 * 1024 * 1024 + 1)


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # reading it would block forever


def _loop(path: Path) -> None:
    path.symlink_to(path)


@dataclass(frozen=True)
class Case:
    id: str
    name: str  # the input's file name
    make: bytes | Callable[[Path], None]  # its bytes, or what makes it at the path
    message: str  # in the error line ("" for a case that succeeds)
    code: int = 1
    args: tuple[str, ...] = ()

    def input(self, folder: Path) -> Path:
        path = folder / self.name
        if isinstance(self.make, bytes):
            path.write_bytes(self.make)
        else:
            self.make(path)
        return path


SHOPPING = b"Shopping list: eggs, milk, bread.\n"
STRICT = ("--strict",)
HEAD = (SEED_TEXT * 3)[:30000].encode()  # past 64 KiB, cut between characters
NUL_LATE = HEAD + b"\x00" + (SEED_TEXT * 3)[30000:].encode()
CASES = [
    # text: what is no text
    Case("empty", "empty.txt", b"", "empty file"),
    Case("whitespace", "blank.txt", " \r\n\t\n\u3000\n".encode(), "no text (only whitespace)"),
    Case(
        "elf",
        "prog.txt",
        b"\x7fELF\x02\x01\x01\x00" + bytes(300),
        "binary file (NUL byte at offset 7)",
    ),
    Case("nul-after-64k", "late.txt", NUL_LATE, f"binary file (NUL byte at offset {len(HEAD):,})"),
    Case("controls", "ctl.txt", bytes(range(1, 9)) * 500, "binary file (control or unassigned"),
    Case("binary-tail", "tail.txt", SEED_BYTES + bytes(range(1, 9)) * 4000, "binary file"),
    Case("png", "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
    # text: cut, corrupt, undecodable
    Case("utf8-cut", "cut8.txt", SEED_BYTES.rstrip()[:-1], "ends inside a multi-byte character"),
    Case(
        "utf16-cut",
        "cut16.txt",
        SEED_TEXT.encode("utf-16")[:-1],
        "ends inside a multi-byte character",
    ),
    Case(
        "gb18030-cut",
        "cutgb.txt",
        SEED_TEXT.rstrip().encode("gb18030")[:-1],
        "ends inside a multi-byte character",
    ),
    Case(
        "utf8-corrupt",
        "bad8.txt",
        SEED_BYTES[:30000] + b"\xff" + SEED_BYTES[30000:],
        "invalid UTF-8 (1 bad byte sequences",
    ),
    Case("high-bytes", "high.txt", bytes(range(128, 256)) * 64, "cannot decode as UTF-8"),
    Case("bom-then-junk", "bom.txt", b"\xef\xbb\xbf" + b"\xff\xfe" * 100, "cannot decode"),
    # text that is no UN document, too much text, a file that is no file
    # (a text that names no UN body is a warning and its tables are written; --strict refuses it)
    Case("shopping-list", "list.txt", SHOPPING, "not a UN document", 1, STRICT),
    Case("source-code", "code.txt", b"def f(x):\n    return x + 1\n" * 50, "not a UN", 1, STRICT),
    Case("csv", "table.txt", b"a,b,c\n1,2,3\n" * 100, "not a UN document", 1, STRICT),
    Case("too-large", "huge.txt", _big, "file too large (33,554,433 bytes"),
    Case("fifo", "pipe.txt", _fifo, "not a regular file"),
    Case("symlink-loop", "loop.txt", _loop, "no such file or folder"),
    Case(
        "wrong-encoding",
        "w.txt",
        "Côte".encode("cp1252") * 9,
        "not utf-8",
        1,
        ("--encoding", "utf-8"),
    ),
    # names
    Case("newline-in-name", "a\nerror: forged.txt", SHOPPING, "not a UN document", 1, STRICT),
    Case("escape-in-name", "a\x1b[2Jb.txt", SHOPPING, "not a UN document", 1, STRICT),
    # formats
    Case("doc", "old.doc", b"\xd0\xcf\x11\xe0" + bytes(100), "save it as .docx"),
    Case("rtf", "x.rtf", b"{\\rtf1 x}", "RTF is not supported"),
    Case("odt", "x.odt", b"PK\x03\x04", "OpenDocument .odt is not supported"),
    Case("text-as-pdf", "text.pdf", SEED_BYTES, "not a readable PDF"),
    Case("pdf-cut", "cut.pdf", make_pdf([["A/62/162", "1. x"]])[:300], "not a readable PDF"),
    Case("pdf-empty", "empty.pdf", b"", "empty file"),
    Case("pdf-scanned", "scan.pdf", make_pdf([["x"]], image_only=True), "run OCR first"),
    Case("pdf-password", "locked.pdf", _rc4_pdf(), "encrypted PDF: it needs a password"),
    Case("text-as-docx", "text.docx", SEED_BYTES, "not a readable Word .docx file"),
    Case("zip-as-docx", "zip.docx", _zip({"a.txt": b"x"}), "not a Word .docx file"),
    Case("docx-bomb", "bomb.docx", _docx_bomb, "inflates beyond 50 MB"),
    Case("docx-cut", "cut.docx", _zip({"word/document.xml": b"<w/>"})[:40], "not a readable Word"),
    Case("html-empty", "empty.html", b"", "empty file"),
    Case("html-binary", "bin.html", b"\x00\x01\x02" * 100, "binary file"),
    Case("html-only-nav", "nav.html", b"<html><nav>Home | About</nav></html>", "no text"),
]
# Cases that succeed: exit 0 and no error line (a warning where the input is not certain).
GOOD = [
    Case("not-un-text", "list.txt", SHOPPING, "", 0),  # written, with a warning line
    # AES-256 with an empty user password: PDFium opens it as a reader does, without asking
    Case(
        "pdf-aes-empty-password",
        "aes.pdf",
        (ROOT / "tests" / "fixtures" / "aes256-empty-user-password.pdf").read_bytes(),
        "",
        0,
    ),
    Case("cp1252-english", "cote.txt", ("Côte d'Ivoire\n" + ENGLISH).encode("cp1252"), "", 0),
    Case("cp950-big5", "big5.txt", (HANT + CP950_ONLY + "\n").encode("cp950"), "", 0),
    Case(
        "html-wrong-charset",
        "wrong.html",
        f'<meta charset="big5"><p>{SEED_TEXT}</p>'.encode(),
        "",
        0,
    ),
]


def run(case: Case, tmp_path: Path, capsys) -> tuple[int, str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    path = case.input(folder)
    out = tmp_path / "out"
    code = main(["extract", str(path), "--out", str(out), "-q", *case.args])
    return code, capsys.readouterr().err, out


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_bad_input_is_one_error_line_and_writes_nothing(case, tmp_path, capsys):
    if case.make is _fifo and not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    code, err, out = run(case, tmp_path, capsys)
    assert code == case.code, err
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    assert case.message in lines[0], err
    assert printable(case.name) in lines[0]
    assert list(out.iterdir()) == [], sorted(p.name for p in out.iterdir())


def test_the_late_nul_is_past_64_kib():
    assert len(HEAD) > 65536


@pytest.mark.parametrize("case", GOOD, ids=[c.id for c in GOOD])
def test_a_good_input_is_extracted_without_an_error_line(case, tmp_path, capsys):
    code, err, out = run(case, tmp_path, capsys)
    assert code == 0 and "error:" not in err and "Traceback" not in err, err
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]


def test_too_much_text_after_decoding(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_CHARS", 1000)
    case = Case("too-much-text", "long.txt", SEED_BYTES, "too much text")
    code, err, out = run(case, tmp_path, capsys)
    assert (code, len(err.splitlines())) == (1, 1) and case.message in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file(tmp_path, capsys):  # pragma: no cover - CI runs as root
    path = tmp_path / "secret.txt"
    path.write_bytes(SEED_BYTES)
    path.chmod(0)
    try:
        code = main(["extract", str(path), "--out", str(tmp_path / "out"), "-q"])
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: ") and "cannot read" in err


# ------------------------------------------------------------------------------ usage, folders


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--jobs", "-1"], 2, "--jobs must be 0"),
        (["--encoding", "klingon"], 2, "unknown encoding 'klingon'"),
    ],
    ids=["negative-jobs", "unknown-encoding"],
)
def test_a_bad_option_is_one_error_line(args, code, message, tmp_path, capsys):
    assert main(["extract", str(SEED), "--out", str(tmp_path / "out"), *args]) == code
    err = capsys.readouterr().err
    assert err.startswith("error: ") and len(err.splitlines()) == 1 and message in err


def test_an_output_folder_that_is_a_file(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for out in (blocker, blocker / "out"):
        assert main(["extract", str(SEED), "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"error: {out}: cannot create output folder") and err.count("\n") == 1


def test_a_folder_without_inputs_and_a_missing_path(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["extract", str(tmp_path / "empty"), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith(f"error: {tmp_path / 'empty'}: no input files")
    assert main(["extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == f"error: {tmp_path / 'nope.txt'}: no such file or folder\n"


def test_an_interrupted_run_is_one_error_line(tmp_path, capsys, monkeypatch):
    import pipeline.corpus

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.corpus, "run_corpus", interrupted)
    assert main(["extract", str(SEED), "--out", str(tmp_path / "out")]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"
