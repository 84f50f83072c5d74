"""A language's date rules (resources/<lang>/dates.yaml), compiled once: one alternation of its
atom patterns (and those it borrows), the value tables its groups are read with, licensing
contexts, connectors and masks."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, partial
from typing import Any

from pipeline.extract.base import class_members, first_char
from pipeline.language import profile

MACRO = re.compile(r"\{([A-Z_]+)\}")
GROUP = re.compile(r"\(\?P<([a-z]+)>")


def _numbered_group(k: int, m: re.Match[str]) -> str:
    """A named group of pattern k renamed `<name>__<k>`: group names are unique in the regex."""
    return f"(?P<{m.group(1)}__{k}>"


@dataclass(frozen=True)
class Tables:
    """The value tables of one language, for parsing the groups its patterns capture."""

    numerals: dict[str, int]
    ten: str
    month_names: dict[str, int]  # folded name (lower case, no trailing dot) -> month
    century_words: dict[str, int]  # eighteenth -> 18 (lower case)
    modifiers: tuple[tuple[re.Pattern[str], dict[str, Any]], ...]


@dataclass(frozen=True)
class AtomPattern:
    name: str
    tables: Tables
    weak_unless: tuple[str, ...] | None  # None: always strong
    license: str | None  # key into Rules.licenses
    # Where the pattern's named groups sit in `m.groups()` of the combined regex (its own
    # `y__k`, `m__k`, ... only; None: the pattern has no such group), so that reading an atom
    # is tuple indexing.
    numbers: tuple[tuple[int, int], ...]  # (0/1/2 for y/m/d, slot) of y, yc, m, mc, d, dc
    mn: int | None
    same: int | None
    mod: int | None
    decade: int | None
    yy: int | None  # a year span's two-digit end (1990-95): slot of group `yy`
    cent: int | None  # a century (the 18th century: 1700 … 1799)
    md: int | None  # month and day glued to the year, their separators lost (1999915日)
    max_span: int | None  # years a span with a two-digit end may cover (pattern key `max_span`)
    strong_if: tuple[int, ...] | None  # slots of `weak_unless`; None: always strong


@dataclass(frozen=True)
class Scanner:
    """One alternation of atom patterns, scanned in one pass."""

    regex: re.Pattern[str]
    patterns: tuple[AtomPattern, ...]
    pattern_of: dict[int, AtomPattern]  # group number of `_p<k>` -> pattern k


@dataclass(frozen=True)
class Rules:
    lang: str
    fold: dict[str, str]  # one character -> one character
    fold_rx: re.Pattern[str]  # any character of `fold`
    fold_one: Callable[[re.Match[str]], str]  # fold_rx match -> its folded character
    scanner: Scanner  # every pattern but the anchored ones
    # Patterns with an `anchor` (strings one of which every match holds: `entury`), scanned only
    # in a text that holds one: a pattern whose first characters are common letters would
    # otherwise be tried at each of them.
    anchored: tuple[tuple[tuple[str, ...], Scanner], ...]
    licenses: dict[str, tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None], ...]]
    range_gap: re.Pattern[str]
    openers: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...]
    coord_gap: re.Pattern[str]
    # Which side of its full partner an elliptical bare day stands on: `before` (English: 9 and
    # 10 November), `after` (Chinese: 12 日和 13 日) or `both`.
    elliptical_day: str
    # Contexts where a calendar expression is no date (a recurrence: `27 January of each year`):
    # (before, after, yearless) like a license; `yearless` rules apply to atoms naming no year.
    not_dates: tuple[tuple[re.Pattern[str] | None, re.Pattern[str] | None, bool], ...]
    sentence_end: re.Pattern[str]  # where a sentence ends (a year-less date's year stays inside)
    # Page furniture a text layer leaves inside a paragraph (`18-12345 3/10`), read as white space
    # so that a date or a list goes on across the page break.
    blank: re.Pattern[str] | None
    mask: tuple[re.Pattern[str], ...]
    any_mask: re.Pattern[str]  # whether a text holds any mask at all (one search)

    @property
    def patterns(self) -> tuple[AtomPattern, ...]:
        """Every atom pattern, anchored ones included."""
        return self.scanner.patterns + tuple(p for _, sc in self.anchored for p in sc.patterns)


def _spec(lang: str) -> dict[str, Any]:
    return profile(lang).rules("dates")


def _expand(pattern: str, macros: dict[str, str]) -> str:
    for _ in range(10):  # macros may use macros; ten levels is plenty
        new = MACRO.sub(lambda m: macros[m.group(1)], pattern)
        if new == pattern:
            return new
        pattern = new
    raise ValueError(f"macro expansion does not terminate: {pattern}")


def _alternation(group: str, alternatives: list[str]) -> str:
    if not alternatives:
        return f"(?P<{group}>(?!))"  # matches nothing: the optional part is simply absent
    return f"(?P<{group}>" + "|".join(f"(?:{a})" for a in alternatives) + ")"


def _lang_parts(spec: dict[str, Any]) -> tuple[dict[str, str], Tables]:
    """A language's macros (its own plus the ones built from its lists) and value tables."""
    names = {str(k): int(v) for k, v in (spec.get("month_names") or {}).items()}
    variants = set(names) | {n.upper() for n in names}
    # Longest first, so that `June` wins over `Jun.` and `March` over `Mar.`.
    month_alt = [re.escape(n) for n in sorted(variants, key=lambda n: (-len(n), n))]
    pre = spec.get("pre_modifiers") or []
    post = spec.get("post_modifiers") or []
    macros = dict(spec.get("macros") or {})
    macros["MONTHNAME"] = _alternation("mn", month_alt) + "(?![A-Za-z])"
    centuries = spec.get("century_words") or {}
    cent_alt = [re.escape(n) for n in sorted(centuries, key=len, reverse=True)]
    # Century words (eighteenth), as a plain alternation: a pattern puts them in its `cent` group.
    words = cent_alt + [c.capitalize() for c in cent_alt]
    macros["CENTURYWORD"] = "(?:" + "|".join(words) + ")" if words else "(?!)"
    macros["PRE"] = _alternation("mod", [m["pattern"] for m in pre])
    macros["POST"] = _alternation("mod", [m["pattern"] for m in post])
    # What lets a one-part mention skip the "ends before it starts" test in _find.
    for m in pre + post:
        if not (1 <= m.get("half", 1) <= 2 and 1 <= m.get("quarter", 1) <= 4):
            raise ValueError(f"modifier {m['pattern']!r}: half is 1 or 2, quarter 1 to 4")
    modifiers = tuple(
        (re.compile(m["pattern"]), {k: v for k, v in m.items() if k in ("half", "quarter")})
        for m in pre + post
    )
    tables = Tables(
        numerals={str(k): int(v) for k, v in (spec.get("numerals") or {}).items()},
        ten=spec.get("ten", ""),
        month_names={n.lower().rstrip("."): v for n, v in names.items()},
        modifiers=modifiers,
        century_words={str(k).lower(): int(v) for k, v in centuries.items()},
    )
    return macros, tables


def _scanner(
    entries: list[tuple[dict[str, Any], dict[str, str], Tables]], first_chars: str
) -> Scanner:
    """One alternation of the entries' patterns, each behind a test of its first character."""
    alternatives, groups, guards, leads = [], [], [], []
    for k, (p, mac, tab) in enumerate(entries):
        body = _expand(p["pattern"], mac)
        groups.append(GROUP.findall(body))
        # Each alternative first tests the one character its matches can begin with: at most
        # positions the scan then costs one test per pattern instead of a run of the pattern.
        # A pattern that opens with its optional modifier begins with a modifier or with
        # what follows it: its test is the modifiers, then the first character of the rest
        # (`early`, `mid` ... are case-insensitive: a first letter alone would let through a
        # third of English text, where every such pattern would then be run).
        lead = _modifier_lead(p["pattern"], tab)
        guard = first_char(_expand(p["pattern"][len(OPTIONAL_PRE) :], mac) if lead else body)
        guards.append(re.compile(guard) if guard else None)
        if lead and guard:
            leads.append(lead)
        test = f"{lead[1]}|{guard}" if lead and guard else guard
        body = GROUP.sub(partial(_numbered_group, k), body)
        alternatives.append((f"(?={test})" if test else "") + f"(?P<_p{k}>{body})")
    # A one-character lookahead first: most positions cannot start a date (10x faster). Where
    # the data's class lists its characters, keep those some pattern can begin with (a Latin
    # letter no month name or modifier begins with cannot start a date in a Chinese text), and
    # the positions where a modifier begins.
    members = class_members(first_chars)
    modifier_test = ""
    if members is not None and all(guards):
        firsts = [g for g in guards if g is not None]
        starts = [c for c in members if any(g.fullmatch(c) for g in firsts)]
        if leads:  # at a letter only a modifier begins with, a modifier must begin
            own = "[" + "".join(re.escape(c) for c in starts) + "]" if starts else "(?!)"
            unique = dict.fromkeys(leads)
            letters = [re.compile(first) for first, _ in unique]
            starts += [
                c for c in members if c not in starts and any(f.fullmatch(c) for f in letters)
            ]
            modifier_test = f"(?={own}|" + "|".join(lead for _, lead in unique) + ")"
        first_chars = "[" + "".join(re.escape(c) for c in starts) + "]"
    regex = re.compile(f"(?={first_chars}){modifier_test}(?:" + "|".join(alternatives) + ")")
    patterns = []
    for k, ((p, _mac, tab), names) in enumerate(zip(entries, groups, strict=True)):
        slots = {n: regex.groupindex[f"{n}__{k}"] - 1 for n in names}
        weak = p.get("weak_unless")
        patterns.append(
            AtomPattern(
                name=p["name"],
                tables=tab,
                weak_unless=tuple(weak) if weak is not None else None,
                license=p.get("license"),
                numbers=tuple(
                    (field_, slots[n])
                    for field_, names_ in enumerate((("y", "yc"), ("m", "mc"), ("d", "dc")))
                    for n in names_
                    if n in slots
                ),
                mn=slots.get("mn"),
                same=slots.get("same"),
                mod=slots.get("mod"),
                decade=slots.get("decade"),
                yy=slots.get("yy"),
                cent=slots.get("cent"),
                md=slots.get("md"),
                max_span=p.get("max_span"),
                strong_if=tuple(slots[n] for n in weak if n in slots) if weak is not None else None,
            )
        )
    return Scanner(
        regex=regex,
        patterns=tuple(patterns),
        pattern_of={regex.groupindex[f"_p{k}"]: p for k, p in enumerate(patterns)},
    )


OPTIONAL_PRE = "(?:{PRE}|)"  # how a pattern opens with an optional modifier


def _modifier_lead(pattern: str, tables: Tables) -> tuple[str, str] | None:
    """For a pattern that opens with its optional modifier: a regex that matches where any
    modifier of the language begins (their patterns, without the `mod` group, which a pattern
    holds once). None otherwise, or where a modifier's pattern has groups of its own (they
    would be set by the test, and the scan reads which pattern matched from `lastindex`)."""
    if not pattern.startswith(OPTIONAL_PRE) or not tables.modifiers:
        return None
    if any(rx.groups for rx, _ in tables.modifiers):
        return None
    mods = [rx.pattern for rx, _ in tables.modifiers]
    lead = "(?:" + "|".join(f"(?:{m})" for m in mods) + ")"
    first = first_char(lead)  # (a text without a modifier's first letters: one test)
    return (first, f"(?={first}){lead}") if first else None


@cache
def rules(lang: str) -> Rules:
    """Compile a language's date rules once."""
    spec = _spec(lang)
    macros, tables = _lang_parts(spec)
    # Borrowed patterns (another language's forms met in this one's documents) come first: they
    # are specific, strong ones that the language's own weak atoms must not cut short.
    entries: list[tuple[dict[str, Any], dict[str, str], Tables]] = []
    for other, names in (spec.get("borrow") or {}).items():
        ospec = _spec(other)
        omacros, otables = _lang_parts(ospec)
        by_name = {p["name"]: p for p in ospec["patterns"]}
        entries += [(by_name[n], omacros, otables) for n in names]
    entries += [(p, macros, tables) for p in spec["patterns"]]

    first_chars = spec.get("first_chars", "")
    scanner = _scanner([e for e in entries if "anchor" not in e[0]], first_chars)
    anchored = tuple(
        (tuple(e[0]["anchor"]), _scanner([e], first_chars)) for e in entries if "anchor" in e[0]
    )
    fold: dict[str, str] = {}
    for src, dst in (spec.get("fold") or {}).items():
        if len(src) != len(dst):
            raise ValueError(f"fold {src!r} -> {dst!r} must map one character to one")
        fold.update(zip(src, dst, strict=True))

    blank = spec.get("blank") or []

    def opt(p: str | None) -> re.Pattern[str] | None:
        return re.compile(p) if p else None

    licenses = {
        key: tuple((opt(r.get("before")), opt(r.get("after"))) for r in rs)
        for key, rs in (spec.get("licenses") or {}).items()
    }
    return Rules(
        lang=lang,
        fold=fold,
        fold_rx=re.compile("[" + re.escape("".join(fold)) + "]" if fold else "(?!)"),
        fold_one=lambda m: fold[m.group()],
        scanner=scanner,
        anchored=anchored,
        licenses=licenses,
        range_gap=re.compile(spec["range_connectors"]),
        openers=tuple(
            (re.compile(o["opener"]), re.compile(o["connector"]))
            for o in spec.get("range_openers") or []
        ),
        coord_gap=re.compile(spec["coordinators"]),
        elliptical_day=spec.get("elliptical_day", "both"),
        not_dates=tuple(
            (opt(r.get("before")), opt(r.get("after")), bool(r.get("yearless")))
            for r in spec.get("not_dates") or []
        ),
        sentence_end=re.compile(spec.get("sentence_end") or "(?!)"),
        blank=re.compile("|".join(f"(?:{b})" for b in blank)) if blank else None,
        mask=tuple(re.compile(p) for p in spec.get("mask") or []),
        any_mask=re.compile("|".join(f"(?:{p})" for p in spec.get("mask") or []) or "(?!)"),
    )
