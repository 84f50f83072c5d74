"""Language profiles: everything about a language, read from `pipeline/resources/<lang>/`.

A language is a folder of pipeline/resources holding a `language.yaml`; the supported languages
are exactly the folders present (`languages()`), and detection (`detect`), the command line and
spaCy take them from there. `profile(lang)` loads and checks the folder once: `language.yaml`
becomes a typed `Profile`, and every rule file of the folder that has a schema (layout, dates,
symbols, organizations; pipeline/language/schemas.py) is checked against it, so that a file with
a wrong key or type fails at load with its file, key and reason (`RuleFileError`), not later in
an engine. The engines read profile fields (`spaced`, `names_case_insensitive`, `segmenter`, ...)
and the checked rule files (`profile.rules("dates")`), never the language's code.
"""

from __future__ import annotations

from pipeline.language.detect import detect
from pipeline.language.profiles import (
    Numerals,
    Profile,
    UnknownLanguage,
    all_un_markers,
    languages,
    profile,
)
from pipeline.language.schema import RuleFileError

__all__ = [
    "Numerals",
    "Profile",
    "RuleFileError",
    "UnknownLanguage",
    "all_un_markers",
    "detect",
    "languages",
    "profile",
]
