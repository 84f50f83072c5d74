"""Organizations: find named bodies in Chinese and English UN text and link them to the gazetteer.

The language resources are data: `pipeline/resources/organizations.yaml` (one bilingual record
per body) and `pipeline/resources/{zh,en}/organizations_rules.yaml` (prefixes, units, phrases
that are not organizations, discovery patterns). This module is the one engine for both.

How a paragraph is read (`find_organizations`):
1. Normalize it, keeping a map back to the view: full-width forms to ASCII, dashes to `-`,
   traditional characters to simplified, spaces inside Chinese text dropped (PDF text puts them
   inside names), other space runs collapsed; English is matched case-insensitively and the case
   checked afterwards (acronyms must be written as listed).
2. Find every name, prefixed name and non-organization phrase at once with an Aho-Corasick
   automaton; keep a hit only at word boundaries: for Chinese, the boundaries of a jieba
   segmentation (rjieba, the same algorithm) that has every name loaded as a user word, so that
   新闻部 is not found in 新闻部门; for Latin text, no letter or digit on either side, and not
   inside a document symbol (UNIDIR/2006/6) or a URL.
3. Keep the longest hits, without overlap; a non-organization phrase that wins (审议大会) hides
   the name inside it (大会).
4. Extend a kept name by a unit written after it (…办事处驻巴西区域办事处, OSCE Secretariat).
5. `全称（简称）` / `Full Name (ACRONYM)`: the short form becomes a name of the same body for the
   rest of the document (document state).
6. Discover bodies missing from the gazetteer by name patterns; they are reported with an empty
   org_id so that `make eval` can list them as gazetteer candidates.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_left, bisect_right, insort
from collections.abc import Container, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import accumulate
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

import ahocorasick

from pipeline.extract.base import Match, rows_for
from pipeline.model import Segmented
from pipeline.resources import load_yaml

# Record types that belong to the UN system: their names are also matched with the UN prefix.
UN_SYSTEM_TYPES = frozenset(
    {
        "principal_organ",
        "subsidiary_body",
        "secretariat_office",
        "fund_programme",
        "regional_commission",
        "regional_centre",
        "research_training",
        "peace_operation",
        "coordination_mechanism",
    }
)
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
SPACES = " \t\r\n\u3000\u00a0\u2002\u2003\u2009\u200b"
WORD, TAG = itemgetter(0), itemgetter(1)  # of a (word, part of speech) pair of the segmenter
URL = re.compile(r"(?:https?://|www\.)[^\s\u3000，。；、（）()《》“”]+")


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


CJK_ONLY = re.compile("[\u3400-\u9fff\uf900-\ufaff]*")  # fullmatch: every character is_cjk()


def is_word_char(ch: str) -> bool:
    """A Latin letter or digit: a Latin name must not touch one."""
    return ch.isalnum() and not is_cjk(ch)


@dataclass(frozen=True)
class Org:
    """One gazetteer record (or a body discovered in the text, with an empty org_id)."""

    org_id: str
    name_en: str
    name_zh: str
    acronym: str = ""
    type: str = ""
    parent: str = ""
    optional: bool = False
    # values(), made once: the extractor's rows copy it (never change it)
    columns: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", self.values())

    def values(self) -> dict[str, str]:
        return {
            "org_id": self.org_id,
            "name_en": self.name_en,
            "name_zh": self.name_zh,
            "acronym": self.acronym,
        }


@dataclass(frozen=True)
class OrgMatch:
    """A mention in the text given to `find_organizations` (its own coordinates)."""

    start: int
    end: int
    org: Org
    how: str  # "gazetteer", "unit", "alias" (defined in the document) or "discovered"

    @property
    def optional(self) -> bool:
        return self.org.optional


@dataclass
class DocumentState:
    """What earlier paragraphs of one document taught: short forms defined as `全称（简称）`,
    and the bodies recently named (for 区域中心 standing for the last regional centre)."""

    aliases: dict[str, tuple[str, Org]] = field(default_factory=dict)  # key -> (as written, body)
    para_no: int = 0  # paragraphs read so far
    recent: list[tuple[int, str, Org]] = field(default_factory=list)  # (para_no, written, org)


# ---------------------------------------------------------------- resources, loaded once


@cache
def gazetteer_records() -> tuple[dict[str, Any], ...]:
    return tuple(load_yaml("organizations.yaml")["organizations"])


@cache
def gazetteer() -> dict[str, Org]:
    return {r["org_id"]: org_of(r) for r in gazetteer_records()}


def org_of(r: dict[str, Any]) -> Org:
    return Org(
        org_id=r["org_id"],
        name_en=r["name_en"],
        name_zh=r["name_zh"],
        acronym=r.get("acronym") or "",
        type=r.get("type", ""),
        parent=r.get("parent", ""),
        optional=bool(r.get("optional")),
    )


@cache
def rules(lang: str) -> dict[str, Any]:
    return load_yaml(f"{lang}/organizations_rules.yaml")


# ---------------------------------------------------------------- normalization


def fold_char(ch: str, lang: str) -> str:
    """The one character a source character is compared as. Every space is a space: the
    normalizer then finds space runs with str.split(" ")."""
    if ch in SPACES:
        return " "
    if ch in DASHES:
        return "-"
    if ch in "\u2019\u2032":  # ’ is the apostrophe of Children’s; ‘ only opens a quote
        return "'"
    if "\uff01" <= ch <= "\uff5e":  # full-width ASCII
        return chr(ord(ch) - 0xFEE0)
    if is_cjk(ch):
        from zhconv import convert  # traditional -> simplified, one character at a time

        simple = convert(ch, "zh-cn")
        return simple if len(simple) == 1 else ch
    folded = unicodedata.normalize("NFKC", ch)
    return folded if len(folded) == 1 else ch


def char_class(ranges: list[tuple[int, int]], *, negate: bool = False) -> str:
    """A regex character class of the code point ranges [lo, hi] (inclusive). The characters
    are written as themselves (escaped where the syntax needs it): a class of thousands of
    characters compiles three times faster than with \\U escapes."""
    body = "".join(
        re.escape(chr(lo)) + ("-" + re.escape(chr(hi)) if hi > lo else "") for lo, hi in ranges
    )
    return f"[{'^' if negate else ''}{body}]"


def ranges_of(codes: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted code points as runs of consecutive ones, [lo, hi] inclusive."""
    runs: list[list[int]] = []
    for c in codes:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return [(lo, hi) for lo, hi in runs]


# Folding learns its table a block of code points at a time (module constants, not class
# attributes: a class body's names are not in scope in its other class attributes once compiled).
BLOCK = 256
CJK_BLOCKS = frozenset(range(0x3400 // BLOCK, 0xA000 // BLOCK)) | {0xF9, 0xFA}  # is_cjk()


class Folding:
    """`fold_char` applied to a whole text by substitution: a text has few characters that fold
    (，（） in Chinese), and str.translate would pay a table lookup for every character.

    Which characters fold is learned a block of 256 code points at a time (all the CJK
    ideographs at once: a Chinese text brings new ones for long), the first time a text holds a
    character of the block: the table is bounded by the alphabet. One regex finds, in one scan,
    the characters that fold and those of the blocks not learned yet (whose block is learned
    when met). It is compiled again after learning only when a long text needs it: the names
    folded while the matcher is built are short, and for them a lookup per character costs less
    than a compilation."""

    SHORT = 256  # a text this short is folded by lookups while the regexes are out of date

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.blocks: set[int] = set()  # block numbers (code point // BLOCK) learned
        self.table: dict[str, str] = {}  # character -> its fold, for those that change
        # the characters that fold, or of a block not learned
        self.pattern = re.compile(r"[\s\S]")
        self.stale = True  # blocks were learned since the pattern was compiled

    def __call__(self, text: str) -> str:
        """`text` with every character replaced by its fold (the same length)."""
        if self.stale and len(text) < self.SHORT:
            self.learn({ord(ch) // BLOCK for ch in text})
            return "".join(map(self.table.get, text, text))
        if self.stale:
            self.learn({ord(ch) // BLOCK for ch in set(text)})
            self.compile()
        return self.pattern.sub(self.replacement, text)

    def replacement(self, m: re.Match[str]) -> str:
        ch = m.group()
        folded = self.table.get(ch)
        if folded is None:  # not a character that folds: one of a block not learned yet
            self.learn({ord(ch) // BLOCK})
            folded = self.table.get(ch, ch)
        return folded

    def learn(self, blocks: set[int]) -> None:
        """Learn the folds of the characters of `blocks` not learned yet."""
        if blocks & CJK_BLOCKS:
            blocks |= CJK_BLOCKS
        for block in blocks - self.blocks:
            self.stale = True
            for code in range(block * BLOCK, (block + 1) * BLOCK):
                ch = chr(code)
                folded = fold_char(ch, self.lang)
                if folded != ch:
                    self.table[ch] = folded
        self.blocks |= blocks

    def compile(self) -> None:
        unlearned = []  # the code point ranges between the learned blocks
        lo = 0
        for first, last in ranges_of(sorted(self.blocks)):
            if first * BLOCK > lo:
                unlearned.append((lo, first * BLOCK - 1))
            lo = (last + 1) * BLOCK
        if lo <= sys.maxunicode:
            unlearned.append((lo, sys.maxunicode))
        self.pattern = re.compile(char_class(ranges_of(sorted(map(ord, self.table))) + unlearned))
        self.stale = False


FOLD = {"zh": Folding("zh"), "en": Folding("en")}
INDEX_INTS: tuple[int, ...] = ()  # 0, 1, 2, ...: the int objects of the index maps
MAX_INDEX_INTS = 1 << 16  # ~2 MB at most; a longer paragraph gets a range


def index_ints(n: int) -> Sequence[int]:
    """The ints 0..n at least: one shared tuple (grown by doubling, up to a bound), so that an
    index map taken from it refers to existing ints instead of allocating one per character,
    which is most of what building it costs; a range past the bound."""
    global INDEX_INTS
    if n >= len(INDEX_INTS):
        if n >= MAX_INDEX_INTS:
            return range(n + 1)
        INDEX_INTS = tuple(range(min(MAX_INDEX_INTS, max(1 << 12, 2 * (n + 1)))))
    return INDEX_INTS


def normalize(text: str, lang: str) -> tuple[str, tuple[int, ...]]:
    """Normalized text and, for each of its characters, the index of its source in `text`.

    Every character folds to one character (every space to " "); then a space run next to a
    CJK character is dropped in Chinese (the PDF breaks names with spaces and line breaks), and
    other space runs become one space; a run at either end is dropped."""
    folded = FOLD[lang](text)
    n = len(folded)
    ints = index_ints(n)
    if " " not in folded:  # no space run: the text as folded
        return folded, tuple(ints[:n])
    cjk_glue = lang == "zh"  # a run touching a CJK character is dropped
    parts: list[str] = []  # the pieces between the runs, and the runs kept as " "
    index: list[int] = []  # the source index of each character of the parts (+= of a tuple
    # slice copies it in C: no Python step per character)
    pos = 0  # where the piece starts in `folded`
    last_end = 0  # where the last non-empty piece ends (a run starts there)
    # str.split finds the spaces in C; an empty piece is a space after a space
    for piece in folded.split(" "):
        if piece:
            if parts and not (cjk_glue and (is_cjk(parts[-1][-1]) or is_cjk(piece[0]))):
                parts.append(" ")  # the run is one space, at the index of its first character
                index.append(last_end)
            last_end = pos + len(piece)
            parts.append(piece)
            index += ints[pos:last_end]
            pos = last_end + 1
        else:
            pos += 1
    return "".join(parts), tuple(index)


@lru_cache(maxsize=4096)  # bounded: has_head also asks for names as written in documents
def name_key(name: str, lang: str) -> str:
    """A gazetteer name as the automaton stores it (the same folding as the text)."""
    norm, _ = normalize(name, lang)
    return norm.lower() if lang == "en" else norm


# ---------------------------------------------------------------- the matcher of one language


@dataclass(frozen=True)
class Entry:
    names: tuple[str, ...]  # the listed names with this key, normalized (their case is checked)
    org: Org | None  # None: a phrase that is not an organization


class LanguageMatcher:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.rules = rules(lang)
        self.automaton = ahocorasick.Automaton()
        self.entries: dict[str, Entry] = {}
        orgs = gazetteer()
        for r in gazetteer_records():
            org = orgs[r["org_id"]]
            names = self.names_of(r)
            for name in names:
                self.add(name, org)
            for name in self.regional_variants(names):
                self.add(name, org, variant=True)
        phrases = self.rules.get("not_organizations", [])
        for phrase in phrases:
            self.add(phrase, None)
        for phrase in self.regional_variants(phrases):
            self.add(phrase, None, variant=True)
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
        # (head, as the text is probed) of the anaphors: most paragraphs have none, which a
        # substring test of each says faster than a regex scan
        self.anaphor_heads = [
            (head, name_key(head, lang))
            for head in (self.rules.get("anaphors") or {}).get("heads", [])
        ]
        self.anaphor_keys = tuple(key for _, key in self.anaphor_heads)
        # (pattern, the literal text every match begins with): a text without it needs no scan
        self.not_org_patterns = [
            (rx, literal_prefix(rx))
            for rx in map(re.compile, self.rules.get("not_organization_patterns", []))
        ]
        self.units_after = [re.compile(" " + p) for p in self.rules.get("units_after", [])]
        self.units_before = [
            (rx, max_width(rx))
            for rx in (re.compile(p + "$") for p in self.rules.get("units_before", []))
        ]
        # (opening mark, pattern whose group 1 is the text between the marks, whole_ok),
        # compiled once; a pattern is run only on a text that has its opening mark
        self.enclosures = [
            (o, bracket_pattern(o, c), False) for o, c in self.mark_pairs("title_brackets")
        ] + [(o, bracket_pattern(o, c, quote=True), True) for o, c in self.mark_pairs("quotes")]
        self._segmenter: Any = None

    def mark_pairs(self, key: str) -> list[tuple[str, str]]:
        """(opening, closing) pairs of the rules, folded as the text is (＂ is ", ’ is ')."""
        return [
            (normalize(a, self.lang)[0], normalize(b, self.lang)[0])
            for a, b in self.rules.get(key, [])
        ]

    def names_of(self, r: dict[str, Any]) -> list[str]:
        ambiguous = set(r.get("ambiguous", []))
        if self.lang == "zh":
            names = [r["name_zh"], *r.get("short_zh", []), *r.get("aliases_zh", [])]
        else:
            names = [r["name_en"], *r.get("aliases_en", [])]
        if r.get("type") in UN_SYSTEM_TYPES:
            for prefix in self.rules.get("un_prefixes", []):
                sep = " " if self.lang == "en" else ""
                names += [prefix + sep + n for n in names if not n.startswith(prefix)]
        if r.get("acronym"):
            names.append(r["acronym"])
        return [n for n in names if n not in ambiguous]

    def regional_variants(self, names: list[str]) -> list[str]:
        """`names` as the rules' `regional_variants` standards write them, where that is more
        than another form of the same characters (愛滋病 for 艾滋病, not 聯合國 for 联合国)."""
        locales = self.rules.get("regional_variants") or []
        if not locales:
            return []
        from zhconv import convert

        out = []
        for name in names:
            key = name_key(name, self.lang)
            for locale in locales:
                variant = convert(name, locale)
                if name_key(variant, self.lang) != key and variant not in out:
                    out.append(variant)
        return out

    def add(self, name: str, org: Org | None, *, variant: bool = False) -> None:
        """Index `name` for `org` (None: a phrase that is not an organization). A regional
        `variant` that another entry already holds is left to that entry."""
        key = name_key(name, self.lang)
        written = normalize(name, self.lang)[0]
        old = self.entries.get(key)
        if variant and old is not None:
            return
        if old is not None and old.org == org:  # INTERPOL and Interpol: both spellings count
            self.entries[key] = Entry((*old.names, written), org)
            return
        if old is not None:
            # tests/test_gazetteer.py keeps names unique; a prefixed name may meet a listed one
            if old.org is not None and org is not None:
                raise ValueError(f"{name!r} names both {old.org.org_id} and {org.org_id}")
            if old.org is not None:  # a listed name wins over a non-organization phrase
                return
        self.entries[key] = Entry((written,), org)

    # -- segmentation (Chinese)

    def segmenter(self) -> Any:
        """rjieba with every name and non-organization phrase as a user word (built once)."""
        if self._segmenter is None:
            import rjieba

            seg = rjieba.Jieba()
            # no frequency: jieba's own suggestion, which cuts a name out as a word without
            # beating ordinary words (管理部 must not win over 管理部门)
            for key, entry in self.entries.items():
                if any(is_cjk(c) for c in key):
                    seg.add_word(key, None, "nt" if entry.org else "nz")
            for head in self.rules.get("anaphors", {}).get("heads", []):
                seg.add_word(head, None, "n")
            self._segmenter = seg
        return self._segmenter

    def words(self, norm: str) -> tuple[int, ...]:
        """Where the words of `norm` meet, 0 and len(norm) included (see `Segmented.Words`),
        computed in C from the segmenter's words: no Python step or tuple per word. Cut, not
        tagged: cut() gives the words tag() gives, and tagging costs half as much again."""
        cuts = tuple(accumulate(map(len, self.segmenter().cut(norm)), initial=0))
        if cuts[-1] != len(norm):  # cut() should cover the text; fall back to plain offsets
            return (0, *(e for _, _, e in self.segmenter().tokenize(norm)))
        return cuts


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


LANGUAGES = ("zh", "en")


@cache
def matcher(lang: str) -> LanguageMatcher:
    if lang not in LANGUAGES:
        raise ValueError(f"no organization rules for language {lang!r}")
    return LanguageMatcher(lang)


# ---------------------------------------------------------------- finding mentions


@dataclass(slots=True)
class Hit:
    start: int  # normalized coordinates
    end: int
    org: Org | None
    how: str = "gazetteer"


HIT_START, HIT_END = attrgetter("start"), attrgetter("end")  # of a Hit or a Blocked span


def read_words(text: str, lang: str) -> Segmented.Words:
    """`text` as the matcher reads it: normalized, with its map back to `text` and, in Chinese,
    its words from the segmenter that knows every name. The segment stage reads every
    paragraph so (`read_all_words`), so that Chinese is segmented once."""
    return read_all_words([text], lang)[0]


def read_all_words(texts: Sequence[str], lang: str) -> tuple[Segmented.Words, ...]:
    """`read_words` of each text: all normalized, then all segmented (each kind of work in a
    row keeps its tables, the folds or the segmenter's dictionary, in the processor's cache)."""
    normalized = [normalize(text, lang) for text in texts]
    if lang != "zh":
        return tuple(Segmented.Words(norm, idx) for norm, idx in normalized)
    words = matcher(lang).words
    return tuple(
        Segmented.Words(norm, idx, words(norm)) if norm else Segmented.Words(norm, idx)
        for norm, idx in normalized
    )


def find_organizations(
    text: str,
    lang: str,
    state: DocumentState | None = None,
    *,
    include_optional: bool = False,
    discover: bool = True,
    words: Segmented.Words | None = None,
) -> list[OrgMatch]:
    """Organization mentions in `text` (one paragraph), in text order.

    `state` carries the short forms defined in earlier paragraphs of the same document and
    receives those defined here. Optional bodies (working groups, coordination mechanisms) are
    matched so that their span wins, but returned only with `include_optional`. `words` is
    `read_words(text, lang)` when the segment stage has computed it already."""
    found = find_mentions(
        text, lang, state, include_optional=include_optional, discover=discover, words=words
    )
    return [OrgMatch(*f) for f in found]


def find_mentions(
    text: str,
    lang: str,
    state: DocumentState | None = None,
    *,
    include_optional: bool = False,
    discover: bool = True,
    words: Segmented.Words | None = None,
    prepared: Prepared | None = None,
) -> list[tuple[int, int, Org, str]]:
    """`find_organizations` as (start, end, org, how) tuples, without an OrgMatch each: what
    the extractor turns into rows (`prepared`: what it works out for `words` beforehand)."""
    m = matcher(lang)
    state = state if state is not None else DocumentState()
    state.para_no += 1
    if words is None:
        words = read_words(text, lang)
    norm, idx = words.norm, words.index
    if not norm:
        return []
    if prepared is None:
        prepared = prepare(words, m)
    bounds, blocked = prepared.bounds, prepared.blocked

    candidates = list(prepared.names)  # (select() sorts it)
    # A short form that is also a name is found by the automaton at the same spans, where the
    # gazetteer's candidate wins: no need to look for it (not in English, whose names are
    # matched whatever their case, then checked: the automaton may drop what the short form has)
    known = m.entries if lang != "en" else None
    candidates += [
        (s - e, s, rank, e, org, "alias")
        for rank, (s, e, org) in enumerate(alias_spans(norm, state, known=known), 1)
    ]
    # kept: without overlap, in text order, from here on; adding nothing to it leaves it as
    # longest() would, so longest() is run only when a step found something
    kept = select(candidates, norm, bounds, blocked)
    # the patterns found somewhere in the text are the only ones that may block a hit
    if patterns := [rx for rx, lead in m.not_org_patterns if lead in norm and rx.search(norm)]:
        kept = [h for h in kept if not pattern_blocked(h, norm, patterns)]
    kept = extend_units(kept, norm, bounds, m)
    if discover and (found := discovered(norm, bounds, kept, blocked, m)):
        kept = longest(kept + found)
    kept = define_aliases(kept, norm, state, lang, bounds, blocked)
    if found := anaphors(norm, kept, state, m, bounds, blocked):
        kept = longest(kept + found)
    state.recent += [(state.para_no, norm[h.start : h.end], h.org) for h in kept if h.org]
    out = []
    for h in kept:
        if h.org is None or (h.org.optional and not include_optional):
            continue
        out.append((idx[h.start], idx[h.end - 1] + 1, h.org, h.how))
    return out


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


class Blocked(NamedTuple):
    """A span where no mention may be; a tuple (a cheap one, that sorts by start)."""

    start: int
    end: int
    whole_ok: bool = False  # a name that is the whole span is still a mention (“小武器调查”)


# Characters that jieba never puts inside a block of text it segments and tags (one block at a
# time, each on its own): a clause between two of them is tagged alone as in the whole text.
CLAUSE_BREAKS = re.compile("[ ,;:()!?、。《》“”]")


class Boundaries:
    """Where a Chinese word may start or end: the segmentation's boundaries, plus the inside of
    a dictionary compound made of a name and other words (纽约联合国总部 holds 联合国: the
    pieces cut off, 纽约 and 总部, are words of two characters or more; 部门 does not hold
    新闻部, since 门 is left).

    The words (tokens) are contiguous and cover the text, given as `Segmented.Words` keeps them:
    `cuts`, the indices where they meet (word k is norm[cuts[k]:cuts[k + 1]]). A position is a
    boundary if it is a cut, found by bisection over the cuts (nothing is built for a
    paragraph). No cuts: no words (a Latin text), every position is one.

    A few words are asked for their part of speech (a place before a unit, the words before a
    discovered body's suffix): `tag` tags the clause that holds the word, the first time one of
    its words is asked about."""

    def __init__(self, norm: str, cuts: Sequence[int], m: LanguageMatcher):
        self.norm = norm
        self.cuts = cuts
        self.m = m
        self.tags: dict[int, str] = {}  # where a word starts -> its part of speech, once tagged
        self.breaks: list[int] | None = None  # where CLAUSE_BREAKS are, found at the first tag
        self.suspects: list[int] | None = None  # zh_suspects(), once found

    def __bool__(self) -> bool:
        return bool(self.cuts)

    def word_from(self, pos: int) -> int | None:
        """The index of the word starting at `pos`; None if no word starts there."""
        k = bisect_left(self.cuts, pos)
        return k if k < len(self.cuts) - 1 and self.cuts[k] == pos else None

    def tag(self, k: int) -> str:
        """The part of speech of word k, as the segmenter tags the whole text."""
        start = self.cuts[k]
        if start not in self.tags:
            self.tag_clause(start, self.cuts[k + 1])
        return self.tags.get(start, "x")  # "x" (unknown) if tag() cut the text otherwise

    def tag_clause(self, start: int, end: int) -> None:
        """Tag the clause holding the word [start, end): the text from the break before it to
        the break after it, or the word alone if it is a break. jieba reads a text as blocks
        between such characters, each on its own, so the clause is tagged as in the whole
        text; if its words were not those of the whole text (never seen), the whole text is
        tagged instead."""
        norm, cuts = self.norm, self.cuts
        if self.breaks is None:
            self.breaks = [b.start() for b in CLAUSE_BREAKS.finditer(norm)]
        i = bisect_left(self.breaks, start)
        if i < len(self.breaks) and self.breaks[i] == start:
            lo, hi = start, end
        else:
            lo = self.breaks[i - 1] + 1 if i else 0
            hi = self.breaks[i] if i < len(self.breaks) else len(norm)
        pairs = self.m.segmenter().tag(norm[lo:hi])
        starts = list(accumulate(map(len, map(WORD, pairs)), initial=lo))
        first = bisect_left(cuts, lo)
        if starts != list(cuts[first : first + len(starts)]):
            pairs = self.m.segmenter().tag(norm)
            starts = list(accumulate(map(len, map(WORD, pairs)), initial=0))
        self.tags.update(zip(starts[:-1], map(TAG, pairs), strict=True))

    def start_ok(self, s: int) -> bool:
        """A word may start at s (< len(norm)): a token starts there, or the piece of the token
        holding s before it is a word."""
        ts = self.cuts[bisect_right(self.cuts, s) - 1]
        return ts == s or self.is_word(self.norm[ts:s])

    def end_ok(self, e: int) -> bool:
        """A word may end at e (> 0): a token ends there, or the rest of the token is a word."""
        te = self.cuts[bisect_left(self.cuts, e)]
        return te == e or self.is_word(self.norm[e:te])

    def is_word(self, piece: str) -> bool:
        return len(piece) >= 2 and self.m.segmenter().has_word(piece)


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
            spans += [Blocked(*t.span(1), whole_ok) for t in rx.finditer(norm)]
    return BlockedSpans(spans) if spans else NOTHING_BLOCKED


def pattern_blocked(h: Hit, norm: str, patterns: list[re.Pattern[str]]) -> bool:
    """A hit that begins a longer name matching one of `patterns` (the matcher's
    `not_organization_patterns`: 联合国…问题大会)."""
    return any((p := rx.match(norm, h.start)) is not None and p.end() > h.end for rx in patterns)


# A hit before the first selection, as a tuple that sorts the way longest() orders hits: longest
# first, then leftmost, then by rank (0 for a name of the gazetteer, then the short forms in
# order: the same span found both ways is the gazetteer's). (-length, start, rank) is unique,
# so tuples never compare further. (-length, start, rank, end, org, how)
Candidate = tuple[int, int, int, int, Org | None, str]


def automaton_hits(probe: str, norm: str, m: LanguageMatcher) -> list[Candidate]:
    """The names of the gazetteer (and phrases that are not organizations) in `probe`, as
    candidates, in no particular order (one per span)."""
    if m.backward:  # a name ending at i of the reversed probe starts at last - i of the probe
        last = len(probe) - 1
        if m.lang != "en":  # (as below, in one step)
            return [
                (-size, last - i, 0, last - i + size, entry.org, "gazetteer")
                for i, (size, entry) in m.automaton.iter(probe[::-1])
            ]
        spans = [(last - i, size, e) for i, (size, e) in m.automaton.iter(probe[::-1])]
    else:
        spans = [(i + 1 - size, size, e) for i, (size, e) in m.automaton.iter(probe)]
    if m.lang != "en":
        # the probe is the text and a key is one of its entry's names: every hit is as listed
        return [(-size, s, 0, s + size, entry.org, "gazetteer") for s, size, entry in spans]
    return [
        (-size, s, 0, s + size, entry.org, "gazetteer")
        for s, size, entry in spans
        if any(case_ok(norm[s : s + size], n) for n in entry.names)
    ]


def case_ok(written: str, name: str) -> bool:
    """English names match as listed, or in capitals (headlines); a lower-case name (`secretariat
    services`) also matches with its first letter capitalized."""
    if written == name or (len(name) > 4 and written == name.upper()):
        return True
    return name[:1].islower() and written == name[:1].upper() + name[1:]


def alias_spans(
    norm: str, state: DocumentState, start: int = 0, known: Container[str] | None = None
) -> list[tuple[int, int, Org]]:
    """Where the short forms of `state` are written in `norm`, from `start` on: (start, end,
    body), the short forms in order; those `known` are skipped."""
    spans = []
    first = start
    for written, org in state.aliases.values():
        if known is not None and written in known:
            continue
        start = norm.find(written, first)  # as defined: an acronym keeps its case
        while start >= 0:
            spans.append((start, start + len(written), org))
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
    return not (last.isascii() and after == "/") and not (first.isascii() and before == "/")


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


def extend_units(kept: list[Hit], norm: str, bounds: Boundaries, m: LanguageMatcher) -> list[Hit]:
    """`ORG [驻 PLACE] UNIT` (zh) or `ORG UNIT` / `UNIT of ORG` (en) is one mention of ORG.
    `kept` is without overlap, in text order (as longest() leaves it)."""
    if not kept or (m.lang == "zh" and not m.any_unit.search(norm, kept[0].end)):
        return kept  # a Chinese unit is written after a name: none after the first
    out: list[Hit] = []
    extended = False
    for h in kept:
        if h.org is None:
            out.append(h)
            continue
        start, end = h.start, h.end
        if m.lang == "zh":
            end = zh_unit_end(norm, h.end, bounds, m) or end
        else:
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


def zh_unit_end(norm: str, pos: int, bounds: Boundaries, m: LanguageMatcher) -> int | None:
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
    lang: str,
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
        if not is_short_form(short, norm[h.start : h.end], lang):
            continue
        key = short.lower() if lang == "en" else short
        entry = matcher(lang).entries.get(key)
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


def is_short_form(short: str, full: str, lang: str) -> bool:
    """A bracketed text is a short form of `full`: made of its characters (zh) or an acronym
    whose letters follow the name's, starting with its first letter (en)."""
    if lang == "zh" and all(is_cjk(c) for c in short):
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
    probe = norm.lower() if m.lang == "en" else norm
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
            written_ok = m.lang != "en" or norm[at:end] == head
            if free and not plural and written_ok and acceptable(at, end, norm, bounds, blocked):
                if here is None:
                    here = Antecedents(head, norm, kept + out, state, cfg.get("window", 2), m.lang)
                org = here.before(at)
                if org is not None:
                    out.append(Hit(at, end, org, "anaphor"))
                    here.add(out[-1], norm)
            at = probe.find(key, at + 1)
    return out


def has_head(head: str, written: str, org: Org, lang: str) -> bool:
    """zh: 利马区域中心 ends with 区域中心; en: the head is a part of the name (Regional Centre for
    Peace and Disarmament in Africa). The name as written or the body's own name."""
    names = [written, org.name_zh if lang == "zh" else org.name_en]
    key = name_key(head, lang)
    if lang == "zh":
        return any(name_key(n, lang).endswith(key) for n in names)
    return any(re.search(rf"\b{re.escape(key)}\b", name_key(n, lang)) for n in names)


class Antecedents:
    """The bodies a head (区域中心) may refer back to: the hits of the paragraph whose name has
    the head, sorted by start, and the last such body of the `window` paragraphs before."""

    def __init__(
        self, head: str, norm: str, here: list[Hit], state: DocumentState, window: int, lang: str
    ) -> None:
        self.head, self.lang = head, lang
        # (start, -order, end, org): the latest start wins, then the hit listed first
        self.hits = sorted(
            (h.start, -i, h.end, h.org)
            for i, h in enumerate(here)
            if h.org and has_head(head, norm[h.start : h.end], h.org, lang)
        )
        self.count = len(here)
        self.earlier: Org | None = None
        for para_no, written, org in reversed(state.recent):
            if state.para_no - para_no > window:
                break
            if has_head(head, written, org, lang):
                self.earlier = org
                break

    def add(self, h: Hit, norm: str) -> None:
        """A hit found after the list was built (an anaphor: its name is the head)."""
        if h.org and has_head(self.head, norm[h.start : h.end], h.org, self.lang):
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


# ---------------------------------------------------------------- discovery


def discovered(
    norm: str,
    bounds: Boundaries,
    kept: list[Hit],
    blocked: BlockedSpans,
    m: LanguageMatcher,
) -> list[Hit]:
    spans = zh_discovered(norm, bounds, m) if m.lang == "zh" else en_discovered(norm, m)
    if not spans:
        return []
    taken = bytearray(len(norm))  # set where a kept hit or a blocked span lies
    for ts, te in [(h.start, h.end) for h in kept] + [(b.start, b.end) for b in blocked.spans]:
        taken[ts:te] = b"\x01" * (te - ts)
    out = []
    for s, e in spans:
        if taken.find(1, s, e) >= 0:
            continue
        name = norm[s:e]
        org = Org("", name if m.lang == "en" else "", name if m.lang == "zh" else "")
        out.append(Hit(s, e, org, "discovered"))
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


@cache
def zh_discovery(lang: str) -> ZhDiscovery:
    cfg = rules(lang)["discovery"]
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


# ---------------------------------------------------------------- the pipeline stage


class Prepared(NamedTuple):
    """What a paragraph's reading starts from, that no earlier paragraph changes: its
    Boundaries, the automaton's candidates and the spans where no mention may be."""

    bounds: Boundaries
    names: list[Candidate]
    blocked: BlockedSpans


def prepare(words: Segmented.Words, m: LanguageMatcher) -> Prepared:
    norm = words.norm
    probe = norm.lower() if m.lang == "en" else norm
    return Prepared(
        Boundaries(norm, words.cuts, m), automaton_hits(probe, norm, m), blocked_spans(norm, m)
    )


def prepare_all(words: Sequence[Segmented.Words], lang: str) -> list[Prepared]:
    """`prepare` for every paragraph, and the clauses that discovery will tag tagged: each
    kind of work done for all the paragraphs in a row keeps its tables (the automaton, the
    segmenter's dictionary) in the processor's cache, where between the other steps of a
    paragraph it would find them evicted (tagging a clause costs twice as much there)."""
    m = matcher(lang)
    prepared = [prepare(w, m) for w in words]
    if lang == "zh":
        for p in prepared:
            for k in zh_suspects(p.bounds, m):
                p.bounds.tag(k)
    return prepared


def extract(seg: Segmented, *, include_optional: bool = False) -> list[dict[str, Any]]:
    """Rows of the organizations table. Paragraphs are read in document order so that a short
    form defined in one (`全称（简称）`) is known in the next."""
    layout = seg.layout
    lang = layout.document.lang
    state = DocumentState()
    rows: list[dict[str, Any]] = []
    # the segment stage's reading of each paragraph; a hand-built Segmented may lack it
    words = seg.words if len(seg.words) == len(layout.paragraphs) else None
    prepared = prepare_all(words, lang) if words else None
    for k, para in enumerate(layout.paragraphs):
        found = find_mentions(
            para.view.text,
            lang,
            state,
            include_optional=include_optional,
            words=words[k] if words else None,
            prepared=prepared[k] if prepared else None,
        )
        matches = [Match(start, end, org.columns) for start, end, org, _ in found]
        rows += rows_for(layout, para, matches)
    return rows
