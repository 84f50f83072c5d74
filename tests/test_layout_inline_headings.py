"""Headings inside Chinese text flattened to one line (HTML): cut out as headings, so the last
numbered paragraph before them ends there; the near misses stay in their paragraph."""

from __future__ import annotations

from pipeline.tables import coverage_problems
from tests.conftest import layout_of

FLAT = (
    "50/72. 审查执行情况 A. 裁军谈判会议的报告 大会, 审议了报告, "
    "1. 重申裁军谈判会议的作用; 2. 决定将该项目列入临时议程。 1995年12月12日 第90次全体会议 "
    "B. 裁军周 大会, 注意到冷战结束后的根本改变,\n"
)


def test_inline_headings_end_the_paragraph_before_them(tmp_path):
    lay = layout_of(FLAT, tmp_path, "zh.txt")
    got = [(p.key, p.view.text) for p in lay.paragraphs]
    assert got == [
        ("front", "50/72. 审查执行情况"),  # the title line naming the resolution
        ("heading", "A. 裁军谈判会议的报告"),
        ("body", "大会,"),  # the opening and each preambular paragraph (test_layout_resolutions)
        ("body", "审议了报告,"),
        ("1", "重申裁军谈判会议的作用;"),
        ("2", "决定将该项目列入临时议程。"),
        ("body", "1995年12月12日 第90次全体会议"),  # the adoption line (test_layout_adoption)
        ("heading", "B. 裁军周"),
        ("body", "大会,"),
        ("body", "注意到冷战结束后的根本改变,"),
    ]
    assert lay.paragraphs[-1].section == "B. 裁军周"
    assert coverage_problems(lay) == []


def test_near_misses_stay_in_their_paragraph(tmp_path):
    # A marker glued to the text before it, a title with punctuation or over 30 characters, and
    # a Latin title are no inline headings.
    text = (
        "1. 大会注意到附件A. 所列各项 以及 B. 裁军,周 和 C. "
        + "裁" * 31
        + " 以及 D. Disarmament Week 各项。\n"
    )
    lay = layout_of(text, tmp_path, "zh.txt")
    assert [p.key for p in lay.paragraphs] == ["1"]


def test_english_flattened_text_has_no_inline_headings(tmp_path):
    text = (
        "1. The General Assembly noted the report. B. Disarmament Week The Assembly welcomed it.\n"
    )
    lay = layout_of(text, tmp_path, "en.txt")
    assert [p.key for p in lay.paragraphs] == ["1"]


def test_a_heading_on_its_own_line_is_not_cut(tmp_path):
    text = "一. 导言\n\n1. 大会请秘书长提交报告。\n\n二. 活动\n\n2. 秘书处继续收集资料。\n"
    lay = layout_of(text, tmp_path, "zh.txt")
    assert [(p.key, p.view.text) for p in lay.paragraphs if p.zone == "heading"] == [
        ("heading", "一. 导言"),
        ("heading", "二. 活动"),
    ]
