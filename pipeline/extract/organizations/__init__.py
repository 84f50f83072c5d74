"""Organizations: find named bodies in Chinese and English UN text and link them to the gazetteer.

The language resources are data: `pipeline/resources/organizations/gazetteer.yaml` (one
bilingual record per body) and `pipeline/resources/<lang>/organizations.yaml` (prefixes, units,
phrases that are not organizations, discovery patterns). This package is the one engine for
every language; what differs between them comes from the language profile (pipeline.language):
whether words are spaced, whether names match whatever their case, whether the text is segmented.

The package: `matching` (the automaton and the compiled rules of a language), `spans` (candidate
hits, word boundaries, blocked spans, the longest hits), `context` (units, defined short forms,
anaphors), `discovery` (bodies the gazetteer lacks); this module reads a document.

How a paragraph is read (`find_organizations`):
1. Normalize it, keeping a map back to the view: full-width forms to ASCII, dashes to `-`,
   traditional characters to simplified, spaces inside Chinese text dropped (PDF text puts them
   inside names), other space runs collapsed; English is matched case-insensitively and the case
   checked afterwards (acronyms must be written as listed).
2. Find every name, prefixed name and non-organization phrase at once with an Aho-Corasick
   automaton; keep a hit only at word boundaries: for Chinese, the boundaries of a jieba
   segmentation (rjieba, the same algorithm) that has every name loaded as a user word, so that
   新闻部 is not found in 新闻部门; for Latin text, no letter or digit on either side, and not
   inside a document symbol (UNIDIR/2006/6) or a URL.
3. Keep the longest hits, without overlap; a non-organization phrase that wins (审议大会) hides
   the name inside it (大会).
4. Extend a kept name by a unit written after it (…办事处驻巴西区域办事处, OSCE Secretariat).
5. `全称（简称）` / `Full Name (ACRONYM)`: the short form becomes a name of the same body for the
   rest of the document (document state).
6. Discover bodies missing from the gazetteer by name patterns; they are reported with an empty
   org_id so that `make eval` can list them as gazetteer candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from pipeline.extract.base import Match, rows_for
from pipeline.extract.organizations.context import anaphors, define_aliases, extend_units
from pipeline.extract.organizations.discovery import discovered, zh_suspects
from pipeline.extract.organizations.matching import LanguageMatcher, matcher
from pipeline.extract.organizations.spans import (
    BlockedSpans,
    Candidate,
    DocumentState,
    alias_spans,
    automaton_hits,
    blocked_spans,
    longest,
    pattern_blocked,
    select,
)
from pipeline.model import Segmented
from pipeline.segment.lexicon import Org, has_organizations
from pipeline.segment.tagging import Boundaries
from pipeline.segment.words import read_words

__all__ = [
    "DocumentState",
    "Org",
    "OrgMatch",
    "extract",
    "find_organizations",
    "find_mentions",
    "matcher",
]


@dataclass(frozen=True)
class OrgMatch:
    """A mention in the text given to `find_organizations` (its own coordinates)."""

    start: int
    end: int
    org: Org
    how: str  # "gazetteer", "unit", "alias" (defined in the document) or "discovered"

    @property
    def optional(self) -> bool:
        return self.org.optional


def find_organizations(
    text: str,
    lang: str,
    state: DocumentState | None = None,
    *,
    include_optional: bool = False,
    discover: bool = True,
    words: Segmented.Words | None = None,
) -> list[OrgMatch]:
    """Organization mentions in `text` (one paragraph), in text order.

    `state` carries the short forms defined in earlier paragraphs of the same document and
    receives those defined here. Optional bodies (working groups, coordination mechanisms) are
    matched so that their span wins, but returned only with `include_optional`. `words` is
    `read_words(text, lang)` when the segment stage has computed it already."""
    found = find_mentions(
        text, lang, state, include_optional=include_optional, discover=discover, words=words
    )
    return [OrgMatch(*f) for f in found]


def find_mentions(
    text: str,
    lang: str,
    state: DocumentState | None = None,
    *,
    include_optional: bool = False,
    discover: bool = True,
    words: Segmented.Words | None = None,
    prepared: Prepared | None = None,
) -> list[tuple[int, int, Org, str]]:
    """`find_organizations` as (start, end, org, how) tuples, without an OrgMatch each: what
    the extractor turns into rows (`prepared`: what it works out for `words` beforehand)."""
    m = matcher(lang)
    state = state if state is not None else DocumentState()
    state.para_no += 1
    if words is None:
        words = read_words(text, lang)
    norm, idx = words.norm, words.index
    if not norm:
        return []
    if prepared is None:
        prepared = prepare(words, m)
    bounds, blocked = prepared.bounds, prepared.blocked

    candidates = list(prepared.names)  # (select() sorts it)
    # A short form that is also a name is found by the automaton at the same spans, where the
    # gazetteer's candidate wins: no need to look for it (not in English, whose names are
    # matched whatever their case, then checked: the automaton may drop what the short form has)
    known = m.entries if not m.fold_case else None
    candidates += [
        (s - e, s, rank, e, org, "alias")
        for rank, (s, e, org) in enumerate(alias_spans(norm, state, known=known), 1)
    ]
    # kept: without overlap, in text order, from here on; adding nothing to it leaves it as
    # longest() would, so longest() is run only when a step found something
    kept = select(candidates, norm, bounds, blocked)
    # the patterns found somewhere in the text are the only ones that may block a hit
    if patterns := [rx for rx, lead in m.not_org_patterns if lead in norm and rx.search(norm)]:
        kept = [h for h in kept if not pattern_blocked(h, norm, patterns)]
    kept = extend_units(kept, norm, bounds, m)
    if discover and (found := discovered(norm, bounds, kept, blocked, m)):
        kept = longest(kept + found)
    kept = define_aliases(kept, norm, state, m, bounds, blocked)
    if found := anaphors(norm, kept, state, m, bounds, blocked):
        kept = longest(kept + found)
    state.recent += [(state.para_no, norm[h.start : h.end], h.org) for h in kept if h.org]
    out = []
    for h in kept:
        if h.org is None or (h.org.optional and not include_optional):
            continue
        out.append((idx[h.start], idx[h.end - 1] + 1, h.org, h.how))
    return out


# ---------------------------------------------------------------- the pipeline stage


class Prepared(NamedTuple):
    """What a paragraph's reading starts from, that no earlier paragraph changes: its
    Boundaries, the automaton's candidates and the spans where no mention may be."""

    bounds: Boundaries
    names: list[Candidate]
    blocked: BlockedSpans


def prepare(words: Segmented.Words, m: LanguageMatcher) -> Prepared:
    norm = words.norm
    probe = norm.lower() if m.fold_case else norm
    return Prepared(
        Boundaries(norm, words.cuts, m.segmenter),
        automaton_hits(probe, norm, m),
        blocked_spans(norm, m),
    )


def prepare_all(words: Sequence[Segmented.Words], lang: str) -> list[Prepared]:
    """`prepare` for every paragraph, and the clauses that discovery will tag tagged: each
    kind of work done for all the paragraphs in a row keeps its tables (the automaton, the
    segmenter's dictionary) in the processor's cache, where between the other steps of a
    paragraph it would find them evicted (tagging a clause costs twice as much there)."""
    m = matcher(lang)
    prepared = [prepare(w, m) for w in words]
    if m.discovery_method == "segmented_suffixes":
        for p in prepared:
            for k in zh_suspects(p.bounds, m):
                p.bounds.tag(k)
    return prepared


def extract(seg: Segmented, *, include_optional: bool = False) -> list[dict[str, Any]]:
    """Rows of the organizations table. Paragraphs are read in document order so that a short
    form defined in one (`全称（简称）`) is known in the next."""
    layout = seg.layout
    lang = layout.document.lang
    if not has_organizations(lang):  # a language without organization rules: no mentions
        return []
    state = DocumentState()
    rows: list[dict[str, Any]] = []
    # the segment stage's reading of each paragraph; a hand-built Segmented may lack it
    words = seg.words if len(seg.words) == len(layout.paragraphs) else None
    prepared = prepare_all(words, lang) if words else None
    for k, para in enumerate(layout.paragraphs):
        found = find_mentions(
            para.view.text,
            lang,
            state,
            include_optional=include_optional,
            words=words[k] if words else None,
            prepared=prepared[k] if prepared else None,
        )
        matches = [Match(start, end, org.columns) for start, end, org, _ in found]
        rows += rows_for(layout, para, matches)
    return rows
