"""document.json's `date` without a distribution date: a dateline, a front-matter line that is a
date and nothing else (press releases, notes, statements)."""

from __future__ import annotations

import pytest

from tests.conftest import layout_of

BODY_EN = (
    "\n\n1. The Security Council met on 2 August and adopted the statement (S/PRST/2001/21).\n"
)
BODY_ZH = "\n\n1. 安全理事会于 8 月 2 日举行会议并通过了声明。\n"


@pytest.mark.parametrize(
    ("front", "body", "lang", "date"),
    [
        ("Press Release\nSC/7134\n\n31/08/2001", BODY_EN, "en", "2001-08-31"),  # day/month/year
        ("Press Release\n\n5/06/2001", BODY_EN, "en", "2001-06-05"),
        ("Note by the Secretary-General\n\n20 July 2007", BODY_EN, "en", "2007-07-20"),
        ("Note by the Secretary-General\n\nJuly 20, 2007", BODY_EN, "en", "2007-07-20"),
        ("新闻稿 人权理事会\n\n2014年9月26日", BODY_ZH, "zh", "2014-09-26"),
    ],
)
def test_a_dateline_is_the_documents_date(tmp_path, front, body, lang, date):
    assert layout_of(front + body, tmp_path, lang=lang).metadata["date"] == date


@pytest.mark.parametrize(
    ("front", "body", "lang"),
    [
        # a date inside a line is no dateline
        ("Statement of 24 September 1999 by the President", BODY_EN, "en"),
        ("理事会 2015年12月8日 发表声明", BODY_ZH, "zh"),
        # no date of the calendar; a month without a day; a year alone
        ("Press Release\n\n31/02/2001", BODY_EN, "en"),
        ("Press Release\n\nAugust 2001", BODY_EN, "en"),
        ("Press Release\n\n2001", BODY_EN, "en"),
    ],
)
def test_no_dateline(tmp_path, front, body, lang):
    assert layout_of(front + body, tmp_path, lang=lang).metadata["date"] is None


def test_a_distribution_date_wins_over_a_dateline(tmp_path):
    text = "A/62/999\n\nDistr.: General\n7 March 2012\n\n1 March 2012" + BODY_EN
    assert layout_of(text, tmp_path, lang="en").metadata["date"] == "2012-03-07"


def test_a_datelines_year_completes_a_date_without_one(tmp_path):
    from pipeline.extract.dates import extract
    from pipeline.segment import segment

    lay = layout_of("Press Release\n\n31/08/2001" + BODY_EN, tmp_path, lang="en")
    values = {r["text"]: r["start_value"] for r in extract(segment(lay))}
    assert values["2 August"] == "2001-08-02"
