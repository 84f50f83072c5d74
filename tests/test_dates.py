"""Dates: the per-language example corpora (tests/corpus/dates.*.yaml), run against a frozen
document date with today's date made unavailable, plus unit tests of the normalizer."""

from __future__ import annotations

import datetime
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import dates
from pipeline.extract.dates import Part, find_dates

CORPUS = Path(__file__).resolve().parent / "corpus"
# Every language with a corpus (dates.<lang>.yaml) is run; the two the project started with are
# also held to a corpus size.
LANGS = tuple(sorted(p.name.split(".")[1] for p in CORPUS.glob("dates.*.yaml")))
FULL = ("zh", "en")


@cache  # read once: each case asks for its corpus's document date (read-only)
def _corpus(lang: str) -> dict[str, Any]:
    # BaseLoader: every scalar stays a string (2006-12-06 must not become a datetime.date).
    with open(CORPUS / f"dates.{lang}.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=yaml.BaseLoader)


@pytest.fixture(autouse=True)
def no_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine must never consult today's date: make asking for it fail loudly."""

    class FrozenDate(datetime.date):
        @classmethod
        def today(cls):  # type: ignore[override]
            raise AssertionError("the date engine asked for today's date")

    class FrozenDateTime(datetime.datetime):
        @classmethod
        def today(cls):  # type: ignore[override]
            raise AssertionError("the date engine asked for today's date")

        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            raise AssertionError("the date engine asked for the current time")

    monkeypatch.setattr(datetime, "date", FrozenDate)
    monkeypatch.setattr(datetime, "datetime", FrozenDateTime)


def _found(text: str, lang: str, doc_date: str | None) -> list[list[str]]:
    return [
        [
            text[m.start : m.end],
            m.values["start_value"],
            m.values["end_value"],
            m.values["precision"],
            m.values["kind"],
        ]
        for m in find_dates(text, lang, doc_date=doc_date)
    ]


def _cases(lang: str, key: str) -> list[Any]:
    return [pytest.param(lang, c, id=f"{lang}-{key}-{i}") for i, c in enumerate(_corpus(lang)[key])]


@pytest.mark.parametrize("lang", FULL)
def test_corpus_size(lang: str) -> None:
    c = _corpus(lang)
    assert len(c["positives"]) >= 80
    assert len(c["negatives"]) >= 30


@pytest.mark.parametrize(("lang", "case"), [c for lang in LANGS for c in _cases(lang, "positives")])
def test_positive(lang: str, case: dict[str, Any]) -> None:
    doc_date = _corpus(lang)["doc_date"]
    assert _found(case["text"], lang, doc_date) == case["dates"]


@pytest.mark.parametrize(("lang", "case"), [c for lang in LANGS for c in _cases(lang, "negatives")])
def test_negative(lang: str, case: str) -> None:
    assert _found(case, lang, _corpus(lang)["doc_date"]) == []


# --------------------------------------------------------------------------- context


def test_no_year_and_no_document_date_gives_no_mention() -> None:
    # Without a year in the paragraph or a document date, `12 月` cannot be dated: it is left out
    # rather than guessed (and never taken from today's date).
    assert find_dates("12 月全体会议表示赞赏这些活动", "zh") == []
    assert find_dates("The meeting on 2 August was brief.", "en") == []


def test_document_date_supplies_the_year() -> None:
    [m] = find_dates("12 月全体会议", "zh", doc_date="2006-03-01")
    assert m.values["start_value"] == "2006-12"


def test_document_date_comes_before_context_year() -> None:
    # ../shared/ANNOTATION.md: a year-less date takes the document's year unless its own sentence
    # fixes it; the year of the paragraphs before counts only where the document has no date.
    [m] = find_dates("12 月全体会议", "zh", doc_date="2007-07-27", context_year=2006)
    assert m.values["start_value"] == "2007-12"
    [m] = find_dates("12 月全体会议", "zh", context_year=2006)
    assert m.values["start_value"] == "2006-12"


def test_year_of_the_same_sentence_beats_document_date() -> None:
    # Only a year of the same sentence fixes a year-less date; else the document's date does;
    # without one, the paragraph's preceding date.
    text = "The Committee met in 2022. It met again in May. In March 2021 and in May, it met."
    found = [m.values["start_value"] for m in find_dates(text, "en", doc_date="2023-08-30")]
    assert found == ["2022", "2023-05", "2021-03", "2021-05"]
    found = [m.values["start_value"] for m in find_dates(text, "en")]
    assert found == ["2022", "2022-05", "2021-03", "2021-05"]


def test_same_year_needs_a_preceding_date_in_the_paragraph() -> None:
    assert find_dates("并于同年启动了一个项目", "zh", doc_date="2007-01-01") == []
    assert find_dates("and in the same year launched a project", "en", doc_date="2007-01-01") == []


def test_preceding_date_beats_document_date() -> None:
    found = _found("2005 年 3 月通过，6 月修订。", "zh", "2007-07-27")
    assert found[1] == ["6 月", "2005-06", "2005-06", "month", "point"]


def test_page_furniture_left_in_a_paragraph_does_not_cut_a_date() -> None:
    # A page's job number and page mark between a date's day and month and its year (a text
    # layer that kept the page footer inside the paragraph): the date goes on across it.
    text = "57/11 of 12 November\n\n18-12345      3/10\n\n2002, 58/7 of 5 December 2003"
    assert _found(text, "en", None) == [
        ["12 November\n\n18-12345      3/10\n\n2002", "2002-11-12", "2002-11-12", "day", "point"],
        ["5 December 2003", "2003-12-05", "2003-12-05", "day", "point"],
    ]
    zh = "第57/11号决议（2002 年 11 月\n\n18-12345      3/10\n\n12 日）"
    assert [f[1] for f in _found(zh, "zh", None)] == ["2002-11-12"]


TOC_DOC = """United Nations                                              A/61/483
General Assembly                                 Distr.: General
                                                 2 October 2006

Sixty-first session
Agenda item 110

Revitalization of the work of the General Assembly

Contents
                                                                 Page
A. Resolution 58/126 of 19 December 2003 ...........................  11
B. Resolution 58/316 of 1 July 2004 ................................  13
{prose}
1. The present report was prepared in 2006.
"""


def test_the_contents_entries_dates_are_mentions(tmp_path):
    from pipeline.extract.dates import extract
    from pipeline.segment import segment
    from tests.conftest import layout_of

    lay = layout_of(TOC_DOC.format(prose=""), tmp_path, lang="en")
    rows = [(r["para"], r["text"]) for r in extract(segment(lay))]
    assert rows == [
        ("front", "2 October 2006"),
        ("toc", "19 December 2003"),
        ("toc", "1 July 2004"),
        ("1", "2006"),
    ]


def test_offsets_survive_folding() -> None:
    # Full-width digits and dashes are folded one character to one: spans stay source spans.
    text = "自２００６年－２００７年起"
    [m] = find_dates(text, "zh")
    assert text[m.start : m.end] == "２００６年－２００７年"


# --------------------------------------------------------------------------- normalizer


@pytest.mark.parametrize(
    ("part", "iso", "precision"),
    [
        (Part(y=2006, m=12, d=6), "2006-12-06", "day"),
        (Part(y=2006, m=7), "2006-07", "month"),
        (Part(y=2007, quarter=3), "2007-Q3", "quarter"),
        (Part(y=2007, half=2), "2007-H2", "half"),
        (Part(y=1998), "1998", "year"),
    ],
)
def test_part_iso(part: Part, iso: str, precision: str) -> None:
    assert part.valid()
    assert part.iso() == iso
    assert part.precision() == precision


@pytest.mark.parametrize(
    "part",
    [
        Part(y=2007, d=6),  # month missing
        Part(y=2007, m=2, d=30),
        Part(y=2006, m=2, d=29),  # not a leap year
        Part(y=2007, m=13),
        Part(m=6),  # no year at all
        Part(y=2007, m=6, half=1),
    ],
)
def test_part_invalid(part: Part) -> None:
    assert not part.valid()


def test_part_bounds() -> None:
    assert Part(y=2007, half=2).first_day() == (2007, 7, 1)
    assert Part(y=2007, half=2).last_day() == (2007, 12, 31)
    assert Part(y=2007, quarter=1).last_day() == (2007, 3, 31)
    assert Part(y=2008, m=2).last_day() == (2008, 2, 29)


def test_fill_from_takes_only_coarser_fields() -> None:
    day = Part(d=23)
    day.fill_from(Part(y=2007, m=3, d=19))
    assert (day.y, day.m, day.d) == (2007, 3, 23)
    month = Part(m=2)
    month.fill_from(Part(y=2007, m=1))
    assert (month.y, month.m) == (2007, 2)
    year = Part(y=2008)
    year.fill_from(Part(y=2007, m=1))
    assert (year.y, year.m) == (2008, None)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("二〇〇六", 2006), ("一九九九", 1999), ("十二", 12), ("二十三", 23), ("三十", 30), ("六", 6)],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    tables = next(p.tables for p in dates.rules("zh").patterns if p.name == "year_month_day")
    assert dates._number(numeral, tables) == value


def test_folds_preserve_length() -> None:
    for lang in LANGS:
        r = dates.rules(lang)
        sample = "２００６年－２００７年 時與 ‐‑‒–—―"
        folded = dates.fold(r, sample)
        assert len(folded) == len(sample)
        assert folded.startswith("2006")


# --------------------------------------------------------------------------- real text


def test_siblings_run_and_yield_iso_values(shared_dir: Path) -> None:
    """Every sibling text runs through the engine; every value it gives is ISO of the contract."""
    iso = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-H[12]|-Q[1-4])?")
    sibs = sorted((shared_dir / "siblings").glob("*.txt"))
    assert sibs
    n = 0
    for p in sibs:
        lang = p.name[:2]
        text = p.read_text(encoding="utf-8")
        for m in find_dates(text, lang):
            n += 1
            assert iso.fullmatch(m.values["start_value"]) and iso.fullmatch(m.values["end_value"])
            assert text[m.start : m.end] == text[m.start : m.end].strip()
    assert n > 50


def test_seed_document_dates(seed_layout) -> None:
    """The seed through the real layout: spot checks read off raw/A-62-162.zh.txt by hand."""
    from pipeline.model import Segmented

    seg = Segmented(layout=seed_layout)
    rows = dates.extract(seg)
    got = {(r["para"], "".join(r["text"].split()), r["start_value"], r["end_value"]) for r in rows}
    assert ("8", "6月4日至8日", "2007-06-04", "2007-06-08") in got
    assert ("34", "同年", "2006", "2006") in got
    assert ("45", "2007年下半年", "2007-H2", "2007-H2") in got
    assert ("65", "12月", "2006-12", "2006-12") in got  # from para 64, same section
    assert not any(r["para"] == "toc" for r in rows)
    # Para 45 has `2007\n\n年 6 日` (month missing): neither it nor its year is a mention.
    para45 = {t for p, t, _, _ in got if p == "45"}
    assert para45 == {"2007年4月", "2007年下半年", "2007年6月底"}
    src = seed_layout.document.text
    assert all(src[r["start"] : r["end"]] == r["text"] for r in rows)


# --------------------------------------------------------------------------- any text

DATEISH = "0123456789０１２ 年月日至到和、-–/同底初下半季度第十二〇一九\nJuneMay and to from between of mid-early s()"


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=DATEISH, max_size=60), lang=st.sampled_from(LANGS))
def test_any_text_gives_well_formed_mentions(text: str, lang: str) -> None:
    """On any text: spans inside it, not padded with space, non-overlapping, values ISO, and a
    range never ends before it starts."""
    iso = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-H[12]|-Q[1-4])?")
    prev_end = 0
    for m in find_dates(text, lang, doc_date="2007-07-27"):
        span = text[m.start : m.end]
        assert 0 <= prev_end <= m.start < m.end <= len(text)
        assert span == span.strip()
        prev_end = m.end
        s, e = m.values["start_value"], m.values["end_value"]
        assert iso.fullmatch(s) and iso.fullmatch(e)
        assert s[:4] <= e[:4]
        assert m.values["kind"] in ("point", "range")
        if m.values["kind"] == "point":
            assert s == e


SPANS = st.lists(st.tuples(st.integers(0, 40), st.integers(1, 10)), max_size=30)


@settings(max_examples=300, deadline=None)
@given(SPANS, st.integers(0, 45), st.integers(1, 10))
def test_masks_overlap_as_the_pairwise_test(masks, start, width):
    """The bisection over masked spans (URLs, symbols) says what testing every mask says."""
    spans = [(s, s + n) for s, n in masks]
    end = start + width
    naive = any(s < end and start < e for s, e in spans)
    index = dates.Masks(list(spans))
    assert (bool(index.starts) and index.overlap(start, end)) == naive
