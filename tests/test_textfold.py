from hypothesis import given
from hypothesis import strategies as st

from pipeline.text.fold import fold_full_width

TABLE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def test_every_full_width_ascii_character_and_the_ideographic_space():
    assert fold_full_width("Ａ／６２／１６２　（Ｃ）") == "A/62/162 (C)"
    assert fold_full_width("，：；（）") == ",:;()"
    assert fold_full_width("联合国。、“”《》") == "联合国。、“”《》"  # CJK punctuation stays


@given(st.text())
def test_same_as_a_one_for_one_table_and_same_length(text):
    folded = fold_full_width(text)
    assert folded == text.translate(TABLE)
    assert len(folded) == len(text)
