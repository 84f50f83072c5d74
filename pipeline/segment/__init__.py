"""Segment stage: the words of each paragraph's clean view, read once for every extractor.

Every paragraph is normalized (pipeline/text/normalize.py: full-width to ASCII, traditional to
simplified, spaces inside Chinese dropped ...) with a map back to its view; a language whose
profile names the gazetteer segmenter (Chinese) is also cut into words by rjieba loaded with
every gazetteer name as a user word (pipeline/segment/words.py), so that the organization matcher
finds 新闻部 as a word and not inside 新闻部门; it only tags again the few clauses whose parts of
speech it reads (the stage cuts, it does not tag: pipeline/segment/tagging.py). The stage owns
the gazetteer-aware segmenter and its lexicon (pipeline/segment/lexicon.py); extractors depend on
it and on the model, never on each other.

`boundaries(seg)` gives the view indices where a word starts or ends, derived from the same
words (no extractor needs them, so the stage does not compute them); a text that is not
segmented is split at non-word characters.
"""

from __future__ import annotations

import re

from pipeline.language import profile
from pipeline.model import Layout, Segmented
from pipeline.segment.lexicon import has_organizations
from pipeline.segment.words import read_all_words

WORD_RE = re.compile(r"\w+|[^\w\s]", re.UNICODE)


def latin_boundaries(text: str) -> frozenset[int]:
    """Where a word (a run of word characters, or one punctuation mark) starts or ends."""
    cuts = {0, len(text)}
    for m in WORD_RE.finditer(text):
        cuts.update(m.span())
    return frozenset(cuts)


def view_boundaries(words: Segmented.Words, length: int) -> frozenset[int]:
    """The word boundaries of a segmented paragraph in view indices (its words meet at
    normalized indices; a dropped space makes a word end before the next one starts)."""
    index = words.index
    cuts = {0, length}
    cuts.update(index[s] for s in words.cuts[:-1])  # where each word starts
    cuts.update(index[e - 1] + 1 for e in words.cuts[1:])  # and just after its last character
    return frozenset(cuts)


def segment(layout: Layout) -> Segmented:
    """The segment stage: a pure function of the layout."""
    lang = layout.document.lang
    if not has_organizations(lang):  # no matcher: no words (boundaries only, when asked for)
        return Segmented(layout)
    return Segmented(layout, read_all_words([p.view.text for p in layout.paragraphs], lang))


def boundaries(seg: Segmented) -> tuple[frozenset[int], ...]:
    """Word boundaries of each paragraph in view indices: the segmenter's words for the
    paragraphs the stage segmented, else runs of word characters and single punctuation
    marks."""
    paragraphs = seg.layout.paragraphs
    segmented = profile(seg.layout.document.lang).segmenter is not None
    if segmented and len(seg.words) == len(paragraphs):
        return tuple(
            view_boundaries(w, len(p.view)) for w, p in zip(seg.words, paragraphs, strict=True)
        )
    return tuple(latin_boundaries(p.view.text) for p in paragraphs)
