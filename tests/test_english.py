"""English end to end, and the same values from the Chinese version of the same text.

tests/fixtures/pairs/report.{en,zh}.txt are one short report in both languages (written for these
tests on the model of A/62/162). Every expected value below was read off the texts by hand."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from pipeline.runner import process

PAIRS = Path(__file__).parent / "fixtures" / "pairs"

# paragraph key -> values, identical for both versions
DATES = {
    "front": {"2007-07-30"},
    "1": {"2006-12-06"},
    "2": {"2006-07..2007-07"},
    "3": {"2007-05"},
    "4": {"2007-06-29", "2007-03-19..2007-03-23"},
    "5": {"2007-H2"},
}
SYMBOLS = {
    "1": {("A/RES/61/71", "ga_resolution", "5")},
    "2": {("A/62/163", "document", "")},
    "4": {
        ("S/PRST/2007/24", "presidential_statement", ""),
        ("S/RES/1540(2004)", "sc_resolution", ""),
    },
    "fn1": {("E.06.IX.7", "sales_number", "")},
}
ORGS = {
    "3": {"unoda", "undp", "unodc", "ecowas"},
    "4": {"unsc"},
    "5": {"osce"},
}


@pytest.fixture(scope="module", params=["en", "zh"])
def report(request):
    return process(PAIRS / f"report.{request.param}.txt", lang=request.param)


def by_para(rows, value):
    out = defaultdict(set)
    for r in rows:
        out[str(r["para"])].add(value(r))
    return dict(out)


def test_english_layout():
    ex = process(PAIRS / "report.en.txt")
    lay = ex.layout
    assert lay.document.lang == "en"
    units = {p.key: p for p in lay.paragraphs if p.key not in ("heading",)}
    assert [p.key for p in lay.paragraphs] == [
        "front", "heading", "1", "2", "heading", "3", "4", "fn1", "5",
    ]  # fmt: skip
    headings = [p.view.text for p in lay.paragraphs if p.zone == "heading"]
    assert headings == ["I. Introduction", "II. Activities of the United Nations system"]
    assert units["3"].section == "II. Activities of the United Nations system"
    # paragraph 4 runs on after the footnote block, the job number and the running head
    assert units["4"].view.text.endswith(
        "A regional workshop on the marking of firearms was held in Lima from 19 to 23 March 2007."
    )
    assert units["2"].view.text.endswith("in all its aspects (A/62/163).")  # mark "1" taken out
    assert units["fn1"].view.text == "Sales No. E.06.IX.7."
    assert units["5"].page_start == 2


def test_metadata_is_the_same_in_both_versions():
    en = process(PAIRS / "report.en.txt").layout.metadata
    zh = process(PAIRS / "report.zh.txt").layout.metadata
    for key, value in [
        ("symbol", "A/62/999"),
        ("session", 62),
        ("agenda_items", ["100"]),
        ("date", "2007-07-30"),
        ("job_number", "07-12345"),
    ]:
        assert en[key] == value and zh[key] == value, key


def test_dates(report):
    got = by_para(
        report.tables["dates"],
        lambda r: (
            r["start_value"]
            if r["start_value"] == r["end_value"]
            else f"{r['start_value']}..{r['end_value']}"
        ),
    )
    assert got == DATES


def test_symbols(report):
    got = by_para(report.tables["symbols"], lambda r: (r["symbol"], r["kind"], str(r["para_ref"])))
    assert got == SYMBOLS


def test_organizations(report):
    got = by_para(report.tables["organizations"], lambda r: r["org_id"])
    for para, ids in ORGS.items():
        assert got.get(para) == ids, para
    # the Chinese names 大会 in paragraph 1 twice, the English "General Assembly" once and "it"
    assert got.get("1") == {"unga"}
