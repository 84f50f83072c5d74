"""One synthetic fixture per layout rule, Chinese and English, positive and negative."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

from pipeline.language import languages, profile
from pipeline.resources import load_yaml
from tests.conftest import layout_of

EN_PDF = """United Nations A/61/999
General Assembly Distr.: General
12 July 2006
Original: English

Sixty-first session
Item 85 (b) of the provisional agenda*

Illustrative report on things

Report of the Secretary-General

Contents
Paragraphs Page
I. Introduction .......................................... 1-2 2
II. Activities ............................................ 3-4 2

06-12345 (E) 130706
*0612345*

I. Introduction

1. The General Assembly, in its resolution 60/81, requested the Secretary-
General to report on the matter at its sixty-first session.
2. This report responds to that request. It covers the period from
1 August 2005 to 31 July 2006.

II. Activities

Department for Disarmament Affairs

3. The Department continued to collect data. In
__________________
1 See A/60/88 and Corr.2.
06-12345 2
A/61/999
2006 the Department held a workshop.
4. The remaining 2006 activities were planned.
"""


def test_english_pdf_text(tmp_path):
    lay = layout_of(EN_PDF, tmp_path, "en.txt")
    assert lay.document.lang == "en"
    units = {p.key: p for p in lay.paragraphs}
    assert [p.number for p in lay.paragraphs if p.zone == "body" and p.number] == [1, 2, 3, 4]
    # de-hyphenated across the line break, one space between English words
    assert "requested the Secretary-General to report" in units["1"].view.text
    assert "It covers the period from 1 August 2005" in units["2"].view.text
    # paragraph 3 continues after the footnote block and the page furniture
    assert (
        units["3"].view.text
        == "The Department continued to collect data. In 2006 the Department held a workshop."
    )
    assert units["fn1"].view.text == "See A/60/88 and Corr.2."
    headings = [p.view.text for p in lay.paragraphs if p.zone == "heading"]
    assert headings == ["I. Introduction", "II. Activities", "Department for Disarmament Affairs"]
    assert lay.metadata["symbol"] == "A/61/999"
    assert lay.metadata["session"] == 61
    assert lay.metadata["agenda_items"] == ["85(b)"]
    assert lay.metadata["job_number"] == "06-12345"
    assert lay.metadata["date"] == "2006-07-12"
    assert units["3"].page_start == 2 and units["4"].page_start == 3
    assert any(p.zone == "toc" for p in lay.paragraphs)


def test_a_year_or_a_list_item_at_line_start_is_not_a_paragraph(tmp_path):
    text = (
        "1. 大会在第 61/66 号决议中请秘书长提出报告，\n\n"
        "2006. 这一行以年份开头，但不是段落。\n\n"
        "㈠ 火器的标识；\n\n"
        "5. 这一行的编号不连续，所以也不是段落。\n\n"
        "2. 第二段。\n"
    )
    lay = layout_of(text, tmp_path)
    body = [p for p in lay.paragraphs if p.zone == "body"]
    assert [p.key for p in body] == ["1", "2"]
    assert "2006. 这一行以年份开头" in body[0].view.text
    assert "㈠ 火器的标识" in body[0].view.text
    assert "5. 这一行的编号不连续" in body[0].view.text


def test_chinese_lines_join_without_spaces_latin_with_one(tmp_path):
    text = "1. 联合国开发计划署于 2007\n\n年 7 月与 Small Arms\n\nSurvey 合作。\n"
    lay = layout_of(text, tmp_path)
    p1 = next(p for p in lay.paragraphs if p.key == "1")
    assert p1.view.text == "联合国开发计划署于 2007年 7 月与 Small Arms Survey 合作。"
    start, end = p1.view.source_span(p1.view.text.index("2007"), p1.view.text.index("月") + 1)
    assert lay.document.text[start:end] == "2007\n\n年 7 月"


def test_one_line_paragraphs_as_from_html(tmp_path):
    text = (
        "Report of the Secretary-General\n"
        "I. Introduction\n"
        "1. The General Assembly adopted resolution 61/66 on 6 December 2006.\n"
        "2. The present report is submitted pursuant to that resolution.\n"
        "II. Conclusions\n"
        "3. Member States continued to act.\n"
    )
    lay = layout_of(text, tmp_path)
    assert [p.key for p in lay.paragraphs if p.zone == "body"] == ["1", "2", "3"]
    assert [p.view.text for p in lay.paragraphs if p.zone == "heading"] == [
        "I. Introduction",
        "II. Conclusions",
    ]
    assert next(p for p in lay.paragraphs if p.key == "3").section == "II. Conclusions"


def test_footnote_marks_inside_a_paragraph_are_not_text(tmp_path):
    text = "1. 在联合国小武器问题协调行动机制\n1\n 的成员在该机制框架下联合开展了活动。\n"
    lay = layout_of(text, tmp_path)
    p1 = next(p for p in lay.paragraphs if p.key == "1")
    assert p1.view.text == "在联合国小武器问题协调行动机制的成员在该机制框架下联合开展了活动。"


def test_no_numbered_paragraphs_keeps_all_text_in_zones(tmp_path):
    text = (
        "安全理事会主席声明\n\n安全理事会重申其对小武器问题的关切。\n\n安理会请秘书长提出报告。\n"
    )
    lay = layout_of(text, tmp_path)
    assert not any(p.number for p in lay.paragraphs)
    joined = "".join(p.view.text for p in lay.paragraphs)
    for part in [
        "安全理事会主席声明",
        "安全理事会重申其对小武器问题的关切。",
        "安理会请秘书长提出报告。",
    ]:
        assert part in joined


def test_annex_zone(tmp_path):
    text = (
        "1. The General Assembly met.\n\n2. Body paragraph two.\n\nAnnex\n\nList of participants\n"
    )
    lay = layout_of(text, tmp_path, lang="en")
    annex = [p for p in lay.paragraphs if p.zone == "annex"]
    assert annex and "List of participants" in annex[0].view.text


def test_inline_paragraph_numbers_in_flattened_text(tmp_path):
    # a whole report on one line (HTML or copy-paste): numbers in sequence split it
    text = (
        "General Assembly Report of the Secretary-General I. Introduction 1. The present report "
        "is submitted pursuant to paragraph 2. It covers 2006. 2. In recent years, see article "
        "3. The Council acted. 3. Each year the Assembly met.\n"
    )
    lay = layout_of(text, tmp_path, lang="en")
    units = {p.key: p.view.text for p in lay.paragraphs}
    # the front matter, then the heading right before paragraph 1
    assert [p.key for p in lay.paragraphs] == ["front", "heading", "1", "2", "3"]
    assert units["heading"] == "I. Introduction"
    assert units["1"] == "The present report is submitted pursuant to paragraph 2. It covers 2006."
    # "article 3." is a citation, not paragraph 3
    assert units["2"] == "In recent years, see article 3. The Council acted."
    assert units["3"] == "Each year the Assembly met."


def test_inline_operative_paragraphs_of_a_chinese_resolution(tmp_path):
    text = "大会, 回顾其第50/70号决议, 1. 注意到报告; 2. 请秘书长提出报告, 第3. 段不是段落。\n"
    lay = layout_of(text, tmp_path)
    units = {p.key: p.view.text for p in lay.paragraphs}
    bodies = [p.view.text for p in lay.paragraphs if p.key == "body"]
    assert bodies == ["大会,", "回顾其第50/70号决议,"]  # the opening, a preambular paragraph
    assert units["1"] == "注意到报告;"
    assert units["2"] == "请秘书长提出报告, 第3. 段不是段落。"


def test_unnumbered_text_one_block_a_line_and_no_heading_at_the_end(tmp_path):
    text = (
        "Statement by the President of the Security Council\n\n"
        "The Security Council recalls its resolution 1209 (1998) and the statement by its "
        "President of 24 September 1999 (S/PRST/1999/28), and stresses their importance.\n\n"
        "The Security Council welcomes the report of the Secretary-General on small arms "
        "and light weapons, and the measures taken by States and regional organizations,\n\n"
        "and requests the Secretary-General to report again\n"
    )
    lay = layout_of(text, tmp_path, lang="en")
    lines = text.split("\n\n")
    assert [(p.zone, p.view.text) for p in lay.paragraphs] == [
        ("front", "Statement by the President of the Security Council"),  # the title is front
        ("body", lines[1]),
        # a line that reaches the margin and ends in a comma may wrap: the next line joins it
        ("body", lines[2] + " and requests the Secretary-General to report again"),
    ]


def test_distribution_date_in_english_in_a_chinese_document(tmp_path):
    text = "联 合 国\n\nCRC/C/OPAC/XYZ/CO/1\n\nDistr.: General\n\n7 March 2012\n\n1. 委员会审议了报告。\n"
    lay = layout_of(text, tmp_path)
    assert lay.metadata["date"] == "2012-03-07"


def test_a_pdf_link_annotation_line_is_furniture(tmp_path):
    text = (
        "1. 联合国材料在开发署网站上提供（http://www.undp.org/bcpr/smallarms/\n\n"
        "PoA.htm），此外还包括组织了区域研讨会。\n\n"
        "2. 第二段在日内\n\n"
        "__________________\n\n \n1\n 联合国出版物。\n\n"
        "http://www.undp.org/bcpr/smallarms/\n"
        " 瓦举行。\n"
    )
    lay = layout_of(text, tmp_path)
    units = {p.key: p for p in lay.paragraphs}
    assert units["fn1"].view.text == "联合国出版物。"
    assert units["2"].view.text == "第二段在日内瓦举行。"
    artifact = text.rindex("http://")
    assert (artifact, artifact + len("http://www.undp.org/bcpr/smallarms/")) in lay.furniture
    # a URL printed once, on its own line, is text
    lay = layout_of("1. 联合国研究可在网上查阅：\n\nwww.unicef.org/violencestudy/\n", tmp_path)
    assert "www.unicef.org/violencestudy/" in lay.paragraphs[-1].view.text


# Full-width ASCII throughout, as some Chinese word processors write it: the rules read the
# folded line (Ａ／６１／９９９ as A/61/999), keys and values come out in ASCII, and the source
# text, offsets and clean text stay as written.
ZH_FULL_WIDTH = (
    "联 合 国 Ａ／６１／９９９\n\n"
    "第六十一届会议\n\n"
    "临时议程项目 ８５（ｂ）\n\n"
    "示例报告\n\n"
    "１．大会在其第６０／８１号决议中请秘书长提交报告。\n\n"
    "２．本报告涵盖的期间自 ２００５ 年 ８ 月\n"
    "＿＿＿＿＿＿＿＿＿＿\n\n"
    "８\n 见Ａ／６０／８８。\n\n"
    "９ 见Ａ／６０／８９。\n\n"
    "Ａ／６１／９９９\n\n"
    "０６－１２３４５ （Ｃ） １３０７０６\n\n"
    " 起至 ２００６ 年 ７ 月。\n"
)


def test_full_width_footnote_numbers_and_furniture(tmp_path):
    lay = layout_of(ZH_FULL_WIDTH, tmp_path)
    text = lay.document.text
    units = {p.key: p for p in lay.paragraphs}
    assert [p.key for p in lay.paragraphs if p.zone == "footnote"] == ["fn8", "fn9"]
    assert (units["fn8"].number, units["fn9"].number) == (8, 9)
    assert units["fn8"].view.text == "见Ａ／６０／８８。"  # the text as written
    # paragraph 2 runs on past the footnotes, the running head and the job number
    assert units["2"].view.text == "本报告涵盖的期间自 ２００５ 年 ８ 月起至 ２００６ 年 ７ 月。"
    furniture = {text[a:b] for a, b in lay.furniture}
    assert furniture == {
        "＿＿＿＿＿＿＿＿＿＿",
        "Ａ／６１／９９９",
        "０６－１２３４５ （Ｃ） １３０７０６",
    }
    assert units["2"].page_start == 1 and lay.metadata["symbol"] == "A/61/999"
    assert lay.metadata["job_number"] == "06-12345"
    assert lay.metadata["session"] == 61
    assert lay.metadata["agenda_items"] == ["85(b)"]


# The cover and contents of a report in traditional characters (Taiwan, Hong Kong, zh-tw).
ZH_HANT = (
    "聯合國 A/61/999\n\n"
    "大會\n\n"
    "第六十一屆會議\n\n"
    "臨時議程項目 85(b)和 86\n\n"
    "全面徹底裁軍\n\n"
    "秘書長的報告\n\n"
    "內容提要\n\n"
    "本報告概述有關活動。\n\n"
    "目錄\n\n"
    " 段次 頁次\n\n"
    "一. 導言 .............................. 1-2 3\n\n"
    "二. 活動 .............................. 3 3\n\n"
    "一. 導言\n\n"
    "1. 大會請秘書長提交報告。\n\n"
    "2. 本報告回應該請求。\n\n"
    "二. 活動\n\n"
    "3. 秘書處繼續收集資料。\n"
)


def test_traditional_chinese_metadata_and_contents(tmp_path):
    lay = layout_of(ZH_HANT, tmp_path)
    meta = lay.metadata
    assert meta["session"] == 61
    assert meta["agenda_items"] == ["85(b)", "86"]
    # the title block runs from the agenda line to the summary (內容提要)
    assert meta["agenda_title"] == "全面徹底裁軍"
    assert meta["title"] == "秘書長的報告"
    toc = next(p for p in lay.paragraphs if p.zone == "toc")
    assert toc.view.text.startswith("目錄") and toc.view.text.endswith(
        "二. 活動 .............................. 3 3"
    )
    assert [p.key for p in lay.paragraphs if p.zone == "body"] == ["1", "2", "3"]
    assert [p.view.text for p in lay.paragraphs if p.zone == "heading"] == ["一. 導言", "二. 活動"]


# Character lists, not patterns (")" alone does not compile).
CHARACTER_LISTS = {
    "layout.yaml:numbering:clause_end",
    "layout.yaml:numbering:sentence_end",
    "layout.yaml:text:chrome_bar",
    "layout.yaml:text:emphasis",
    "layout.yaml:text:table_cell",
    "layout.yaml:text:markdown_table_edge",
}


def _layout_patterns(node: object, path: str = "layout.yaml") -> Iterator[tuple[str, re.Pattern]]:
    """Every regular expression in layout.yaml (word lists compile too: harmless literals), its
    `{symbol}` and `{united_nations}` written out."""
    if path in CHARACTER_LISTS:
        return
    if isinstance(node, str):
        symbol = load_yaml("layout.yaml")["symbol"]
        node = node.replace("{symbol}", symbol).replace("{united_nations}", "United Nations")
        yield path, re.compile(node)
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _layout_patterns(v, f"{path}:{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _layout_patterns(v, f"{path}[{i}]")


# Runs inside one line that a pattern with overlapping or nested quantifiers splits in many
# ways, or rescans from each start: spaces, digits, leader dots, contents-like and symbol-like
# chains, a date or agenda opening repeated.
RUNS = [" ", "\u3000", "1", "1 ", ".", "…", "1 - ", "/1.", "A/", "Distr./", "项目1 ", "第1", "a"]


def _match_time(pattern: re.Pattern, line: str) -> float:
    t = time.process_time()
    pattern.fullmatch(line)
    pattern.match(line)
    for _ in pattern.finditer(line):  # search, and every later match
        pass
    return time.process_time() - t


def test_every_layout_pattern_is_linear_on_long_runs_in_a_line():
    """Whatever method the engine uses (fullmatch, match, search, finditer), 4x the run takes
    about 4x the time. The old contents-entry pattern took 0.5 s on 8 000 spaces (16x for 4x)
    and minutes under search; a linear pattern takes about a millisecond, so slow cases only
    are judged by their ratio (small timings are noise)."""
    slow = []
    patterns = list(_layout_patterns(load_yaml("layout.yaml")))
    for lang in languages():  # and every language's (resources/<lang>/layout.yaml)
        patterns += _layout_patterns(profile(lang).rules("layout"), f"{lang}/layout.yaml")
    for name, pattern in patterns:
        for run in RUNS:
            small, large = ("大会" + (run * n)[:n] + "决议。" for n in (2_000, 8_000))
            t_large = _match_time(pattern, large)
            if t_large > 0.02 and t_large / max(_match_time(pattern, small), 1e-4) > 8:
                slow.append((name, run, round(t_large, 3)))
    assert slow == []


def test_the_cover_symbol_names_a_document_without_running_heads(tmp_path):
    # HTML-extracted: the cover flattened onto one line, no running head left
    text = (
        "34\nUnited Nations A/55/163–S/2000/712 General Assembly Security Council Distr.: General"
        " 19 July 2000 I. Introduction 1. The present report is submitted pursuant to resolution"
        " 1261 (1999). 2. It covers the year.\n"
    )
    lay = layout_of(text, tmp_path, "en.txt")
    assert lay.metadata["symbol"] == "A/55/163-S/2000/712"
    assert lay.metadata["date"] == "2000-07-19"
    # a symbol cited later on a line of its own is not the cover's
    lay = layout_of("1. The General Assembly met.\n\nUnited Nations A/60/88 was cited.\n", tmp_path)
    assert lay.metadata["symbol"] is None
