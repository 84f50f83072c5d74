"""compare: alignment of zh/en versions, per-paragraph disagreements, agreement scores, report
files and organization name pairs. The fixture pairs in tests/fixtures/pairs/ were written for
these tests on the model of UN reports and presidential statements; every expected value below
was read off their text by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline import compare as cmp
from pipeline.runner import process

PAIRS = Path(__file__).parent / "fixtures" / "pairs"


def run(zh: Path, en: Path):
    return cmp.compare(process(zh, lang="zh"), process(en, lang="en"), "t")


def by_key(c: cmp.Comparison) -> dict[str, dict[str, cmp.Diff]]:
    out = {}
    for pair, diff in zip(c.pairs, c.diffs, strict=True):
        if pair.zh is not None and pair.en is not None:
            out[c.zh.units[pair.zh].key] = diff
    return out


def test_numbered_report_aligns_by_number_and_agrees():
    c = run(PAIRS / "report.zh.txt", PAIRS / "report.en.txt")
    numbered = [(c.zh.units[p.zh].key, c.en.units[p.en].key) for p in c.pairs if p.how == "number"]
    assert numbered == [("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("fn1", "fn1"), ("5", "5")]
    # front, the two headings: aligned by content, in order
    content = [(c.zh.units[p.zh].key, c.en.units[p.en].key) for p in c.pairs if p.how == "content"]
    assert content == [("front", "front"), ("heading", "heading"), ("heading", "heading")]
    assert not [p for p in c.pairs if p.how == "unmatched"]
    for table in ("dates", "symbols"):
        assert c.totals[table].agreement == 1.0, table
    # the values behind the score, as read in both texts
    assert c.zh.values(c.pairs[1].zh, "dates") == set()  # heading "一. 导言"
    diffs = by_key(c)
    assert set(diffs["2"]["dates"].common) == {"2006-07..2007-07"}
    assert set(diffs["4"]["symbols"].common) == {"S/PRST/2007/24", "S/RES/1540(2004)"}
    assert set(diffs["fn1"]["symbols"].common) == {"E.06.IX.7"}


def test_planted_disagreements_are_caught(tmp_path):
    """The English version is changed in two places: a date in paragraph 1 (2006 -> 2007) and a
    symbol in paragraph 2 (A/62/163 -> A/62/136). Nothing else may be reported."""
    en = (PAIRS / "report.en.txt").read_text(encoding="utf-8")
    assert "6 December 2006" in en and "(A/62/163)" in en
    en = en.replace("6 December 2006", "6 December 2007").replace("(A/62/163)", "(A/62/136)")
    shutil.copy(PAIRS / "report.zh.txt", tmp_path / "planted.zh.txt")
    (tmp_path / "planted.en.txt").write_text(en, encoding="utf-8")
    c = run(tmp_path / "planted.zh.txt", tmp_path / "planted.en.txt")
    diffs = by_key(c)
    assert dict(diffs["1"]["dates"].only_zh) == {"2006-12-06": 1}
    assert dict(diffs["1"]["dates"].only_en) == {"2007-12-06": 1}
    assert dict(diffs["2"]["symbols"].only_zh) == {"A/62/163": 1}
    assert dict(diffs["2"]["symbols"].only_en) == {"A/62/136": 1}
    disagreeing = {
        (key, t) for key, d in diffs.items() for t in ("dates", "symbols") if d[t].disagrees
    }
    assert disagreeing == {("1", "dates"), ("2", "symbols")}
    # 7 date values a side (front 1, paragraphs 1, 2, 3, 5 one each, paragraph 4 two), 6 of
    # them common: Dice 2*6/(7+7); symbols: 5 a side (1, 2, two in 4, fn1), 4 common
    assert c.totals["dates"].agreement == pytest.approx(12 / 14)
    assert c.totals["symbols"].agreement == pytest.approx(8 / 10)

    out = tmp_path / "out"
    md_path, html_path = cmp.write_report(c, out)
    assert sorted(p.name for p in out.iterdir()) == ["compare_t.html", "compare_t.md"]
    md = md_path.read_text(encoding="utf-8")
    section = md.split("### 1 (number)")[1].split("###")[0]
    assert "date values only in zh: 2006-12-06" in section
    assert "date values only in en: 2007-12-06" in section
    assert "大会在 2006 年 12 月 6 日第 61/71 号决议第 5 段中" in section  # both texts shown
    assert "In paragraph 5 of its resolution 61/71 of 6 December 2007" in section
    page = html_path.read_text(encoding="utf-8")
    assert 'title="dates: 2007-12-06">6 December 2007</mark>' in page
    assert 'title="dates: 2006-12-06">2006 年 12 月 6 日</mark>' in page
    assert 'title="symbols: A/62/136">A/62/136</mark>' in page


def test_unnumbered_statement_aligns_by_content_and_shows_the_planted_date():
    """statement.zh.txt says 2003 年 12 月 31 日 where statement.en.txt says 31 December 2002
    (planted on purpose); everything else agrees."""
    c = run(PAIRS / "statement.zh.txt", PAIRS / "statement.en.txt")
    pairs = [(c.zh.units[p.zh], c.en.units[p.en]) for p in c.pairs if p.how == "content"]
    # title, opening sentence, three quoted paragraphs
    assert len(pairs) == 5 and len(c.pairs) == 5
    assert pairs[0][0].view.text == "安全理事会主席的声明"
    assert pairs[0][1].view.text == "Statement by the President of the Security Council"
    assert "S/PRST/1999/28" in pairs[2][0].view.text and "S/PRST/1999/28" in pairs[2][1].view.text
    assert "西非经共体" in pairs[4][0].view.text and "ECOWAS" in pairs[4][1].view.text
    bad = [(k, d) for k, d in enumerate(c.diffs) if any(x.disagrees for x in d.values())]
    assert len(bad) == 1 and bad[0][0] == 4
    d = bad[0][1]["dates"]
    assert dict(d.only_zh) == {"2003-12-31": 1} and dict(d.only_en) == {"2002-12-31": 1}
    assert set(d.common) == set()
    assert c.totals["symbols"].agreement == 1.0


def test_an_extra_paragraph_in_one_version_is_left_unmatched(tmp_path):
    zh = (PAIRS / "statement.zh.txt").read_text(encoding="utf-8")
    en = (PAIRS / "statement.en.txt").read_text(encoding="utf-8")
    extra = (
        '"The Security Council notes the report of the Secretary-General (S/2001/1234) of '
        '15 October 2001 on the question."\n\n'
    )
    parts = en.split("\n\n")
    en = "\n\n".join(parts[:3]) + "\n\n" + extra + "\n\n".join(parts[3:])
    (tmp_path / "x.zh.txt").write_text(zh, encoding="utf-8")
    (tmp_path / "x.en.txt").write_text(en, encoding="utf-8")
    c = run(tmp_path / "x.zh.txt", tmp_path / "x.en.txt")
    lonely = [c.en.units[p.en].view.text for p in c.pairs if p.zh is None]
    assert len(lonely) == 1 and "S/2001/1234" in lonely[0]
    assert not [p for p in c.pairs if p.en is None]
    matched = [(c.zh.units[p.zh], c.en.units[p.en]) for p in c.pairs if p.how == "content"]
    assert "西非经共体" in matched[-1][0].view.text and "ECOWAS" in matched[-1][1].view.text


def test_org_name_pairs_from_aligned_paragraphs():
    """Unit test of the pairing on hand-made rows: one id common to both versions, one body the
    gazetteer does not know (no id on either side), one zh-only id."""
    zh = process(PAIRS / "statement.zh.txt", lang="zh")
    en = process(PAIRS / "statement.en.txt", lang="en")
    zh.tables["organizations"] = []
    en.tables["organizations"] = []

    def row(ex, para, needle, org_id):
        src = ex.layout.document.text
        start = src.index(needle)
        key = next(p.key for p in ex.layout.paragraphs if p.start <= start < p.end)
        return {
            "para": key,
            "text": needle,
            "start": start,
            "end": start + len(needle),
            "org_id": org_id,
        }

    zh.tables["organizations"] = [
        row(zh, None, "西非经共体", "ecowas"),
        row(zh, None, "纽约", ""),  # stands in for an unlinked name, paragraph 3
    ]
    en.tables["organizations"] = [
        row(en, None, "ECOWAS", "ecowas"),
        row(en, None, "Economic Community of West African States", "ecowas"),
        row(en, None, "New York", ""),
    ]
    c = cmp.compare(zh, en, "t")
    got = {(p.zh, p.en): p.how for p in c.name_pairs}
    assert got[("西非经共体", "ECOWAS")] == "same id"
    assert got[("西非经共体", "Economic Community of West African States")] == "same id"
    assert got[("纽约", "New York")] == "only unmatched names"
    records = [
        (
            {"西非国家经济共同体", "西非经共体"},
            {"Economic Community of West African States", "ECOWAS"},
        )
    ]
    missing = cmp.missing_from_gazetteer(c.name_pairs, records)
    assert [(p.zh, p.en) for p in missing] == [("纽约", "New York")]
    # the UN prefix the matcher adds is not a missing name
    assert not cmp.missing_from_gazetteer(
        [cmp.NamePair("联合国开发计划署", "United Nations Development Programme")],
        [({"开发计划署"}, {"Development Programme"})],
    )


def test_cli_pairs_folder_and_explicit_files(tmp_path, capsys):
    src = tmp_path / "raw"
    src.mkdir()
    for name in ("report.zh.txt", "report.en.txt", "statement.zh.txt"):  # statement: no en
        shutil.copy(PAIRS / name, src / name)
    out = tmp_path / "out"
    assert cmp.main(["--pairs", str(src), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["compare_report.html", "compare_report.md"]
    printed = capsys.readouterr().out
    assert "report: dates 1.00, symbols 1.00" in printed

    assert (
        cmp.main([str(src / "report.zh.txt"), str(src / "report.en.txt"), "--out", str(out)]) == 0
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cmp.main(["--pairs", str(empty), "--out", str(out)]) == 0
    assert "no X.zh.*/X.en.* pairs" in capsys.readouterr().out
    assert cmp.main([str(src / "missing.zh.txt"), str(src / "report.en.txt")]) == 1
    with pytest.raises(SystemExit) as e:
        cmp.main([str(src / "report.zh.txt")])
    assert e.value.code == 2
    assert all(p.is_file() for p in out.iterdir())  # never a folder inside the output folder
