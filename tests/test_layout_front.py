"""Where the front matter ends (`front` in layout.yaml): before the contents or the first
paragraph, or earlier at an annex heading line or at a first block of prose that no front section
title (a summary, an Official Records' note) introduces: a note's transmittal text is body."""

from __future__ import annotations

import pytest

from pipeline.tables import coverage_problems
from tests.conftest import layout_of

COVER_EN = """United Nations A/54/430
General Assembly Distr.: General
1 October 1999
Original: English

Fifty-fourth session
Agenda item 112
Promotion and protection of the rights of children

Protection of children affected by armed conflict

Note by the Secretary-General

"""
TRANSMITTAL_EN = (
    "The Secretary-General has the honour to transmit to the members of the General Assembly\n"
    "the report prepared by the Special Representative of the Secretary-General for Children\n"
    "and Armed Conflict, submitted pursuant to General Assembly resolution 53/128.\n\n"
)
ANNEX_EN = """Annex

Report of the Special Representative of the Secretary-General

"""
CONTENTS_EN = """Contents
Paragraphs Page
I. Introduction ........................................ 1-2 3
II. Activities ........................................ 3 3

"""
REPORT_EN = """I. Introduction

1. The General Assembly, in its resolution 53/128, requested a report.
2. The present report responds to that request.

II. Activities

3. The Special Representative visited three countries.
"""


def units(text: str, tmp_path, name: str) -> list[tuple[str, str]]:
    lay = layout_of(text, tmp_path, name)
    assert coverage_problems(lay) == []
    return [(p.key, p.view.text) for p in lay.paragraphs]


def test_a_notes_transmittal_and_annex_heading_are_not_front(tmp_path):
    lay = layout_of(
        COVER_EN + TRANSMITTAL_EN + ANNEX_EN + CONTENTS_EN + REPORT_EN, tmp_path, "en.txt"
    )
    assert coverage_problems(lay) == []
    got = [(p.key, p.view.text) for p in lay.paragraphs]
    assert got[0][0] == "front" and got[0][1].endswith("Note by the Secretary-General")
    assert got[1][0] == "body" and got[1][1].startswith("The Secretary-General has the honour")
    assert got[1][1].endswith("resolution 53/128.")
    assert got[2] == (
        "annex",
        "Annex Report of the Special Representative of the Secretary-General",
    )
    # The annexed report keeps its contents, headings and numbered paragraphs.
    assert [k for k, _ in got[3:]] == ["toc", "heading", "1", "2", "heading", "3"]
    assert all(p.section == "" for p in lay.paragraphs if p.zone == "toc")
    # document.json's title is read from the front: the transmittal is no part of it.
    assert lay.metadata["title"] == (
        "Protection of children affected by armed conflict / Note by the Secretary-General"
    )


def test_without_contents_the_numbered_paragraphs_after_the_annex_heading_keep_their_keys(
    tmp_path,
):
    got = units(COVER_EN + TRANSMITTAL_EN + ANNEX_EN + REPORT_EN, tmp_path, "en.txt")
    assert [k for k, _ in got] == [
        "front", "body", "annex", "heading", "1", "2", "heading", "3",
    ]  # fmt: skip


def test_an_annex_heading_alone_ends_the_front(tmp_path):
    got = units(COVER_EN + ANNEX_EN + CONTENTS_EN + REPORT_EN, tmp_path, "en.txt")
    assert [k for k, _ in got][:3] == ["front", "annex", "toc"]


def test_chinese_note(tmp_path):
    text = (
        "联合国 A/54/430\n\n大会 Distr.: General\n1 October 1999\n\n第五十四届会议\n议程项目 112\n"
        "促进和保护儿童权利\n\n保护受武装冲突影响的儿童\n\n秘书长的说明\n\n"
        "秘书长谨依照大会第 53/128 号决议第八节，向大会成员转递秘书长儿童与武装冲突问题特别代表"
        "编写的报告。\n\n附件\n\n秘书长儿童与武装冲突问题特别代表的报告\n\n"
        "目录\n一. 导言 ...... 1-2 3\n\n一. 导言\n\n1. 大会第 53/128 号决议请秘书长提交报告。\n"
    )
    got = units(text, tmp_path, "zh.txt")
    assert [k for k, _ in got] == ["front", "body", "annex", "toc", "heading", "1"]
    assert got[0][1].endswith("秘书长的说明")


# ---------------------------------------------------------------- negative: the front stays whole


@pytest.mark.parametrize(
    "title",
    ["Summary\n\n", "Note\n\n", "United Nations • New York, 2004 A/59/2 Note\n\n"],
)
def test_prose_under_a_front_section_title_stays_front(tmp_path, title):
    # A summary (or an Official Records' note, on its own line or ending one) runs to the
    # contents, prose and all.
    got = units(COVER_EN + title + TRANSMITTAL_EN + CONTENTS_EN + REPORT_EN, tmp_path, "en.txt")
    assert [k for k, _ in got][:2] == ["front", "toc"]
    assert "has the honour" in got[0][1]


@pytest.mark.parametrize(
    "line",
    [
        "Distr.",  # ends a sentence, but is no prose
        "* Reissued for technical reasons on 5 October 1999 together with its annex.",  # cover note
        "The report is annexed.",  # a sentence under 60 columns
        "Annex I to the letter dated 1 October 1999 from the Secretary-General",  # a title line
    ],
)
def test_near_misses_stay_in_the_front(tmp_path, line):
    got = units(COVER_EN + line + "\n\n" + CONTENTS_EN + REPORT_EN, tmp_path, "en.txt")
    assert [k for k, _ in got][:2] == ["front", "toc"]
    assert got[0][1].endswith(line)
