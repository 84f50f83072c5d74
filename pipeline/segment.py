"""Segment stage: the words of each paragraph's clean view, read once for every extractor.

Chinese is segmented here, with rjieba (the jieba algorithm and dictionary, compiled; ~30x
faster than jieba) loaded with every gazetteer name as a user word: the organization matcher
reads the normalized text and these words (`Segmented.words`), so that 新闻部 is not found in
新闻部门; it only tags again the few clauses whose parts of speech it reads (the stage cuts,
it does not tag). `Segmented.boundaries` (view indices where a word starts or ends)
are derived from the same words when first asked for; English and other Latin-script text is
split at non-word characters.

The normalizer and the gazetteer-aware segmenter belong to the organization matcher (it builds
the segmenter from its own names); they are imported from there when the stage runs.
"""

from __future__ import annotations

import re

from pipeline.model import Layout, Segmented

WORD_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def latin_boundaries(text: str) -> frozenset[int]:
    """Where a word (a run of word characters, or one punctuation mark) starts or ends."""
    cuts = {0, len(text)}
    for m in WORD_RE.finditer(text):
        cuts.update(m.span())
    return frozenset(cuts)


def view_boundaries(words: Segmented.Words, length: int) -> frozenset[int]:
    """The word boundaries of a Chinese paragraph in view indices (its words meet at normalized
    indices; a dropped space makes a word end before the next one starts)."""
    index = words.index
    cuts = {0, length}
    cuts.update(index[s] for s in words.cuts[:-1])  # where each word starts
    cuts.update(index[e - 1] + 1 for e in words.cuts[1:])  # and just after its last character
    return frozenset(cuts)


def segment(layout: Layout) -> Segmented:
    """The segment stage: a pure function of the layout."""
    from pipeline.extract import organizations  # lazily: the stage modules import the model only

    lang = layout.document.lang
    if lang not in organizations.LANGUAGES:  # no matcher: no words (boundaries only, lazily)
        return Segmented(layout)
    return Segmented(
        layout, organizations.read_all_words([p.view.text for p in layout.paragraphs], lang)
    )


def boundaries(seg: Segmented) -> tuple[frozenset[int], ...]:
    """Word boundaries of each paragraph in view indices: the segmenter's words for Chinese
    paragraphs read by the stage, else runs of word characters and single punctuation marks."""
    paragraphs = seg.layout.paragraphs
    if seg.layout.document.lang == "zh" and len(seg.words) == len(paragraphs):
        return tuple(
            view_boundaries(w, len(p.view)) for w, p in zip(seg.words, paragraphs, strict=True)
        )
    return tuple(latin_boundaries(p.view.text) for p in paragraphs)
