"""A resolution's layout in text inputs (resources/<lang>/layout.yaml, `text`): the title line
naming the resolution is front; the opening (`大会,`, `The General Assembly,`) is a body unit of
its own and ends the front; each preambular paragraph is a body unit, in flattened text (a comma,
white space and a preamble word) and in line text (a line opening with a preamble word after a
line ending in a comma); a part's title before its opening is a heading. And the near misses."""

from __future__ import annotations

from pipeline.tables import coverage_problems
from tests.conftest import layout_of


def units(text: str, tmp_path, name: str) -> list[tuple[str, str]]:
    lay = layout_of(text, tmp_path, name)
    assert coverage_problems(lay) == []
    return [(p.key, p.view.text) for p in lay.paragraphs]


# ---------------------------------------------------------------- positive


def test_flattened_chinese_resolution_with_two_parts(tmp_path):
    # A web copy: the title and the first part's title on one line, the rest on the next; the
    # second part's title lost its letter (it follows the adoption line).
    text = (
        "51/45. 全面彻底裁军 A 不扩散核武器条约:缔约国审议大会\n"
        "大会, 回顾其第2373(XXII)号决议, 注意到该条约第八条第三款, 回顾缔约国的决定, "
        "其中同意每五年召开一次审议大会, 1. 注意到筹备委员会的决定; 2. 请秘书长提供协助。\n"
        "1996年12月10日\n第79次全体会议 无核武器的南半球 大会, 决心继续促进裁军,"
        " 强调各条约的重要性,\n"
    )
    assert units(text, tmp_path, "zh.txt") == [
        ("front", "51/45. 全面彻底裁军"),
        ("heading", "A 不扩散核武器条约:缔约国审议大会"),
        ("body", "大会,"),
        ("body", "回顾其第2373(XXII)号决议,"),
        ("body", "注意到该条约第八条第三款,"),
        # "其中同意" opens no paragraph: the comma and space before it do not end this one
        ("body", "回顾缔约国的决定, 其中同意每五年召开一次审议大会,"),
        ("1", "注意到筹备委员会的决定;"),
        ("2", "请秘书长提供协助。"),
        ("body", "1996年12月10日第79次全体会议"),
        ("heading", "无核武器的南半球"),
        ("body", "大会,"),
        ("body", "决心继续促进裁军,"),
        ("body", "强调各条约的重要性,"),
    ]


def test_flattened_preamble_after_a_footnote_mark(tmp_path):
    text = "50/72. 审查执行情况 大会, 审议了报告,1 深信裁军谈判会议的作用, 1. 重申其作用;\n"
    assert units(text, tmp_path, "zh.txt") == [
        ("front", "50/72. 审查执行情况"),
        ("body", "大会,"),
        ("body", "审议了报告,1"),
        ("body", "深信裁军谈判会议的作用,"),
        ("1", "重申其作用;"),
    ]


def test_chinese_resolution_one_paragraph_a_line(tmp_path):
    # Web copy or PDF text: the opening on its line, preambular paragraphs wrapping over lines.
    text = (
        "76/6. 我们的共同议程\n\n大会，\n\n回顾其 2020 年 9 月 21 日第 75/1 号决议，其中通过了纪念\n"
        "联合国成立七十五周年宣言，\n欢迎秘书长的报告，1\n注意到大会主席主持的磋商，\n"
        "1. 欢迎秘书长提交报告；\n2. 决定继续磋商。\n"
    )
    assert units(text, tmp_path, "zh.txt") == [
        ("front", "76/6. 我们的共同议程"),
        ("body", "大会，"),
        (
            "body",
            "回顾其 2020 年 9 月 21 日第 75/1 号决议，其中通过了纪念联合国成立七十五周年宣言，",
        ),
        ("body", "欢迎秘书长的报告，1"),
        ("body", "注意到大会主席主持的磋商，"),
        ("1", "欢迎秘书长提交报告；"),
        ("2", "决定继续磋商。"),
    ]


def test_english_security_council_resolution_web_copy(tmp_path):
    text = (
        "Resolution 1455 (2003)\n\n"
        "Adopted by the Security Council at its 4686th meeting, on 17 January 2003\n\n"
        "The Security Council,\n\n"
        "Recalling its resolutions 1267 (1999) of 15 October 1999 and 1333 (2000) of\n"
        "19 December 2000,\n\n"
        "Gravely concerned at the threat posed by terrorist acts,\n\n"
        "Acting under Chapter VII of the Charter of the United Nations,\n\n"
        "1. Decides to improve the implementation of the measures;\n\n"
        "2. Decides to remain actively seized of the matter.\n"
    )
    got = units(text, tmp_path, "en.txt")
    assert got[0][0] == "front" and got[0][1].endswith("on 17 January 2003")
    assert got[1:] == [
        ("body", "The Security Council,"),
        (
            "body",
            "Recalling its resolutions 1267 (1999) of 15 October 1999 and 1333 (2000) of "
            "19 December 2000,",
        ),
        ("body", "Gravely concerned at the threat posed by terrorist acts,"),
        ("body", "Acting under Chapter VII of the Charter of the United Nations,"),
        ("1", "Decides to improve the implementation of the measures;"),
        ("2", "Decides to remain actively seized of the matter."),
    ]


def test_flattened_ecosoc_resolution(tmp_path):
    text = (
        "2022/11. Promoting the rights of persons with disabilities The Economic and Social "
        "Council, Recalling its resolution 2021/5 of 8 June 2021, Deeply concerned about the "
        "situation, 1. Encourages Member States to act; 2. Requests a report. "
        "15th plenary meeting 8 June 2022\n"
    )
    assert units(text, tmp_path, "en.txt") == [
        ("front", "2022/11. Promoting the rights of persons with disabilities"),
        ("body", "The Economic and Social Council,"),
        ("body", "Recalling its resolution 2021/5 of 8 June 2021,"),
        ("body", "Deeply concerned about the situation,"),
        ("1", "Encourages Member States to act;"),
        ("2", "Requests a report."),
        ("body", "15th plenary meeting 8 June 2022"),
    ]


def test_markdown_resolution(tmp_path):
    text = (
        "United Nations\n\nA/HRC/RES/40/16\n\n**Human Rights Council**\n\n"
        "# 40/16. Human rights and the environment\n\n"
        "*The Human Rights Council*,\n\n"
        "*Recalling* its resolutions 16/11 and 37/8,[^1]\n\n"
        "*Reaffirming* the Universal Declaration of Human Rights,\n\n"
        "1. *Decides* to extend the mandate;\n\n"
        "2. *Requests* a report.\n\n"
        "*52nd meeting*\n*22 March 2019*\n\n"
        "[^1]: See A/HRC/37/59.\n"
    )
    lay = layout_of(text, tmp_path, "res.md", lang="en")
    assert coverage_problems(lay) == []
    got = [(p.key, p.view.text) for p in lay.paragraphs]
    assert got[0][0] == "front" and got[0][1].endswith("# 40/16. Human rights and the environment")
    assert got[1:] == [
        ("body", "*The Human Rights Council*,"),
        ("body", "*Recalling* its resolutions 16/11 and 37/8,[^1]"),
        ("body", "*Reaffirming* the Universal Declaration of Human Rights,"),
        ("1", "*Decides* to extend the mandate;"),
        ("2", "*Requests* a report."),
        ("body", "*52nd meeting* *22 March 2019*"),
        ("fn1", "See A/HRC/37/59."),
    ]
    fn = lay.paragraphs[-1]
    assert text[fn.start : fn.start + 5] == "[^1]:"  # the footnote's span starts at its mark


def test_one_sentence_a_line(tmp_path):
    text = (
        "第七十六届会议\n76/6. 我们的共同议程\n大会，\n回顾其第75/1号决议，\n注意到磋商，\n"
        "1. 欢迎报告；\n2. 决定继续磋商。\n这一决定不影响其他进程。\n"
    )
    assert [k for k, _ in units(text, tmp_path, "zh.txt")] == [
        "front",
        "body",
        "body",
        "body",
        "1",
        "2",
    ]


def test_articles_of_a_declaration(tmp_path):
    text = (
        "序 言\n\n鉴于对人类家庭所有成员的固有尊严的承认,\n\n第 一 条\n\n人人生而自由。\n\n"
        "第 十 一 条\n\n1. ㈠ 凡受刑事控告者, 有权被视为无罪。\n2. ㈡ 任何人不得被判为犯有刑事罪。\n"
        "第 十 二 条\n\n1. ㈠ 人人有权享有国籍。\n"
    )
    got = units(text, tmp_path, "zh.txt")
    assert [k for k, _ in got] == [
        "heading",
        "body",
        "heading",
        "body",
        "heading",
        "body",
        "body",
        "heading",
        "body",
    ]
    assert got[5][1].startswith("1. ㈠") and got[6][1].startswith("2. ㈡")


# ---------------------------------------------------------------- negative


def test_a_report_that_quotes_the_assembly_has_no_opening(tmp_path):
    text = (
        "1. In its resolution 61/66, the General Assembly, recalling its earlier resolutions,\n"
        "requested the Secretary-General to report.\n"
        "2. The Assembly, Noting the report, decided to continue.\n"
    )
    assert [k for k, _ in units(text, tmp_path, "en.txt")] == ["1", "2"]


def test_preamble_words_in_operative_paragraphs_open_nothing(tmp_path):
    text = (
        "大会, 回顾其决议, 1. 请秘书长继续努力, 注意到各国的报告, 并提出建议; "
        "2. 决定继续审议, 欢迎各方参与。\n"
    )
    got = units(text, tmp_path, "zh.txt")
    assert [k for k, _ in got] == ["body", "body", "1", "2"]
    assert got[2][1] == "请秘书长继续努力, 注意到各国的报告, 并提出建议;"


def test_the_covers_organ_is_no_opening(tmp_path):
    # "大会" alone (no comma) is the cover's organ; "大会, 其中" is no opening either
    text = "联合国\n大会\n第七十六届会议\n秘书长的报告\n一. 导言\n1. 大会, 其中各国代表出席。\n"
    got = units(text, tmp_path, "zh.txt")
    assert [k for k, _ in got] == ["front", "heading", "1"]


def test_lower_case_participles_after_a_comma_are_no_preamble(tmp_path):
    text = (
        "The General Assembly,\n"
        "Recalling its resolution 60/1, noting the report of the Secretary-General,\n"
        "recalling also its earlier resolutions,\n"
        "1. Decides to continue.\n"
    )
    got = units(text, tmp_path, "en.txt")
    assert [k for k, _ in got] == ["body", "body", "1"]
