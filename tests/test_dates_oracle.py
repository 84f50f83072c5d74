"""dateparser as an independent oracle for English date values.

The date engine parses values from its own grammar (resources/en/dates.yaml): dateparser cannot
find ranges or elliptical parts, and its `search_dates` is slow and noisy for finding spans. Where
it serves well is reading one complete English date, so every English day- and month-precision
point, in the example corpus and in the engine's output on the English siblings, is read again
by dateparser, and both readings must agree.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from pipeline.extract.dates import find_dates
from tests.conftest import SHARED

CORPUS = Path(__file__).parent / "corpus" / "dates.en.yaml"
SIBLINGS = SHARED / "siblings"
BASE = dt.datetime(2007, 7, 27)  # the corpus's frozen reference date
YEAR = re.compile(r"\b(1[89]|20)\d\d\b")
PARTS = {"day": ["day", "month", "year"], "month": ["month", "year"]}


def oracle(text: str, precision: str) -> str | None:
    dateparser = pytest.importorskip("dateparser")  # the oracle: a dev extra

    settings = {
        "STRICT_PARSING": precision == "day",
        "REQUIRE_PARTS": PARTS[precision],
        "RELATIVE_BASE": BASE,
        "PREFER_DAY_OF_MONTH": "first",
        "DATE_ORDER": "DMY",
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    return parsed.strftime("%Y-%m-%d" if precision == "day" else "%Y-%m")


def corpus_points() -> list[tuple[str, str, str]]:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    out = []
    for example in data["positives"]:
        for raw_span, start, end, precision, kind in example["dates"]:
            span = str(raw_span)
            # a complete date on its own: opens on a number or a month name, states its year
            # (a year taken from context is the engine's business, not dateparser's)
            complete = (span[0].isdigit() or span[0].isupper()) and YEAR.search(span)
            if kind == "point" and precision in PARTS and complete:
                assert str(start) == str(end)
                out.append((span, str(start), precision))
    return out


POINTS = corpus_points()


def test_the_corpus_has_enough_points_to_cross_check():
    assert len(POINTS) >= 30


@pytest.mark.parametrize(("span", "value", "precision"), POINTS, ids=[p[0] for p in POINTS])
def test_corpus_value_agrees_with_dateparser(span, value, precision):
    assert oracle(span, precision) == value


def test_engine_output_on_english_siblings_agrees_with_dateparser():
    if not SIBLINGS.is_dir():
        pytest.skip("../shared is absent")
    checked = 0
    for path in sorted(SIBLINGS.glob("en-*.txt")):
        text = path.read_text(encoding="utf-8")
        for m in find_dates(text, "en"):
            v = m.values
            span = text[m.start : m.end]
            if v["kind"] != "point" or v["precision"] not in PARTS or not YEAR.search(span):
                continue
            assert oracle(span, v["precision"]) == v["start_value"], (path.name, span)
            checked += 1
    assert checked >= 5
