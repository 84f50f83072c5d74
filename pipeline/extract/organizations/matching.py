"""The organization matcher of one language, compiled once: the automaton over every name of the
lexicon (pipeline/segment/lexicon.py) and the language's rules (its organizations.yaml)."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import ahocorasick

from pipeline.segment.lexicon import Entry, has_organizations, lexicon
from pipeline.segment.words import segmenter
from pipeline.text.normalize import name_key, normalize


class LanguageMatcher:
    """The automaton over the lexicon's names and the compiled rules of one language. What the
    language's profile says that the engine reads: `fold_case` (names matched whatever their
    case, then checked: English), `segmented` (the text comes with the segmenter's words, which
    decide where a Chinese name may start and end)."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        lex = lexicon(lang)
        self.lexicon = lex
        self.rules: dict[str, Any] = lex.rules
        self.glue_cjk = lex.glue_cjk
        self.fold_case = lex.fold_case
        self.spaced = lex.profile.spaced
        self.segmented = lex.profile.segmenter is not None
        self.discovery_method: str = self.rules["discovery"]["method"]
        self.automaton = ahocorasick.Automaton()
        self.entries: dict[str, Entry] = lex.entries
        # The automaton compares a character with each child of its root wherever no name
        # continues, at most characters of a text: it is built over the names reversed, and
        # scans the text from its end, when fewer characters end names than begin them (会, 署,
        # 部 ... in Chinese). A hit yields its length and its entry.
        self.backward = len({k[-1] for k in self.entries}) < len({k[0] for k in self.entries})
        for key, entry in self.entries.items():
            self.automaton.add_word(key[::-1] if self.backward else key, (len(key), entry))
        self.automaton.make_automaton()
        self.units = sorted(self.rules.get("units", []), key=len, reverse=True)
        # the units by their first character, longest first: a unit is looked for only where
        # the text has its first character
        self.units_by_first: dict[str, list[str]] = {}
        for unit in self.units:
            self.units_by_first.setdefault(unit[:1], []).append(unit)
        # finds any unit: a Chinese text without one has no hit to extend
        self.any_unit = re.compile("|".join(map(re.escape, self.units)) or "(?!)")
        self.unit_place_connectors = frozenset(self.rules.get("unit_place_connectors", []))
        self.units_own_body = tuple(self.rules.get("units_own_body", []))
        self.un_prefixes = frozenset(
            normalize(p, self.glue_cjk)[0] for p in self.rules["un_prefixes"]
        )
        # (head, as the text is probed) of the anaphors: most paragraphs have none, which a
        # substring test of each says faster than a regex scan
        self.anaphor_heads = [
            (head, name_key(head, self.glue_cjk, self.fold_case))
            for head in (self.rules.get("anaphors") or {}).get("heads", [])
        ]
        self.anaphor_keys = tuple(key for _, key in self.anaphor_heads)
        # (pattern, the literal text every match begins with): a text without it needs no scan
        self.not_org_patterns = [
            (rx, literal_prefix(rx))
            for rx in map(re.compile, self.rules.get("not_organization_patterns", []))
        ]
        # titles of works that hold an organization's name, where no mention is: (the literal
        # text each begins with, pattern); a pattern is run only on a text holding its literal
        titles: dict[str, list[re.Pattern[str]]] = {}
        for rx in map(re.compile, self.rules.get("titles_of_works", [])):
            titles.setdefault(literal_prefix(rx), []).append(rx)
        self.titles = list(titles.items())  # (literal, its patterns): each literal looked for once
        # finds any of those literals: most paragraphs hold none, which one scan says faster
        # than a substring test of each (None: a pattern without a literal, run on every text)
        self.any_title = (
            re.compile("|".join(sorted(map(re.escape, titles)))) if titles and all(titles) else None
        )
        self.units_after = [re.compile(" " + p) for p in self.rules.get("units_after", [])]
        self.units_before = [
            (rx, max_width(rx))
            for rx in (re.compile(p + "$") for p in self.rules.get("units_before", []))
        ]
        # (opening mark, pattern whose group 1 is the text between the marks, whole_ok),
        # compiled once; a pattern is run only on a text that has its opening mark
        quotation = self.rules.get("quotations")
        self.quotation = re.compile(quotation) if quotation else None
        act_cell = self.rules.get("act_number_cell")
        self.act_cell = re.compile(act_cell) if act_cell else None
        self.person_titles = tuple(self.rules.get("person_titles", []))
        self.enclosures = [
            (o, bracket_pattern(o, c), False) for o, c in self.mark_pairs("title_brackets")
        ] + [(o, bracket_pattern(o, c, quote=True), True) for o, c in self.mark_pairs("quotes")]

    def not_a_title(self, quoted: str) -> bool:
        """A quoted text that is no title of a work: a quotation (a clause: the rules'
        `quotations` pattern finds it) or a person's title (`person_titles`: “President of
        the Council of Ministers”). The names inside it are mentions."""
        return bool(
            (self.quotation is not None and self.quotation.search(quoted))
            or (self.person_titles and quoted.startswith(self.person_titles))
        )

    def mark_pairs(self, key: str) -> list[tuple[str, str]]:
        """(opening, closing) pairs of the rules, folded as the text is (＂ is ", ’ is ')."""
        return [
            (normalize(a, self.glue_cjk)[0], normalize(b, self.glue_cjk)[0])
            for a, b in self.rules.get(key, [])
        ]

    def segmenter(self) -> Any:
        """The segment stage's segmenter of this language (built once), which tags clauses."""
        return segmenter(self.lang)


def literal_prefix(rx: re.Pattern[str]) -> str:
    """The characters every match of `rx` begins with, as written ("" if none or unknown)."""
    if rx.flags & re.IGNORECASE:
        return ""
    try:
        from re import _constants, _parser  # type: ignore[attr-defined]  # the stdlib's parser

        ops = _parser.parse(rx.pattern, rx.flags)
    except Exception:  # noqa: BLE001 (a private module: without it, scan every text)
        return ""
    lead = []
    for op, arg in ops:
        if op is not _constants.LITERAL:
            break
        lead.append(chr(arg))
    return "".join(lead)


def max_width(rx: re.Pattern[str]) -> int | None:
    """The most characters a match of `rx` can take, None if unbounded (or unknown)."""
    try:
        from re import _parser  # type: ignore[attr-defined]  # the stdlib's pattern parser

        widest = _parser.parse(rx.pattern, rx.flags).getwidth()[1]
    except Exception:  # noqa: BLE001 (a private module: without it, search the whole text)
        return None
    return None if widest >= _parser.MAXREPEAT else widest


@cache
def matcher(lang: str) -> LanguageMatcher:
    if not has_organizations(lang):
        raise ValueError(f"no organization rules for language {lang!r}")
    return LanguageMatcher(lang)


LATIN_LETTER = "[A-Za-z\u00c0-\u024f]"


def bracket_pattern(opening: str, closing: str, *, quote: bool = False) -> re.Pattern[str]:
    """A text between `opening` and `closing`, as group 1 (the marks excluded). In a quote, a
    closing mark followed by a Latin letter is an apostrophe (‘the Children’s Fund’: ’ and '
    both fold to ')."""
    o, c = re.escape(opening), re.escape(closing)
    if quote:
        inner = f"(?:[^{o}{c}]|{c}(?={LATIN_LETTER}))*"
        return re.compile(f"{o}({inner}){c}(?!{LATIN_LETTER})")
    return re.compile(f"{o}([^{o}{c}]*){c}")
