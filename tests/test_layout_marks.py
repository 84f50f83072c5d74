"""The `mark` rule sees a line as written (layout.yaml): full-width digits and ＊ are reference
marks, full-width letters are not (the coverage check knows ASCII letters only as marks)."""

from __future__ import annotations

import pytest

from pipeline.tables import coverage_problems
from tests.conftest import layout_of

PARA = "1. 在联合国小武器问题协调行动机制\n{mark}\n 的成员在该机制框架下联合开展了活动。\n"


@pytest.mark.parametrize("mark", ["1", "８", "*", "＊", "＊＊", "a"])
def test_a_mark_alone_inside_a_paragraph_is_out_of_its_text(tmp_path, mark):
    lay = layout_of(PARA.format(mark=mark), tmp_path)
    p1 = next(p for p in lay.paragraphs if p.key == "1")
    assert p1.view.text == "在联合国小武器问题协调行动机制的成员在该机制框架下联合开展了活动。"
    assert coverage_problems(lay) == []


@pytest.mark.parametrize("line", ["ａ", "＊＊＊＊", "ab"])
def test_a_line_that_is_a_mark_only_once_folded_stays_text(tmp_path, line):
    # ａ folds to a (a mark), but as written it is no mark: it stays in the paragraph's text.
    lay = layout_of(PARA.format(mark=line), tmp_path)
    p1 = next(p for p in lay.paragraphs if p.key == "1")
    assert line in p1.view.text
    assert coverage_problems(lay) == []
