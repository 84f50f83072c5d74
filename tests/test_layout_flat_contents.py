"""Contents flattened into running text (layout/contents.py): from the title (alone on its line or
before the column heads) to the body's first heading, which repeats the first entry, or to the
last number of the run of entries; a text cut inside its contents keeps the cut entry. And the near
misses: contents one entry a line stay the layout's own (test_layout_contents), a contents title
in running text is none."""

from __future__ import annotations

from pipeline.tables import coverage_problems
from tests.conftest import layout_of

COVER = (
    "Sixty-first session Agenda item 110 Revitalization of the work of the General Assembly "
    "Report of the Secretary-General Summary The present report has been prepared in compliance "
    "with resolution 58/316. It is followed by an annex."
)
ENTRIES = (
    "Introduction 1–4 3 Enhancing the authority and role of the General Assembly 5–14 3 "
    "Agenda 22–26 7 Annex Factual chart on the implementation of resolutions 58/126 and 60/286 "
    "11 A. Resolution 58/126 of 19 December 2003 11 B. Resolution 58/316 of 1 July 2004 13"
)


def units(text: str, tmp_path, lang: str = "en") -> list[tuple[str, str]]:
    lay = layout_of(text, tmp_path, "doc.txt", lang)
    assert coverage_problems(lay) == []
    return [(p.key, p.view.text) for p in lay.paragraphs]


def test_contents_inside_one_line_end_at_the_repeated_first_entry(tmp_path):
    text = (
        f"{COVER} Contents Paragraphs Page {ENTRIES} I. Introduction 1. The present report "
        "covers 2006. 2. It is the third such report.\n"
    )
    assert units(text, tmp_path) == [
        ("front", COVER),
        ("toc", f"Contents Paragraphs Page {ENTRIES}"),
        ("heading", "I. Introduction"),
        ("1", "The present report covers 2006."),
        ("2", "It is the third such report."),
    ]


def test_contents_of_a_text_cut_inside_the_first_heading(tmp_path):
    text = f"{COVER} Contents Paragraphs Page {ENTRIES} I. Intro\n"
    got = units(text, tmp_path)
    assert got[1] == ("toc", f"Contents Paragraphs Page {ENTRIES}")
    assert got[2] == ("heading", "I. Intro")


def test_entries_with_leaders_over_lines_and_the_next_entry_cut(tmp_path):
    text = (
        "Report of the Security Council\n\nContents\n\nChapter Page\n\n"
        "Introduction ...... 1 Part I Activities I. Resolutions adopted ...... 25 "
        "II. Statements by the President ...... 30\n\n"
        "III. Official communiqués ...... 33 IV. Meetings of subsidiary bodies of the\n"
    )
    got = units(text, tmp_path)
    assert [k for k, _ in got] == ["front", "toc"]
    assert got[1][1].endswith("IV. Meetings of subsidiary bodies of the")


def test_chinese_contents_inside_one_line(tmp_path):
    text = (
        "秘书长的报告 目录 段次 页次 一. 导言 ...... 1-3 2 二. 会员国提交的资料 ...... 4-10 3 "
        "一. 导言 1. 大会请秘书长提交报告。 2. 本报告根据该决议提交。\n"
    )
    assert units(text, tmp_path, "zh") == [
        ("front", "秘书长的报告"),
        ("toc", "目录 段次 页次 一. 导言 ...... 1-3 2 二. 会员国提交的资料 ...... 4-10 3"),
        ("heading", "一. 导言"),
        ("1", "大会请秘书长提交报告。"),
        ("2", "本报告根据该决议提交。"),
    ]


def test_a_contents_word_in_running_text_is_no_contents(tmp_path):
    text = (
        "1. The Contents Page of the report lists 12 chapters and 3 annexes. The Committee "
        "noted 4 of them in 2006. 2. It adopted the report.\n"
    )
    assert [k for k, _ in units(text, tmp_path)] == ["1", "2"]


def test_one_entry_with_a_locator_is_no_flattened_contents(tmp_path):
    # one leader and page on the line: the layout's own contents rules decide
    text = "Contents\n\nIntroduction ...... 1\n\nI. Introduction\n\n1. The report covers 2006.\n"
    got = units(text, tmp_path)
    assert [k for k, _ in got][-2:] == ["heading", "1"]
