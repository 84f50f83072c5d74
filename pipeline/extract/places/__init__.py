"""Places: States, territories and regions named in Chinese and English text, linked to their
ISO 3166-1 alpha-3 or M49 code (../shared/ANNOTATION.md, "Places"; docs/places.md).

The data: `pipeline/resources/places/` (the UN's names by hand, CLDR's generated) and each
language's `places.yaml` (phrases that hold a name but name no place, demonym suffixes, person
titles, title marks, instrument heads). One engine for every language (`matcher`); what differs
comes from the language profile and the rules.

How a paragraph is read (`find_mentions`), on the text the segment stage normalized (full-width
forms to ASCII, traditional characters to simplified, spaces inside Chinese dropped):
1. Every name and every non-place phrase at once, with one Aho-Corasick automaton (English:
   whatever the case and the accents, then the case checked: as listed, or all capitals).
2. A name is kept only on word boundaries: no Latin letter or digit may touch a Latin edge of it
   (no `Niger` in `Nigeria`); a non-place phrase found around a name removes it there (马里兰,
   `United States dollars`).
3. The longest names win, without overlap: 索马里 over its 马里, `Guinea-Bissau` over `Guinea`.
4. A kept name is dropped where a suffix makes it a demonym or a language (马里人, but not
   马里人权), where a title makes it a person's name (`Mr. Chad`), inside a title in marks
   (《非洲无核武器区条约》) or inside an instrument's name (`Treaty on ... in Africa`).
A place inside an organization's name (西非国家经济共同体, `African Union`) is the registry's
business: the places kind yields to the organizations kind (pipeline/kinds.py, `yields_to`),
after every extractor has run.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from typing import Any, NamedTuple

from pipeline.extract import inside
from pipeline.extract.base import Match, rows_for
from pipeline.extract.places.matcher import PlaceMatcher, has_places, matcher
from pipeline.extract.places.names import Place, places
from pipeline.language import profile
from pipeline.model import Segmented
from pipeline.segment.words import read_words
from pipeline.text.cjk import is_word_char
from pipeline.text.normalize import normalize

__all__ = ["Place", "PlaceMatch", "extract", "find_places", "has_places", "matcher", "places"]


class PlaceMatch(NamedTuple):
    start: int  # offsets into the text given to find_places
    end: int
    place: Place


def find_places(text: str, lang: str, *, include_optional: bool = False) -> list[PlaceMatch]:
    """Place mentions in `text` (one paragraph), in text order."""
    words = read(text, lang)
    return [PlaceMatch(s, e, p) for s, e, p in find_mentions(words, lang, include_optional)]


def read(text: str, lang: str) -> Segmented.Words:
    """A text as the segment stage reads it: normalized, and cut into words where the language
    has a segmenter."""
    if profile(lang).segmenter is not None:
        return read_words(text, lang)
    return Segmented.Words(*normalize(text, matcher(lang).glue_cjk))


def find_mentions(
    words: Segmented.Words, lang: str, include_optional: bool = False
) -> list[tuple[int, int, Place]]:
    """(start, end, place) of each mention, in offsets of the text `words` was read from."""
    norm, idx = words.norm, words.index
    if not norm:
        return []
    m = matcher(lang)
    folded = m.folded(norm)
    kept = [
        h
        for h in longest(candidates(folded, m, words.cuts))
        if not dropped(h, folded, m, include_optional)
    ]
    if kept and (m.titles or m.instrument or m.head):
        titles = sorted(title_spans(folded, m))
        if titles:
            starts = [s for s, _ in titles]
            reach = list(accumulate((e for _, e in titles), max))  # widest end so far
            kept = [h for h in kept if not inside(h[0], h[1], starts, reach)]
    return [(idx[s], idx[e - 1] + 1, place) for s, e, place in kept]


def candidates(
    folded: str, m: PlaceMatcher, cuts: tuple[int, ...] = ()
) -> list[tuple[int, int, Place]]:
    """Every name found on word boundaries (case checked), less those a non-place phrase holds.
    Where the text comes cut into words (`cuts`, Chinese), a name that both begins and ends
    inside a word is no name: 中国 in 发展中国家 or 其中|国际, 法国 in 国际法|国家."""
    found, blocked = [], set()
    n = len(folded)
    for end, hit in m.automaton.iter(m.probe(folded)):
        e = end + 1
        s = e - hit.length
        if hit.place is None:
            at, length = hit.inner
            blocked.add((s + at, s + at + length))
            continue
        if s > 0 and is_word_char(folded[s - 1]) and is_word_char(folded[s]):
            continue
        if e < n and is_word_char(folded[e]) and is_word_char(folded[e - 1]):
            continue
        # a cut at s or at e, by bisection (cuts end with n): few names, long paragraphs
        if cuts and cuts[bisect_left(cuts, s)] != s and cuts[bisect_left(cuts, e)] != e:
            continue
        if m.fold_case:
            written = folded[s:e]
            if written not in hit.written and not (written.isupper() and len(written) > 1):
                continue
        found.append((s, e, hit.place))
    return [h for h in found if (h[0], h[1]) not in blocked] if blocked else found


def longest(hits: list[tuple[int, int, Place]]) -> list[tuple[int, int, Place]]:
    """The longest hits, none overlapping another kept one, in text order: longest first (the
    earlier of two as long), each kept unless a character of it is taken already. The taken
    characters are marked in a bytearray, so a hit costs its length, not a comparison with
    every hit kept (which was quadratic in the names of one paragraph)."""
    if len(hits) < 2:
        return hits
    kept: list[tuple[int, int, Place]] = []
    taken = bytearray(max(e for _, e, _ in hits))
    for h in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        s, e = h[0], h[1]
        if taken.find(1, s, e) < 0:
            taken[s:e] = b"\x01" * (e - s)
            kept.append(h)
    return sorted(kept, key=lambda h: h[0])


def dropped(
    h: tuple[int, int, Place], folded: str, m: PlaceMatcher, include_optional: bool
) -> bool:
    s, e, place = h
    if place.optional and not include_optional:
        return True
    allowed = m.suffixes.get(folded[e]) if e < len(folded) else None
    if allowed is not None and (e + 1 >= len(folded) or folded[e + 1] not in allowed):
        return True  # 马里人, 西班牙语: a demonym or a language
    if m.person_title is not None and m.probe(folded[s:e]) in m.person_names:
        return m.person_title.search(folded[max(0, s - 16) : s]) is not None
    return False


def title_spans(folded: str, m: PlaceMatcher) -> list[tuple[int, int]]:
    """Where titles are: between title marks, in quotes that hold an instrument's head, and
    instrument names written around their heads."""
    spans = [x.span(1) for rx in m.titles for x in rx.finditer(folded)]
    if m.instrument is not None:
        spans += [x.span() for x in m.instrument.finditer(folded)]
    if m.head is not None:
        for rx in m.quotes:
            spans += [x.span(1) for x in rx.finditer(folded) if m.head.search(x.group(1))]
    return spans


def extract(seg: Segmented, *, include_optional: bool = False) -> list[dict[str, Any]]:
    """Rows of the places table, from the words the segment stage read."""
    layout = seg.layout
    lang = layout.document.lang
    if not has_places(lang):  # a language without place rules: no mentions
        return []
    words = seg.words if len(seg.words) == len(layout.paragraphs) else None
    rows: list[dict[str, Any]] = []
    for k, para in enumerate(layout.paragraphs):
        w = words[k] if words else read(para.view.text, lang)
        found = find_mentions(w, lang, include_optional)
        rows += rows_for(layout, para, [Match(s, e, p.columns) for s, e, p in found])
    return rows
