"""Bodies the gazetteer does not list: their stable ids (`new:<slug>`) and the registry of one
document, which gives every form of one body (its full name, its acronym, a short form, a name
in another language) the same `Org`.

The id is derived from the name the document defines the body by (docs/annotation.md,
"Organization ids"): lower-case, accents folded, a leading "the" dropped, every other run of
characters that are not letters or digits one `-` (`new:lawyers-for-justice-in-libya`,
`new:prime-minister-s-office`). A name written in ideographs keeps them, its spaces dropped
(`new:萨赫勒五国集团秘书处`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from pipeline.segment.lexicon import Org
from pipeline.text.cjk import has_cjk

NEW = "new:"
ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
NOT_ALNUM = re.compile(r"[^0-9a-z\u3400-\u9fff\uf900-\ufaff]+")


def glued(name: str) -> bool:
    """A name written in ideographs (and digits), no Latin letter: spaces are no part of it."""
    return has_cjk(name) and not re.search(r"[A-Za-z]", name)


@lru_cache(maxsize=4096)
def slug(name: str) -> str:
    """The id part of a body named `name` (see the module docstring)."""
    if glued(name):
        return "".join(name.split())
    folded = unicodedata.normalize("NFKD", " ".join(name.split()))
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    return NOT_ALNUM.sub("-", ARTICLE.sub("", folded)).strip("-")


def is_new(org: Org | None) -> bool:
    return org is not None and org.org_id.startswith(NEW)


@lru_cache(maxsize=4096)
def new_org(name: str, lang: str, written: str = "") -> Org:
    """A body the gazetteer lacks, named `name` (normalized: its id) and `written` so: its name,
    in the column of `lang` where the table has one (the other language's name is unknown),
    is the written one, or the normalized one for a name in ideographs (simplified characters,
    as the gazetteer writes them)."""
    names = {"en": "", "zh": ""}  # (the table's two name columns)
    if lang in names:  # ideographs as normalized (simplified), other names as written
        names[lang] = "".join(name.split()) if glued(name) else " ".join((written or name).split())
    return Org(NEW + slug(name), name_en=names["en"], name_zh=names["zh"], type="new")


@dataclass
class Bodies:
    """The new bodies of one document, by id. `get` gives the body a name makes, the one met
    before when its id is known (a name written twice, in two spellings that give one slug);
    `learn_acronym` and `merge` record what a definition teaches about a body."""

    lang: str
    # the paragraph being read (find_mentions sets both): its normalized text, where ids come
    # from (traditional characters folded), and its text as written, where names come from
    norm: str = ""
    written: Callable[[int, int], str] = field(default=lambda s, e: "")
    by_id: dict[str, Org] = field(default_factory=dict)
    # new ids made another body by a definition (`Name (ACR)` whose ACR was defined before)
    merged: dict[str, Org] = field(default_factory=dict)

    def get(self, start: int, end: int) -> Org:
        """The body named by the span [start, end) of the paragraph being read."""
        return self.current(new_org(self.norm[start:end], self.lang, self.written(start, end)))

    def current(self, org: Org) -> Org:
        """The latest record of `org`: the body a definition made it one with, the acronym a
        later definition gave it; `org` itself for a gazetteer body."""
        seen = 0
        while is_new(org) and org.org_id in self.merged and seen < 8:
            org, seen = self.merged[org.org_id], seen + 1
        if not is_new(org):
            return org
        known = self.by_id.get(org.org_id)
        if known is None:
            self.by_id[org.org_id] = org
            return org
        return known

    def learn_acronym(self, org: Org, acronym: str) -> Org:
        """`org` (a new body) is also called `acronym`: its record gets it, if it has none."""
        org = self.current(org)
        if not is_new(org) or org.acronym:
            return org
        org = replace(org, acronym=acronym)
        self.by_id[org.org_id] = org
        return org

    def merge(self, org: Org, into: Org) -> Org:
        """`org` (a new body) is another name of the body `into` (`National Office Against
        Racial Discriminations (UNAR...)` after `UNAR, National Office against Racial
        Discrimination`; `Senate (Senato della Republica)`)."""
        into = self.current(into)
        if is_new(org) and org.org_id != into.org_id:
            self.merged[org.org_id] = into
            if not into.acronym and self.by_id.get(org.org_id, org).acronym and is_new(into):
                into = self.learn_acronym(into, self.by_id[org.org_id].acronym)
        return into
