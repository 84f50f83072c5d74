"""Discovery of bodies missing from the gazetteer, by the name patterns of the language's
`discovery` rules: Chinese names that end with a suffix (here), names with capitalized heads
(capitalized.py). Each gets a `new:` id (bodies.py); `gazetteer candidates` lists them."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cache

from pipeline.extract.organizations.bodies import Bodies
from pipeline.extract.organizations.capitalized import discover_capitalized, state_names
from pipeline.extract.organizations.matching import LanguageMatcher, matcher
from pipeline.extract.organizations.spans import BlockedSpans, Hit
from pipeline.segment.tagging import Boundaries
from pipeline.text.cjk import CJK_ONLY


def discovered(
    norm: str,
    bounds: Boundaries,
    kept: list[Hit],
    blocked: BlockedSpans,
    m: LanguageMatcher,
    bodies: Bodies,
) -> list[Hit]:
    """Names of bodies the gazetteer lacks, each with its `new:` body (bodies.py). A name may
    hold names the gazetteer knows (Council of Europe Commissioner for Human Rights): it is the
    longest name, and wins over them; it may not cut one."""
    if m.discovery_method == "segmented_suffixes":
        spans = zh_discovered(norm, bounds, m)
    else:  # capitalized_heads
        spans = discover_capitalized(norm, kept, m.lang)
    if not spans:
        return []
    taken = bytearray(len(norm))  # set where a blocked span lies
    for b in blocked.spans:
        if not b.whole_ok:
            taken[b.start : b.end] = b"\x01" * (b.end - b.start)
    ambiguous = m.lexicon.ambiguous
    kept_starts, kept_ends = [h.start for h in kept], [h.end for h in kept]
    out = []
    for s, e in spans:
        if taken.find(1, s, e) >= 0 or (blocked.spans and blocked.covers(s, e)):
            continue
        written = norm[s:e]
        if (written.lower() if m.fold_case else written) in ambiguous:
            continue  # a name the gazetteer knows to name several bodies
        # the kept hits overlapping [s, e) (kept: in text order, without overlap)
        inside = kept[bisect_right(kept_ends, s) : bisect_left(kept_starts, e)]
        if any(h.start < s or h.end > e or (h.start, h.end) == (s, e) for h in inside):
            continue  # cuts a name found, or is one
        if any(h.org is None or h.how == "listed" for h in inside):
            continue  # holds a phrase that is no organization (Call Center), or a list's entry
        out.append(Hit(s, e, bodies.get(s, e), "discovered"))
    return out


@cache
def suffix_ends(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    """Matches the last character of any of `suffixes` where the suffix ends: a scan for the
    last characters, then a look behind for each suffix."""
    last = "[" + "".join(sorted({re.escape(x[-1]) for x in suffixes})) + "]"
    return re.compile(last + "(?:" + "|".join(f"(?<={re.escape(x)})" for x in suffixes) + ")")


def words_with_suffix(norm: str, bounds: Boundaries, suffixes: tuple[str, ...]) -> list[int]:
    """The indices of the tokens that end with one of `suffixes` (non-empty), in order: one regex
    scan for their last characters, instead of a test of every token."""
    cuts = bounds.cuts
    out: list[int] = []
    if not cuts:
        return out
    for x in suffix_ends(suffixes).finditer(norm):  # where a suffix ends (not 大会's 会)
        e = x.end()
        k = bisect_left(cuts, e) - 1  # the token holding e - 1: a token ends at e if cuts[k+1]
        if cuts[k + 1] == e and norm.endswith(suffixes, cuts[k], e):
            out.append(k)
    return out


@dataclass(frozen=True)
class ZhDiscovery:
    """The `discovery` rules of Chinese, read once."""

    suffixes: tuple[str, ...]
    stops: frozenset[str]
    start_tags: tuple[str, ...]
    coordinators: frozenset[str]
    min_chars: int
    max_words: int
    not_suffix_words: tuple[str, ...]  # words that end with a suffix but end no name
    verb_tags: tuple[str, ...]  # a word so tagged ends the walk back ...
    name_verbs: frozenset[str]  # ... unless names hold it (打击, 促进)
    start_words: frozenset[str]  # words a name may start with, besides place names


@cache
def zh_discovery(lang: str) -> ZhDiscovery:
    cfg = matcher(lang).rules["discovery"]
    return ZhDiscovery(
        tuple(cfg["suffixes"]),
        frozenset(cfg["stop_words"]),
        tuple(cfg["start_tags"]),
        frozenset(cfg["coordinators"]),
        cfg["min_chars"],
        cfg["max_words"],
        tuple(cfg.get("not_suffix_words", [])),
        tuple(cfg.get("verb_tags", [])) or ("\0",),
        frozenset(cfg.get("name_verbs", [])),
        frozenset(cfg.get("start_words", [])),
    )


def zh_suspects(bounds: Boundaries, m: LanguageMatcher) -> list[int]:
    """The words ending with a discovery suffix that content words before them could make a
    name of (see zh_discovered), found without parts of speech: the only words whose clause
    discovery tags (`Boundaries.suspects` keeps them)."""
    if bounds.suspects is not None:
        return bounds.suspects
    cfg = zh_discovery(m.lang)
    norm, cuts = bounds.norm, bounds.cuts
    out = []
    for k in words_with_suffix(norm, bounds, cfg.suffixes):
        e = cuts[k + 1]
        if norm.endswith(cfg.not_suffix_words, cuts[k], e):
            continue  # 北部, 总部: no body's end
        if e - cuts[k] >= cfg.min_chars:
            out.append(k)  # a word long enough to be a name alone (中华全国妇女联合会)
            continue
        # The walk back of zh_discovered stops at the first word that is not content, or
        # earlier: where that is too short already, no name is found. Cheaper still first: the
        # last min_chars characters before the suffix's word must be those of content words.
        if e < cfg.min_chars or not CJK_ONLY.fullmatch(norm, e - cfg.min_chars, cuts[k]):
            continue
        j = k
        while j > 0 and k - j < cfg.max_words and is_content(norm[cuts[j - 1] : cuts[j]], cfg):
            j -= 1
        if j < k and e - cuts[j] >= cfg.min_chars:
            out.append(k)
    bounds.suspects = out
    return out


@cache
def state_prefix(name: str, lang: str) -> str:
    """The longest State's name `name` begins with ("" if none)."""
    found = [s for s in state_names(lang) if name.startswith(s) and len(s) < len(name)]
    return max(found, key=len) if found else ""


def is_content(word: str, cfg: ZhDiscovery) -> bool:
    """A word that may be inside a discovered name, its part of speech aside."""
    return word not in cfg.stops and CJK_ONLY.fullmatch(word) is not None


def zh_discovered(norm: str, bounds: Boundaries, m: LanguageMatcher) -> list:
    cfg = zh_discovery(m.lang)
    start_tags = cfg.start_tags
    cuts, tag = bounds.cuts, bounds.tag  # word k is norm[cuts[k]:cuts[k + 1]]

    def content(j: int) -> bool:  # word j may be inside a name (its tag aside)
        return is_content(norm[cuts[j] : cuts[j + 1]], cfg)

    def word(j: int) -> str:
        return norm[cuts[j] : cuts[j + 1]]

    out = []
    for k in zh_suspects(bounds, m):
        e = cuts[k + 1]
        if tag(k) in ("nt", "nz"):
            # a name the segmenter knows (巴西 外交部, 中华全国妇女联合会), with its place;
            # not a generic one (特别委员会: an anaphor's head)
            # with the names the segmenter knows before it (外交部 人权委员会); a State's name
            # before them is the State's (中华人民共和国 外交部: the place is a mention)
            j = k
            while j > 0 and k - j < 3 and word(j - 1) not in m.entries:  # (no body's name)
                if tag(j - 1) not in ("nt", "nz"):
                    break
                j -= 1
            alone = word(k) in m.anaphor_keys or word(k) in m.entries
            start = cuts[j]
            if state := state_prefix(norm[start:e], m.lang):
                start += len(state)  # 中华人民共和国外交部: the State's name is a place
            if e - start >= cfg.min_chars and not (start == cuts[k] and alone):
                out.append((start, e))  # (not 特别委员会 alone: an anaphor's head)
            continue
        j = k  # walk back over content words, not over a verb of the sentence (参与)
        while j > 0 and k - j < cfg.max_words and content(j - 1) and tag(j - 1) not in ("nt", "nz"):
            if tag(j - 1).startswith(cfg.verb_tags) and word(j - 1) not in cfg.name_verbs:
                break
            j -= 1
        while j < k and not (tag(j).startswith(start_tags) or word(j) in cfg.start_words):
            j += 1  # the name starts with a place name (or 全国, 中华 ...)
        if j == k or e - cuts[j] < cfg.min_chars:
            continue
        # `A、B和C + 委员会` is each country's body, not one named body
        coordinated = j >= 2 and norm[cuts[j - 1] : cuts[j]] in cfg.coordinators
        if coordinated and tag(j - 2).startswith(start_tags):
            continue
        out.append((cuts[j], e))
    return out
