"""Layout of the seed A/62/162 (Chinese, PDF-extracted): every claim below was checked by reading
raw/A-62-162.zh.txt and its table of contents."""

from __future__ import annotations

import re

from tests.conftest import SEED

FURNITURE = re.compile(r"07-51674|_{5,}|A/62/162")


def test_numbered_paragraphs_are_exactly_1_to_72_in_order(seed_layout):
    numbers = [p.number for p in seed_layout.paragraphs if p.zone == "body" and p.number]
    assert numbers == list(range(1, 73))


def test_footnotes_fn1_to_fn12(seed_layout):
    keys = [p.key for p in seed_layout.paragraphs if p.zone == "footnote"]
    assert keys == [f"fn{i}" for i in range(1, 13)]


def test_no_furniture_inside_any_text(seed_layout):
    for p in seed_layout.paragraphs:
        assert not FURNITURE.search(p.view.text), (p.key, p.view.text[:60])


def test_view_offsets_point_at_the_same_characters(seed_layout):
    source = seed_layout.document.text
    for p in seed_layout.paragraphs:
        for ch, off in zip(p.view.text, p.view.offsets, strict=True):
            assert ch == source[off] or (ch == " " and source[off].isspace())


def test_paragraph_19_is_whole_and_its_footnotes_are_out(seed_layout):
    p19 = next(p for p in seed_layout.paragraphs if p.key == "19")
    text = p19.view.text
    assert text.startswith("2000 年 11 月，在以上所述审议")
    # the sentence the page break and footnotes 1-2 cut in two is joined again
    assert "在日内瓦推出了题为“建立防止小武器和轻武器非法居间转卖的机制" in text
    assert text.endswith("项目由荷兰政府和挪威政府联合提供资金。")
    assert "小武器问题协调行动机制 1998 年由秘书长设立" not in text
    assert "出售品编号" not in text
    fn1 = next(p for p in seed_layout.paragraphs if p.key == "fn1")
    assert p19.start < fn1.start < fn1.end < p19.end


def test_paragraph_spans_start_at_the_number(seed_layout):
    source = seed_layout.document.text
    for p in seed_layout.paragraphs:
        if p.zone == "body" and p.number:
            assert re.match(rf"{p.number}\s*[.．]", source[p.start :]), p.key
            assert not source[p.end - 1].isspace()


def test_full_width_stop_and_leading_space(seed_layout):
    keys = {p.key: p for p in seed_layout.paragraphs}
    assert keys["17"].view.text.startswith("2006 年 9 月，小武器问题协调行动机制")
    source = seed_layout.document.text
    assert source[keys["25"].start - 1] == " "  # " 25. 2007 年 2 月" after a footnote block


def test_page_start_matches_the_table_of_contents(seed_layout):
    # 目录: 一 (1-2) p.3, 三/A (6-47) p.4, B (48-60) p.12, C (61-69) p.14, 四 (70-72) p.16
    pages = {p.key: p.page_start for p in seed_layout.paragraphs if p.zone == "body"}
    assert (pages["1"], pages["6"], pages["48"], pages["61"], pages["70"]) == (3, 4, 12, 14, 16)
    assert next(p for p in seed_layout.paragraphs if p.zone == "front").page_start == 1


def test_zones_and_headings(seed_layout):
    zones = [p.zone for p in seed_layout.paragraphs]
    assert zones[0] == "front" and zones[1] == "toc"
    headings = [p.view.text for p in seed_layout.paragraphs if p.zone == "heading"]
    for h in [
        "一. 导言",
        "A. 联合国系统",
        "大会",
        "安全理事会",
        "四. 结论",
        "三. 《从各个方面防止、打击和消除小武器和轻武器非法贸易的行动纲领》执行情况",
        "根据大会第 60/81 号决议设立的审议在防止、打击和消除小武器和轻武器非法居间转卖方面"
        "加强国际合作的进一步步骤的政府专家组",
    ]:
        assert h in headings
    toc = next(p for p in seed_layout.paragraphs if p.zone == "toc")
    assert "70-72 16" in toc.view.text
    sections = {p.key: p.section for p in seed_layout.paragraphs}
    assert sections["14"] == "安全理事会" and sections["48"] == "B. 区域和次区域两级开展的活动"


def test_every_non_furniture_character_belongs_to_one_zone(seed_layout):
    source = seed_layout.document.text
    owner = [0] * len(source)
    for p in seed_layout.paragraphs:
        for off in p.view.offsets:
            owner[off] += 1
    furniture = set()
    for a, b in seed_layout.furniture:
        furniture.update(range(a, b))
    for i, ch in enumerate(source):
        if ch.isspace() or i in furniture:
            continue
        # footnote reference marks and the paragraph number markers are in a unit's span only
        if owner[i] == 0:
            assert ch.isdigit() or ch in "*.．", (i, source[max(0, i - 10) : i + 10])
        else:
            assert owner[i] == 1, (i, ch)


def test_metadata(seed_layout):
    m = seed_layout.metadata
    assert m["symbol"] == "A/62/162"
    assert m["session"] == 62
    assert m["agenda_items"] == ["100(l)", "100(o)"]
    assert m["job_number"] == "07-51674"
    assert m["date"] is None  # the seed states no distribution date
    assert "协助各国制止小武器和轻武器非法贩运并加以收集" in m["title"]


def test_seed_file_is_the_shared_one():
    assert SEED.read_bytes()[:3] == b" \xe7\xac"  # starts " 第" (no BOM), as given
