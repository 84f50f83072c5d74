"""document.json's `date` and `symbol` where neither a distribution date nor a running head or
cover names them: a summary record's meeting date, an Official Records' issue date, a web copy's
title line, the resolution that adopted the text (issue 15). The own symbol found so is no
citation in the front matter, and the meeting date gives a year-less month its year."""

from __future__ import annotations

import pytest

from tests.conftest import layout_of

SR_EN = (
    "United Nations        A/C.5/78/SR.5\n\nGeneral Assembly\nFifth Committee\n\n"
    "Summary record of the 5th meeting\n\n"
    "Held at Headquarters, New York, on Wednesday, 30 August 2023, at 10 a.m.\n\n"
    "Chair: Mr. X\n\n1. The Chair said that in May the Committee had met twice.\n"
)
SR_ZH = (
    "联合国        A/C.5/78/SR.5\n\n大会\n第五委员会\n\n第5次会议简要记录\n\n"
    "2023年8月30日星期三上午10时在纽约总部举行\n\n主席： X先生\n\n1. 主席说，委员会5月举行了两次会议。\n"
)


@pytest.mark.parametrize(("text", "lang"), [(SR_EN, "en"), (SR_ZH, "zh")])
def test_a_summary_records_date_is_its_meetings(tmp_path, text, lang):
    from pipeline.extract.dates import extract
    from pipeline.segment import segment

    lay = layout_of(text, tmp_path, lang=lang)
    assert lay.metadata["date"] == "2023-08-30"
    # a month without a year later in the record takes the record's year
    months = [r["start_value"] for r in extract(segment(lay)) if r["precision"] == "month"]
    assert months == ["2023-05"]


def test_a_meeting_date_wins_over_the_distribution_date(tmp_path):
    text = SR_EN.replace("Fifth Committee\n", "Fifth Committee\nDistr.: General\n12 January 2024\n")
    assert layout_of(text, tmp_path, lang="en").metadata["date"] == "2023-08-30"


def test_a_date_held_in_running_text_is_no_meeting_date(tmp_path):
    # 举行 after a date in a sentence (a meeting the text reports) is no record's header
    text = "联合国 S/PRST/2001/21\n\n1. 安全理事会在2001年8月31日举行的第4362次会议上发表声明。\n"
    assert layout_of(text, tmp_path, lang="zh").metadata["date"] is None


def test_official_records_issue_date(tmp_path):
    text = (
        "A/59/2\n\nUnited Nations\n\nReport of the Security Council\n\n"
        "ISSN 0082-8238 [29 September 2004]\n\n1. The Council met on 2 August 2004.\n"
    )
    assert layout_of(text, tmp_path, lang="en").metadata["date"] == "2004-09-29"


@pytest.mark.parametrize(
    ("head", "lang", "symbol"),
    [
        ("Resolution 1455 (2003)\n\nAdopted by the Security Council at its 4686th meeting", "en",
         "S/RES/1455(2003)"),
        ("安理会第1985(2011)号决议\n\n安全理事会，", "zh", "S/RES/1985(2011)"),
        ("聯合國安理會主席聲明2015年第24號\n← | 聯合國安理會主席聲明2015年第23號 |", "zh",
         "S/PRST/2015/24"),
        ("51/45. General and complete disarmament\n\nThe General Assembly,", "en", "A/RES/51/45"),
        ("## 73/3. Political declaration\n\n*The General Assembly*,", "en", "A/RES/73/3"),
        # the Human Rights Council's own numbering, under the line saying it adopted the text
        ("# Resolution adopted by the Human Rights Council on 4 April 2024\n\n"
         "## 55/1. Situation of human rights in Belarus", "en", "A/HRC/RES/55/1"),
        ("Resolution adopted by the Human Rights Council 55/1. Situation of human rights in "
         "Belarus The Human Rights Council,", "en", "A/HRC/RES/55/1"),
        ("2023/5. Situation of and assistance to Palestinian women\n\nThe Economic and Social "
         "Council,", "en", "E/RES/2023/5"),
        ("第五十届会议 议程项目72 大会决议 [根据第一委员会的报告(A/50/592)通过] 50/72. 审查大会"
         "第十届特别会议通过的建议和决定的执行情况", "zh", "A/RES/50/72"),
        ("通过日期 联合国大会1998年12月9日第53/115号决议通过\n原始文本", "zh", "A/RES/53/115"),
        ("世界人权宣言\n联合国大会一九四八年十二月十日第217A(III)号决议通过并颁布", "zh",
         "A/RES/217A(III)"),
        ("Universal Declaration of Human Rights\nAdopted and proclaimed by General Assembly "
         "resolution 217 A (III) of 10 December 1948", "en", "A/RES/217A(III)"),
    ],
)  # fmt: skip
def test_title_line_names_the_documents_own_symbol(tmp_path, head, lang, symbol):
    body = "\n\n1. The text.\n" if lang == "en" else "\n\n1. 案文。\n"
    assert layout_of(head + body, tmp_path, lang=lang).metadata["symbol"] == symbol


@pytest.mark.parametrize(
    ("head", "lang"),
    [
        # a citation in running text is no title line
        ("The Council recalled its resolution 1455 (2003) and acted.", "en"),
        ("In resolution 58/316. The Assembly decided", "en"),
        ("The Human Rights Council, in its resolution 52/29. Decides to act", "en"),
        ("In 2023/24. The budget period", "en"),
        ("大会回顾其第53/115号决议，并通过了本决议。", "zh"),
    ],
)
def test_no_title_symbol(tmp_path, head, lang):
    body = "\n\n1. The General Assembly met.\n" if lang == "en" else "\n\n1. 大会举行了会议。\n"
    assert layout_of(head + body, tmp_path, lang=lang).metadata["symbol"] is None


def test_cover_symbol_of_a_budget_section(tmp_path):
    text = (
        "United Nations\tA/81/6 (Sect. 25)/Part A\n\nGeneral Assembly\n\n"
        "Proposed programme budget for 2027\n\n25.1 The Office is responsible.\n"
    )
    assert layout_of(text, tmp_path, lang="en").metadata["symbol"] == "A/81/6 (Sect. 25)/Part A"


def test_own_symbol_of_a_title_line_is_no_citation(tmp_path):
    from pipeline.extract.symbols import extract
    from pipeline.segment import segment

    text = (
        "安理会第1985(2011)号决议\n\n安全理事会，\n\n回顾其第1985(2011)号和第1267(1999)号决议，\n"
    )
    lay = layout_of(text, tmp_path, lang="zh")
    rows = extract(segment(lay))
    assert [r["symbol"] for r in rows] == ["S/RES/1985(2011)", "S/RES/1267(1999)"]
    assert all(r["start"] > text.index("安全理事会") for r in rows)


def test_session_of_an_official_records_cover(tmp_path):
    text = (
        "A/59/2\n\nUnited Nations\n\nGeneral Assembly Official Records Fifty-ninth Session "
        "Supplement No. 2 (A/59/2)\n\n1. The Council met on 2 August 2004.\n"
    )
    assert layout_of(text, tmp_path, lang="en").metadata["session"] == 59


RESOLUTION_EN = (
    "United Nations        A/RES/73/3\n\nGeneral Assembly        Distr.: General\n"
    "18 October 2018\n\nSeventy-third session\nAgenda item 129\n\n"
    "Resolution adopted by the General Assembly\non 10 October 2018\n\n"
    "[without reference to a Main Committee (A/73/L.4)]\n\n"
    "73/3. Political declaration of the high-level meeting of the\n"
    "General Assembly on the fight against tuberculosis\n\n"
    "The General Assembly,\n\nAdopts the following political declaration:\n"
)
RESOLUTION_ZH = (
    "联合国        A/RES/73/3\n\n大会        Distr.: General\n2018年10月18日\n\n第七十三届会议\n"
    "议程项目129\n\n大会2018年10月10日决议\n\n[未经发交主要委员会(A/73/L.4)]\n\n"
    "73/3.  防治结核病问题大会高级别会议的政治宣言\n\n大会，\n\n通过下列政治宣言：\n"
)


@pytest.mark.parametrize(
    ("text", "lang", "title"),
    [
        (RESOLUTION_EN, "en", "Political declaration of the high-level meeting of the General "
         "Assembly on the fight against tuberculosis"),
        (RESOLUTION_ZH, "zh", "防治结核病问题大会高级别会议的政治宣言"),
    ],
)  # fmt: skip
def test_a_resolutions_title_is_its_numbered_line(tmp_path, text, lang, title):
    # how it was adopted stands above the title: neither agenda title nor part of the title
    meta = layout_of(text, tmp_path, lang=lang).metadata
    assert (meta["title"], meta["agenda_title"]) == (title, None)
    assert meta["agenda_items"] == ["129"]


def test_a_report_keeps_its_agenda_title(tmp_path):
    text = (
        "United Nations        A/62/162\n\nGeneral Assembly        Distr.: General\n"
        "24 July 2007\n\nSixty-second session\nItem 110 of the provisional agenda\n"
        "Revitalization of the work of the General Assembly\n\n"
        "Report of the Secretary-General\n\n1. The report covers 2006/07.\n"
    )
    meta = layout_of(text, tmp_path, lang="en").metadata
    assert meta["agenda_title"] == "Revitalization of the work of the General Assembly"
    assert meta["title"] == "Report of the Secretary-General"


SC_RES_ZH = (
    "联合国\tS/RES/2719 (2023)\n\n安全理事会\tDistr.: General\n21 December 2023\n\n"
    "第2719(2023)号决议\n2023年12月21日安全理事会第9518次会议通过\n\n安全理事会，\n\n"
    "回顾其第2320(2016)号决议，\n\n1.\t决定继续积极处理此案。\n"
)
SC_RES_EN = (
    "United Nations\tS/RES/2719 (2023)\n\nSecurity Council\tDistr.: General\n21 December 2023\n\n"
    "Resolution 2719 (2023)\nAdopted by the Security Council at its 9518th meeting, on 21 December"
    " 2023\n\nThe Security Council,\n\nRecalling its resolution 2320 (2016),\n\n"
    "1.\tDecides to remain actively seized of the matter.\n"
)


@pytest.mark.parametrize(("text", "lang"), [(SC_RES_ZH, "zh"), (SC_RES_EN, "en")])
def test_a_security_council_resolutions_cover_symbol_keeps_its_year(tmp_path, text, lang):
    # the cover prints `S/RES/2719 (2023)`: its year is part of the symbol, and the title line
    # that repeats it is the own symbol, no citation; the resolution it recalls is one
    from pipeline.extract.symbols import extract
    from pipeline.segment import segment

    lay = layout_of(text, tmp_path, lang=lang)
    assert lay.metadata["symbol"] == "S/RES/2719(2023)"
    assert [r["symbol"] for r in extract(segment(lay))] == ["S/RES/2320(2016)"]


def test_a_year_bracket_needs_a_year(tmp_path):
    # a bracket that holds no year is not read into the cover's symbol
    text = "联合国\tA/78/812 (C)\n\n大会\n\n1. 大会举行了会议。\n"
    assert layout_of(text, tmp_path, lang="zh").metadata["symbol"] == "A/78/812"


@pytest.mark.parametrize(
    ("head", "date"),
    [
        ("# Resolution adopted by the Human Rights Council on 4 April 2024\n\n## 55/1. Title",
         "2024-04-04"),
        ("Resolution 2719 (2023)\nAdopted by the Security Council at its 9520th meeting, on "
         "21 December 2023", "2023-12-21"),
        # a distribution date comes first: the copy's date
        ("Distr.: General 10 April 2024\nResolution adopted by the Human Rights Council on "
         "4 April 2024", "2024-04-10"),
        # flattened: after the title line's number
        ("Resolution 2719 (2023) Adopted by the Security Council at its 9520th meeting, on "
         "21 December 2023 The Security Council,", "2023-12-21"),
        # a report's text saying what a body adopted is no adoption line of its own
        ("Report of the Secretary-General", None),
        ("Report of the Secretary-General\n\nThe Declaration was adopted by the General Assembly "
         "on 10 December 1948.", None),
    ],
)  # fmt: skip
def test_a_resolution_copy_is_dated_by_its_adoption(tmp_path, head, date):
    text = head + "\n\n1. The Council adopted a text on 3 May.\n"
    assert layout_of(text, tmp_path, lang="en").metadata["date"] == date
