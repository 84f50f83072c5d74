"""The place matcher of one language, compiled once per process: one Aho-Corasick automaton over
every place name (pipeline/extract/places/names.py) and every phrase that holds a name but names
no place (the rules' `not_places`), and the compiled rules of the language's `places.yaml`.

What the language's profile says that the engine reads: `spaced` (how the text is normalized:
spaces next to CJK ideographs dropped where words are not spaced) and `names_case_insensitive`
(names found whatever their case, then the case checked: as listed, or all capitals). What the
rules say: fold accents (Cote d'Ivoire, Turkiye), the suffixes that make a name a demonym or a
language (马里人, 西班牙语), the titles before a name that make it a person's (Mr. Chad ...), the
marks around titles (《…》) and the heads of instrument names (Treaty, Convention ...).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any, NamedTuple

import ahocorasick

from pipeline.cache import cached
from pipeline.extract.places.names import Place, names, record_ambiguous
from pipeline.language import profile
from pipeline.text.normalize import normalize


class Hit(NamedTuple):
    """What the automaton holds for a key: its length, and the place it names, or None for a
    phrase that is no place (`inner`: the offset and length of the name inside it)."""

    length: int
    place: Place | None
    written: frozenset[str]  # the names with this key as written (accents folded): case check
    inner: tuple[int, int] = (0, 0)


def _accent_table() -> dict[int, str]:
    """Latin letters with diacritics -> the letter without them, one character for one."""
    table = {}
    for code in range(0xC0, 0x250):
        parts = unicodedata.normalize("NFD", chr(code))
        if len(parts) > 1 and all(unicodedata.combining(c) for c in parts[1:]):
            table[code] = parts[0]
    return table


ACCENTS = _accent_table()


def has_places(lang: str) -> bool:
    """The language has place rules (its folder holds a places.yaml)."""
    return profile(lang).has("places")


class PlaceMatcher:
    def __init__(self, lang: str) -> None:
        p = profile(lang)
        self.lang = lang
        self.rules: dict[str, Any] = p.rules("places")
        self.glue_cjk = not p.spaced
        self.fold_case = p.names_case_insensitive
        self.fold_accents = bool(self.rules.get("fold_accents"))
        ambiguous = {self.key(a["text"]) for a in self.rules.get("ambiguous", [])}
        ambiguous |= {self.key(n) for n in record_ambiguous()}
        self.names = names(lang, self.key, ambiguous, self.rules.get("state_forms", []))
        self.automaton = ahocorasick.Automaton()
        for key, (place, written) in self.names.items():
            self.automaton.add_word(
                key, Hit(len(key), place, frozenset(map(self.written, written)))
            )
        for entry in self.rules.get("not_places", []):
            key, inner = self.key(entry["text"]), self.key(entry["inner"])
            if key not in self.names and inner in key:
                at = (key.index(inner), len(inner))
                self.automaton.add_word(key, Hit(len(key), None, frozenset(), at))
        self.automaton.make_automaton()
        # suffix character -> the characters after it that make another word (马里人权)
        self.suffixes = {
            s["suffix"]: frozenset(s["except_next"]) for s in self.rules.get("suffixes", [])
        }
        person = self.rules.get("person_names") or {}
        self.person_names = frozenset(self.key(n) for n in person.get("names", []))
        titles = sorted(person.get("titles_before", []), key=len, reverse=True)
        self.person_title = (
            re.compile(r"(?:^|(?<=\W))(?:" + "|".join(map(re.escape, titles)) + r")\s*$")
            if titles
            else None
        )
        self.titles = [self.bracketed(o, c) for o, c in self.rules.get("title_brackets", [])]
        inst = self.rules.get("instruments") or {}
        self.quotes = [self.bracketed(o, c) for o, c in inst.get("quotes", [])]
        heads = "|".join(map(re.escape, inst.get("heads", [])))
        # a quote holding a head is an instrument's title (no Latin letter may touch the head)
        self.head = re.compile(f"(?<![A-Za-z0-9-])(?:{heads})(?![A-Za-z0-9-])") if heads else None
        self.instrument = instrument_pattern(inst) if inst.get("capitalized") else None

    # ------------------------------------------------------------------ names as compared

    def folded(self, norm: str) -> str:
        """A normalized text with accents folded where the rules ask (one character for one)."""
        return norm.translate(ACCENTS) if self.fold_accents and not norm.isascii() else norm

    def written(self, name: str) -> str:
        """A name as the text is compared with it before the case is checked."""
        return self.folded(normalize(name, self.glue_cjk)[0])

    def key(self, name: str) -> str:
        """A name as the automaton holds it."""
        return self.probe(self.written(name))

    def probe(self, folded: str) -> str:
        if not self.fold_case:
            return folded
        lower = folded.lower()
        if len(lower) == len(folded):
            return lower
        return "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)  # keep offsets

    def bracketed(self, opening: str, closing: str) -> re.Pattern[str]:
        """The text between two marks (folded as the text is), as group 1."""
        o = re.escape(normalize(opening, self.glue_cjk)[0])
        c = re.escape(normalize(closing, self.glue_cjk)[0])
        return re.compile(f"{o}([^{o}{c}]*){c}")


def instrument_pattern(inst: dict[str, Any]) -> re.Pattern[str]:
    """An instrument's name written around its head, where names are capitalized: capitalized
    words before the head (African Nuclear-Weapon-Free Zone Treaty), and after it, from an
    opening word or a capitalized one on, connectors and capitalized words ending with a
    capitalized one (Treaty on the Non-Proliferation of Nuclear Weapons; Agreement on Peace and
    Reconciliation in Mali; Convention Governing the Specific Aspects of ... in Africa)."""
    cap = r"[A-Z\u00c0-\u00de][\w'\-]*"
    heads = "|".join(map(re.escape, inst["heads"]))
    openers = "|".join(map(re.escape, inst.get("openers", [])))
    conn = "|".join(map(re.escape, inst.get("connectors", [])))
    # after the head: an opening word, or a capitalized word (Convention Governing ...)
    lead = f"(?:{openers})(?:(?: (?:{conn}))* {cap})+" if openers else f"{cap}"
    right = rf"(?: (?:{lead}|{cap}(?:(?: (?:{conn}))* {cap})*))?"
    return re.compile(rf"(?<![\w-])(?:{cap} )*(?:{heads})(?![\w-]){right}")


@cache
def matcher(lang: str) -> PlaceMatcher:
    """The matcher of `lang`, built once for all processes (pipeline/cache.py: loading it is a
    seventh of building it, which normalizes every name)."""
    if not has_places(lang):
        raise ValueError(f"no place rules for language {lang!r}")
    return cached(f"places-{lang}", lambda: PlaceMatcher(lang))
