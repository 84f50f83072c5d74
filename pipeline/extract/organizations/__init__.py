"""Organizations: find named bodies in Chinese and English UN text and link them to the gazetteer.

The language resources are data: `pipeline/resources/organizations/gazetteer.yaml` (one
bilingual record per body) and `pipeline/resources/<lang>/organizations.yaml` (prefixes, units,
phrases that are not organizations, discovery patterns). This package is the one engine for
every language; what differs between them comes from the language profile (pipeline.language):
whether words are spaced, whether names match whatever their case, whether the text is segmented.

The package: `matching` (the automaton and the compiled rules of a language), `spans` (candidate
hits, word boundaries, blocked spans, the longest hits), `context` (units, anaphors, short forms
of bodies named, names that end longer ones), `lines` (line breaks that end names),
`discovery` and `capitalized` (bodies the gazetteer lacks, by the structure of their names),
`definitions` (short forms the document defines), `bodies` (their `new:` ids); this module
reads a document.

How a paragraph is read (`find_organizations`):
1. Normalize it, keeping a map back to the view: full-width forms to ASCII, dashes to `-`,
   traditional characters to simplified, spaces inside Chinese text dropped (PDF text puts them
   inside names), other space runs collapsed; English is matched case-insensitively and the case
   checked afterwards (acronyms must be written as listed). Spaces that stand for a hard line
   break (a blank line, the end of a short line: a cover's lines) are marked: no name runs
   over them.
2. Find every name, prefixed name and non-organization phrase at once with an Aho-Corasick
   automaton; keep a hit only at word boundaries: for Chinese, the boundaries of a jieba
   segmentation (rjieba, the same algorithm) that has every name loaded as a user word, so that
   新闻部 is not found in 新闻部门; for Latin text, no letter or digit on either side, and not
   inside a document symbol (UNIDIR/2006/6), a URL or the title of a work (Official Records of
   the General Assembly, 《…》).
3. Keep the longest hits, without overlap; a non-organization phrase that wins (审议大会) hides
   the name inside it (大会).
4. Extend a kept name by a unit written after it (…办事处驻巴西区域办事处, OSCE Secretariat); drop a
   name that ends a longer one (National Security Council, 全权代表大会).
5. Discover bodies missing from the gazetteer by the structure of their names (a head word and
   its modifiers and complement, a name in another language); each gets a `new:` id, the
   longest name winning over a gazetteer name inside it.
6. Definitions: `全称（简称）`, `Full Name (ACRONYM)`, `ACRONYM (Full Name)`, `ACRONYM, Full Name`
   make the short form a name of the body for the rest of the document (document state), and
   a full name no step found a body of its own.
7. Short references: a generic head standing for a body named just before (区域中心), the
   shorter names of a body named in full (Logistics Base).
The rows of a document's new bodies get what the whole document teaches about them (`settle`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from pipeline.extract.base import Match, rows_for
from pipeline.extract.organizations.bodies import NEW
from pipeline.extract.organizations.compounds import compounds
from pipeline.extract.organizations.context import (
    anaphors,
    drop_modified,
    extend_units,
    remember_short_forms,
)
from pipeline.extract.organizations.definitions import define
from pipeline.extract.organizations.discovery import discovered, zh_suspects
from pipeline.extract.organizations.lines import hard_breaks, mark_breaks
from pipeline.extract.organizations.lists import listed, prescan
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
    breaks: list[int] | None = None,
    joins: Callable[[int], str] | None = None,
    same_block: bool = False,
) -> list[tuple[int, int, Org, str]]:
    """`find_organizations` as (start, end, org, how) tuples, without an OrgMatch each: what
    the extractor turns into rows (`prepared`: what it works out for `words` beforehand;
    `breaks`: the indices of `text` where a line break ends names, lines.py; None: those of
    `text` itself; `joins`: the source text between characters i - 1 and i of `text`, where a
    paragraph's lines were joined; `same_block`: the text goes on the block of the one before,
    a row of the same table, which short references count as one paragraph with it)."""
    m = matcher(lang)
    state = state if state is not None else DocumentState()
    state.para_no += not same_block
    if words is None:
        words = read_words(text, lang)
    norm, idx = words.norm, words.index
    if not norm:
        return []
    if prepared is None:
        prepared = prepare(words, m)
    bounds, blocked = prepared.bounds, prepared.blocked

    if breaks is None:
        breaks = hard_breaks(text, text) if m.spaced and "\n" in text else []
    # the text where names stop at hard line breaks (same length, same offsets)
    lined = mark_breaks(norm, idx, breaks)
    candidates = list(prepared.names)  # (select() sorts it)
    if lined is not norm:
        candidates = apart_at_breaks(candidates, lined)
    # A short form that is also a name is found by the automaton at the same spans, where the
    # gazetteer's candidate wins: no need to look for it (not in English, whose names are
    # matched whatever their case, then checked: the automaton may drop what the short form has;
    # nor a form that overrides an alias of the gazetteer: it wins, spans.alias_spans)
    known = m.entries if not m.fold_case else None
    over = state.overrides  # short forms that win over an alias of the gazetteer (rank < 0)
    candidates += [
        (s - e, s, -rank if how == "short" and norm[s:e] in over else rank, e, org, how)
        for rank, (s, e, org, how) in enumerate(alias_spans(norm, state, known=known), 1)
    ]
    # kept: without overlap, in text order, from here on; adding nothing to it leaves it as
    # longest() would, so longest() is run only when a step found something
    kept = select(candidates, norm, bounds, blocked)
    # the patterns found somewhere in the text are the only ones that may block a hit
    if patterns := [rx for rx, lead in m.not_org_patterns if lead in norm and rx.search(norm)]:
        kept = [h for h in kept if not pattern_blocked(h, norm, patterns, m.un_prefixes)]
    bodies = state.new_bodies(lang)
    bodies.norm, bodies.written = lined, reader(text, idx)
    kept = extend_units(kept, norm, bounds, m, bodies)
    if found := listed(norm, state, m):
        kept = longest(found + kept)  # (a tie: the list's reading)
    kept = drop_modified(kept, lined, bounds, m, lambda s: apart(text, idx[s], joins, m.spaced))
    if discover and (found := discovered(lined, bounds, kept, blocked, m, bodies)):
        kept = longest(kept + found)
    if found := compounds(lined, kept, m, bodies):
        kept = longest(kept + found)
    kept = define(kept, lined, state, m, bounds, blocked)
    if found := anaphors(norm, kept, state, m, bounds, blocked):
        kept = longest(kept + found)
    kept = remember_short_forms(kept, norm, state, m, bounds, blocked)
    state.recent += [(state.para_no, norm[h.start : h.end], h.org) for h in kept if h.org]
    out = []
    for h in kept:
        if h.org is None or (h.org.optional and not include_optional):
            continue
        out.append((idx[h.start], idx[h.end - 1] + 1, bodies.current(h.org), h.how))
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
    source = layout.document.text
    spaced = matcher(lang).spaced  # (line breaks end names where words are spaced)
    rows: list[dict[str, Any]] = []
    # the segment stage's reading of each paragraph; a hand-built Segmented may lack it
    words = seg.words if len(seg.words) == len(layout.paragraphs) else None
    prepared = prepare_all(words, lang) if words else None
    # the lists that define bodies (an annex of stakeholders, abbreviations), wherever they stand
    readings = words or [read_words(p.view.text, lang) for p in layout.paragraphs]
    prescan(
        [
            (w.norm, reader(p.view.text, w.index))
            for w, p in zip(readings, layout.paragraphs, strict=True)
        ],
        source,
        state,
        lang,
    )
    for k, para in enumerate(layout.paragraphs):
        text = para.view.text
        before = layout.paragraphs[k - 1] if k else None
        # the rows of one table are one paragraph for the short references (区域中心, the
        # Advisory Committee) that look back at the bodies named in full
        same_block = (
            before is not None
            and "table" == para.key == before.key
            and para.section == before.section
        )
        # ... and in a table, the body a heading above names (Advisory Committee on
        # Administrative and Budgetary Questions, then the rows of its recommendations)
        state.in_table = para.key == "table"
        found = find_mentions(
            text,
            lang,
            state,
            include_optional=include_optional,
            words=words[k] if words else None,
            prepared=prepared[k] if prepared else None,
            breaks=hard_breaks(text, source, para.view.source_spans, (para.start, para.end))
            if spaced
            else [],
            joins=joins_of(para.view, source),
            same_block=same_block,
        )
        if para.key == "heading":
            state.headings.add(state.para_no)
        if para.key == "table" and (title := title_cell(text, matcher(lang).act_cell)):
            found = [f for f in found if not (title[0] <= f[0] and f[1] <= title[1])]
        matches = [Match(start, end, org.columns) for start, end, org, _ in found]
        rows += rows_for(layout, para, matches)
    return settle(rows, state)


def title_cell(row: str, act_cell: re.Pattern[str] | None) -> tuple[int, int] | None:
    """The span of a table row's second cell where its first cell numbers acts (the rules'
    `act_number_cell`): the acts' title, where no mention is (titles are opaque)."""
    tab = row.find("\t")
    if act_cell is None or not 0 < tab <= 80 or not act_cell.match(row, 0, tab):
        return None
    end = row.find("\t", tab + 1)
    return (tab + 1, end if end >= 0 else len(row))


def reader(text: str, index: Sequence[int]) -> Callable[[int, int], str]:
    """The span [s, e) of a normalized text as `text` writes it (`index`: the normalized text's
    map to `text`)."""
    return lambda s, e: text[index[s] : index[e - 1] + 1]


def apart_at_breaks(candidates: list[Candidate], lined: str) -> list[Candidate]:
    """Names of the gazetteer on both sides of a hard line break are two mentions, not the
    name they make together (a cover's `United Nations` / `General Assembly`); a name broken
    over two lines of its own stays one (`UNITED` / `NATIONS`)."""
    starts = {c[1] for c in candidates}
    ends = {c[3] for c in candidates}
    out = []
    for c in candidates:
        b = lined.find("\n", c[1], c[3])
        if b >= 0 and b in ends and b + 1 in starts:
            continue
        out.append(c)
    return out


def apart(text: str, i: int, joins: Callable[[int], str] | None, spaced: bool) -> bool:
    """Character i of `text` stands apart from the one before it in the source: after a line
    break (where words are spaced), after a space or a line break (where they are not)."""
    if i == 0:
        return False
    before = joins(i) if joins is not None else text[i - 1]
    return "\n" in before if spaced else (len(before) > 1 or before.isspace())


def joins_of(view: Any, source: str) -> Callable[[int], str]:
    """The source text of character i - 1 of a paragraph's view and what stands between it and
    character i (a space standing for a line break: the line break)."""

    def between(i: int) -> str:
        (a, _), (b, _) = view.source_spans([(i - 1, i), (i, i + 1)])
        return source[a:b]

    return between


def settle(rows: list[dict[str, Any]], state: DocumentState) -> list[dict[str, Any]]:
    """The rows of bodies outside the gazetteer as the whole document defines them: a body
    met before its acronym was defined gets the acronym, one a later definition made another
    body's name gets that body's id (bodies.py)."""
    bodies = state.bodies
    if bodies is None or not bodies.by_id:
        return rows
    for row in rows:
        if row["org_id"].startswith(NEW):
            org = bodies.current(Org(row["org_id"], row["name_en"], row["name_zh"]))
            if org.columns != {k: row[k] for k in org.columns}:
                row.update(org.columns)
    return rows
