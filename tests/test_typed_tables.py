"""Typed tables: a date row's first and last calendar day (start_date, end_date) as dates in
Parquet and DuckDB; the corpus `documents` table (every document.json field, one row a document)
with `source` and `input` relative to the output folder, so that the folder can be moved."""

from __future__ import annotations

import csv
import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.corpus import run_corpus
from pipeline.kinds import DOCUMENT_COLUMNS, KIND_BY_NAME, OUTPUT_COLUMNS, TABLE_COLUMNS
from pipeline.periods import first_day, last_day
from tests.conftest import SEED

# A small UN page: a converted input, whose source.txt lives in its document folder.
UN_PAGE = """<html><head><title>A/62/999</title></head><body>
<p>大会第 61/66 号决议请秘书长于 2007 年下半年和 2008 年第三季度提交报告。</p>
<p>1. 联合国开发计划署在 2008 年 2 月开展了活动。</p>
</body></html>"""


def test_the_days_a_value_covers():
    # the calendar by hand: halves, quarters, months (a leap February), days, years
    assert (first_day("2007-H2"), last_day("2007-H2")) == (date(2007, 7, 1), date(2007, 12, 31))
    assert (first_day("2007-H1"), last_day("2007-H1")) == (date(2007, 1, 1), date(2007, 6, 30))
    assert (first_day("2007-Q3"), last_day("2007-Q3")) == (date(2007, 7, 1), date(2007, 9, 30))
    assert (first_day("2008-02"), last_day("2008-02")) == (date(2008, 2, 1), date(2008, 2, 29))
    assert (first_day("2007-02"), last_day("2007-02")) == (date(2007, 2, 1), date(2007, 2, 28))
    assert (first_day("2006"), last_day("2006")) == (date(2006, 1, 1), date(2006, 12, 31))
    assert first_day("2006-12-06") == last_day("2006-12-06") == date(2006, 12, 6)
    for bad in ("", "2007-13", "2007-02-30", "2007-H3", "07", "0000", "2007-Q5"):
        assert first_day(bad) is None and last_day(bad) is None, bad


VALUES = st.one_of(
    st.dates(min_value=date(1, 1, 1)).map(date.isoformat),
    st.dates(min_value=date(1, 1, 1)).map(lambda d: d.isoformat()[:7]),
    st.integers(1, 9999).map(lambda y: f"{y:04d}"),
    st.tuples(st.integers(1, 9999), st.sampled_from(["H1", "H2", "Q1", "Q2", "Q3", "Q4"])).map(
        lambda t: f"{t[0]:04d}-{t[1]}"
    ),
)


@given(VALUES)
def test_a_value_covers_whole_days_without_gaps(value):
    """The first day starts the value's period, the last ends it: the day after the last day is
    the first day of the next period of the same precision (or past the calendar's end)."""
    first, last = first_day(value), last_day(value)
    assert first is not None and last is not None and first <= last
    assert first.isoformat().startswith(value[:4])
    if len(value) in (7, 10) and value[5].isdigit():  # month, day: ISO prefixes of the days
        assert first.isoformat().startswith(value) and last.isoformat().startswith(value)
    if last < date.max:
        after = last + timedelta(days=1)
        assert after.day == 1 or len(value) == 10
        assert after.year > first.year or after.month != first.month or len(value) == 10


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory) -> Path:
    """The seed (a text input, outside the output folder's parent) and a UN page (converted:
    its source.txt inside the output folder), run in a project folder: inputs in `in/`,
    output in `out/`."""
    project = tmp_path_factory.mktemp("project")
    (project / "in").mkdir()
    shutil.copy(SEED, project / "in" / SEED.name)
    (project / "in" / "page.html").write_text(UN_PAGE, encoding="utf-8")
    out = project / "out"
    report = run_corpus(sorted((project / "in").iterdir()), out)
    assert (report.done, report.failed) == (2, 0)
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_date_row_has_its_days(corpus_out):
    rows = read_csv(corpus_out / "corpus_dates.csv")
    assert rows and list(rows[0]) == OUTPUT_COLUMNS["dates"]
    assert OUTPUT_COLUMNS["dates"][-2:] == ["start_date", "end_date"]
    assert "start_date" not in TABLE_COLUMNS["dates"]  # derived: not a column gold must have
    for r in rows:
        assert r["start_date"] == first_day(r["start_value"]).isoformat()
        assert r["end_date"] == last_day(r["end_value"]).isoformat()
        assert r["start_date"] <= r["end_date"]
    # the page's half year and quarter, by hand
    page = {r["text"]: (r["start_date"], r["end_date"]) for r in rows if r["doc_id"] == "page"}
    assert page["2007 年下半年"] == ("2007-07-01", "2007-12-31")
    assert page["2008 年第三季度"] == ("2008-07-01", "2008-09-30")
    assert page["2008 年 2 月"] == ("2008-02-01", "2008-02-29")
    # a document's own CSV has them too
    doc_rows = read_csv(corpus_out / "page" / "dates.csv")
    assert [r["start_date"] for r in doc_rows] == [
        r["start_date"] for r in rows if r["doc_id"] == "page"
    ]


def test_duckdb_compares_dates_as_dates(corpus_out):
    import duckdb

    rows = read_csv(corpus_out / "corpus_dates.csv")
    # a value's first day is in 2007 or later exactly when its year is
    by_hand = sum(r["start_value"][:4] >= "2007" for r in rows)
    assert 0 < by_hand < len(rows)
    con = duckdb.connect(str(corpus_out / "corpus.duckdb"), read_only=True)
    try:
        sql = "SELECT count(*) FROM dates WHERE start_date >= DATE '2007-01-01'"
        assert con.execute(sql).fetchall() == [(by_hand,)]
        types = dict(
            con.execute("SELECT column_name, column_type FROM (DESCRIBE dates)").fetchall()
        )
        assert types["start_date"] == types["end_date"] == "DATE"
        half = con.execute(
            "SELECT start_date, end_date FROM dates WHERE start_value = '2007-H2'"
        ).fetchall()
        assert half and set(half) == {(date(2007, 7, 1), date(2007, 12, 31))}
        docs = con.execute("SELECT doc_id, session, agenda_items, date FROM documents").fetchall()
        doc_types = dict(
            con.execute("SELECT column_name, column_type FROM (DESCRIBE documents)").fetchall()
        )
    finally:
        con.close()
    meta = json.loads((corpus_out / "A-62-162.zh" / "document.json").read_text(encoding="utf-8"))
    seed = next(d for d in docs if d[0] == "A-62-162.zh")
    assert seed[1:3] == (meta["session"], meta["agenda_items"])
    assert doc_types["date"] == "DATE" and doc_types["session"] == "BIGINT"
    assert doc_types["agenda_items"] == "VARCHAR[]"


def test_parquet_types(corpus_out):
    import pyarrow.parquet as pq

    schema = pq.read_schema(corpus_out / "corpus_dates.parquet")
    assert str(schema.field("start_date").type) == "date32[day]"
    docs = pq.read_table(corpus_out / "corpus_documents.parquet")
    assert docs.column_names == [c.name for c in DOCUMENT_COLUMNS]
    field = docs.schema.field("agenda_items").type
    assert field.num_fields == 1 and str(field.value_type) == "string"  # a list of text


def test_documents_table_holds_every_document_json_field(corpus_out):
    rows = {r["doc_id"]: r for r in read_csv(corpus_out / "corpus_documents.csv")}
    assert set(rows) == {"A-62-162.zh", "page"}
    for folder in ("A-62-162.zh", "page"):
        meta = json.loads((corpus_out / folder / "document.json").read_text(encoding="utf-8"))
        row = rows[meta["doc_id"]]
        # every field is declared (a new field of document.json must be declared too)
        assert set(meta) <= {c.name for c in DOCUMENT_COLUMNS}
        for key, value in meta.items():
            if key in ("source", "input"):
                assert (corpus_out / row[key]).resolve() == Path(value).resolve()
                assert not Path(row[key]).is_absolute()
            elif isinstance(value, list):
                assert row[key] == "; ".join(value)
            else:
                assert row[key] == ("" if value is None else str(value))
    assert rows["page"]["source"] == "page/source.txt"
    assert rows["page"]["input"] == "../in/page.html"
    assert rows["A-62-162.zh"]["source"] == f"../in/{SEED.name}"


def test_the_output_folder_can_be_moved(corpus_out, tmp_path):
    """Moved with its inputs (the project folder), every source named in the documents table
    is found again from the output folder's new place."""
    import duckdb

    moved = tmp_path / "elsewhere"
    shutil.copytree(corpus_out.parent, moved)
    con = duckdb.connect(str(moved / "out" / "corpus.duckdb"), read_only=True)
    try:
        sources = con.execute("SELECT source, input FROM documents").fetchall()
    finally:
        con.close()
    for source, input_ in sources:
        assert (moved / "out" / source).is_file()
        if input_:
            assert (moved / "out" / input_).is_file()


def test_resumed_documents_give_the_same_documents_row(corpus_out):
    """--resume reads the row back from document.json: the same row as the run that wrote it."""
    before = read_csv(corpus_out / "corpus_documents.csv")
    inputs = sorted((corpus_out.parent / "in").iterdir())
    report = run_corpus(inputs, corpus_out, resume=True)
    assert report.resumed == 2
    assert read_csv(corpus_out / "corpus_documents.csv") == before


def test_a_date_kind_declares_its_days_in_the_registry():
    derived = {c.name: c.type for c in KIND_BY_NAME["dates"].derived}
    assert derived == {"start_date": date, "end_date": date}
