"""A resolution's adoption line (the meeting and the date on which the body adopted the text:
`adoption` in layout.yaml) is an unnumbered `body` unit of its own, on lines of its own or inside
flattened text; the near misses (running text that names a meeting and a date) stay where they
were."""

from __future__ import annotations

import pytest

from pipeline.tables import coverage_problems
from tests.conftest import layout_of


def units(text: str, tmp_path, name: str) -> list[tuple[str, str]]:
    lay = layout_of(text, tmp_path, name)
    assert coverage_problems(lay) == []
    return [(p.key, p.view.text) for p in lay.paragraphs]


# ---------------------------------------------------------------- positive


def test_flattened_chinese_resolution(tmp_path):
    # One line for the whole resolution (HTML): the adoption line ends paragraph 2; the next
    # part's title (its letter lost) is a heading, its opening and preamble units of their own.
    text = (
        "大会, 回顾其各项决议, 1. 注意到筹备委员会的决定; 2. 请秘书长提供必要的协助。 "
        "1996年12月10日 第79次全体会议 无核武器的南半球 大会, 决心继续促进不扩散,\n"
    )
    assert units(text, tmp_path, "zh.txt") == [
        ("body", "大会,"),
        ("body", "回顾其各项决议,"),
        ("1", "注意到筹备委员会的决定;"),
        ("2", "请秘书长提供必要的协助。"),
        ("body", "1996年12月10日 第79次全体会议"),
        ("heading", "无核武器的南半球"),
        ("body", "大会,"),
        ("body", "决心继续促进不扩散,"),
    ]


def test_chinese_adoption_over_two_lines_meeting_first_with_spaces(tmp_path):
    # PDF text: spaces between digits and CJK, the meeting and the date each on its own line.
    text = (
        "1. 注意到筹备委员会的决定；\n\n2. 请秘书长提供必要的协助。\n\n"
        "第 90 次全体会议\n1995 年 12 月 12 日\n"
    )
    assert units(text, tmp_path, "zh.txt") == [
        ("1", "注意到筹备委员会的决定；"),
        ("2", "请秘书长提供必要的协助。"),
        ("body", "第 90 次全体会议1995 年 12 月 12 日"),
    ]


def test_chinese_adoption_split_by_a_line_break_before_the_next_part(tmp_path):
    text = (
        "1. 请秘书长提供必要的协助。\n1996年12月10日\n第79次全体会议 无核武器的南半球 大会, 决心\n"
    )
    assert units(text, tmp_path, "zh.txt") == [
        ("1", "请秘书长提供必要的协助。"),
        ("body", "1996年12月10日第79次全体会议"),
        ("heading", "无核武器的南半球"),
        ("body", "大会,"),
        ("body", "决心"),
    ]


def test_english_adoption_on_lines_of_its_own(tmp_path):
    text = (
        "1. Requests the Secretary-General to report to it at its fifty-first session;\n"
        "2. Decides to include the item in the provisional agenda of its fifty-first session.\n"
        "90th plenary meeting\n12 December 1995\n"
        "B\nDisarmament Week\nThe General Assembly,\n"
    )
    got = units(text, tmp_path, "en.txt")
    assert got[1:3] == [
        ("2", "Decides to include the item in the provisional agenda of its fifty-first session."),
        ("body", "90th plenary meeting 12 December 1995"),
    ]
    assert all("plenary" not in t for _, t in got[3:])


@pytest.mark.parametrize(
    "adoption", ["90th plenary meeting 12 December 1995", "12 December 1995 90th plenary meeting"]
)
def test_english_flattened_adoption_either_order(tmp_path, adoption):
    text = (
        "1. Reaffirms the role of the Conference; 2. Decides to include the item in the "
        f"provisional agenda of its fifty-first session. {adoption} The General Assembly, "
        "Noting the end of the cold war,\n"
    )
    assert units(text, tmp_path, "en.txt") == [
        ("1", "Reaffirms the role of the Conference;"),
        ("2", "Decides to include the item in the provisional agenda of its fifty-first session."),
        ("body", adoption),
        ("body", "The General Assembly,"),
        ("body", "Noting the end of the cold war,"),
    ]


# ---------------------------------------------------------------- negative


@pytest.mark.parametrize(
    "sentence",
    [
        # glued to the date: running text
        "2. 大会于 2006 年 12 月 6 日第 61 次全体会议通过了该决议。",
        # a particle after the meeting: "at the meeting"
        "2. 该决议已获通过。 2006年12月6日 第61次全体会议上 大会审议了该项目。",
        # the text before does not end a sentence
        "2. 决议草案于 1995年12月12日 第90次全体会议 审议。",
        # a date alone, a meeting alone
        "2. 该决议已获通过。 1995年12月12日 大会审议了该项目。",
        "2. 该决议已获通过。 第90次全体会议 大会审议了该项目。",
    ],
)
def test_chinese_running_text_is_no_adoption_line(tmp_path, sentence):
    text = f"1. 注意到筹备委员会的决定； {sentence}\n"
    got = units(text, tmp_path, "zh.txt")
    assert [k for k, _ in got] == ["1", "2"]


@pytest.mark.parametrize(
    "sentence",
    [
        "2. The Assembly adopted it at its 90th plenary meeting 12 December 1995 as stated.",
        "2. It was adopted. 90th plenary meeting, 12 December 1995 was the date.",
        "2. It was adopted. 90th plenary meeting 12 December 1995 and later ones followed.",
        "2. It was adopted. 90th meeting of 12 December 1995 was long.",
        "2. It was adopted. 12 December 1995 was a Tuesday.",
    ],
)
def test_english_running_text_is_no_adoption_line(tmp_path, sentence):
    text = f"1. Reaffirms the role of the General Assembly; {sentence}\n"
    got = units(text, tmp_path, "en.txt")
    assert [k for k, _ in got] == ["1", "2"]


def test_an_adoption_line_in_an_annex_stays_in_the_annex(tmp_path):
    text = (
        "1. 大会请秘书长提交报告。\n\n附件\n\n大会决议草案\n\n决定将该项目列入议程。\n"
        "1995年12月12日 第90次全体会议\n"
    )
    got = units(text, tmp_path, "zh.txt")
    assert [k for k, _ in got] == ["1", "annex"]
