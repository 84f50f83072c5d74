"""What the words around a name add: a unit written after or before it, a short form defined
after it (`全称（简称）`), a generic head standing for a body named just before (anaphors)."""

from __future__ import annotations

import re
from bisect import bisect_left, insort

from pipeline.extract.organizations.matching import LanguageMatcher
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
from pipeline.text.normalize import name_key


def extend_units(kept: list[Hit], norm: str, bounds: Boundaries, m: LanguageMatcher) -> list[Hit]:
    """`ORG [驻 PLACE] UNIT` (the rules' `units`, after a name: zh) or `ORG UNIT` / `UNIT of ORG`
    (the patterns `units_after` and `units_before`: en) is one mention of ORG. `kept` is without
    overlap, in text order (as longest() leaves it)."""
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


ALIAS_AFTER = re.compile(r"\s?\(\s?([^()]{1,24}?)\s?\)")


def define_aliases(
    kept: list[Hit],
    norm: str,
    state: DocumentState,
    m: LanguageMatcher,
    bounds: Boundaries,
    blocked: BlockedSpans,
) -> list[Hit]:
    """`全称（简称）`, `Full Name (ACRONYM)`: the short form is a mention, and a name of the same
    body for the rest of the document."""
    if "(" not in norm:  # what every definition holds (（ is folded to ( )
        return kept
    out = list(kept)
    scanned: set[str] = set()  # short forms already looked for after their first definition here
    for h in kept:
        if h.org is None:
            continue
        d = ALIAS_AFTER.match(norm, h.end)
        if not d:
            continue
        short = d.group(1)
        if not is_short_form(short, norm[h.start : h.end]):
            continue
        key = short.lower() if m.fold_case else short
        entry = m.entries.get(key)
        if entry is not None and entry.org is not None and entry.org != h.org:
            continue  # already the name of another body: not redefined
        state.aliases.setdefault(key, (short, h.org))
        new = [Hit(d.start(1), d.end(1), h.org, "alias")]
        if short not in scanned:
            # a second definition of the same short form finds a subset of the spans found
            # after the first, which win the tie in longest(): looking again is wasted time
            scanned.add(short)
            later = DocumentState({key: (short, h.org)})
            new += [Hit(*span, "alias") for span in alias_spans(norm, later, start=d.end())]
        out += [a for a in new if acceptable(a.start, a.end, norm, bounds, blocked)]
    # kept is without overlap, in text order: with nothing added, longest() would return it
    return longest(out) if len(out) > len(kept) else out


def is_short_form(short: str, full: str) -> bool:
    """A bracketed text is a short form of `full`: ideographs that are characters of the name
    (开发署 of 联合国开发计划署) or an acronym whose letters follow the name's, starting with
    its first letter (UNDP)."""
    if all(is_cjk(c) for c in short):
        full_chars = set(full)
        return 2 <= len(short) < len(full) and all(c in full_chars for c in short)
    if not re.fullmatch(r"[A-Z][A-Za-z&.-]*[A-Z][A-Za-z]*", short) or len(short) > 12:
        return False
    # the letters follow the name's from one of its words on (NCAPISA skips "Sri Lanka")
    words = [w for w in re.findall(r"[A-Za-z]+", full) if w.lower() != "the"]
    for w in range(len(words)):
        if words[w][0].lower() == short[0].lower():
            letters = iter("".join(words[w:]).lower())
            if all(c in letters for c in short.lower() if c.isalpha()):
                return True
    return False


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
    the head, sorted by start, and the last such body of the `window` paragraphs before."""

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
            if state.para_no - para_no > window:
                break
            if has_head(head, written, org, m):
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
