"""The words of a paragraph: its normalized text, the map back to its view, and (for a language
whose profile names the gazetteer segmenter: Chinese) the words of rjieba (the jieba algorithm
and dictionary, compiled; ~30x faster than jieba) with every gazetteer name a word of its
dictionary, so that 新闻部 is not found in 新闻部门. Cut, not tagged: the matcher tags again only
the few clauses whose parts of speech it reads (pipeline/segment/tagging.py)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from functools import cache
from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader
from importlib.util import find_spec, module_from_spec, spec_from_loader
from itertools import accumulate
from typing import Any

from pipeline.language import profile
from pipeline.model import Segmented
from pipeline.segment.lexicon import lexicon
from pipeline.text.cjk import is_cjk
from pipeline.text.normalize import normalize


@cache
def segmenter(lang: str) -> Any:
    """rjieba with every name and non-organization phrase of `lang` as a user word, and the
    heads of its anaphors (built once).

    No frequency is given: jieba's own suggestion, which cuts a name out as a word without
    beating ordinary words (管理部 must not win over 管理部门). The order is the gazetteer's: a
    suggested frequency depends on the words added before. (Adding the words is 10 ms; loading
    rjieba's own dictionary, which no cache can hold, is most of the segmenter's cost.)"""
    seg = jieba_class()()
    for word, tag in user_words(lang):
        seg.add_word(word, None, tag)
    return seg


def user_words(lang: str) -> list[tuple[str, str]]:
    """(word, part of speech) of the segmenter's user words, in the order they are added."""
    lex = lexicon(lang)
    words = [
        (key, "nt" if entry.org else "nz")
        for key, entry in lex.entries.items()
        if any(is_cjk(c) for c in key)
    ]
    words += [(head, "n") for head in (lex.rules.get("anaphors") or {}).get("heads", [])]
    return words


def jieba_class() -> Any:
    """rjieba's Jieba class, from its compiled module alone: the package's __init__ builds a
    default segmenter at import, loading the dictionary once more (0.1 s of every cold start)
    for a segmenter this one never uses. The compiled module is registered under its own name,
    so a later `import rjieba` finds it and does not load it twice."""
    module = sys.modules.get("rjieba.rjieba")
    if module is None:
        spec = find_spec("rjieba")
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for suffix in EXTENSION_SUFFIXES:
                path = os.path.join(folder, "rjieba" + suffix)
                if os.path.isfile(path):
                    loader = ExtensionFileLoader("rjieba.rjieba", path)
                    found = spec_from_loader("rjieba.rjieba", loader)
                    if found is None:
                        continue
                    module = module_from_spec(found)
                    loader.exec_module(module)
                    sys.modules["rjieba.rjieba"] = module
                    break
            if module is not None:
                break
    if module is None:  # laid out otherwise: the package, as it imports
        import rjieba

        return rjieba.Jieba
    return module.Jieba


def cuts_of(norm: str, lang: str) -> tuple[int, ...]:
    """Where the words of `norm` meet, 0 and len(norm) included (see `Segmented.Words`),
    computed in C from the segmenter's words: no Python step or tuple per word. Cut, not
    tagged: cut() gives the words tag() gives, and tagging costs half as much again."""
    seg = segmenter(lang)
    cuts = tuple(accumulate(map(len, seg.cut(norm)), initial=0))
    if cuts[-1] != len(norm):  # cut() should cover the text; fall back to plain offsets
        return (0, *(e for _, _, e in seg.tokenize(norm)))
    return cuts


def read_words(text: str, lang: str) -> Segmented.Words:
    """`text` as the matcher reads it: normalized, with its map back to `text` and, where the
    language is segmented, its words from the segmenter that knows every name. The segment
    stage reads every paragraph so (`read_all_words`), so that a text is segmented once."""
    return read_all_words([text], lang)[0]


def read_all_words(texts: Sequence[str], lang: str) -> tuple[Segmented.Words, ...]:
    """`read_words` of each text: all normalized, then all segmented (each kind of work in a
    row keeps its tables, the folds or the segmenter's dictionary, in the processor's cache)."""
    p = profile(lang)
    glue = not p.spaced
    normalized = [normalize(text, glue) for text in texts]
    if p.segmenter != "gazetteer":
        return tuple(Segmented.Words(norm, idx) for norm, idx in normalized)
    return tuple(
        Segmented.Words(norm, idx, cuts_of(norm, lang)) if norm else Segmented.Words(norm, idx)
        for norm, idx in normalized
    )
