"""Candidate names in a paragraph's normalized text, and the rules that keep or drop them: word
boundaries, spans where no mention may be (URLs, titles, quotes), the longest hits."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Container
from dataclasses import dataclass, field
from itertools import accumulate
from operator import attrgetter
from typing import NamedTuple

from pipeline.extract.organizations.bodies import Bodies
from pipeline.extract.organizations.matching import LanguageMatcher
from pipeline.segment.lexicon import Org
from pipeline.segment.tagging import Boundaries
from pipeline.text.cjk import is_word_char

URL = re.compile(r"(?:https?://|www\.)[^\s\u3000，。；、（）()《》“”]+")


@dataclass
class DocumentState:
    """What earlier paragraphs of one document taught: short forms defined as `全称（简称）`,
    short forms of the bodies named (`Logistics Base` after `United Nations Logistics Base`),
    the bodies recently named (for 区域中心 standing for the last regional centre) and the
    bodies the gazetteer lacks (bodies.py)."""

    aliases: dict[str, tuple[str, Org]] = field(default_factory=dict)  # key -> (as written, body)
    para_no: int = 0  # paragraphs read so far (a table counts as one)
    recent: list[tuple[int, str, Org]] = field(default_factory=list)  # (para_no, written, org)
    short_forms: dict[str, tuple[str, Org]] = field(default_factory=dict)  # as aliases
    # the short forms (as written) that are only an alias of another body in the gazetteer:
    # the document's body wins them (context.remember_short_forms)
    overrides: set[str] = field(default_factory=set)
    bodies: Bodies | None = None
    # the entries of the lists of each paragraph (normalized text -> (short, start, end)),
    # as the document's first reading found them (lists.py)
    listed: dict[str, list[tuple[str, int, int]]] = field(default_factory=dict)
    headings: set[int] = field(default_factory=set)  # the para_no of the headings read
    in_table: bool = False  # the paragraph being read is a table's row

    def new_bodies(self, lang: str) -> Bodies:
        if self.bodies is None:
            self.bodies = Bodies(lang)
        return self.bodies


@dataclass(slots=True)
class Hit:
    start: int  # normalized coordinates
    end: int
    org: Org | None
    how: str = "gazetteer"


HIT_START, HIT_END = attrgetter("start"), attrgetter("end")  # of a Hit or a Blocked span


class Blocked(NamedTuple):
    """A span where no mention may be; a tuple (a cheap one, that sorts by start)."""

    start: int
    end: int
    whole_ok: bool = False  # a name that is the whole span is still a mention (“小武器调查”)


class Reach:
    """Spans sorted by start, with the running maximum of their ends: the furthest any span
    starting before a position reaches is one bisection."""

    def __init__(self, spans: list[Blocked]) -> None:
        spans = sorted(spans)  # by start: (start, end, ...) tuples
        self.starts = [b[0] for b in spans]
        self.ends = list(accumulate([b[1] for b in spans], max))

    def before(self, pos: int, *, inclusive: bool) -> int:
        """The furthest end of the spans starting before `pos` (at `pos` too if inclusive)."""
        i = (bisect_right if inclusive else bisect_left)(self.starts, pos)
        return self.ends[i - 1] if i else -1


class BlockedSpans:
    """Where no mention may be: URLs, titles in 《…》, and quoted titles (a name that is the
    whole quoted text is still a mention). A paragraph has a few: `covers` tests each; past
    `FEW`, it answers with bisections instead, so that a paragraph with thousands of hits and
    spans stays linear."""

    FEW = 8

    def __init__(self, spans: list[Blocked]) -> None:
        self.spans = spans
        self.strict: Reach | None = None  # the indexes, for more than FEW spans
        self.quoted: Reach | None = None
        if len(spans) > self.FEW:
            self.strict = Reach([b for b in spans if not b.whole_ok])
            self.quoted = Reach([b for b in spans if b.whole_ok])

    def covers(self, s: int, e: int) -> bool:
        """Some span holds [s, e), other than a quote whose whole text it is."""
        if self.strict is None or self.quoted is None:
            return any(
                start <= s and e <= end and not (whole_ok and start == s and end == e)
                for start, end, whole_ok in self.spans
            )
        if self.strict.before(s, inclusive=True) >= e:
            return True
        # a quote holding [s, e) that starts before s, or starts at s and ends after e
        return (
            self.quoted.before(s, inclusive=False) >= e or self.quoted.before(s, inclusive=True) > e
        )


NOTHING_BLOCKED = BlockedSpans([])  # most paragraphs


def blocked_spans(norm: str, m: LanguageMatcher) -> BlockedSpans:
    spans = []
    if "://" in norm or "www." in norm:  # what every URL holds: most texts need no scan
        spans += [Blocked(*u.span()) for u in URL.finditer(norm)]
    for opening, rx, whole_ok in m.enclosures:
        if opening in norm:
            spans += [
                Blocked(*t.span(1), whole_ok)
                for t in rx.finditer(norm)
                if not (whole_ok and m.not_a_title(t.group(1)))
            ]
    if m.any_title is None or m.any_title.search(norm):
        for lead, patterns in m.titles:  # titles of works that hold a name (Official Records ...)
            if lead in norm:
                spans += [Blocked(*t.span()) for rx in patterns for t in rx.finditer(norm)]
    return BlockedSpans(spans) if spans else NOTHING_BLOCKED


def pattern_blocked(
    h: Hit, norm: str, patterns: list[re.Pattern[str]], prefixes: Container[str]
) -> bool:
    """A UN prefix alone (`prefixes`: 联合国, United Nations) that begins a longer name matching
    one of `patterns` (the matcher's `not_organization_patterns`: 联合国…问题大会, a strategy
    named after the UN); a body's own name (联合国开发计划署…战略) stays a mention."""
    return norm[h.start : h.end] in prefixes and any(
        (p := rx.match(norm, h.start)) is not None and p.end() > h.end for rx in patterns
    )


# A hit before the first selection, as a tuple that sorts the way longest() orders hits: longest
# first, then leftmost, then by rank (0 for a name of the gazetteer, then the short forms in
# order: the same span found both ways is the gazetteer's, unless the short form overrides an
# alias of the gazetteer: its rank is below 0). (-length, start, rank) is unique,
# so tuples never compare further. (-length, start, rank, end, org, how)
Candidate = tuple[int, int, int, int, Org | None, str]


def automaton_hits(probe: str, norm: str, m: LanguageMatcher) -> list[Candidate]:
    """The names of the gazetteer (and phrases that are not organizations) in `probe`, as
    candidates, in no particular order (one per span)."""
    if m.backward:  # a name ending at i of the reversed probe starts at last - i of the probe
        last = len(probe) - 1
        if not m.fold_case:  # (as below, in one step)
            return [
                (-size, last - i, 0, last - i + size, entry.org, "gazetteer")
                for i, (size, entry) in m.automaton.iter(probe[::-1])
            ]
        spans = [(last - i, size, e) for i, (size, e) in m.automaton.iter(probe[::-1])]
    else:
        spans = [(i + 1 - size, size, e) for i, (size, e) in m.automaton.iter(probe)]
    if not m.fold_case:
        # the probe is the text and a key is one of its entry's names: every hit is as listed
        return [(-size, s, 0, s + size, entry.org, "gazetteer") for s, size, entry in spans]
    return [
        (-size, s, 0, s + size, entry.org, "gazetteer")
        for s, size, entry in spans
        if any(case_ok(norm[s : s + size], n) for n in entry.names)
    ]


def case_ok(written: str, name: str) -> bool:
    """English names match as listed, or in capitals (headlines), or with the last of three words
    or more in lower case; a lower-case name (`secretariat services`) also matches with its
    first letter capitalized."""
    if written == name or (len(name) > 4 and written == name.upper()):
        return True
    if name[:1].islower():
        return written == name[:1].upper() + name[1:]
    # a name of three words or more whose last (a common noun) is written in lower case, a
    # slip of the text (United Nations Logistics base)
    head, _, last = name.rpartition(" ")
    return (
        head.count(" ") >= 1
        and last[:1].isupper()
        and written == f"{head} {last[:1].lower()}{last[1:]}"
    )


def alias_spans(
    norm: str, state: DocumentState, start: int = 0, known: Container[str] | None = None
) -> list[tuple[int, int, Org, str]]:
    """Where the short forms of `state` (its defined `aliases`, then the `short_forms` of bodies
    named) are written in `norm`, from `start` on: (start, end, body, how), in that order;
    those `known` are skipped."""
    spans = []
    first = start
    for forms, how in ((state.aliases, "alias"), (state.short_forms, "short")):
        for written, org in forms.values():
            if known is not None and written in known and written not in state.overrides:
                continue
            start = norm.find(written, first)  # as defined: an acronym keeps its case
            while start >= 0:
                spans.append((start, start + len(written), org, how))
                start = norm.find(written, start + 1)
    return spans


def select(
    candidates: list[Candidate], norm: str, bounds: Boundaries, blocked: BlockedSpans
) -> list[Hit]:
    """longest() of the candidates that are acceptable(), in text order: only the candidates
    kept become Hits."""
    candidates.sort()
    taken = bytearray(len(norm))  # as in longest()
    kept: list[Hit] = []
    for _, s, _, e, org, how in candidates:
        if taken.find(1, s, e) < 0 and acceptable(s, e, norm, bounds, blocked):
            taken[s:e] = b"\x01" * (e - s)
            kept.append(Hit(s, e, org, how))
    kept.sort(key=HIT_START)
    return kept


def acceptable(s: int, e: int, norm: str, bounds: Boundaries, blocked: BlockedSpans) -> bool:
    """A hit on [s, e) is a word of the text: not cut out of a longer word, a symbol, a URL or
    a title."""
    if blocked.spans and blocked.covers(s, e):
        return False
    first, last = norm[s], norm[e - 1]
    # is_cjk() written out: this runs for every hit
    first_cjk = "\u3400" <= first <= "\u9fff" or "\uf900" <= first <= "\ufaff"
    last_cjk = "\u3400" <= last <= "\u9fff" or "\uf900" <= last <= "\ufaff"
    if cuts := bounds.cuts:  # start_ok() and end_ok(), their common case written out
        if first_cjk and cuts[bisect_right(cuts, s) - 1] != s and not bounds.start_ok(s):
            return False
        if last_cjk and cuts[bisect_left(cuts, e)] != e and not bounds.end_ok(e):
            return False
    if first_cjk and last_cjk:  # what follows is about Latin ends
        return True
    before = norm[s - 1] if s > 0 else ""
    after = norm[e] if e < len(norm) else ""
    if not first_cjk and before and is_word_char(before):
        return False
    if not last_cjk and after and is_word_char(after):
        return False
    # a Latin name touching a slash is part of a document symbol (UNIDIR/2006/6, CTOC/COP/...)
    # unless no part of the slashed run holds a digit (EC/EU, UNDP/UNFPA)
    if (last.isascii() and after == "/") or (first.isascii() and before == "/"):
        return not in_symbol(norm, s, e)
    return True


def in_symbol(norm: str, s: int, e: int) -> bool:
    """The slashed run of characters around [s, e) holds a digit: a document symbol."""
    lo, hi = s, e
    while lo > 0 and not norm[lo - 1].isspace() and norm[lo - 1] not in "(,;":
        lo -= 1
    while hi < len(norm) and not norm[hi].isspace() and norm[hi] not in "),;":
        hi += 1
    return any(c.isdigit() for c in norm[lo:hi])


def longest(hits: list[Hit]) -> list[Hit]:
    """The longest hits, without overlap (ties: the leftmost; a gazetteer hit over a discovery),
    in text order."""
    if len(hits) < 2:
        return hits
    order = sorted(hits, key=lambda h: (h.start - h.end, h.how == "discovered", h.start))
    # one byte per character, set where a kept hit lies: the overlap test of a hit costs its
    # length, not the number of hits kept (hits are never empty)
    taken = bytearray(max(map(HIT_END, hits)))
    kept: list[Hit] = []
    for h in order:
        if taken.find(1, h.start, h.end) < 0:
            taken[h.start : h.end] = b"\x01" * (h.end - h.start)
            kept.append(h)
    return sorted(kept, key=HIT_START)
