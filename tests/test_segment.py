"""The segment stage: Chinese is segmented once, there, and the organization matcher reads its
words; boundaries are the same words in view indices."""

from __future__ import annotations

from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import organizations
from pipeline.extract.organizations.discovery import words_with_suffix
from pipeline.model import Segmented
from pipeline.segment import boundaries, segment, view_boundaries
from pipeline.segment.tagging import Boundaries
from pipeline.segment.words import read_words, segmenter
from pipeline.text.normalize import normalize
from tests.conftest import SHARED

SIBLINGS = sorted((SHARED / "siblings").glob("*.txt")) if (SHARED / "siblings").is_dir() else []


def words_of(text: str) -> list[str]:
    w = read_words(text, "zh")
    return [w.norm[s:e] for s, e in w.spans()]


def test_a_space_inside_chinese_is_dropped_and_the_word_maps_back():
    # read by hand: 各国 | (space) | 政府 | 的 | 报告 -- the space is not in the normalized text,
    # so 各国 ends at view 2 and 政府 starts at view 3
    w = read_words("各国 政府的报告", "zh")
    assert w.norm == "各国政府的报告"
    assert w.index == (0, 1, 3, 4, 5, 6, 7)
    assert words_of("各国 政府的报告") == ["各国", "政府", "的", "报告"]
    assert view_boundaries(w, 8) == {0, 2, 3, 5, 6, 8}


def test_a_name_inside_a_longer_word_is_not_a_word():
    # 新闻部 (a gazetteer name) is loaded as a user word, yet 部门 keeps its 部: no cut after 部
    assert words_of("新闻部门的工作") == ["新闻", "部门", "的", "工作"]
    assert organizations.find_organizations("新闻部门的工作", "zh") == []


def test_english_words_are_normalized_without_a_segmenter():
    w = read_words("United  Nations", "en")
    assert w.norm == "United Nations"  # a space run is one space, at the run's first index
    assert w.index == (0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14)
    assert w.spans() == []


def test_the_stage_reads_every_paragraph_once(seed_layout):
    seg = segment(seed_layout)
    assert len(seg.words) == len(boundaries(seg)) == len(seed_layout.paragraphs)
    for para, w, cuts in zip(seed_layout.paragraphs, seg.words, boundaries(seg), strict=True):
        assert read_words(para.view.text, "zh") == w
        # the tokens cover the normalized text, one after the other
        spans = w.spans()
        assert [s for s, _ in spans] == [0, *[e for _, e in spans][:-1]]
        assert not spans or spans[-1][1] == len(w.norm)
        assert {0, len(para.view)} <= cuts and max(cuts) == len(para.view)


def rows_both_ways(layout) -> tuple[list, list]:
    """Organization rows from the stage's words, and from a Segmented without them (the
    extractor then reads each paragraph itself)."""
    staged = organizations.extract(segment(layout))
    bare = Segmented(layout)
    return staged, organizations.extract(bare)


def test_the_stage_words_give_the_rows_the_extractor_finds_alone(seed_layout):
    staged, alone = rows_both_ways(seed_layout)
    assert len(staged) > 50  # the seed names dozens of bodies
    assert staged == alone


@pytest.mark.skipif(not SIBLINGS, reason="../shared/siblings is absent")
def test_the_same_on_every_sibling():
    from pipeline.ingest import read_document
    from pipeline.layout import analyze

    for path in SIBLINGS:
        staged, alone = rows_both_ways(analyze(read_document(path)))
        assert staged == alone, path.name


def test_a_language_without_a_matcher_gets_boundaries_only(seed_layout, monkeypatch):
    import pipeline.segment

    # a language folder without organizations.yaml: no lexicon, no segmenter, no words
    monkeypatch.setattr(pipeline.segment, "has_organizations", lambda lang: False)
    seg = segment(seed_layout)
    assert seg.words == ()
    for para, cuts in zip(seed_layout.paragraphs, boundaries(seg), strict=True):
        assert {0, len(para.view)} <= cuts


# ---------------------------------------------------------------- words ending with a suffix


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="中心研究所局总管理委员会", min_size=1, max_size=5), max_size=12),
    st.lists(
        st.sampled_from(["中心", "研究中心", "局", "总局", "委员会", "会", "研究所"]), min_size=1
    ),
)
def test_words_with_suffix_are_the_words_that_end_with_one(words, suffixes):
    assert suffixed(words, suffixes) == [
        k for k, w in enumerate(words) if w.endswith(tuple(suffixes))
    ]


def test_a_short_suffix_counts_where_a_longer_one_runs_past_the_word():
    # 研究|中心: 研究中心 ends at 中心's end but starts in the word before; 中心 alone fits
    assert suffixed(["研究", "中心"], ["中心", "研究中心"]) == [1]
    assert suffixed(["研究中心", "总", "局"], ["局", "总局", "研究中心"]) == [0, 2]
    assert suffixed(["中心", "工作"], ["研究中心"]) == []


def suffixed(words: list[str], suffixes: list[str]) -> list[int]:
    """words_with_suffix on the text made of `words`, one token each."""
    norm = "".join(words)
    cuts = list(accumulate(map(len, words), initial=0))  # where the words meet
    bounds = Boundaries(norm, cuts, lambda: segmenter("zh"))
    return words_with_suffix(norm, bounds, tuple(suffixes))


# ---------------------------------------------------------------- parts of speech, by clause


def whole_text_tags(norm: str) -> tuple[list[int], list[str]]:
    """Where the words of `norm` start and their tags, from one tag() of the whole text."""
    pairs = segmenter("zh").tag(norm)
    return list(accumulate((len(w) for w, _ in pairs[:-1]), initial=0)), [t for _, t in pairs]


def assert_clause_tags_are_whole_text_tags(norm: str) -> None:
    w = read_words(norm, "zh")
    starts, tags = whole_text_tags(w.norm)
    assert w.cuts[:-1] == tuple(starts)  # cut() gives the words tag() gives
    seg = lambda: segmenter("zh")  # noqa: E731
    shared = Boundaries(w.norm, w.cuts, seg)  # clauses tagged as asked for
    for k in reversed(range(len(tags))):
        alone = Boundaries(w.norm, w.cuts, seg)  # this word's clause only
        assert alone.tag(k) == shared.tag(k) == tags[k], (w.norm, k)


def sibling_paragraphs() -> list[str]:
    from pipeline.ingest import read_document
    from pipeline.layout import analyze

    texts = []
    for path in SIBLINGS:
        document = read_document(path)
        if document.lang == "zh":
            texts += [p.view.text for p in analyze(document).paragraphs]
    return texts


def test_a_clause_is_tagged_as_in_the_whole_text(seed_layout):
    for para in seed_layout.paragraphs:
        if para.view.text.strip():
            assert_clause_tags_are_whole_text_tags(para.view.text)
    for text in sibling_paragraphs():
        if text.strip():
            assert_clause_tags_are_whole_text_tags(text)


CLAUSE_TEXT = st.text(
    alphabet="联合国开发计划署安全理事会的和在中国北京区域中心委员会办事处秘书长非洲研究所"
    "abcXYZ019%-._#&+@/,;:()!? 、。《》“”",
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(CLAUSE_TEXT)
def test_any_clause_is_tagged_as_in_the_whole_text(text):
    if normalize(text, glue_cjk=True)[0]:
        assert_clause_tags_are_whole_text_tags(text)
