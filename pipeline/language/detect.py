"""Which supported language a text is in, from the profiles (pipeline/resources/<lang>/).

By script first: a text whose CJK ideographs make up more than a fifth of its letters (ideographs
and ASCII letters, among its first 50,000 characters) is in a `cjk` language, any other in a
`latin` one. Where a script has several languages, the one whose `detect_words` (frequent short
words) occur most often among the first words of the text wins; a tie (no such word at all)
goes to the language its profile marks `detect_default`, else the first by code.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from pipeline.language.profiles import languages, profile
from pipeline.text.cjk import letter_counts

LANGUAGE_SAMPLE = 50_000  # characters whose letters are counted
WORD_SAMPLE = 5_000  # characters whose words are counted, where a script has several languages
CJK_SHARE = 0.2
WORD = re.compile(r"[^\W\d_]+")


@cache
def _by_script() -> dict[str, tuple[str, ...]]:
    """Script -> its languages, the default first."""
    out: dict[str, list[str]] = {}
    for code in languages():
        out.setdefault(profile(code).script, []).append(code)
    return {
        script: tuple(sorted(codes, key=lambda c: (not profile(c).detect_default, c)))
        for script, codes in out.items()
    }


def detect(text: str) -> str:
    """The language of a text among the supported ones."""
    cjk, latin = letter_counts(text[:LANGUAGE_SAMPLE])
    scripts = _by_script()
    script = "cjk" if cjk + latin and cjk / (cjk + latin) > CJK_SHARE else "latin"
    candidates = scripts.get(script) or next(iter(scripts.values()))
    if len(candidates) == 1:
        return candidates[0]
    return _by_words(text[:WORD_SAMPLE], candidates)


def _by_words(sample: str, candidates: tuple[str, ...]) -> str:
    words = Counter(w.lower() for w in WORD.findall(sample))
    best, best_count = candidates[0], 0
    for code in candidates:
        count = sum(words[w] for w in profile(code).detect_words)
        if count > best_count:
            best, best_count = code, count
    return best
