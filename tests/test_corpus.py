"""Corpus mode: many documents, worker processes, corpus tables (CSV, Parquet, DuckDB), failures
reported and skipped, --resume. The expected tables are rebuilt here from the per-document CSVs
(the files a user would otherwise concatenate by hand), never taken from corpus.py itself."""

from __future__ import annotations

import csv
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from pipeline.corpus import DOC_FILES, INT_COLUMNS, TABLES, cell, run_corpus
from pipeline.kinds import OUTPUT_COLUMNS
from tests.conftest import ROOT, SEED

N_DOCS = 12
BROKEN = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def corpus_in(tmp_path_factory) -> Path:
    """N_DOCS documents (the seed under several names; one of them re-encoded as GB18030, one
    cut to its first half so the documents differ) and a broken file among them."""
    folder = tmp_path_factory.mktemp("in")
    text = SEED.read_text(encoding="utf-8")
    for i in range(N_DOCS):
        name = folder / f"A-62-{i:03d}.zh.txt"
        if i == 3:
            name.write_bytes(text.encode("gb18030"))
        elif i == 5:
            name.write_text(text[: len(text) // 2], encoding="utf-8")
        else:
            name.write_text(text, encoding="utf-8")
    (folder / "broken.txt").write_bytes(BROKEN)
    return folder


@pytest.fixture(scope="module")
def two_jobs(corpus_in, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = tmp_path_factory.mktemp("out2")
    r = run_cli("extract", str(corpus_in), "--out", str(out), "--jobs", "2", "--progress")
    return out, r


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def doc_folders(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir())


def test_a_broken_file_is_reported_and_the_run_goes_on(two_jobs):
    out, r = two_jobs
    assert r.returncode == 1  # some document failed
    errors = [ln for ln in r.stderr.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and "broken.txt" in errors[0] and "binary" in errors[0]
    folders = doc_folders(out)
    assert [p.name for p in folders] == [f"A-62-{i:03d}.zh" for i in range(N_DOCS)]
    for folder in folders:
        assert {p.name for p in folder.iterdir()} >= set(DOC_FILES)
    assert f"{N_DOCS + 1} documents: {N_DOCS} extracted, 1 failed" in r.stdout
    # nothing temporary left, and Parquet/DuckDB are files in DIR, not folders
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
    for t in TABLES:
        assert (out / f"corpus_{t}.csv").is_file() and (out / f"corpus_{t}.parquet").is_file()
    assert (out / "corpus.duckdb").is_file()


def test_the_progress_bar_counts_every_input(two_jobs):
    _, r = two_jobs
    assert f"{N_DOCS + 1}/{N_DOCS + 1}" in r.stderr and "100%" in r.stderr


def test_no_progress_bar_when_piped(corpus_in, tmp_path):
    files = [str(corpus_in / f"A-62-00{i}.zh.txt") for i in (1, 2)]
    r = run_cli("extract", *files, "--out", str(tmp_path))  # stderr is a pipe here
    assert r.returncode == 0 and r.stderr == ""
    assert len([ln for ln in r.stdout.splitlines() if " -> " in ln]) == 2  # a line a document


def test_corpus_csv_is_the_document_csvs_one_after_another(two_jobs):
    out, _ = two_jobs
    for t in TABLES:
        header, bodies = b"", []
        for folder in doc_folders(out):
            data = (folder / f"{t}.csv").read_bytes()
            first_line, _, body = data.partition(b"\n")
            header = first_line + b"\n"
            bodies.append(body)
        # byte for byte: same quoting, same line ends as the documents' own CSVs
        assert (out / f"corpus_{t}.csv").read_bytes() == header + b"".join(bodies), t
    # the seed has a document body: every copy contributes paragraphs
    assert len(read_csv(out / "corpus_paragraphs.csv")) > N_DOCS


def test_parquet_holds_the_same_rows_typed(two_jobs):
    import pyarrow.parquet as pq

    out, _ = two_jobs
    for t in TABLES:
        table = pq.read_table(out / f"corpus_{t}.parquet")
        assert table.column_names == OUTPUT_COLUMNS[t]
        rows = read_csv(out / f"corpus_{t}.csv")
        assert table.num_rows == len(rows)
        for c in OUTPUT_COLUMNS[t]:
            got = table.column(c).to_pylist()
            if c in INT_COLUMNS:
                assert str(table.schema.field(c).type) == "int64"
                assert got == [int(r[c]) if r[c] else None for r in rows]
            elif c in ("start_date", "end_date"):
                assert str(table.schema.field(c).type) == "date32[day]"
                assert [d.isoformat() if d else "" for d in got] == [r[c] for r in rows]
            else:
                assert got == [r[c] for r in rows]


def test_duckdb_answers_a_question_across_reports(two_jobs):
    import duckdb

    out, _ = two_jobs
    by_hand: Counter[str] = Counter()
    for folder in doc_folders(out):
        by_hand.update(r["symbol"] for r in read_csv(folder / "symbols.csv"))
    con = duckdb.connect(str(out / "corpus.duckdb"), read_only=True)
    try:
        got = dict(con.execute("SELECT symbol, count(*) FROM symbols GROUP BY 1").fetchall())
        tables = {r[0] for r in con.execute("SHOW TABLES").fetchall()}
        docs = con.execute("SELECT count(DISTINCT doc_id) FROM paragraphs").fetchall()[0][0]
        types = dict(
            con.execute("SELECT column_name, column_type FROM (DESCRIBE dates)").fetchall()
        )
    finally:
        con.close()
    assert got == dict(by_hand)
    # the seed cites resolution 61/66 (第 61/66 号决议 in its summary): every copy does
    assert got.get("A/RES/61/66", 0) >= N_DOCS
    assert tables == set(TABLES) | {"documents"}
    assert docs == N_DOCS
    assert types["start"] == "BIGINT" and types["start_value"] == "VARCHAR"


def test_one_worker_and_two_workers_write_the_same_tables(corpus_in, two_jobs, tmp_path):
    out2, _ = two_jobs
    files = sorted(corpus_in.iterdir())
    report = run_corpus(files, tmp_path, jobs=1)
    assert (report.done, report.failed) == (N_DOCS, 1)
    for t in TABLES:
        assert (tmp_path / f"corpus_{t}.csv").read_bytes() == (
            out2 / f"corpus_{t}.csv"
        ).read_bytes()
        for a, b in zip(doc_folders(tmp_path), doc_folders(out2), strict=True):
            assert (a / f"{t}.csv").read_bytes() == (b / f"{t}.csv").read_bytes()


def test_resume_skips_complete_documents_and_redoes_the_rest(corpus_in, two_jobs, tmp_path):
    import shutil

    out2, _ = two_jobs
    out = tmp_path / "out"
    shutil.copytree(out2, out)
    shutil.rmtree(out / "A-62-004.zh")  # never written
    (out / "A-62-007.zh" / "dates.csv").unlink()  # incomplete
    untouched = out / "A-62-001.zh" / "paragraphs.csv"
    before = untouched.stat().st_mtime_ns
    r = run_cli("extract", str(corpus_in), "--out", str(out), "--resume")
    assert r.returncode == 1  # broken.txt still fails
    assert f"2 extracted, {N_DOCS - 2} already complete, 1 failed" in r.stdout
    assert untouched.stat().st_mtime_ns == before
    assert (out / "A-62-007.zh" / "dates.csv").is_file()
    for t in TABLES:  # the resumed documents' rows are back in the corpus tables
        assert (out / f"corpus_{t}.csv").read_bytes() == (out2 / f"corpus_{t}.csv").read_bytes()


def test_an_internal_error_fails_one_document_only(corpus_in, tmp_path, monkeypatch, capsys):
    import pipeline.runner

    real = pipeline.runner.extract_file

    def flaky(path, **options):
        if Path(path).name == "A-62-002.zh.txt":
            raise IndexError("list index out of range")
        return real(path, **options)

    monkeypatch.setattr(pipeline.runner, "extract_file", flaky)
    files = [corpus_in / f"A-62-{i:03d}.zh.txt" for i in range(4)]
    report = run_corpus(files, tmp_path, jobs=1)
    err = capsys.readouterr().err
    assert (report.done, report.failed) == (3, 1)
    assert "A-62-002.zh.txt: internal error: IndexError" in err
    assert not (tmp_path / "A-62-002.zh").exists()
    ids = {r["doc_id"] for r in read_csv(tmp_path / "corpus_paragraphs.csv")}
    assert ids == {"A-62-000.zh", "A-62-001.zh", "A-62-003.zh"}


def test_two_inputs_with_the_same_name_do_not_overwrite_each_other(tmp_path):
    for sub in ("zh", "copy"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "A-62-162.txt").write_bytes(SEED.read_bytes())
    r = run_cli("extract", str(tmp_path / "in"), "--out", str(tmp_path / "out"))
    assert r.returncode == 1
    assert "same output folder (A-62-162)" in r.stderr
    assert [p.name for p in doc_folders(tmp_path / "out")] == ["A-62-162"]


def test_nothing_extracted_writes_no_corpus_files(tmp_path):
    (tmp_path / "bad.txt").write_bytes(BROKEN)
    r = run_cli("extract", str(tmp_path / "bad.txt"), "--out", str(tmp_path / "out"), "-j", "2")
    assert r.returncode == 1
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("start", 12, 12),
        ("start", "12", 12),  # read back from a document CSV by --resume
        ("number", "", None),  # a paragraph without a number
        ("page_start", 3.0, 3),
        ("text", None, ""),
        ("text", float("nan"), ""),
        ("para_ref", 17, "17"),
        ("symbol", "A/RES/61/66", "A/RES/61/66"),
    ],
)
def test_cells_are_typed_like_the_csv_reads(column, value, expected):
    assert cell(column, value) == expected


def test_a_non_integer_offset_is_an_error():
    with pytest.raises(ValueError):
        cell("start", 2.5)
    with pytest.raises(ValueError):
        cell("end", "x")
