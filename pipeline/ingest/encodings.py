"""Which legacy encoding a text file is in, when its bytes are neither UTF-8 nor UTF-16.

Legacy encodings decode almost any bytes into some text: cp1252 maps all bytes but five to a
character, GB18030 reads most pairs of high bytes as an ideograph. A strict decode that succeeds
proves little (`C\\xf4te` is `Côte` in cp1252 and `C魌e` in GB18030), so every reading that
decodes is scored: the share of its non-ASCII characters that are plausible in text of its
script (the script of the language pipeline.language detects in that reading). The most
plausible reading wins (on a tie, the first in the order of resources/ingest.yaml). Plausible:

- a letter whose word (run of letters) is written in one script: `C魌e` mixes Latin and Han;
- an ideograph that is a common one, of the first level of the national standards (GB 2312
  level 1 and Big5's frequent characters): real Chinese text is nearly all of them, while a
  Big5 file read as GB18030 gives rare ideographs, kana and Cyrillic letters;
- a Latin letter outside ASCII in a word that also holds ASCII letters (Côte, Kytömäki), or in
  a very short word (à, ô): a Chinese file read as cp1252 gives words like `ÁªºÏ`;
- a punctuation mark or symbol of the ranges the script's text uses (resources/ingest.yaml);
  in Latin text it also stands next to an ASCII character (a space, a digit, a letter);
- and none at all in a Latin-script reading whose non-space characters are mostly outside ASCII
  (English has under 2 % of them; a Big5 file read as cp1252, 70 %).

The choice is *certain* when the winner is plausible, every other reading is far less so, and
enough characters decide it; otherwise the caller warns, naming the encoding chosen.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from pipeline.language import detect, profile
from pipeline.resources import load_yaml
from pipeline.text.cjk import is_cjk

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_LETTER = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_WORD_EDGE = 64  # ASCII letters looked at on each side of a non-ASCII run (a word is shorter)


@dataclass(frozen=True)
class Rules:
    legacy: tuple[str, ...]  # the encodings tried, in order
    common_ideographs: frozenset[str]
    symbols: dict[str, re.Pattern[str]]  # script -> the punctuation and symbols it uses
    beside_ascii: frozenset[str]  # scripts whose symbols stand next to an ASCII character
    max_non_ascii: dict[str, float]  # script -> largest share of non-ASCII non-space characters
    short_word: int
    sample: int  # non-ASCII characters scored at most
    plausible: float
    certain_share: float
    certain_margin: float
    min_evidence: int


@cache
def rules() -> Rules:
    data: dict[str, Any] = load_yaml("ingest.yaml")["encodings"]
    scripts: dict[str, Any] = data["scripts"]
    decide = data["decide"]
    return Rules(
        legacy=tuple(data["legacy"]),
        common_ideographs=_common_ideographs(tuple(map(tuple, data["common_ideographs"]))),
        symbols={
            script: re.compile("[" + "".join(map(_range_class, spec["symbols"])) + "]")
            for script, spec in scripts.items()
        },
        beside_ascii=frozenset(s for s, spec in scripts.items() if spec["beside_ascii"]),
        max_non_ascii={s: spec["max_non_ascii"] for s, spec in scripts.items()},
        short_word=data["short_word"],
        sample=data["sample"],
        plausible=decide["plausible"],
        certain_share=decide["certain_share"],
        certain_margin=decide["certain_margin"],
        min_evidence=decide["min_evidence"],
    )


def _range_class(spec: str) -> str:
    """ "3000-303F" or "00B7" as a regex class body."""
    first, _, last = spec.partition("-")
    lo = chr(int(first, 16))
    return re.escape(lo) + ("-" + re.escape(chr(int(last, 16))) if last else "")


def _common_ideographs(sources: tuple[tuple[str, str, str], ...]) -> frozenset[str]:
    """The characters of the two-byte codes first..last (hex) of each named codec."""
    out: set[str] = set()
    for encoding, first, last in sources:
        lo, hi = int(first, 16), int(last, 16)
        for code in range(lo, hi + 1):
            try:
                ch = code.to_bytes(2, "big").decode(encoding)
            except UnicodeDecodeError:
                continue  # a trail byte outside the codec's range
            if is_cjk(ch):
                out.add(ch)
    return frozenset(out)


@lru_cache(maxsize=8192)
def letter_script(ch: str) -> str:
    """The script of a letter, coarsely: HAN, LATIN (every letter below U+0370, so ª º µ and
    the modifier letters too), else the first word of its Unicode name (CYRILLIC, GREEK,
    HIRAGANA, FULLWIDTH ...)."""
    if is_cjk(ch) or "\U00020000" <= ch <= "\U0003ffff":
        return "HAN"
    if ch < "\u0370":
        return "LATIN"
    return unicodedata.name(ch, "?").split(" ", 1)[0]


@dataclass(frozen=True)
class Score:
    encoding: str
    share: float  # of non-ASCII characters plausible
    evidence: int  # non-ASCII characters scored


def score(text: str, encoding: str = "") -> Score:
    """How plausible a reading is (see the module docstring)."""
    r = rules()
    script = profile(detect(text)).script
    if _non_ascii_share(text) > r.max_non_ascii.get(script, 1.0):
        return Score(encoding, 0.0, min(r.sample, len(text)))  # not text of this script
    symbols = r.symbols.get(script)
    beside_ascii = script in r.beside_ascii
    good = total = 0
    n = len(text)
    for m in _NON_ASCII.finditer(text):
        a, b = m.span()
        # the run's words may go on in ASCII letters on either side (C|ô|te)
        start = a
        while start > 0 and a - start < _WORD_EDGE and text[start - 1] in _ASCII_LETTER:
            start -= 1
        end = b
        while end < n and end - b < _WORD_EDGE and text[end] in _ASCII_LETTER:
            end += 1
        good += _plausible_in(text, start, end, a, b, symbols, beside_ascii, r)
        total += b - a
        if total >= r.sample:
            break
    return Score(encoding, good / total if total else 1.0, total)


def _non_ascii_share(text: str, sample: int = 200_000) -> float:
    """Share of the non-space characters (among the first `sample`) that are outside ASCII."""
    solid = "".join(text[:sample].split())
    return (len(solid) - len(solid.encode("ascii", "ignore"))) / len(solid) if solid else 0.0


def _plausible_in(
    text: str,
    start: int,
    end: int,
    a: int,
    b: int,
    symbols: re.Pattern[str] | None,
    beside_ascii: bool,
    r: Rules,
) -> int:
    """How many characters of the non-ASCII run text[a:b] are plausible; text[start:end] is
    the run with the ASCII letters that touch it."""
    good = 0
    i = start
    while i < end:
        j = i
        while j < end and text[j].isalpha():
            j += 1
        if j > i:  # a word: text[i:j]
            good += _plausible_word(text[i:j], r)
            i = j
            continue
        ch = text[i]
        if i >= a and ch >= "\x80":
            cat = unicodedata.category(ch)
            if cat[0] == "M":  # a combining mark belongs to the letter before it
                good += i > 0 and text[i - 1].isalpha()
            elif symbols is not None and symbols.fullmatch(ch):
                good += not beside_ascii or _touches_ascii(text, i)
        i += 1
    return good


def _plausible_word(word: str, r: Rules) -> int:
    """The plausible non-ASCII letters of one word."""
    scripts = {letter_script(ch) for ch in word}
    non_ascii = [ch for ch in word if ch >= "\x80"]
    if len(scripts) != 1:
        return 0
    (script,) = scripts
    if script == "HAN":
        return sum(ch in r.common_ideographs for ch in non_ascii)
    if script == "LATIN" and len(non_ascii) == len(word) and len(word) > r.short_word:
        return 0
    return len(non_ascii)


def _touches_ascii(text: str, i: int) -> bool:
    return (i > 0 and text[i - 1] < "\x80") or (i + 1 < len(text) and text[i + 1] < "\x80")


@dataclass(frozen=True)
class Choice:
    best: Score
    rivals: tuple[Score, ...]  # the other readings that decode, best first
    certain: bool


def choose(scores: list[Score]) -> Choice | None:
    """The most plausible reading (the first on a tie), or None when none is plausible."""
    r = rules()
    ranked = sorted(scores, key=lambda s: -s.share)  # stable: the order tried breaks ties
    if not ranked or ranked[0].share < r.plausible:
        return None
    best, rivals = ranked[0], tuple(ranked[1:])
    certain = best.share >= r.certain_share and all(
        s.share <= best.share - r.certain_margin for s in rivals
    )
    if rivals and best.evidence < r.min_evidence:
        certain = False
    return Choice(best, rivals, certain)
