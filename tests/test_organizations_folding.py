"""The normalizer folds a whole text by substitution (`Folding`), learning which characters fold
a block at a time: it must give what `fold_char` gives character by character, whatever blocks
a text brings and whether its pattern is up to date."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.text.normalize import Folding, fold_char, normalize

# a few characters of every kind that folds or not: ASCII, spaces, dashes, full-width forms,
# traditional and simplified ideographs, compatibility ideographs, and beyond the BMP
ALPHABET = "aZ9 \t\n\u3000\u00a0\u200b-\u2013\u2014\uff0c\uff08\uff09\u2019\u201c\u300a國国體体\uf900\u00e9\U00020000\U0001f600"


@settings(max_examples=25, deadline=None)  # learning the ideographs takes ~0.1 s
@given(
    st.lists(st.text(alphabet=ALPHABET, max_size=600), min_size=1, max_size=4),
    st.sampled_from([0, 300, Folding.LOOKUPS_PER_COMPILE]),
)
def test_folding_a_text_is_folding_each_character(texts, lookups_per_compile):
    # by lookups, by the pattern (compiled at once, or after a few hundred characters)
    fold = Folding()  # a fresh one: learns while it folds
    fold.LOOKUPS_PER_COMPILE = lookups_per_compile
    for text in texts:
        assert fold(text) == "".join(fold_char(c) for c in text)


def test_space_runs_are_one_space_or_none_next_to_chinese():
    assert normalize("  联合国\u3000 开发\n计划署 and  UNDP \t", glue_cjk=True) == (
        "联合国开发计划署and UNDP",
        (2, 3, 4, 7, 8, 10, 11, 12, 14, 15, 16, 17, 19, 20, 21, 22),
    )
    assert normalize(" United \n Nations ", glue_cjk=False)[0] == "United Nations"


def _linked(text: str) -> list[tuple[str, str]]:
    from pipeline.extract.organizations import find_organizations

    return [(text[m.start : m.end], m.org.org_id) for m in find_organizations(text, "zh")]


def test_regional_wordings_of_a_name_link_to_it():
    # Taiwan wordings that folding character by character does not take back (愛滋病 is
    # 爱滋病, not 艾滋病): the rules' regional_variants index each name as those standards
    # write it
    linked = _linked("聯合國愛滋病規劃署、聯合國蒲隆地行動和東協的代表出席了會議。")
    assert [org for _, org in linked] == ["unaids", "onub", "asean"]
    assert linked[0][0] == "聯合國愛滋病規劃署"  # the span is the text as written


def test_regional_wordings_are_names_only_as_whole_names():
    # the words a variant is made of are no names on their own
    assert _linked("飛彈和愛滋病問題在會上討論。") == []
    assert _linked("导弹和艾滋病问题在会上讨论。") == []
