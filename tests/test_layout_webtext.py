"""Lines of text inputs that their words, markup or shape tell (resources/layout.yaml and
<lang>/layout.yaml, `text`; layout/textlines.py): web chrome, Markdown, tables in text, notes at
the end, letters, meeting records, contents entries, quoted paragraphs. And the near misses."""

from __future__ import annotations

import pytest

from pipeline.tables import coverage_problems
from tests.conftest import layout_of


def layout(text: str, tmp_path, name: str = "doc.txt", lang: str | None = None):
    lay = layout_of(text, tmp_path, name, lang)
    assert coverage_problems(lay) == []
    return lay


def units(text: str, tmp_path, name: str = "doc.txt", lang: str | None = None):
    return [(p.key, p.view.text) for p in layout(text, tmp_path, name, lang).paragraphs]


# ---------------------------------------------------------------- web chrome


def test_web_chrome_is_no_zone(tmp_path):
    text = (
        "Skip to main content\n"
        "Question of Palestine home || Permalink || About UNISPAL || Search\n"
        "Follow UNISPAL Twitter RSS\n"
        "In progress at UNHQ\n"
        "SC/7134\n\nCOUNCIL MAKES PRESIDENTIAL STATEMENT ON SMALL ARMS\n\n|\n\n"
        "In the first of two meetings this morning, the Security Council adopted a statement.\n"
    )
    lay = layout(text, tmp_path, lang="en")
    assert [(p.key, p.view.text) for p in lay.paragraphs] == [
        ("front", "SC/7134 COUNCIL MAKES PRESIDENTIAL STATEMENT ON SMALL ARMS"),
        ("body", text.rsplit("\n\n", 1)[1].strip()),
    ]
    assert lay.paragraphs[0].start == text.index("SC/7134")  # the cover's symbol, first line
    chrome = text.index("Skip")
    assert any(a == chrome for a, _ in lay.furniture)


@pytest.mark.parametrize(
    "line",
    [
        "Home Affairs Ministry of the Republic",  # a word of the chrome list inside a line
        "Search and rescue operations continued in the area.",
        "Follow-up to the outcome of the Millennium Summit",
        "A | B",  # separators between words: text
    ],
)
def test_near_misses_of_chrome_stay_text(tmp_path, line):
    text = f"1. The Council met.\n\n{line}\n"
    lay = layout(text, tmp_path, lang="en")
    assert line in " ".join(p.view.text for p in lay.paragraphs)


def mentions(text: str, tmp_path, lang: str) -> dict[str, list[str]]:
    from pipeline.ingest import read_document
    from pipeline.runner import extract_document

    p = tmp_path / "doc.txt"
    p.write_text(text, encoding="utf-8")
    tables = extract_document(read_document(p, lang=lang)).extraction.tables
    return {name: [r["text"] for r in rows] for name, rows in tables.items()}


NAV_ZH = (
    "安理会主席声明2015年第24号\n"
    "← | 安理会主席声明2015年第23号 | 安理会主席声明2015年第24号 S/PRST/2015/24 安全理事会 |\n"
    "安理会主席声明2015年第25号 |\n"
    "安全理事会主席在2015年12月8日发表声明如下:\n"
)
NAV_EN = (
    "Resolution 1455 (2003)\n"
    "« Resolution 1454 (2002) | Resolution 1455 (2003) | Resolution 1456 (2003) »\n"
    "The Security Council,\n"
    "Recalling its resolution 1390 (2002),\n"
    "1. Decides to remain seized of the matter.\n"
)


def test_navigation_links_to_other_documents_name_nothing(tmp_path):
    """A web copy's links to the previous and next documents stay in the front's text, but name
    no organization, date or symbol; the page's own entry and header keep theirs."""
    zh = mentions(NAV_ZH, tmp_path, "zh")
    assert zh["organizations"] == ["安理会", "安理会", "安全理事会", "安全理事会"]
    assert zh["dates"] == ["2015年12月8日"]
    en = mentions(NAV_EN, tmp_path, "en")
    assert en["symbols"] == ["1390 (2002)"]  # the own title's symbol is the document's own
    assert en["organizations"] == ["Security Council"]
    assert "Resolution 1456" in layout_of(NAV_EN, tmp_path, lang="en").paragraphs[0].view.text


@pytest.mark.parametrize(
    "text",
    [
        # no own title above: a link cannot be told from the page's own entry
        "← | 安理会主席声明2015年第23号 |\n安全理事会主席发表声明如下:\n",
        # a bar piece that is more than a title (the page's header), or a table's row
        "安理会主席声明2015年第24号\n| 安理会主席声明2015年第23号 | 2015年 |\n|---|---|\n",
        "安理会主席声明2015年第24号\n← | 安理会主席声明2015年第23号 安全理事会 |\n",
    ],
)
def test_near_misses_of_navigation_links_keep_their_mentions(tmp_path, text):
    from pipeline.ingest import read_document
    from pipeline.runner import extract_document

    p = tmp_path / "doc.txt"
    p.write_text(text, encoding="utf-8")
    rows = extract_document(read_document(p, lang="zh")).extraction.tables["organizations"]
    assert text.index("安理会主席声明2015年第23号") in [r["start"] for r in rows]


# ---------------------------------------------------------------- Markdown


def test_markdown_headings_footnotes_and_tables(tmp_path):
    text = (
        "# Report of the Secretary-General\n\n"
        "## I. Introduction\n\n"
        "1. The present report is submitted pursuant to resolution 77/50.[^1]\n\n"
        "**II. Activities**\n\n"
        "2. The table below shows the figures.\n\n"
        "| Category | 2023/24 |\n|---|---|\n| Military | 1 234 |\n\n"
        "[^1]: See A/77/100.\n"
    )
    lay = layout(text, tmp_path, "report.md", "en")
    got = [(p.key, p.view.text) for p in lay.paragraphs]
    assert got == [
        ("front", "# Report of the Secretary-General"),
        ("heading", "I. Introduction"),
        ("1", "The present report is submitted pursuant to resolution 77/50.[^1]"),
        ("heading", "**II. Activities**"),
        ("2", "The table below shows the figures."),
        ("table", "| Category | 2023/24 |"),
        ("table", "| Military | 1 234 |"),
        ("fn1", "See A/77/100."),
    ]
    heading = lay.paragraphs[1]
    assert text[heading.start : heading.end] == "I. Introduction"  # the marks are no text


# ---------------------------------------------------------------- tables in text


def test_tab_separated_rows_are_table_units_with_their_note(tmp_path):
    text = (
        "1. The table below shows the opening dates.\n\n"
        "Session\tOpening date\n\nSeventy-sixth\tTuesday, 14 September 2021\n\n"
        "Seventy-seventh\tTuesday, 13 September 2022 (to be confirmed)a\n\n"
        "a In accordance with resolution 67/290.\n\n"
        "2. The Assembly took note.\n"
    )
    assert [k for k, _ in units(text, tmp_path, lang="en")] == [
        "1",
        "table",
        "table",
        "table",
        "table",
        "2",
    ]


def test_a_numbered_paragraph_with_a_tab_after_its_number_is_no_row(tmp_path):
    # Word saved as text: "1.\tThe proposed budget …", "I.\tIntroduction"
    text = "I.\tIntroduction\n1.\tThe proposed budget amounts to $20 million.\n(a)\tFirst item;\n"
    assert [k for k, _ in units(text, tmp_path, lang="en")] == ["heading", "1"]


def test_a_chinese_heading_with_a_tab_after_its_number_is_no_row(tmp_path):
    # the same in Chinese: "一.\t导言", "二、\t…" are headings; a row of cells still is a row
    text = (
        "一.\t导言\n1.\t委员会审议了2024/25年度拟议预算。\n二、\t2022/23年度预算执行情况\n"
        "2.\t大会批款12.17亿美元。\n类别\t批款\t支出\n三\t十\t二十\n"
    )
    got = units(text, tmp_path, lang="zh")
    assert [k for k, _ in got] == ["heading", "1", "heading", "2", "table", "table"]
    assert got[2][1] == "二、\t2022/23年度预算执行情况"


# ---------------------------------------------------------------- notes at the end


def test_a_block_of_notes_at_the_end_is_footnotes(tmp_path):
    text = (
        "52/103. 难民署\n大会,\n审议了高级专员的报告1/和执行委员会的报告,2/\n"
        "1. 核可执行委员会的报告;\n2. 请高级专员提出报告。\n"
        "1/ 《大会正式记录,第五十二届会议,补编第12号》(A/52/12)。\n"
        "2/ 同上,补编第12A号(A/52/12/Add.1)。\n"
    )
    got = units(text, tmp_path, lang="zh")
    assert got[-2:] == [
        ("fn1", "《大会正式记录,第五十二届会议,补编第12号》(A/52/12)。"),
        ("fn2", "同上,补编第12A号(A/52/12/Add.1)。"),
    ]


def test_notes_with_bare_numbers_whose_marks_the_body_carries(tmp_path):
    text = (
        "1. The Committee considered the report,1 and the comments of the Board.2\n\n"
        "2. It adopted its conclusions.\n\n1 See A/60/88.\n2 See A/60/89.\n"
    )
    got = units(text, tmp_path, lang="en")
    assert got[-2:] == [("fn1", "See A/60/88."), ("fn2", "See A/60/89.")]


@pytest.mark.parametrize(
    "tail",
    [
        # one note with a bare number: a sentence that starts with a number
        "1 000 participants attended the meeting.\n",
        # a list at the end whose numbers the body never marks
        "1 Opening of the session.\n2 Adoption of the agenda.\n",
        # numbers out of order
        "2 See A/60/88.\n1 See A/60/89.\n",
        # not after the body's end: the line before the block ends no sentence
        "continued in\n1 See A/60/88.\n2 See A/60/89.\n",
    ],
)
def test_near_misses_of_notes_at_the_end(tmp_path, tail):
    text = "1. The Council met.\n\n2. It adopted its report.\n\n" + tail
    got = units(text, tmp_path, lang="en")
    assert not any(k.startswith("fn") for k, _ in got)


# ---------------------------------------------------------------- letters and records


def test_a_letters_title_ends_the_front(tmp_path):
    text = (
        "联合国\nS/2023/123\n安全理事会\n\n"
        "2023年2月14日挪威常驻联合国代表给安全理事会主席的信\n\n"
        "谨随函转递挪威外交部的声明(见附件)。\n\n请将本函作为安全理事会的文件分发为荷。\n\n"
        "2023年2月14日挪威常驻联合国代表给安全理事会主席的信的附件\n\n挪威外交部的声明\n"
    )
    got = units(text, tmp_path, lang="zh")
    assert [k for k, _ in got] == ["front", "body", "body", "annex"]
    assert got[0][1].endswith("给安全理事会主席的信")


def test_english_letter_and_its_annex(tmp_path):
    text = (
        "Letter dated 14 February 2023 from the Permanent Representative of Norway to the United "
        "Nations addressed to the President of the Security Council\n\n"
        "I have the honour to transmit a statement (see annex).\n\n(Signed) Mona Juul\n\n"
        "Annex to the letter dated 14 February 2023 from the Permanent Representative of Norway "
        "to the United Nations addressed to the President of the Security Council\n\n"
        "Norway welcomes the efforts of ECOWAS.\n"
    )
    got = units(text, tmp_path, lang="en")
    assert [k for k, _ in got] == ["front", "body", "body", "annex"]


def test_summary_record(tmp_path):
    text = (
        "Fifth Committee\nSummary record of the 1st meeting\n"
        "Held at Headquarters, New York, on Monday, 2 October 2023, at 10 a.m.\n"
        "Chair: Mr. Kumar (India)\n\n"
        "Contents\nOrganization of work\nAgenda item 136: Proposed programme budget for 2024\n\n"
        "The meeting was called to order at 10.05 a.m.\n\n"
        "Organization of work (A/C.5/78/1)\n"
        "1. The Chair said that the Committee would meet in October.\n"
        "The meeting rose at 12.30 p.m.\n"
    )
    got = units(text, tmp_path, lang="en")
    assert got == [
        (
            "front",
            "Fifth Committee Summary record of the 1st meeting Held at Headquarters, New York, "
            "on Monday, 2 October 2023, at 10 a.m. Chair: Mr. Kumar (India)",
        ),
        (
            "toc",
            "Contents Organization of work Agenda item 136: Proposed programme budget for 2024",
        ),
        ("body", "The meeting was called to order at 10.05 a.m."),
        ("heading", "Organization of work (A/C.5/78/1)"),
        ("1", "The Chair said that the Committee would meet in October."),
        ("body", "The meeting rose at 12.30 p.m."),
    ]


def test_a_contents_title_over_prose_is_no_unpaged_contents(tmp_path):
    # the entries' first line is never repeated: no contents without pages
    text = "Contents\nOverview of the year\n\nThe Committee met twice.\n\n1. It adopted a report.\n"
    got = units(text, tmp_path, lang="en")
    assert ("toc", "Contents") in got
    assert not any(k == "toc" and "Overview" in t for k, t in got)


# ---------------------------------------------------------------- numbers


def test_a_paragraph_number_alone_on_its_line(tmp_path):
    text = "一. 导言\n\n1.\n\n大会请秘书长提交报告。\n\n2.\n\n本报告根据该决议提交。\n"
    lay = layout(text, tmp_path, lang="zh")
    got = [(p.key, p.view.text) for p in lay.paragraphs]
    assert got == [
        ("heading", "一. 导言"),
        ("1", "大会请秘书长提交报告。"),
        ("2", "本报告根据该决议提交。"),
    ]
    assert lay.paragraphs[1].start == text.index("1.")


def test_a_numbered_contents_entry_opens_no_paragraph(tmp_path):
    text = (
        "Contents\n1. Parliamentary committees ........ 5\n2. Other bodies ........ 7\n\n"
        "I. Introduction\n\n1. The report covers 2009.\n"
    )
    got = units(text, tmp_path, lang="en")
    assert [k for k, _ in got] == ["toc", "heading", "1"]


def test_a_quoted_numbered_paragraph_stays_in_the_quoting_one(tmp_path):
    text = "7. 总务委员会提请大会注意第45/45号决议附件八,内容如下:\n\n5. 总务委员会应在大会每届会议开始时举行会议。\n"
    assert units(text, tmp_path, lang="zh") == [
        (
            "7",
            "总务委员会提请大会注意第45/45号决议附件八,内容如下:5. 总务委员会应在大会每届会议开始时举行会议。",
        ),
    ]


def test_a_heading_whose_number_was_lost(tmp_path):
    text = "第五十四届会议\n总务委员会的报告\n\n. 导言\n\n1. 总务委员会举行了会议。\n"
    assert units(text, tmp_path, lang="zh") == [
        ("front", "第五十四届会议总务委员会的报告"),
        ("heading", ". 导言"),
        ("1", "总务委员会举行了会议。"),
    ]


def test_a_symbol_line_of_a_text_without_pages_is_the_covers(tmp_path):
    # A web copy: the symbol twice on lines of its own, no job number, barcode or page break:
    # no running head, the cover's text (the document's own symbol: metadata, no mention)
    text = (
        "United Nations\n\nA/INF/76/1\n\nGeneral Assembly\n\nDistr.: General\n15 February 2021\n\n"
        "Note by the Secretariat\n\nA/INF/76/1\n\n"
        "1. In paragraph 1 of its resolution 57/301, the General Assembly decided to amend rule 1.\n"
    )
    lay = layout(text, tmp_path, lang="en")
    front = lay.paragraphs[0]
    assert front.zone == "front" and "A/INF/76/1" in front.view.text
    assert lay.metadata["symbol"] == "A/INF/76/1"
    assert not any(a == text.index("A/INF/76/1") for a, _ in lay.furniture)


def test_a_running_head_of_a_text_with_pages_stays_furniture(tmp_path):
    text = (
        "United Nations A/62/999\n\n1. The Assembly met in the first week of the session and\n\n"
        "A/62/999\n\n07-51674\n\nadopted its agenda.\n"
    )
    lay = layout(text, tmp_path, lang="en")
    assert [p.view.text for p in lay.paragraphs if p.key == "1"] == [
        "The Assembly met in the first week of the session and adopted its agenda."
    ]


# ---------------------------------------------------------------- flattened covers


def test_a_flattened_press_release_keeps_its_headline_in_the_front(tmp_path):
    text = (
        "SC/7134 COUNCIL MAKES PRESIDENTIAL STATEMENT ON SMALL ARMS In the first of two meetings "
        "this morning, the Security Council adopted a statement. It was read by the President.\n"
    )
    assert units(text, tmp_path, lang="en") == [
        ("front", "SC/7134 COUNCIL MAKES PRESIDENTIAL STATEMENT ON SMALL ARMS"),
        (
            "body",
            "In the first of two meetings this morning, the Security Council adopted a statement. "
            "It was read by the President.",
        ),
    ]


def test_a_flattened_note_ends_its_front_with_its_title(tmp_path):
    text = (
        "General Assembly Fifty-fourth session Protection of children affected by armed conflict "
        "Note by the Secretary-General The Secretary-General has the honour to transmit the "
        "report of the Special Representative.\n"
    )
    got = units(text, tmp_path, lang="en")
    assert [k for k, _ in got] == ["front", "body"]
    assert got[0][1].endswith("Note by the Secretary-General")


def test_a_flattened_chinese_press_release(tmp_path):
    text = (
        "新闻稿 人权理事会 人权理事会结束其第二十七届会议 2014年9月26日 "
        "人权理事会今天傍晚结束了其第二十七届会议。理事会通过了32项决议。\n"
    )
    assert units(text, tmp_path, lang="zh") == [
        ("front", "新闻稿 人权理事会 人权理事会结束其第二十七届会议 2014年9月26日"),
        ("body", "人权理事会今天傍晚结束了其第二十七届会议。理事会通过了32项决议。"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a note's title followed by its summary: the summary is front
        "Protection of children Note by the Secretary-General Summary The present note transmits "
        "the report of the Special Representative and its annex.\n",
        # capitals that are no headline: fewer than three words
        "UNICEF and WHO Report The agencies reported that the campaign reached 5 million "
        "children in the region during the year.\n",
    ],
)
def test_near_misses_of_a_flattened_covers_prose(tmp_path, text):
    got = units(text, tmp_path, lang="en")
    assert len(got) == 1


def test_a_cover_line_ending_with_an_abbreviation_is_no_prose(tmp_path):
    # one sentence a line: "…Supplement No." ends no sentence, the front runs to the contents
    text = (
        "Report of the Security Council General Assembly Official Records Supplement No.\n"
        "2 (A/59/2) United Nations New York, 2004\n"
        "Contents\nIntroduction ...... 1\nI. Resolutions ...... 25\n"
    )
    got = units(text, tmp_path, lang="en")
    assert [k for k, _ in got] == ["front", "toc"]


# ---------------------------------------------------------------- annexes inside a line


def test_an_annex_heading_inside_flattened_text_opens_the_annex(tmp_path):
    text = (
        "1. 秘书处编写了工作文件。 2. 特别委员会审议了这些情报(同上,第八章)。 附件 按照《联合国宪章》"
        "第七十三条(辰)款递送情报的日期\n"
    )
    got = units(text, tmp_path, lang="zh")
    assert got == [
        ("1", "秘书处编写了工作文件。"),
        ("2", "特别委员会审议了这些情报(同上,第八章)。"),
        ("annex", "附件 按照《联合国宪章》第七十三条(辰)款递送情报的日期"),
    ]
    text = (
        "1. The Secretary-General transmits the report. Annex Protection of children affected by "
        "armed conflict 1. The first annual report was submitted.\n"
    )
    assert [k for k, _ in units(text, tmp_path, lang="en")] == ["1", "annex"]


@pytest.mark.parametrize(
    "text",
    [
        "1. The report is before the Assembly. Annex I to the report contains the list.\n",
        "1. 报告载于附件 一。 附件所载资料如下。\n",  # no space after the heading word
    ],
)
def test_near_misses_of_an_annex_heading_inside_a_line(tmp_path, text):
    lang = "zh" if "报告" in text else "en"
    assert [k for k, _ in units(text, tmp_path, lang=lang)] == ["1"]


def test_a_tables_number_and_title_are_one_heading(tmp_path):
    # "表1" alone on its line and the table's title under it: one heading over the rows, not the
    # text of the paragraph above; the unit in brackets is none; a reference in prose ("见表1。")
    # stays prose
    text = (
        "1.\t大会批款12.17亿美元，见表1。\n表1\n2022/23年度财政资源\n（千美元）\n"
        "类别\t批款\t支出\n文职人员\t302 118.7\t298 644.2\n2.\t委员会建议核准拟议经费。\n"
    )
    got = units(text, tmp_path, lang="zh")
    assert got == [
        ("1", "大会批款12.17亿美元，见表1。"),
        ("heading", "表1 2022/23年度财政资源"),
        ("body", "（千美元）"),
        ("table", "类别\t批款\t支出"),
        ("table", "文职人员\t302 118.7\t298 644.2"),
        ("2", "委员会建议核准拟议经费。"),
    ]


def test_a_caption_word_inside_a_line_is_no_caption(tmp_path):
    text = "1.\t表1所列经费\n载于附件。\n2.\t委员会建议核准。\n"
    assert [k for k, _ in units(text, tmp_path, lang="zh")] == ["1", "2"]
