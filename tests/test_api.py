"""The Python API: `from pipeline import extract_text, extract_file`, tables as DataFrames whose
offsets point into the given string, the registry's tables and columns, the same rows as the
command line writes, a document date for year-less dates, and a cheap `import pipeline`."""

from __future__ import annotations

import csv
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from pipeline import InputError, extract_file, extract_text
from pipeline.kinds import KINDS, OUTPUT_COLUMNS, TABLES
from pipeline.runner import extract_file as run_file
from pipeline.tables import write_document
from tests.conftest import ROOT, SEED

# Year-less dates (12月4日, 4 December) take the document's year; the rest name theirs.
ZH = "委员会于 12 月 4 日举行会议。大会第 61/66 号决议请秘书长于 2008 年下半年提交报告。"
EN = "On 4 December the General Assembly, in resolution 61/66, asked for a report in March 2008."


def cell(v) -> str:
    """A DataFrame cell as the CSV writes it."""
    if v is None or v is pd.NA or v is pd.NaT:
        return ""
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    return str(v)


def test_import_is_cheap_and_pandas_waits_for_tables():
    code = """
import sys
import pipeline
from pipeline import extract_text
assert "pandas" not in sys.modules, "import"
assert not [m for m in sys.modules if m.startswith("pipeline.") and m not in (
    "pipeline.api", "pipeline.kinds", "pipeline.periods")], sorted(sys.modules)
r = extract_text("大会第 61/66 号决议。")
assert "pandas" not in sys.modules, "extract_text"
r.tables
assert "pandas" in sys.modules
print("ok")
"""
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert r.stdout.strip() == "ok", r.stderr


@pytest.mark.parametrize("text", [ZH, EN])
def test_offsets_point_into_the_given_string(text):
    result = extract_text(text, date="2007-12-20")
    assert list(result.tables) == list(TABLES)  # paragraphs, then every kind of the registry
    assert result.text is text
    for name, df in result.tables.items():
        assert list(df.columns) == OUTPUT_COLUMNS[name]
        for r in df.itertuples(index=False):
            if name == "paragraphs":
                assert 0 <= r.start <= r.end <= len(text)
            else:
                assert text[r.start : r.end] == r.text, (name, r)
    found = {k.name for k in KINDS if len(result.tables[k.name])}
    assert {"dates", "symbols", "organizations"} <= found


def test_a_date_without_a_year_takes_the_document_date():
    with_date = extract_text(ZH, date=date(2007, 12, 20)).tables["dates"]
    by_text = dict(zip(with_date["text"], with_date["start_value"], strict=True))
    assert by_text["12 月 4 日"] == "2007-12-04"
    assert by_text["2008 年下半年"] == "2008-H2"  # names its own year
    # ISO text, a datetime and a date give the same rows; no date gives no year to take
    rows = extract_text(ZH, date="2007-12-20").rows
    assert rows == extract_text(ZH, date=date(2007, 12, 20)).rows
    assert rows == extract_text(ZH, date=datetime(2007, 12, 20, 9, 30)).rows
    without = extract_text(ZH).tables["dates"]
    assert "2007-12-04" not in set(without["start_value"])
    assert extract_text(ZH, date="2007-12-20").document["date"] == "2007-12-20"
    en = extract_text(EN, lang="en", date="2006").tables["dates"]
    assert dict(zip(en["text"], en["start_value"], strict=True))["4 December"] == "2006-12-04"


def test_the_date_argument_stands_for_a_dateline():
    """A dateline in the text (a front-matter line that is a date) and the same date given as
    the argument give the body's dates the same values."""
    head = "新闻稿 人权理事会\n\n"
    with_dateline = extract_text(head + "2014年9月26日\n\n1. " + ZH)
    assert with_dateline.document["date"] == "2014-09-26"
    given = extract_text(head + "1. " + ZH, date="2014-09-26")
    assert given.document["date"] == "2014-09-26"

    def body_values(result):
        df = result.tables["dates"]
        return list(df[df["para"] == "1"]["start_value"])

    assert body_values(given) == body_values(with_dateline)
    assert "2014-12-04" in body_values(given)


def test_types_are_the_registrys():
    df = extract_text(ZH, date="2007-12-20").tables["dates"]
    assert str(df["start"].dtype) == "Int64" and str(df["start_date"].dtype) == "datetime64[s]"
    half = df[df["start_value"] == "2008-H2"].iloc[0]
    assert (half["start_date"], half["end_date"]) == (
        pd.Timestamp("2008-07-01"),
        pd.Timestamp("2008-12-31"),
    )
    assert len(df[df["start_date"] >= "2008-01-01"]) == 1  # compared as dates
    paragraphs = extract_text(ZH).tables["paragraphs"]
    assert str(paragraphs["number"].dtype) == "Int64"


def test_the_seed_gives_the_rows_the_command_line_writes(tmp_path):
    """extract_file's frames hold, cell for cell, the CSVs of the document folder."""
    result = extract_file(SEED)
    folder = write_document(run_file(SEED).extraction, tmp_path)
    for name, df in result.tables.items():
        with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == list(df.columns), name
        assert rows[1:] == [[cell(v) for v in r] for r in df.itertuples(index=False)], name
    assert result.text == SEED.read_text(encoding="utf-8")
    assert result.document["symbol"] == "A/62/162"
    assert Path(result.document["source"]) == SEED.resolve()


def test_a_converted_file_points_into_its_extracted_text(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><p>大会第 61/66 号决议。</p><p>1. 2007 年 7 月的报告。</p></body></html>",
        encoding="utf-8",
    )
    result = extract_file(page)
    assert result.document["source"] is None and result.document["input"] == str(page.resolve())
    dates = result.tables["dates"]
    assert list(dates["text"]) == ["2007 年 7 月"]
    r = dates.iloc[0]
    assert result.text[r["start"] : r["end"]] == r["text"]


def test_bad_arguments_and_bad_files():
    with pytest.raises(ValueError, match="not supported"):
        extract_text(ZH, lang="xx")
    with pytest.raises(ValueError, match="date"):
        extract_text(ZH, date="12/04/2007")
    with pytest.raises(TypeError):
        extract_text(ZH.encode())  # type: ignore[arg-type]
    with pytest.raises(InputError, match="no such file"):
        extract_file("no/such/file.txt")
    empty = extract_text("")
    assert all(len(df) == 0 for df in empty.tables.values())
    assert list(empty.tables["dates"].columns) == OUTPUT_COLUMNS["dates"]
