"""What the words around a name add: a unit written after or before it, a generic head standing
for a body named just before (anaphors), the shorter names a document gives a body it named in
full; and what the word before a name takes from it (National Security Council)."""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Callable
from functools import cache, lru_cache

from pipeline.extract.organizations.bodies import Bodies
from pipeline.extract.organizations.capitalized import place_names
from pipeline.extract.organizations.matching import LanguageMatcher, matcher
from pipeline.extract.organizations.spans import (
    BlockedSpans,
    DocumentState,
    Hit,
    acceptable,
    longest,
)
from pipeline.segment.lexicon import Entry, Org
from pipeline.segment.tagging import Boundaries
from pipeline.text.normalize import name_key


def extend_units(
    kept: list[Hit], norm: str, bounds: Boundaries, m: LanguageMatcher, bodies: Bodies | None = None
) -> list[Hit]:
    """`ORG [驻 PLACE] UNIT` (the rules' `units`, after a name: zh) or `ORG UNIT` / `UNIT of ORG`
    (the patterns `units_after` and `units_before`: en) is one mention of ORG; a unit of
    `units_own_body` (a secretariat) is a body of its own, outside the gazetteer (`bodies`).
    `kept` is without overlap, in text order (as longest() leaves it)."""
    if not kept or (
        not m.units_after and not m.units_before and not m.any_unit.search(norm, kept[0].end)
    ):
        return kept  # units are written after a name only: none after the first
    out: list[Hit] = []
    extended = False
    for h in kept:
        if h.org is None:
            out.append(h)
            continue
        start, end = h.start, h.end
        if m.units:
            end = unit_end(norm, h.end, bounds, m) or end
        for rx in m.units_after:
            u = rx.match(norm, h.end)  # match() is anchored at h.end
            if u:
                end = max(end, u.end())
        for rx, width in m.units_before:
            # a match ends at h.start, so it starts no further back than its widest match
            lo = 0 if width is None else max(0, h.start - width)
            u = rx.search(norm, lo, h.start)
            if u:
                start = min(start, u.start())
        if (start, end) != (h.start, h.end):
            written = norm[start:end]
            own = m.units_own_body
            if bodies is not None and own and (written.endswith(own) or written.startswith(own)):
                h = Hit(start, end, bodies.get(start, end), "discovered")
            else:
                h = Hit(start, end, h.org, "unit")
            extended = True
        out.append(h)
    # a unit may swallow a hit that followed (秘书处 after 欧安组织): the longer span wins
    return longest(out) if extended else out


def unit_end(norm: str, pos: int, bounds: Boundaries, m: LanguageMatcher) -> int | None:
    """Where a unit of the rules' `units` written at `pos` (after a name) ends, with a place name
    (tagged ns by the segmenter) between, after a `unit_place_connectors` word or not."""
    cuts = bounds.cuts
    k = bounds.word_from(pos)
    if k is not None and norm[pos : cuts[k + 1]] in m.unit_place_connectors:
        pos = cuts[k + 1]
        k = bounds.word_from(pos)
        if k is None or not bounds.tag(k).startswith("ns"):
            return None
    if k is not None:  # a place name followed by a unit (tagged only if a unit follows)
        place_end = cuts[k + 1]
        units = m.units_by_first.get(norm[place_end : place_end + 1], ())
        if any(norm.startswith(u, place_end) for u in units) and bounds.tag(k).startswith("ns"):
            pos = place_end
    for unit in m.units_by_first.get(norm[pos : pos + 1], ()):
        end = pos + len(unit)
        if norm.startswith(unit, pos) and (end == len(norm) or bounds.word_from(end) is not None):
            return end
    return None


def anaphors(
    norm: str,
    kept: list[Hit],
    state: DocumentState,
    m: LanguageMatcher,
    bounds: Boundaries,
    blocked: BlockedSpans,
) -> list[Hit]:
    """区域中心 / the Regional Centre alone: the last body named with that head, in this
    paragraph or the `window` before it."""
    probe = norm.lower() if m.fold_case else norm
    out: list[Hit] = []
    if not any(map(probe.__contains__, m.anaphor_keys)):
        return out
    cfg = m.rules.get("anaphors") or {}
    kept_starts: list[int] = []  # kept is in text order, without overlap
    for head, key in m.anaphor_heads:
        here: Antecedents | None = None  # built at the first anaphor of this head
        at = probe.find(key)
        if at >= 0 and not kept_starts:
            kept_starts = [k.start for k in kept]
        while at >= 0:
            end = at + len(key)
            k = bisect_left(kept_starts, end)  # the kept hits starting before the head ends
            free = k == 0 or kept[k - 1].end <= at
            plural = at > 0 and norm[at - 1] in cfg.get("plural_before", [])
            written_ok = not m.fold_case or norm[at:end] == head
            if free and not plural and written_ok and acceptable(at, end, norm, bounds, blocked):
                if here is None:
                    here = Antecedents(head, norm, kept + out, state, cfg.get("window", 2), m)
                org = here.before(at)
                if org is not None:
                    out.append(Hit(at, end, org, "anaphor"))
                    here.add(out[-1], norm)
            at = probe.find(key, at + 1)
    return out


def has_head(head: str, written: str, org: Org, m: LanguageMatcher) -> bool:
    """zh: 利马区域中心 ends with 区域中心; en: the head is a part of the name (Regional Centre for
    Peace and Disarmament in Africa). The name as written or the body's own name."""
    names = [written, org.name_in(m.lang)]
    key = name_key(head, m.glue_cjk, m.fold_case)
    if not m.spaced:
        return any(name_key(n, m.glue_cjk, m.fold_case).endswith(key) for n in names)
    return any(
        re.search(rf"\b{re.escape(key)}\b", name_key(n, m.glue_cjk, m.fold_case)) for n in names
    )


class Antecedents:
    """The bodies a head (区域中心) may refer back to: the hits of the paragraph whose name has
    the head, sorted by start, and the last such body of the `window` paragraphs before (for
    a table's row, or of the headings above it: its section names what its rows refer to)."""

    def __init__(
        self,
        head: str,
        norm: str,
        here: list[Hit],
        state: DocumentState,
        window: int,
        m: LanguageMatcher,
    ) -> None:
        self.head, self.m = head, m
        # (start, -order, end, org): the latest start wins, then the hit listed first
        self.hits = sorted(
            (h.start, -i, h.end, h.org)
            for i, h in enumerate(here)
            if h.org and has_head(head, norm[h.start : h.end], h.org, m)
        )
        self.count = len(here)
        self.earlier: Org | None = None
        for para_no, written, org in reversed(state.recent):
            far = state.para_no - para_no > window
            # a table's rows look back past the window to the headings above them
            if far and not state.in_table:
                break
            if (not far or para_no in state.headings) and has_head(head, written, org, m):
                self.earlier = org
                break

    def add(self, h: Hit, norm: str) -> None:
        """A hit found after the list was built (an anaphor: its name is the head)."""
        if h.org and has_head(self.head, norm[h.start : h.end], h.org, self.m):
            insort(self.hits, (h.start, -self.count, h.end, h.org))
        self.count += 1

    def before(self, at: int) -> Org | None:
        """The body of the hit ending at or before `at` that starts last, else the earlier one.
        Hits that still run at `at` are skipped: only hits overlapping `at` are walked over."""
        i = bisect_left(self.hits, (at,))
        while i > 0:
            i -= 1
            start, _, end, org = self.hits[i]
            if end <= at:
                return org
        return self.earlier


def drop_modified(
    kept: list[Hit],
    norm: str,
    bounds: Boundaries,
    m: LanguageMatcher,
    spaced_before: Callable[[int], bool] = lambda s: False,
) -> list[Hit]:
    """A name of the gazetteer that ends a longer name is not that body: `National Security
    Council` is not the Security Council, `全权代表大会` not the General Assembly. The rules'
    `longer_name_before` says what makes the longer name: a capitalized word right before the
    name (`capitalized`), or a word tagged with one of `tags` right before one of `names`."""
    cfg = m.rules.get("longer_name_before")
    if not cfg or not kept:
        return kept
    names = cfg.get("names")
    if names and not any(norm[h.start : h.end] in names for h in kept):
        return kept  # (most paragraphs: none of the few names it is about)
    # where names found end: the one before a name is its own (General Assembly Security
    # Council, a flattened cover), but an acronym before one makes its organ (OAS General
    # Assembly)
    org_ends = {h.end: h for h in kept if h.org is not None}
    out = []
    for h in kept:
        if h.org is not None and h.how == "gazetteer":
            before = org_ends.get(h.start - 1) if norm[h.start - 1 : h.start] == " " else None
            if before is not None:
                prev = norm[before.start : before.end]
                organ = prev.isupper() and " " not in prev and " " in norm[h.start : h.end]
                if organ and before.org != h.org:  # (AI Amnesty International: one body)
                    continue
            elif modified(h, norm, bounds, m, cfg, spaced_before):
                continue
        out.append(h)
    return out


CAPITALIZED_BEFORE = re.compile(r"(?:^|(?<=[\s(]))([A-Z][a-z][\w'-]*) $")


def modified(
    h: Hit,
    norm: str,
    bounds: Boundaries,
    m: LanguageMatcher,
    cfg: dict,
    spaced_before: Callable[[int], bool],
) -> bool:
    if cfg.get("method") == "capitalized":
        if spaced_before(h.start):
            return False  # a word on the line before names nothing with it (Original: English)
        written = norm[h.start : h.end]
        if " " not in written or not written[:1].isupper():
            return False  # an acronym or one word: no name ends with it
        w = CAPITALIZED_BEFORE.search(norm, max(0, h.start - 30), h.start)
        if w is None:
            return False
        word = w.group(1)
        if (
            norm[max(0, w.start(1) - 20) : w.start(1)]
            .rstrip()
            .endswith(tuple(cfg.get("not_modifier_after", [])))
        ):
            return False  # a cover's field: "Original: English Third Committee" (flattened)
        # words that begin sentences, not names (The, Moreover, Recalling ...): the discovery's
        return word not in not_modifiers(m.lang) and not word.endswith(
            tuple(cfg.get("not_modifier_endings", []))
        )
    names = cfg.get("names", [])
    if norm[h.start : h.end] not in names or not bounds or h.start == 0 or spaced_before(h.start):
        return False
    k = bisect_left(bounds.cuts, h.start)
    if k == 0 or k >= len(bounds.cuts) or bounds.cuts[k] != h.start:
        return False
    return bounds.tag(k - 1) in cfg.get("tags", [])


@cache
def not_modifiers(lang: str) -> frozenset[str]:
    """The discovery's `not_first` words of `lang` (read once, not at every name)."""
    return frozenset((matcher(lang).rules.get("discovery") or {}).get("not_first", []))


def short_forms_of(written: str, m: LanguageMatcher) -> list[str]:
    """Shorter names a document uses for a body it has named in full (the rules'
    `short_forms`): without a leading prefix (`Logistics Base` for `United Nations Logistics
    Base`), without a trailing seat (`Regional Service Centre` for `... in Entebbe`), cut before
    the complement of its head (`Executive Committee` for `Executive Committee of the
    Programme ...`), then without inner words (`drop_inner`: `Office of the High Commissioner`
    for `Office of the United Nations High Commissioner for Refugees`). Each of `min_words`
    words at least, capitalized (a form without inner words: its first and last), not generic."""
    cfg = m.rules.get("short_forms")
    if not cfg or " " not in written or not m.spaced:
        return []
    forms = {written}
    for prefix in cfg.get("drop_leading", []):
        forms |= {f[len(prefix) + 1 :] for f in forms if f.startswith(prefix + " ")}
    for word in cfg.get("drop_trailing_after", []):
        forms |= {f.split(f" {word} ")[0] for f in forms if f" {word} " in f}
    for word in cfg.get("cut_before", []):
        forms |= {f.split(f" {word} ")[0] for f in forms if f" {word} " in f}
    inner: set[str] = set()  # the lowercase words between are the full name's
    for words in cfg.get("drop_inner", []):
        inner |= {f.replace(f" {words} ", " ") for f in forms | inner if f" {words} " in f}
    generic = set(cfg.get("generic_modifiers", []))
    out = []
    for f in sorted(forms - {written}) + sorted(inner - forms):
        words = f.split(" ")
        checked = (words[0], words[-1]) if f in inner else words
        if len(words) < cfg.get("min_words", 2) or not all(w[:1].isupper() for w in checked):
            continue
        if len(words) == 2 and words[0] in generic:
            continue
        if any(f.startswith(p + " ") or f == p for p in cfg.get("drop_leading", [])):
            continue
        out.append(f)
    return out


def without_place(written: str, m: LanguageMatcher) -> list[str]:
    """A language whose rules' `short_forms` ask for it (`drop_leading_places`): the name
    without the place name it begins with (五国集团 after 萨赫勒五国集团)."""
    cfg = m.rules.get("short_forms") or {}
    if not cfg.get("drop_leading_places"):
        return []
    rest = place_dropped(written, m.lang)
    return [rest] if len(rest) >= cfg.get("min_chars", 4) else []


@lru_cache(maxsize=4096)
def forms_to_remember(
    written: str, m: LanguageMatcher
) -> tuple[tuple[str, str, Entry | None, bool], ...]:
    """The short forms of a name as written (short_forms_of, without_place), each with its key,
    the lexicon's entry for that key and whether that entry is only an alias of a record (the
    document's form overrides it): they depend on the name alone, and a document names the
    same bodies again and again, so they are worked out once per name and process."""
    forms = short_forms_of(written, m) + without_place(written, m)
    alias_only = m.lexicon.alias_only
    out = []
    for form in forms:
        key = name_key(form, m.glue_cjk, m.fold_case)
        out.append((form, key, m.entries.get(key), key in alias_only))
    return tuple(out)


@cache
def place_dropped(written: str, lang: str) -> str:
    """`written` without the longest place name it begins with ("" if none)."""
    places = [p for p in places_by_first(lang).get(written[:1], ()) if written.startswith(p)]
    return written[len(max(places, key=len)) :] if places else ""


@cache
def places_by_first(lang: str) -> dict[str, list[str]]:
    """The place names of `lang` by their first character."""
    out: dict[str, list[str]] = {}
    for name in place_names(lang):
        out.setdefault(name[:1], []).append(name)
    return out


def remember_short_forms(
    kept: list[Hit],
    norm: str,
    state: DocumentState,
    m: LanguageMatcher,
    bounds: Boundaries,
    blocked: BlockedSpans,
) -> list[Hit]:
    """Record the short forms of the bodies named in full here (short_forms_of) for the rest of
    the document (the latest body wins a form), and find them later in this paragraph. A form
    that is only an alias of another body in the gazetteer (`Office of the High Commissioner`
    after `Office of the United Nations High Commissioner for Refugees`) is this body's: it
    wins over the gazetteer's hit at the same span (state.overrides)."""
    if not m.rules.get("short_forms"):
        return kept
    here: dict[str, tuple[int, Org]] = {}  # form -> (where its body is named last, body)
    for h in kept:
        if h.org is None or h.org.optional or h.how in ("alias", "anaphor", "short"):
            continue
        for form, key, entry, alias_only in forms_to_remember(norm[h.start : h.end], m):
            other = entry is not None and (entry.org is None or entry.org != h.org)
            if other and not alias_only:
                continue  # the name of another body, or of no body
            if key in state.aliases:
                continue
            state.short_forms[key] = (form, h.org)
            if other:
                state.overrides.add(form)
            else:
                state.overrides.discard(form)
            here.setdefault(form, (h.end, h.org))
    added: list[Hit] = []
    over: list[Hit] = []  # before `kept` in longest(): they win a tie
    for form, (end, org) in here.items():  # one scan a form (a long paragraph names many)
        at = norm.find(form, end)
        while at >= 0:
            if acceptable(at, at + len(form), norm, bounds, blocked):
                hit = Hit(at, at + len(form), org, "short")
                (over if form in state.overrides else added).append(hit)
            at = norm.find(form, at + 1)
    return longest(over + kept + added) if added or over else kept
