"""Ingest (decoding, language) and the extract command's behaviour on good and bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.ingest import InputError, decode, detect_language, read_document
from tests.conftest import ROOT, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("gb18030", "gb18030"),
    ],
)
def test_seed_decodes_the_same_in_every_encoding(encoding, expected):
    text, used = decode(SEED_TEXT.encode(encoding))
    assert text == SEED_TEXT
    assert used == expected


def test_english_text_is_english_and_chinese_is_chinese():
    assert detect_language(SEED_TEXT) == "zh"
    assert detect_language("The General Assembly adopted resolution 61/66.") == "en"
    assert detect_language("大会通过了第 61/66 号决议 (A/RES/61/66)。") == "zh"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"   \n\n  \t\n", "no text"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (bytes(range(128, 256)) * 64, "cannot decode"),
    ],
)
def test_bad_files_get_a_clear_error(tmp_path, content, problem):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(InputError) as e:
        read_document(p)
    assert str(p) in str(e.value) and problem in str(e.value)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True
    )


def test_extract_writes_every_table_and_document_json(tmp_path):
    out = tmp_path / "out"
    r = run_cli("extract", str(SEED), "--out", str(out))
    assert r.returncode == 0, r.stderr
    doc = out / "A-62-162.zh"
    for name in ["paragraphs", "dates", "symbols", "organizations"]:
        assert (doc / f"{name}.csv").exists()
        assert (out / f"corpus_{name}.csv").exists()
    meta = json.loads((doc / "document.json").read_text(encoding="utf-8"))
    assert meta["doc_id"] == "A-62-162.zh" and meta["lang"] == "zh"
    assert meta["encoding"] == "utf-8" and Path(meta["source"]) == SEED.resolve()
    assert meta["symbol"] == "A/62/162" and meta["session"] == 62
    # nothing temporary is left behind
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_one_file_named_alone_gets_no_parquet_nor_duckdb_unless_asked(tmp_path):
    # Parquet and DuckDB are a corpus's: one file named alone pays nothing for them (pyarrow,
    # pandas and DuckDB were most of a cold start); --typed-tables asks for them. (A folder
    # gets them by default: the README's example and tests/test_corpus.py.)
    typed = ["corpus.duckdb", *(f"corpus_{t}.parquet" for t in ("paragraphs", "dates"))]
    out = tmp_path / "out"
    for args, written in [(["--typed-tables"], True), ([], False)]:
        r = run_cli("extract", str(SEED), "--out", str(out), "-q", *args)
        assert r.returncode == 0, r.stderr
        assert (out / "corpus_dates.csv").is_file()
        # the second run removed the typed files the first left: they would hold another
        # run's rows than the corpus CSVs beside them
        assert [(out / f).is_file() for f in typed] == [written] * len(typed), args
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    r = run_cli("extract", str(folder), "--out", str(tmp_path / "x"), "--no-typed-tables", "-q")
    assert r.returncode == 0 and (tmp_path / "x" / "corpus_dates.csv").is_file()
    assert not (tmp_path / "x" / "corpus.duckdb").exists()


def test_extract_output_passes_the_shared_contract_check(tmp_path, shared_dir):
    out = tmp_path / "out"
    assert run_cli("extract", str(SEED), "--out", str(out)).returncode == 0
    check = subprocess.run(
        [sys.executable, str(shared_dir / "tools" / "check_tables.py"), str(out)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    assert "0 problems" in check.stdout


def test_a_bad_file_fails_alone_and_writes_nothing_for_itself(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "A-62-162.zh.txt").write_text(SEED_TEXT, encoding="utf-8")
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)
    (inputs / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    r = run_cli("extract", str(inputs), "--out", str(out))
    assert r.returncode == 1
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2
    assert any("broken.txt" in e and "binary" in e for e in errors)
    assert any("empty.txt" in e and "empty file" in e for e in errors)
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["A-62-162.zh"]


def test_wrong_kind_of_file_exits_non_zero(tmp_path):
    p = tmp_path / "picture.txt"
    p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    r = run_cli("extract", str(p), "--out", str(tmp_path / "out"))
    assert r.returncode != 0
    assert "picture.txt" in r.stderr and "binary" in r.stderr
    assert not list((tmp_path / "out").iterdir())


def test_missing_path_and_unwritable_output(tmp_path):
    r = run_cli("extract", str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert r.returncode != 0 and "no such file or folder" in r.stderr
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = run_cli("extract", str(SEED), "--out", str(blocker / "out"))
    assert r.returncode == 2 and "cannot create output folder" in r.stderr


def test_output_names_cannot_escape_the_output_folder():
    from pipeline.tables import safe_name

    for doc_id in ["../../etc", ".", "..", "A/62/162", "a\\b", ""]:
        name = safe_name(doc_id)
        assert "/" not in name and "\\" not in name and not name.startswith(".")
