"""Discovery of bodies missing from the gazetteer, by the name patterns of the language's
`discovery` rules; they are reported with an empty org_id so that `make eval` lists them as
gazetteer candidates."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import cache

from pipeline.extract.organizations.matching import LanguageMatcher, matcher
from pipeline.extract.organizations.spans import BlockedSpans, Hit
from pipeline.segment.lexicon import Org
from pipeline.segment.tagging import Boundaries
from pipeline.text.cjk import CJK_ONLY


def discovered(
    norm: str,
    bounds: Boundaries,
    kept: list[Hit],
    blocked: BlockedSpans,
    m: LanguageMatcher,
) -> list[Hit]:
    if m.discovery_method == "segmented_suffixes":
        spans = zh_discovered(norm, bounds, m)
    else:  # capitalized_heads
        spans = en_discovered(norm, m)
    if not spans:
        return []
    taken = bytearray(len(norm))  # set where a kept hit or a blocked span lies
    for ts, te in [(h.start, h.end) for h in kept] + [(b.start, b.end) for b in blocked.spans]:
        taken[ts:te] = b"\x01" * (te - ts)
    out = []
    for s, e in spans:
        if taken.find(1, s, e) >= 0:
            continue
        org = discovered_org(norm[s:e], m.lang)
        out.append(Hit(s, e, org, "discovered"))
    return out


def discovered_org(name: str, lang: str) -> Org:
    """A body the gazetteer lacks: no org_id, its name as written in the column of its
    language where the table has one."""
    names = {"en": "", "zh": ""}
    if lang in names:
        names[lang] = name
    return Org("", name_en=names["en"], name_zh=names["zh"])


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


def is_content(word: str, cfg: ZhDiscovery) -> bool:
    """A word that may be inside a discovered name, its part of speech aside."""
    return word not in cfg.stops and CJK_ONLY.fullmatch(word) is not None


def zh_discovered(norm: str, bounds: Boundaries, m: LanguageMatcher) -> list:
    cfg = zh_discovery(m.lang)
    start_tags = cfg.start_tags
    cuts, tag = bounds.cuts, bounds.tag  # word k is norm[cuts[k]:cuts[k + 1]]

    def content(j: int) -> bool:  # word j may be inside a name (its tag aside)
        return is_content(norm[cuts[j] : cuts[j + 1]], cfg)

    out = []
    for k in zh_suspects(bounds, m):
        e = cuts[k + 1]
        if tag(k) in ("nt", "nz"):
            continue
        j = k  # walk back over content words
        while j > 0 and k - j < cfg.max_words and content(j - 1) and tag(j - 1) not in ("nt", "nz"):
            j -= 1
        while j < k and not tag(j).startswith(start_tags):
            j += 1  # the name starts with a place name
        if j == k or e - cuts[j] < cfg.min_chars:
            continue
        # `A、B和C + 委员会` is each country's body, not one named body
        coordinated = j >= 2 and norm[cuts[j - 1] : cuts[j]] in cfg.coordinators
        if coordinated and tag(j - 2).startswith(start_tags):
            continue
        out.append((cuts[j], e))
    return out


EN_WORD = re.compile(r"[A-Za-z][\w'&.-]*")


def en_discovered(norm: str, m: LanguageMatcher) -> list:
    cfg = m.rules["discovery"]
    heads, connectors, inner = set(cfg["heads"]), set(cfg["connectors"]), set(cfg["inner"])
    strip = set(cfg["strip_leading"])
    words = [(w.start(), w.end(), w.group()) for w in EN_WORD.finditer(norm)]

    def adjacent(a: int, b: int) -> bool:  # words a and b are separated by one space
        return norm[words[a][1] : words[b][0]] == " "

    def capital(w: str) -> bool:
        return w[0].isupper() and not w.isupper() or (w.isupper() and len(w) <= 5)

    out = []
    for k, (_, _, w) in enumerate(words):
        if w not in heads:
            continue
        i = k  # left: capitalized words
        while i > 0 and adjacent(i - 1, i) and capital(words[i - 1][2]):
            i -= 1
        while i < k and words[i][2] in strip:
            i += 1
        j = k  # right: `of|on|for (the) Capitalized ...`
        if k + 1 < len(words) and adjacent(k, k + 1) and words[k + 1][2] in connectors:
            t = k + 2
            if t < len(words) and words[t][2] == "the" and adjacent(t - 1, t):
                t += 1
            while t < len(words) and adjacent(t - 1, t):
                word = words[t][2]
                if capital(word):
                    j = t
                elif word not in inner:
                    break
                t += 1
        caps = sum(1 for x in range(i, j + 1) if x != k and capital(words[x][2]))
        if caps >= cfg["min_caps"]:
            out.append((words[i][0], words[j][1]))
    return out
