"""The document folder: CSVs written with the csv module, read back by pandas as the rows they
were written from, byte for byte what the DataFrame API writes; stale temporary folders cleared without listing the output folder for every document;
nothing partial left behind by a failure."""

from __future__ import annotations

import io
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from pipeline import tables
from pipeline.kinds import OUTPUT_COLUMNS
from pipeline.model import TABLE_COLUMNS, Extraction
from pipeline.runner import process
from pipeline.tables import CSV_LINE_END, document_json, safe_name, tables_of, write_document
from tests.conftest import SEED, SHARED

SIBLINGS = SHARED / "siblings"

# --------------------------------------------------------------------------- the reference


def expected_cells(table: str, rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """What a table's CSV must hold, by the contract: its columns first (../shared/ANNOTATION.md),
    then the registry's derived ones, then any other key of the rows in order of first
    appearance; each value as str() writes it, "" for None, NaN and an absent key."""
    columns = list(OUTPUT_COLUMNS[table])
    for r in rows:
        columns += [k for k in r if k not in columns]
    cells = [
        ["" if r.get(c) is None or r.get(c) != r.get(c) else str(r[c]) for c in columns]
        for r in rows
    ]
    return columns, cells


def read_back(data: bytes) -> tuple[list[str], list[list[str]]]:
    """A CSV file as another reader (pandas' C parser) reads it: header and cells as text."""
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8")
    return list(df.columns), df.values.tolist()


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def assert_same_as_reference(extraction: Extraction, tmp_path: Path) -> dict[str, bytes]:
    """The folder holds every table, each read back by pandas as the rows it was written from,
    in the dialect of the contract (CRLF line ends); source.txt for a converted input; and the
    DataFrame API gives the very same files."""
    folder = write_document(extraction, tmp_path / "out")
    ours = files_of(folder)
    doc = extraction.layout.document
    expected = {f"{t}.csv" for t in TABLE_COLUMNS} | {"document.json"}
    if doc.path.endswith((".html", ".htm", ".pdf", ".docx")):
        expected.add("source.txt")
        assert ours["source.txt"] == doc.text.encode("utf-8")
    assert set(ours) == expected
    rows = {"paragraphs": tables.paragraph_rows(extraction.layout)}
    for name in TABLE_COLUMNS:
        if name != "paragraphs":
            rows[name] = tables.with_derived(name, extraction.tables.get(name, []))
    for name, part in rows.items():
        data = ours[f"{name}.csv"]
        assert read_back(data) == expected_cells(name, part), name
        assert data.endswith(b"\r\n")
    assert json.loads(ours["document.json"]) == document_json(extraction.layout, folder.resolve())
    # the public DataFrame API gives the very same tables
    for name, df in tables_of(extraction).items():
        csv = df.to_csv(index=False, lineterminator=CSV_LINE_END).encode("utf-8")
        assert csv == ours[f"{name}.csv"], name
    return ours


@pytest.fixture(scope="module")
def seed_extraction() -> Extraction:
    return process(SEED)


# --------------------------------------------------------------------------- identity


def test_the_seed_folder_reads_back_as_its_rows(seed_extraction, tmp_path):
    files = assert_same_as_reference(seed_extraction, tmp_path)
    assert set(files) == {f"{t}.csv" for t in TABLE_COLUMNS} | {"document.json"}
    # the dialect, checked on the file itself: CRLF after every line, header first, no bare LF
    paragraphs = files["paragraphs.csv"]
    assert paragraphs.startswith(b"doc_id,lang,para,text,start,end,zone,number,section,")
    assert paragraphs.count(b"\n") == paragraphs.count(b"\r\n")
    assert all(files[f"{t}.csv"].count(b"\r\n") > 1 for t in TABLE_COLUMNS)  # rows in all four


def test_a_converted_document_and_line_breaks_in_mentions(tmp_path):
    """HTML input (source.txt beside the tables) whose text has Mac (CR) line breaks, so that
    mentions and paragraphs hold a lone CR: quoted, as pandas quoted them."""
    text = SEED.read_text(encoding="utf-8").replace("\n", "\r")
    page = tmp_path / "A-62-162.zh.html"
    lines = "".join(f"<p>{line}</p>\r" for line in text.split("\r")[:400])
    page.write_text(f"<html><body>{lines}</body></html>", encoding="utf-8")
    files = assert_same_as_reference(process(page), tmp_path)
    assert "source.txt" in files


@pytest.mark.skipif(not SIBLINGS.is_dir(), reason="../shared/siblings not present")
def test_real_siblings_read_back_as_their_rows(tmp_path):
    paths = sorted(SIBLINGS.glob("*.txt"))
    assert paths
    for path in paths:
        assert_same_as_reference(process(path), tmp_path / path.stem)


def hand_made(seed: Extraction) -> Extraction:
    """Rows with what a CSV writer can get wrong: quotes, commas, CR, LF, CRLF, spaces at both
    ends, empty strings, None, absent keys, a non-BMP character, bools, ints mixed with "" in
    a column, extra columns met in different orders, and an empty table."""
    base = {"doc_id": "X", "lang": "zh", "para": "1", "start": 0, "end": 2}
    dates = [
        {**base, "text": 'say "A, B"', "start_value": "2007-01-01", "end_value": None},
        {
            **base,
            "text": "two\r\nlines\rand\nmore",
            "precision": "day",
            "kind": "point",
            "extra_b": False,
        },
        {**base, "text": "  spaces  ", "start_value": "", "extra_b": True, "extra_a": 7},
        {**base, "text": "𠀀 non-BMP", "extra_a": "", "extra_b": None},
    ]
    symbols = [
        {**base, "text": "A/62/162", "symbol": "A/62/162", "kind": "document", "para_ref": 3},
        {**base, "text": "A/62/163", "symbol": "A/62/163", "kind": "document", "para_ref": ""},
    ]
    return replace(seed, tables={"dates": dates, "symbols": symbols, "organizations": []})


def test_hand_made_rows_read_back_as_written(seed_extraction, tmp_path):
    files = assert_same_as_reference(hand_made(seed_extraction), tmp_path)
    dates = files["dates.csv"].decode("utf-8")
    # written out by hand: contract columns, derived ones, then the extra ones in order of first
    # appearance
    header = (
        "doc_id,lang,para,text,start,end,start_value,end_value,precision,kind,"
        "start_date,end_date,extra_b,extra_a"
    )
    assert dates.split("\r\n")[0] == header
    assert '"say ""A, B""",0,2,2007-01-01,,,,2007-01-01,,,\r\n' in dates
    assert '"two\r\nlines\rand\nmore",0,2,,,day,point,,,False,\r\n' in dates
    assert "X,zh,1,  spaces  ,0,2,,,,,,,True,7\r\n" in dates
    assert "X,zh,1,𠀀 non-BMP,0,2,,,,,,,,\r\n" in dates
    assert (
        files["organizations.csv"] == (",".join(TABLE_COLUMNS["organizations"]) + "\r\n").encode()
    )
    symbols = files["symbols.csv"].decode("utf-8")
    assert ",document,3,\r\n" in symbols and ",document,,\r\n" in symbols


def test_an_integer_column_with_a_gap_keeps_its_integers(seed_extraction, tmp_path):
    """Where the two paths part, on purpose: pandas makes floats of an integer column that has
    a missing value (3 -> "3.0"); the csv path writes 3, as the corpus tables do."""
    base = {"doc_id": "X", "lang": "zh", "para": "1", "text": "A/1", "start": 0, "end": 3}
    symbols = [{**base, "para_ref": 3}, {**base, "para_ref": None}, {**base, "para_ref": 1e400}]
    extraction = replace(seed_extraction, tables={"symbols": symbols})
    folder = write_document(extraction, tmp_path / "out")
    lines = (folder / "symbols.csv").read_bytes().split(b"\r\n")
    assert [line.split(b",")[8] for line in lines[1:4]] == [b"3", b"", b"inf"]
    frame = pd.DataFrame(symbols[:2])  # where pandas makes a float of 3
    assert frame.to_csv(index=False).splitlines()[1].endswith(",3.0")
    nan = replace(seed_extraction, tables={"symbols": [{**base, "para_ref": float("nan")}]})
    lines = (write_document(nan, tmp_path / "out") / "symbols.csv").read_bytes().split(b"\r\n")
    assert lines[1].split(b",")[8] == b""  # NaN, like None, is no value


# --------------------------------------------------------------------------- leftovers


def test_leftovers_of_this_document_are_cleared_and_no_other(seed_extraction, tmp_path):
    out = tmp_path / "out"
    name = safe_name(seed_extraction.layout.document.doc_id)
    mine = [f".{name}.tmp-abc123", f".{name}.old-k2_x9zqa"]
    others = [
        ".other.tmp-abc123",  # another document's
        f".{name}.tmp-y.tmp-abc123",  # the document named "<name>.tmp-y"
        f"{name}.tmp-abc123",  # not hidden: not a temporary folder of ours
        ".corpus_dates.csv.abc123",  # a corpus file being written
    ]
    for leftover in mine + others:
        (out / leftover).mkdir(parents=True)
        (out / leftover / "dates.csv").write_text("half", encoding="utf-8")
    write_document(seed_extraction, out)
    assert sorted(p.name for p in out.iterdir()) == sorted([name, *others])


def test_the_output_folder_is_listed_once_per_process(seed_extraction, tmp_path, monkeypatch):
    """Not once per document (over n documents, n listings of n entries)."""
    out = tmp_path / "out"
    (out / ".doc-2.tmp-abc123").mkdir(parents=True)
    listed: list[str] = []
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if not isinstance(path, int) and os.fspath(path) == str(out):
            listed.append(os.fspath(path))
        return real(path)

    monkeypatch.setattr(tables.os, "scandir", scandir)
    doc = seed_extraction.layout.document
    for i in range(5):
        layout = replace(seed_extraction.layout, document=replace(doc, doc_id=f"doc-{i}"))
        write_document(replace(seed_extraction, layout=layout), out)
        write_document(replace(seed_extraction, layout=layout), out)  # a second time: replaced
    assert len(listed) == 1
    assert sorted(p.name for p in out.iterdir()) == [f"doc-{i}" for i in range(5)]


# --------------------------------------------------------------------------- nothing partial


def test_a_failure_midway_through_writing_leaves_nothing(seed_extraction, tmp_path, monkeypatch):
    out = tmp_path / "out"
    calls = []
    real = tables.write_csv

    def fail_on_third(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(path, table, rows)

    monkeypatch.setattr(tables, "write_csv", fail_on_third)
    with pytest.raises(OSError):
        write_document(seed_extraction, out)
    assert len(calls) == 3  # two tables were written, in the temporary folder
    assert list(out.iterdir()) == []  # neither a document folder nor a temporary folder


def test_a_failure_while_replacing_keeps_the_previous_output(
    seed_extraction, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    first = write_document(seed_extraction, out)
    before = files_of(first)

    def interrupt(*args: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tables, "write_csv", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_document(seed_extraction, out)
    assert files_of(first) == before
    assert [p.name for p in out.iterdir()] == [first.name]
