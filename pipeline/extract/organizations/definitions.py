"""Definitions in the document make bodies: a short form written with a body's name is a name of
that body for the rest of the document, whether the gazetteer knows the body or not.

    Full Name (ACRONYM)        Lawyers for Justice in Libya (LFJL); 全称（简称）
    Full Name (hereinafter "X")   全称（以下简称“X”）
    ACRONYM (Full Name)        ECRI (European Commission against Racism and Intolerance)
    ACRONYM, Full Name,        UNAR, National Office against Racial Discrimination, was ...
    Name (Other Name)          Senate (Senato della Republica): one body, two names
    Name (ACR- see ...)        a known acronym in the brackets: the name is that body's

A full name that no earlier step found is taken from the words before the brackets when the
short form's letters follow them (is_short_form) and the name can be a body's: it is not the
name of an instrument, plan or process (`definitions.not_body_heads`), and it has a head word of
the language or is followed by a verb of an actor (`actor_verbs`: LFJL reported that ...).
The rules are the language's `definitions` (pipeline/resources/<lang>/organizations.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract.organizations.bodies import is_new
from pipeline.extract.organizations.matching import LanguageMatcher, matcher
from pipeline.extract.organizations.spans import (
    BlockedSpans,
    DocumentState,
    Hit,
    acceptable,
    alias_spans,
    longest,
)
from pipeline.segment.lexicon import Org
from pipeline.segment.tagging import Boundaries
from pipeline.text.cjk import is_cjk

BRACKETS = re.compile(r"\(\s?([^()]{1,160}?)\s?\)")
ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&.'-]*[A-Z0-9]")
ROMAN = re.compile(r"[IVXLCDM]+")
LEAD = re.compile(r"[A-Z][A-Za-z0-9&]*(?:[-.'][A-Za-z0-9]+)*")  # an acronym opening a text
QUOTES = "\"'“”‘’「」"


@dataclass(frozen=True)
class DefinitionRules:
    markers: tuple[str, ...]  # hereinafter / 以下简称, longest first
    actor_verbs: frozenset[str]
    not_body_heads: frozenset[str]
    heads: tuple[str, ...]  # head words (suffixes in Chinese) of the discovery rules
    max_words: int
    stops: frozenset[str]  # words a full name never holds (Chinese: the discovery's stop words)
    small: frozenset[str]  # the small words inside names (of, for, della ...)


@cache
def definition_rules(lang: str) -> DefinitionRules:
    rules = matcher(lang).rules
    cfg = rules.get("definitions") or {}
    disc = rules.get("discovery") or {}
    heads = disc.get("heads") or disc.get("suffixes") or []
    return DefinitionRules(
        tuple(sorted(cfg.get("markers", []), key=len, reverse=True)),
        frozenset(cfg.get("actor_verbs", [])),
        frozenset(cfg.get("not_body_heads", [])),
        tuple(heads),
        int(cfg.get("max_words", 12)),
        frozenset(disc.get("stop_words", [])),
        frozenset([*disc.get("inner", []), *disc.get("foreign_inner", [])]),
    )


def acronym_like(s: str) -> bool:
    """ACR, EU-FRA, CoE-ECRI, ASSO21: two capitals at least, not a Roman numeral."""
    return (
        len(s) <= 12
        and ACRONYM.fullmatch(s) is not None
        and sum(c.isupper() for c in s) >= 2
        and not ROMAN.fullmatch(s)
    )


def is_short_form(short: str, full: str) -> bool:
    """A bracketed text is a short form of `full`: ideographs that are characters of the name
    (开发署 of 联合国开发计划署) or an acronym whose letters follow the name's, starting with
    its first letter (UNDP)."""
    if all(is_cjk(c) for c in short):
        full_chars = set(full)
        return 2 <= len(short) < len(full) and all(c in full_chars for c in short)
    if not re.fullmatch(r"[A-Z][A-Za-z0-9&.-]*[A-Z0-9][A-Za-z]*", short) or len(short) > 12:
        return False
    # the letters follow the name's from one of its words on (NCAPISA skips "Sri Lanka")
    words = [w for w in re.findall(r"[A-Za-z0-9]+", full) if w.lower() != "the"]
    for w in range(len(words)):
        if words[w][0].lower() == short[0].lower():
            letters = iter("".join(words[w:]).lower())
            if all(c in letters for c in short.lower() if c.isalnum()):
                return True
    return False


def initials_fit(short: str, words: list[str]) -> bool:
    """The short form's letters are the words' in order: every capitalized word (or number)
    gives its first letter and maybe more from inside it (ASSOciazione), a small word (for,
    of) gives its first letter or none; the first word gives the first letter, one capitalized
    word at the end may give none (Associazione 21 Luglio: ASSO21)."""
    letters = "".join(c.lower() for c in short if c.isalnum())
    low = [w.lower() for w in words]
    big = [w[0].isupper() or w[0].isdigit() for w in words]
    return bool(words) and big[0] and fits(letters, low, big, 0, 0, {})


def fits(
    letters: str, low: list[str], big: list[bool], i: int, j: int, memo: dict[tuple[int, int], bool]
) -> bool:
    """initials_fit from letter i and word j on (memo: what is known of other (i, j))."""
    if (i, j) in memo:
        return memo[(i, j)]
    n = len(letters)
    if j == len(low):
        ok = i == n
    elif i == n:  # what is left: small words and at most one capitalized word
        ok = sum(big[j:]) <= 1
    elif not big[j] and fits(letters, low, big, i, j + 1, memo):
        ok = True
    elif low[j][0] != letters[i]:
        ok = False
    else:
        more = 0  # how many of the next letters the rest of the word holds, in order
        rest = iter(low[j][1:])
        while i + 1 + more < n and letters[i + 1 + more] in rest:
            more += 1
        ok = any(fits(letters, low, big, i + 1 + c, j + 1, memo) for c in range(more, -1, -1))
    memo[(i, j)] = ok
    return ok


def strip_marker(content: str, r: DefinitionRules) -> str:
    """`hereinafter "the Commission"` -> `the Commission`; `以下简称“全国妇联”` -> 全国妇联."""
    for mk in r.markers:
        if content.startswith(mk):
            return content[len(mk) :].strip(" :,\u3000").strip(QUOTES)
    return content


def define(
    kept: list[Hit],
    norm: str,
    state: DocumentState,
    m: LanguageMatcher,
    bounds: Boundaries,
    blocked: BlockedSpans,
) -> list[Hit]:
    """The definitions of the paragraph (see the module docstring): hits for the short forms
    and the full names they add, the short forms recorded in `state` for later paragraphs."""
    if "(" not in norm and "," not in norm:
        return kept
    r = definition_rules(m.lang)
    bodies = state.new_bodies(m.lang)
    out = list(kept)
    ends = {h.end: h for h in kept if h.org is not None}
    starts = {h.start: h for h in kept if h.org is not None}
    added: list[Hit] = []
    for b in BRACKETS.finditer(norm) if "(" in norm else ():
        inner_s, inner_e = b.span(1)
        content = norm[inner_s:inner_e]
        short = strip_marker(content, r)
        s_start = inner_s + content.find(short) if short else inner_s
        s_end = s_start + len(short)
        before = ends.get(b.start()) or ends.get(b.start() - 1)
        named = before.org if before is not None else None
        if before is not None and named is not None and norm[before.end : b.start()] in ("", " "):
            whole = starts.get(s_start)
            if whole is not None and whole.org is not None and whole.end == s_end:
                # Name (Other Name): one body
                if is_new(whole.org) and whole.org != named:
                    bodies.merge(whole.org, named)
                elif is_new(named) and whole.org != named:
                    bodies.merge(named, whole.org)
                continue
            lead = LEAD.match(short)
            known = state.aliases.get(key_of(lead.group(), m)) if lead is not None else None
            if lead is not None and known and lead.group() != short and is_new(named):
                # Name (ACR- see paragraph 32): the name is the body ACR was defined for
                bodies.merge(named, known[1])
                added.append(Hit(s_start, s_start + lead.end(), known[1], "alias"))
                continue
            if short and (
                is_short_form(short, norm[before.start : before.end])
                or (acronym_like(short) and short == content)
            ):
                org = learn(short, before.org, state, m)
                if org is not None:
                    added.append(Hit(s_start, s_end, org, "alias"))
            continue
        if not short:
            continue
        # ACRONYM (Full Name)
        acr = re.search(r"([A-Z][\w&.'-]*) ?$", norm[max(0, b.start() - 14) : b.start()])
        whole = starts.get(s_start)
        if acr and acronym_like(acr.group(1)) and whole is not None and whole.end == s_end:
            a_start = b.start() - len(acr.group(0))
            org = learn(acr.group(1), whole.org, state, m)
            if org is not None:
                added.append(Hit(a_start, a_start + len(acr.group(1)), org, "alias"))
            continue
        # Full Name (ACRONYM), the name found by its short form's letters
        if acronym_like(short) or (all(map(is_cjk, short)) and 2 <= len(short) <= 8):
            span = full_name_before(norm, b.start(), short, bounds, r, m)
            if span and not blocked.covers(*span):
                org = bodies.get(*span)
                org = learn(short, org, state, m)
                if org is not None:
                    added += [Hit(*span, org, "defined"), Hit(s_start, s_end, org, "alias")]
    if "," in norm and TWO_CAPITALS.search(norm):  # what every `ACR, Name` holds
        added += apposition(out, norm, state, m)
    if not added:
        return kept
    out += [h for h in added if acceptable(h.start, h.end, norm, bounds, blocked)]
    # the short forms defined here, written again later in the paragraph
    written = {norm[h.start : h.end] for h in added}
    later = DocumentState({k: v for k, v in state.aliases.items() if v[0] in written})
    last = max(h.end for h in added)
    out += [
        Hit(*span)
        for span in alias_spans(norm, later, start=last)
        if acceptable(span[0], span[1], norm, bounds, blocked)
    ]
    return longest(out)


def key_of(short: str, m: LanguageMatcher) -> str:
    return short.lower() if m.fold_case else short


def learn(short: str, org: Org | None, state: DocumentState, m: LanguageMatcher) -> Org | None:
    """`short` names `org` from now on, unless it already names another body (in the gazetteer
    or by an earlier definition): the body it names then, or None."""
    if org is None:
        return None
    key = key_of(short, m)
    entry = m.entries.get(key)
    if entry is not None and entry.org is not None and entry.org != org:
        return None  # already the name of another body: not redefined
    bodies = state.new_bodies(m.lang)
    if key in state.aliases:
        return bodies.current(state.aliases[key][1])
    if all(map(is_cjk, short)) or acronym_like(short):
        org = bodies.learn_acronym(org, short) if not all(map(is_cjk, short)) else org
    state.aliases[key] = (short, org)
    return org


TWO_CAPITALS = re.compile(r"[A-Z][A-Za-z0-9&.'-]*[A-Z0-9]")
APPOSITION = re.compile(r"(?:^|(?<=[\s(:;]))([A-Z][\w&.'-]*), $")


def apposition(kept: list[Hit], norm: str, state: DocumentState, m: LanguageMatcher) -> list[Hit]:
    """`ACRONYM, Full Name,` (UNAR, National Office against Racial Discrimination, was ...): the
    acronym before a body's name, the name closed by punctuation; not inside a list of names."""
    out: list[Hit] = []
    for h in kept:
        if h.org is None or h.start < 4:
            continue
        a = APPOSITION.search(norm, max(0, h.start - 16), h.start)
        if not a or not acronym_like(a.group(1)):
            continue
        if m.entries.get(key_of(a.group(1), m)) is not None:
            continue  # a name of its own (UNDP, the UN ...): a list, no definition
        before = norm[: a.start(1)].rstrip()
        if before.endswith(","):
            continue
        if not re.match(r"\s*(?:[,;:(.]|$)", norm[h.end : h.end + 2]):
            continue
        org = learn(a.group(1), h.org, state, m)
        if org is not None:
            out.append(Hit(a.start(1), a.end(1), org, "alias"))
    return out


def full_name_before(
    norm: str, pos: int, short: str, bounds: Boundaries, r: DefinitionRules, m: LanguageMatcher
) -> tuple[int, int] | None:
    """The span of the full name that `short` (in brackets at `pos`) abbreviates: words right
    before the brackets whose letters it follows, that can be a body's name."""
    end = pos
    while end > 0 and norm[end - 1] == " ":
        end -= 1
    if m.spaced:
        return spaced_name_before(norm, end, pos, short, r)
    return glued_name_before(norm, end, short, bounds, r)


WORD = re.compile(r"[^\W_](?:[\w&'-]*[^\W_])?")


def spaced_name_before(
    norm: str, end: int, pos: int, short: str, r: DefinitionRules
) -> tuple[int, int] | None:
    words = list(WORD.finditer(norm, max(0, end - 200), end))
    words = [w for w in words if w.end() <= end]
    if not words or words[-1].end() != end:
        return None
    # the run of name-like words before the brackets: capitalized words and small ones
    run: list[re.Match[str]] = []
    for w in reversed(words):
        nxt = run[-1] if run else None
        if nxt is not None and norm[w.end() : nxt.start()] != " ":
            break
        t = w.group()
        if not (t[0].isupper() or t[0].isdigit() or t in r.small):
            break
        run.append(w)
        if len(run) > r.max_words:
            break
    run.reverse()
    for i in range(len(run)):
        ws = [w.group() for w in run[i:]]
        if ws[0] in r.small or ws[0] in ("The",):
            continue
        if not initials_fit(short, ws):
            continue
        if ws[-1] in r.small or head_of(ws, r) in r.not_body_heads:
            return None
        if not (any(w in r.heads for w in ws) or actor_follows(norm, pos, r)):
            return None
        return (run[i].start(), end)
    return None


def head_of(words: list[str], r: DefinitionRules) -> str:
    """The head of an English name: its last word before the first small word (National
    Action Plan against Racism: Plan)."""
    for i, w in enumerate(words):
        if i and w in r.small:
            return words[i - 1]
    return words[-1]


def actor_follows(norm: str, pos: int, r: DefinitionRules) -> bool:
    """A verb of an actor follows the brackets (`(LFJL) reported that`)."""
    close = norm.find(")", pos)
    nxt = re.match(r"\s*(?:also |further |further\s)?([a-z]+)", norm[close + 1 : close + 40])
    return nxt is not None and nxt.group(1) in r.actor_verbs


def glued_name_before(
    norm: str, end: int, short: str, bounds: Boundaries, r: DefinitionRules
) -> tuple[int, int] | None:
    """Chinese: the words before the brackets, back to a stop word or a break, the longest run
    that holds the short form's characters in order and ends with a head (…委员会, …协会)."""
    if not bounds or not norm.endswith(r.heads, 0, end):
        return None
    cuts = bounds.cuts
    from bisect import bisect_left

    k = bisect_left(cuts, end)
    if k >= len(cuts) or cuts[k] != end:
        return None
    j = k
    while j > 0 and k - j < r.max_words:
        word = norm[cuts[j - 1] : cuts[j]]
        if word in r.stops or not all(map(is_cjk, word)):
            break
        j -= 1
    for start in cuts[j:k]:
        full = norm[start:end]
        if len(full) > len(short) and in_order(short, full):
            return (start, end)
    return None


def in_order(short: str, full: str) -> bool:
    chars = iter(full)
    return all(c in chars for c in short)
