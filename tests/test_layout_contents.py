"""Contents written one entry a line (title, paragraph range and page each on a line of their
own, as HTML and Word text gives them): the `toc` zone, and the near misses that stay headings."""

from __future__ import annotations

from tests.conftest import layout_of

ONE_ENTRY_A_LINE = """United Nations A/58/999
General Assembly

Organization of the session

Memorandum by the Secretary-General

Contents
Paragraphs
Page
I.
I. Introduction
1–2
2
II. Organization of the session
3–4
2
A. General Committee
3–4
3

I. Introduction

1. The Secretary-General has the honour to place before the Committee his observations.
2. They concern the organization of the session.

II. Organization of the session

A. General Committee

3. The General Committee met twice.
4. It adopted its report.
"""


def _zones(lay):
    return [(p.zone, p.view.text) for p in lay.paragraphs]


def test_contents_one_entry_a_line_are_the_toc_zone(tmp_path):
    lay = layout_of(ONE_ENTRY_A_LINE, tmp_path, "en.txt")
    toc = [p for p in lay.paragraphs if p.zone == "toc"]
    assert len(toc) == 1
    # page numbers alone on their line are part of the contents' text, not reference marks
    assert toc[0].view.text == (
        "Contents Paragraphs Page I. I. Introduction 1–2 2 II. Organization of the session 3–4 2 "
        "A. General Committee 3–4 3"
    )
    # the body starts at its first heading, which repeats the first entry
    headings = [t for z, t in _zones(lay) if z == "heading"]
    assert headings == [
        "I. Introduction",
        "II. Organization of the session",
        "A. General Committee",
    ]
    assert [p.key for p in lay.paragraphs if p.number] == ["1", "2", "3", "4"]


def test_contents_one_entry_a_line_in_chinese(tmp_path):
    text = (
        "大会\n\n目录\n段次\n页次\n一. 导言\n1-2\n3\n二. 活动\n3-4\n3\n\n"
        "一. 导言\n\n1. 秘书长谨提交本报告。\n2. 报告涉及本届会议。\n\n二. 活动\n\n3. 委员会开会两次。\n4. 委员会通过报告。\n"
    )
    lay = layout_of(text, tmp_path, "zh.txt")
    toc = next(p for p in lay.paragraphs if p.zone == "toc")
    assert toc.view.text == "目录段次页次一. 导言1-2 3二. 活动3-4 3"
    assert [t for z, t in _zones(lay) if z == "heading"] == ["一. 导言", "二. 活动"]


def test_contents_that_run_to_the_end_of_a_cut_text(tmp_path):
    # A text cut inside its contents: the last entry has no locator, and nothing follows.
    text = (
        "United Nations A/54/999\n\nReport\n\nContents\nParagraphs\nPage\n"
        "I. Introduction\n1-6\n5\nII. The context\n7-16\n5\nIII. Action and initiatives to pro\n"
    )
    lay = layout_of(text, tmp_path, "en.txt")
    assert [p.zone for p in lay.paragraphs] == ["front", "toc"]
    assert lay.paragraphs[-1].view.text.endswith("7-16 5 III. Action and initiatives to pro")


def test_contents_end_with_their_last_locator_before_other_text(tmp_path):
    # The body's heading differs from the entry (case): the list ends at its last locator, and
    # the heading after it stays a heading.
    text = (
        "United Nations A/58/999\n\nReport\n\nContents\nI. Introduction\n1-2\n2\n"
        "II. Activities\n3-4\n2\n\nI. INTRODUCTION\n\n1. The report covers the year.\n"
        "2. It was prepared in 2006.\n\nII. ACTIVITIES\n\n3. The office met.\n"
    )
    lay = layout_of(text, tmp_path, "en.txt")
    toc = next(p for p in lay.paragraphs if p.zone == "toc")
    assert toc.view.text.endswith("II. Activities 3-4 2")
    assert [t for z, t in _zones(lay) if z == "heading"] == ["I. INTRODUCTION", "II. ACTIVITIES"]


def test_headings_with_numbers_under_them_but_no_contents_title_are_no_toc(tmp_path):
    # Without a contents title, short lines of numbers between headings are no contents.
    text = (
        "United Nations A/58/999\n\nReport\n\nI. Introduction\n1-2\n2\nII. Activities\n3\n2\n\n"
        "1. The report covers the year.\n2. It was prepared in 2006.\n"
    )
    lay = layout_of(text, tmp_path, "en.txt")
    assert not any(p.zone == "toc" for p in lay.paragraphs)
    assert "I. Introduction" in [p.view.text for p in lay.paragraphs if p.zone == "heading"]


def test_a_contents_title_with_one_locator_is_no_listed_contents(tmp_path):
    # One number under the title does not make a list: the headings after it stay headings.
    text = (
        "United Nations A/58/999\n\nReport\n\nContents\nI. Introduction\n2\n\n"
        "I. Scope\n\n1. The report covers the year.\n2. It was prepared in 2006.\n"
    )
    lay = layout_of(text, tmp_path, "en.txt")
    toc = next(p for p in lay.paragraphs if p.zone == "toc")
    assert toc.view.text == "Contents"


def test_prose_under_a_contents_title_ends_the_list(tmp_path):
    # A sentence is no contents entry: the list stops before it, at its last locator.
    text = (
        "United Nations A/58/999\n\nContents\nI. Introduction\n1-2\n2\nII. Activities\n3\n2\n"
        "The Secretary-General transmits the report of the Special Representative.\n"
        "I. Introduction\n1. The report covers the year.\n2. It was prepared in 2006.\n"
    )
    lay = layout_of(text, tmp_path, "en.txt")
    toc = next(p for p in lay.paragraphs if p.zone == "toc")
    assert toc.view.text.endswith("II. Activities 3 2")
    assert any(p.view.text.startswith("The Secretary-General transmits") for p in lay.paragraphs)
