"""Lists that define a document's bodies, read before its paragraphs: a summary of stakeholders'
submissions cites `AI`, `JS4` or `ASSO21` from its first paragraph on, and lists them in its
annex only; a report lists its abbreviations before or after its text.

    AI Amnesty International, London (United Kingdom ...);       an entry: short form, name, seat
    JS4 Joint submission 4 submitted by: A, Rome (Italy); B ...  the bodies of a joint submission
    JS4: A, B and C                                              the same, without seats
    ACABQ<tab>Advisory Committee on Administrative and ...       a line of a list of abbreviations

Each name is a body (the gazetteer's, else a new one) and its short form a name of it for the
whole document: `prescan` records both in the document state, and the reading of each
paragraph then finds them like any short form a definition made. The patterns are the
language's `lists` rules (pipeline/resources/<lang>/organizations.yaml)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from pipeline.extract.organizations.capitalized import place_names
from pipeline.extract.organizations.definitions import (
    acronym_like,
    definition_rules,
    head_of,
    is_short_form,
    learn,
)
from pipeline.extract.organizations.matching import LanguageMatcher, matcher
from pipeline.extract.organizations.spans import DocumentState, Hit
from pipeline.segment.lexicon import Org
from pipeline.text.cjk import is_cjk
from pipeline.text.normalize import name_key

BRACKETED = re.compile(r"\(([^()]{2,80})\)")
LATIN_THEN_IDEOGRAPH = re.compile(r"([A-Z][A-Za-z0-9&.-]+)(?=[\u3400-\u9fff])")


@dataclass(frozen=True)
class ListRules:
    entry: re.Pattern[str] | None  # NAME, City (Country)   (groups: body, country)
    lead: re.Pattern[str] | None  # JS4: / Joint submission 4 submitted by:
    line: re.Pattern[str] | None  # ABBR<tab>Name   (groups: short, name)
    titles: re.Pattern[str] | None  # the title of a list of abbreviations
    not_names: tuple[str, ...]  # what an entry's name never begins with (Joint submission)
    item_separators: re.Pattern[str]


@cache
def list_rules(lang: str) -> ListRules:
    cfg = matcher(lang).rules.get("lists") or {}

    def rx(key: str) -> re.Pattern[str] | None:
        return re.compile(cfg[key], re.MULTILINE) if cfg.get(key) else None

    return ListRules(
        rx("entry"),
        rx("lead"),
        rx("line"),
        rx("titles"),
        tuple(cfg.get("not_names", [])),
        re.compile(cfg.get("item_separators", r"\s*[;,]\s*|\s+and\s+")),
    )


def prescan(
    paragraphs: Sequence[tuple[str, Callable[[int, int], str]]],
    source: str,
    state: DocumentState,
    lang: str,
) -> None:
    """Record in `state` the bodies the document's lists define: `paragraphs` are each
    paragraph's normalized text and its reader of a span as written (bodies.Bodies.written);
    `source` the document's text, whose lines a list of abbreviations is read in."""
    m = matcher(lang)
    r = list_rules(lang)
    if r.entry is None and r.lead is None and r.line is None:
        return
    bodies = state.new_bodies(lang)
    for norm, written in paragraphs:
        if "(" not in norm and ":" not in norm:
            continue
        bodies.norm, bodies.written = norm, written
        found = entries(norm, r, m)
        state.listed[norm] = found  # (what `listed` reads again)
        for short, start, end in found:
            define_listed(short, start, end, norm, state, m)
    if r.line is not None:
        listed_lines = abbreviation_lines(source, r)
        for d in r.line.finditer(source):
            short, name = d.group("short"), " ".join(d.group("name").split())
            fits = d.start() in listed_lines or is_short_form(short, name)
            if fits and body_like(name, m):
                key = name_key(name, m.glue_cjk, m.fold_case)
                entry = m.entries.get(key)
                org = entry.org if entry is not None else None
                if org is None and entry is None:
                    bodies.norm, bodies.written = name, slicer(name)
                    org = bodies.get(0, len(name))
                if org is not None:
                    remember(short, name, org, state, m)


def abbreviation_lines(source: str, r: ListRules) -> set[int]:
    """Where the lines of the lists of abbreviations start: the lines of entries (blank ones
    between them) under a title of `titles` (Abbreviations). An entry there is taken whether
    or not its letters follow its name's (CIDU: Comitato interministeriale per i diritti umani)."""
    out: set[int] = set()
    if r.titles is None or r.line is None:
        return out
    for t in r.titles.finditer(source):
        pos = source.find("\n", t.end()) + 1
        while 0 < pos < len(source):
            end = source.find("\n", pos)
            end = len(source) if end < 0 else end
            line = source[pos:end]
            if line.strip():
                if not r.line.fullmatch(line):
                    break
                out.add(pos)
            pos = end + 1
    return out


def slicer(text: str) -> Callable[[int, int], str]:
    """The span [s, e) of `text`."""
    return lambda s, e: text[s:e]


def entries(norm: str, r: ListRules, m: LanguageMatcher) -> list[tuple[str, int, int]]:
    """(short form or "", start, end of the name) of the entries and listed names of a text."""
    out: list[tuple[str, int, int]] = []
    states = place_names(m.lang, ("state", "territory"))
    if r.entry is not None and ")" in norm:
        # an entry ends with its seat's State in brackets: looked for only before one
        for b in BRACKETED.finditer(norm):
            if b.group(1).strip() not in states:
                continue
            lo = max(norm.rfind(";", 0, b.start()), norm.rfind(":", 0, b.start())) + 1
            e = r.entry.search(norm, lo, b.end() + 1)
            if e is None or e.group("country").strip() not in states:
                continue
            s, end = e.span("body")
            short, s = split_short(norm, s, end)
            out.append((short, s, end))
    if r.lead is not None:
        for lead in r.lead.finditer(norm):
            stop = min(x for x in (norm.find(".", lead.end()), len(norm)) if x >= 0)
            # items without seats (those with one are entries above)
            pos = lead.end()
            for part in r.item_separators.split(norm[lead.end() : stop]):
                at = norm.find(part, pos)
                pos = at + len(part)
                if part and "(" not in part and (part[:1].isupper() or is_cjk(part[0])):
                    out.append(("", at, at + len(part)))
    return [
        (short, s, e)
        for short, s, e in out
        if e > s and not norm.startswith(r.not_names, s) and body_like(norm[s:e], m)
    ]


def split_short(norm: str, s: int, end: int) -> tuple[str, int]:
    """An entry's text before its seat, `ABBR Name` or `Name Name` (a short form that is the
    name itself), as (short form, where the name starts)."""
    text = norm[s:end]
    half = (len(text) - 1) // 2
    if len(text) % 2 == 1 and text[half] == " " and text[:half] == text[half + 1 :]:
        return text[:half], s + half + 1  # ADF International ADF International
    if len(text) % 2 == 0 and text[: len(text) // 2] == text[len(text) // 2 :]:
        return text[: len(text) // 2], s + len(text) // 2  # 大赦国际大赦国际 (spaces dropped)
    if glued := LATIN_THEN_IDEOGRAPH.match(text):
        return glued.group(1), s + glued.end(1)  # AI大赦国际
    first, _, rest = text.partition(" ")
    if rest and acronym_like(first.rstrip(":")):
        return first.rstrip(":"), s + len(text) - len(rest)
    return "", s


def body_like(name: str, m: LanguageMatcher) -> bool:
    """A listed name that can be a body's: a few words, not an instrument's or a plan's."""
    r = definition_rules(m.lang)
    words = name.split()
    if not words or len(words) > 16:
        return False
    return not m.spaced or head_of(words, r) not in r.not_body_heads


def define_listed(
    short: str, start: int, end: int, norm: str, state: DocumentState, m: LanguageMatcher
) -> None:
    """The body named norm[start:end] (the gazetteer's, else a new one), and its short form."""
    name = norm[start:end]
    entry = m.entries.get(name_key(name, m.glue_cjk, m.fold_case))
    if entry is None:
        remember(short, name, state.new_bodies(m.lang).get(start, end), state, m)
    elif entry.org is not None:  # (else a phrase that names no body)
        remember(short, name, entry.org, state, m)


def remember(short: str, name: str, org: Org, state: DocumentState, m: LanguageMatcher) -> None:
    """`name` (a new body's: found as written wherever it stands) and `short` name `org`."""
    if org.org_id.startswith("new:"):
        state.aliases.setdefault(name_key(name, m.glue_cjk, m.fold_case), (name, org))
    if short and short != name:
        learn(short, org, state, m)


def listed(norm: str, state: DocumentState, m: LanguageMatcher) -> list[Hit]:
    """The entries of a list in a paragraph (prescan recorded their bodies) as mentions: the
    short form and the name of each, which no other reading may cut or join (`AI Amnesty
    International` is two mentions of one body)."""
    r = list_rules(m.lang)
    if (r.entry is None and r.lead is None) or ("(" not in norm and ":" not in norm):
        return []
    out = []
    found = state.listed.get(norm)
    for short, s, e in entries(norm, r, m) if found is None else found:
        name = norm[s:e]
        key = name_key(name, m.glue_cjk, m.fold_case)
        entry = m.entries.get(key)
        org = entry.org if entry is not None else state.aliases.get(key, ("", None))[1]
        if org is None:
            continue
        out.append(Hit(s, e, org, "listed"))
        if short:
            at = norm.rfind(short, 0, s)
            if at >= 0 and norm[at + len(short) : s].strip() == "":
                out.append(Hit(at, at + len(short), org, "listed"))
    return out
