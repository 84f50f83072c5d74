"""Robustness: the seed in every encoding and form gives the same tables; bad input of every kind
gets a clear message and a defined exit code while the other documents of the run complete; an
interrupted write leaves nothing half-written; output names cannot escape the output folder."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import zhconv

from pipeline import ingest, tables
from pipeline.ingest import InputError, read_document
from pipeline.runner import process
from pipeline.tables import coverage_problems, safe_name, write_document
from tests.conftest import ROOT, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
NAME = SEED.name  # every variant is written under the seed's own name: same doc_id

# GBK and Big5 cannot write the seed's "Kytömäki" nor its ㈠-㈣ list marks; a GBK or Big5
# producer writes them as plain letters. One character for one, so offsets do not move.
NARROW = str.maketrans({"ö": "o", "ä": "a", "㈠": "一", "㈡": "二", "㈢": "三", "㈣": "四"})
FULL_WIDTH = {c: c + 0xFEE0 for c in range(0x21, 0x7F)}  # ! .. ~ -> ！ .. ～


def hant(text: str) -> str:
    """The seed as a Taiwan edition writes it, character by character (zh-tw forms are the
    ones Big5 has; phrase conversion, tested below, also changes words and lengths)."""
    return "".join(zhconv.convert(c, "zh-tw") for c in text)


def run_tables(data: bytes, tmp_path: Path, tag: str) -> dict[str, bytes]:
    """The pipeline on `data` saved as the seed's name; returns each output file's bytes."""
    folder = tmp_path / tag
    folder.mkdir()
    (folder / NAME).write_bytes(data)
    out = write_document(process(folder / NAME), tmp_path / f"{tag}-out")
    return {p.name: p.read_bytes() for p in out.iterdir() if p.suffix == ".csv"}


def value_tables(files: dict[str, bytes], drop: tuple[str, ...]) -> dict[str, str]:
    """The tables without the columns that depend on how the source is written (offsets, the
    source characters): what remains are the keys and normalized values."""
    out = {}
    for name, data in files.items():
        df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
        out[name] = df.drop(columns=[c for c in drop if c in df.columns]).to_csv(index=False)
    return out


@pytest.fixture(scope="module")
def module_tmp(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("robustness")


@pytest.fixture(scope="module")
def seed_tables(module_tmp) -> dict[str, bytes]:
    return run_tables(SEED_TEXT.encode("utf-8"), module_tmp, "seed")


# ------------------------------------------------------------------------ encodings and forms


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "gb18030"])
def test_seed_in_each_encoding_gives_byte_identical_tables(encoding, seed_tables, tmp_path):
    """Same decoded text, so every table, offsets included, is the same to the byte."""
    assert run_tables(SEED_TEXT.encode(encoding), tmp_path, encoding) == seed_tables


def test_gbk_gives_the_tables_of_the_same_text_in_utf8(tmp_path):
    narrow = SEED_TEXT.translate(NARROW)
    assert run_tables(narrow.encode("gbk"), tmp_path, "gbk") == run_tables(
        narrow.encode("utf-8"), tmp_path, "utf8"
    )


def test_big5_gives_the_tables_of_the_same_traditional_text_in_utf8(tmp_path):
    traditional = hant(SEED_TEXT.translate(NARROW))
    big5 = traditional.encode("big5")
    assert ingest.decode(big5)[1] == "cp950"  # Windows' Big5, a superset of Big5 proper
    assert run_tables(big5, tmp_path, "big5") == run_tables(
        traditional.encode("utf-8"), tmp_path, "utf8"
    )


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_line_ends_give_the_same_values(newline, seed_tables, tmp_path):
    """Offsets move (a CRLF is two characters), the values and the clean paragraph text do not;
    the mentions' own text keeps the source's line breaks."""
    data = SEED_TEXT.replace("\n", newline).encode("utf-8")
    files = run_tables(data, tmp_path, "nl")
    drop = ("start", "end")
    for name in files:
        if name != "paragraphs.csv":
            drop_text = value_tables({name: files[name]}, (*drop, "text"))
            assert drop_text == value_tables({name: seed_tables[name]}, (*drop, "text"))
    assert (
        value_tables(files, drop)["paragraphs.csv"]
        == value_tables(seed_tables, drop)["paragraphs.csv"]
    )
    # the CSV stays readable: a mention spanning a lone CR is quoted, not split into two rows
    with io.StringIO(files["dates.csv"].decode("utf-8"), newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == seed_tables["dates.csv"].count(b"\r\n") - 1
    text = data.decode("utf-8")
    assert all(text[int(r["start"]) : int(r["end"])] == r["text"] for r in rows)


VALUE_ONLY = ("text", "start", "end", "section")  # section is a heading's text: script-bound


TRADITIONAL = [
    ("hant", hant),
    # zh-tw phrase conversion writes 肯尼亚 as 肯亞 and 互联网 as 網際網路: lengths change
    # (and 艾滋病 as 愛滋病, 布隆迪 as 蒲隆地: the gazetteer's `regional_variants` match those)
    ("zh-tw", lambda t: zhconv.convert(t, "zh-tw")),
]


@pytest.mark.parametrize(
    "table",
    [
        "paragraphs.csv",
        "dates.csv",
        "symbols.csv",
        "organizations.csv",
    ],
)
@pytest.mark.parametrize(("tag", "convert"), TRADITIONAL, ids=[t for t, _ in TRADITIONAL])
def test_traditional_characters_give_the_same_values(table, tag, convert, seed_tables, module_tmp):
    key = f"trad-{tag}"
    if not (module_tmp / key).exists():
        text = convert(SEED_TEXT)
        assert tag != "zh-tw" or len(text) != len(SEED_TEXT)
        run_tables(text.encode("utf-8"), module_tmp, key)
    files = {p.name: p.read_bytes() for p in (module_tmp / f"{key}-out").glob("*/*.csv")}
    assert value_tables(files, VALUE_ONLY)[table] == value_tables(seed_tables, VALUE_ONLY)[table]


def test_traditional_characters_give_the_same_metadata(tmp_path):
    (tmp_path / NAME).write_text(hant(SEED_TEXT), encoding="utf-8")
    meta = process(tmp_path / NAME).layout.metadata
    assert meta["session"] == 62 and meta["agenda_items"] == ["100(l)", "100(o)"]


def test_full_width_digits_in_the_text_give_the_same_values(seed_tables, tmp_path):
    digits = {c: c + 0xFEE0 for c in range(0x30, 0x3A)}
    text = "".join(
        ln if "07-5167" in ln or "____" in ln or ln.strip() == "A/62/162" else ln.translate(digits)
        for ln in SEED_TEXT.splitlines(keepends=True)
    )
    files = run_tables(text.encode("utf-8"), tmp_path, "fwd")
    assert value_tables(files, VALUE_ONLY) == value_tables(seed_tables, VALUE_ONLY)


def test_all_ascii_full_width_gives_the_same_values(seed_tables, tmp_path):
    files = run_tables(SEED_TEXT.translate(FULL_WIDTH).encode("utf-8"), tmp_path, "fw")
    assert value_tables(files, VALUE_ONLY) == value_tables(seed_tables, VALUE_ONLY)


@pytest.mark.parametrize(
    "variant",
    [
        lambda t: t.replace("\n", "\r\n"),
        lambda t: t.replace("\n", "\r"),
        hant,
        lambda t: zhconv.convert(t, "zh-tw"),
        lambda t: t.translate(FULL_WIDTH),
    ],
    ids=["crlf", "cr", "hant", "zh-tw", "full-width"],
)
def test_nothing_lost_nothing_doubled_in_any_form(variant, tmp_path):
    (tmp_path / NAME).write_text(variant(SEED_TEXT), encoding="utf-8", newline="")
    layout = process(tmp_path / NAME).layout
    assert coverage_problems(layout) == []


def test_the_source_is_never_altered(tmp_path):
    """No newline, width or script normalization in ingest: offsets are into the file's text."""
    text = "\ufeff" + SEED_TEXT.replace("\n", "\r\n").translate(FULL_WIDTH)
    (tmp_path / NAME).write_bytes(text.encode("utf-8"))
    doc = read_document(tmp_path / NAME)
    assert doc.text == text[1:] and doc.encoding == "utf-8-sig"


# ------------------------------------------------------------------------ bad input


def test_truncated_multibyte_text_is_refused(tmp_path):
    for encoding in ["utf-8", "utf-16-le", "gb18030", "big5"]:
        text = SEED_TEXT if encoding != "big5" else hant(SEED_TEXT.translate(NARROW))
        data = text.rstrip().encode(encoding)[:-1]  # the last character cut in two
        p = tmp_path / f"cut-{encoding}.txt"
        p.write_bytes(data)
        with pytest.raises(InputError, match="ends inside a multi-byte character"):
            read_document(p)


def test_corrupt_utf8_is_refused_not_read_as_gb18030(tmp_path):
    data = bytearray(SEED_TEXT.encode("utf-8"))
    data[5000] = 0xFF  # one bad byte in the middle
    p = tmp_path / "corrupt.txt"
    p.write_bytes(bytes(data))
    with pytest.raises(
        InputError, match=r"invalid UTF-8 \(\d bad byte sequences, first at character \d+\)"
    ):
        read_document(p)


def test_a_50_mb_file_is_refused_before_it_is_read(tmp_path, monkeypatch):
    p = tmp_path / "huge.txt"
    block = SEED_TEXT.encode("utf-8")
    with open(p, "wb") as f:
        for _ in range(50 * 1024 * 1024 // len(block) + 1):
            f.write(block)
    assert p.stat().st_size > 50 * 1024 * 1024

    def no_read(self):  # the limit is checked on the size, before reading 50 MB
        raise AssertionError("read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    with pytest.raises(InputError, match=r"file too large \(5\d,\d{3},\d{3} bytes"):
        read_document(p)


def test_too_much_text_after_decoding_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "MAX_CHARS", len(SEED_TEXT) - 1)
    with pytest.raises(InputError, match="too much text"):
        read_document(SEED)


@pytest.mark.parametrize(
    "text",
    [
        "def main():\n    return 42\n\nif __name__ == '__main__':\n    main()\n",
        "It was a bright cold day in April, and the clocks were striking thirteen.\n" * 20,
        "name,price\napple,3\npear,4\n",
    ],
    ids=["code", "novel", "csv"],
)
def test_a_file_that_is_not_a_un_document_is_refused_only_when_strict(tmp_path, text):
    """Issue 15: real UN texts (a chapter of the Pact for the Future) fail the check, so by
    default it is a warning (pipeline/corpus.py) and the document is read; --strict refuses."""
    p = tmp_path / "other.txt"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="not a UN document"):
        read_document(p, strict=True)
    assert read_document(p).text == text
    assert "perhaps not a UN document" in ingest.not_un_warning(text, p)
    assert ingest.not_un_warning(SEED_TEXT, SEED) == ""


def test_real_un_texts_are_all_accepted(shared_dir):
    for f in sorted((shared_dir / "siblings").glob("*.txt")):
        assert ingest.looks_like_un_document(f.read_text(encoding="utf-8")), f.name


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        errors="replace",  # file names that are not UTF-8 are printed as their bytes
    )


def test_every_bad_input_gets_its_message_and_the_good_document_completes(tmp_path):
    """Exit code 1: some documents failed, the others were written (README, "Use")."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / NAME).write_text(SEED_TEXT, encoding="utf-8")
    bad = {
        "empty.txt": (b"", "empty file"),
        "blank.txt": (" \r\n\t\n\u3000\n".encode(), "no text"),
        "binary.txt": (b"\x00\x01\x02\x03" * 256, "binary file"),
        "cut.txt": (SEED_TEXT.rstrip().encode("utf-8")[:-1], "ends inside a multi-byte character"),
        "scan.pdf": (b"%PDF-1.4\n%%EOF\n", "PDF"),
        "old.doc": (b"\xd0\xcf\x11\xe0" + bytes(100), "save it as .docx"),
    }
    for name, (data, _) in bad.items():
        (inputs / name).write_bytes(data)
    files = [str(inputs / n) for n in [NAME, *bad]] + [str(tmp_path / "missing.txt")]
    r = run_cli("extract", *files, "--out", str(tmp_path / "out"))
    assert r.returncode == 1, r.stderr
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    for name, (_, problem) in bad.items():
        assert any(name in e and problem in e for e in errors), (name, errors)
    assert any("missing.txt" in e and "no such file" in e for e in errors)
    assert len(errors) == len(bad) + 1
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["A-62-162.zh"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_exit_codes(tmp_path):
    """0 all done; 1 some failed; 2 usage error, or an output folder that cannot be made."""
    assert run_cli("extract", str(SEED), "--out", str(tmp_path / "a")).returncode == 0
    assert (
        run_cli("extract", str(tmp_path / "nope.txt"), "--out", str(tmp_path / "b")).returncode == 1
    )
    assert run_cli("extract", str(SEED)).returncode == 2  # --out missing
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run_cli("extract", str(SEED), "--out", str(blocker / "out"))
    assert r.returncode == 2 and "cannot create output folder" in r.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_output_folder_that_cannot_be_written(tmp_path):  # pragma: no cover - root in CI
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        r = run_cli("extract", str(SEED), "--out", str(out))
        assert r.returncode != 0 and "error:" in r.stderr
    finally:
        out.chmod(0o755)


def test_a_document_that_cannot_be_written_fails_alone(tmp_path, monkeypatch):
    """What root meets too: the document's own folder cannot be created (a file is in the
    way is the portable way to cause it). write_document raises OSError, nothing is left."""
    out = tmp_path / "out"
    out.mkdir()
    extraction = process(SEED)
    monkeypatch.setattr(tables.tempfile, "mkdtemp", _raise_oserror)
    with pytest.raises(OSError):
        write_document(extraction, out)
    assert list(out.iterdir()) == []


def _raise_oserror(*args, **kwargs):
    raise OSError(28, "No space left on device")


# ------------------------------------------------------------------------ nothing partial


def test_a_failure_midway_through_writing_leaves_nothing(tmp_path, monkeypatch):
    out = tmp_path / "out"
    extraction = process(SEED)
    calls = []
    real = tables.write_csv

    def fail_on_third(path, table, rows):
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real(path, table, rows)

    monkeypatch.setattr(tables, "write_csv", fail_on_third)
    with pytest.raises(OSError):
        write_document(extraction, out)
    assert len(calls) == 3  # two tables were written, in the temporary folder
    assert list(out.iterdir()) == []  # neither a document folder nor a temporary folder


def test_a_failure_while_replacing_keeps_the_previous_complete_output(tmp_path, monkeypatch):
    out = tmp_path / "out"
    extraction = process(SEED)
    first = write_document(extraction, out)
    before = {p.name: p.read_bytes() for p in first.iterdir()}
    monkeypatch.setattr(
        tables, "write_csv", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt())
    )
    with pytest.raises(KeyboardInterrupt):
        write_document(extraction, out)
    assert {p.name: p.read_bytes() for p in first.iterdir()} == before
    assert [p.name for p in out.iterdir()] == [first.name]


def test_leftovers_of_a_killed_run_are_cleared(tmp_path):
    out = tmp_path / "out"
    stale = out / f".{safe_name('A-62-162.zh')}.tmp-abc123"
    stale.mkdir(parents=True)
    (stale / "dates.csv").write_text("half", encoding="utf-8")
    write_document(process(SEED), out)
    assert sorted(p.name for p in out.iterdir()) == ["A-62-162.zh"]


# ------------------------------------------------------------------------ safe output names


HOSTILE_IDS = [
    "A/62/162",
    "../../etc/passwd",
    "..",
    ".",
    "",
    " ",
    ".hidden",
    "a\\..\\b",
    "/abs/path",
    "C:\\Windows\\x",
    "con",
    "NUL.txt",
    "a\x00b",
    "line\nbreak",
    "联合国/大会",
    "Ａ／６２／１６２",
    "\udcff\udcfe",  # undecodable bytes of a file name (surrogate escapes)
    "长" * 300,
    "x" * 1000,
]


@pytest.mark.parametrize("doc_id", HOSTILE_IDS, ids=range(len(HOSTILE_IDS)))
def test_output_names_stay_inside_the_output_folder(doc_id, tmp_path):
    name = safe_name(doc_id)
    assert name and "/" not in name and "\\" not in name and "\x00" not in name
    assert not name.startswith(".") and name.split(".")[0].lower() not in {"con", "nul"}
    assert len(name.encode("utf-8")) <= 200
    out = (tmp_path / "out").resolve()
    out.mkdir()
    extraction = process(SEED)
    if doc_id.encode("utf-8", "surrogatepass").decode("utf-8", "ignore") != doc_id:
        doc_id = ingest.doc_id_for(Path(doc_id))  # what ingest makes of such a file name
    doc = replace(extraction.layout.document, doc_id=doc_id)
    hostile = replace(extraction, layout=replace(extraction.layout, document=doc))
    folder = write_document(hostile, out).resolve()
    assert folder.parent == out and folder.is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_file_name_that_is_not_utf8_is_processed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.path.join(os.fsencode(folder), b"A-62-162\xff\xfe.txt")
    with open(raw, "wb") as f:
        f.write(SEED.read_bytes())
    r = run_cli("extract", str(folder), "--out", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    assert [p.name for p in (tmp_path / "out").iterdir() if p.is_dir()] == ["A-62-162__"]
    dates = (tmp_path / "out" / "A-62-162__" / "dates.csv").read_text(encoding="utf-8")
    assert "A-62-162\ufffd\ufffd" in dates  # the doc_id column: U+FFFD for each bad byte


def test_long_names_cut_to_different_folders():
    assert safe_name("x" * 300 + "1") != safe_name("x" * 300 + "2")
    assert safe_name("A/62/162") == "A_62_162"


def test_a_text_that_does_not_look_like_a_un_document_is_written_with_a_warning(tmp_path):
    """One `warning:` line and the tables by default (exit 0); `--strict`: the old refusal, one
    `error:` line, nothing written for it (exit 1)."""
    other = tmp_path / "other.txt"
    other.write_text("Shopping list: eggs, milk, bread.\n", encoding="utf-8")
    r = run_cli("extract", str(other), "--out", str(tmp_path / "out"))
    assert r.returncode == 0, r.stderr
    warnings = [ln for ln in r.stderr.splitlines() if ln.startswith("warning:")]
    assert len(warnings) == 1 and "other.txt" in warnings[0]
    assert "perhaps not a UN document; tables written" in warnings[0]
    assert not [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert (tmp_path / "out" / "other" / "paragraphs.csv").exists()
    r = run_cli("extract", str(other), "--strict", "--out", str(tmp_path / "strict"))
    assert r.returncode == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "other.txt" in errors[0] and "not a UN document" in errors[0]
    assert not (tmp_path / "strict" / "other").exists()
    # a UN document gets no such warning, strict or not
    r = run_cli("extract", str(SEED), "--strict", "--out", str(tmp_path / "seed"))
    assert r.returncode == 0 and "UN document" not in r.stderr
