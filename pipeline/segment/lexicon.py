"""The organization gazetteer's names as words: what the segment stage's segmenter knows and
what the organization matcher matches.

The records are data (pipeline/resources/organizations/gazetteer.yaml, one bilingual record per
body); how a language writes and extends them is its `organizations.yaml` (UN prefixes, regional
variants, phrases that are not organizations). `lexicon(lang)` holds every name of a language,
normalized as the text is (`Entry`, by key), in the order the records list them: the segmenter
adds them to its dictionary in that order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.cache import cached
from pipeline.language import Profile, profile
from pipeline.resources import load_yaml
from pipeline.text.normalize import name_key, normalize

GAZETTEER = "organizations/gazetteer.yaml"
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

    def name_in(self, lang: str) -> str:
        """The body's canonical name in `lang` ("" where the gazetteer has none)."""
        return str(getattr(self, f"name_{lang}", ""))


@cache
def gazetteer_records() -> tuple[dict[str, Any], ...]:
    return tuple(load_yaml(GAZETTEER)["organizations"])


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


def has_organizations(lang: str) -> bool:
    """The language has organization rules (a folder may have none: no matcher, no words)."""
    return profile(lang).has("organizations")


@dataclass(frozen=True)
class Entry:
    names: tuple[str, ...]  # the listed names with this key, normalized (their case is checked)
    org: Org | None  # None: a phrase that is not an organization


class Lexicon:
    """Every name of one language: the gazetteer's (with the UN prefix for the UN system, in the
    regional variants the rules ask for) and the phrases that are not organizations, by key."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.profile: Profile = profile(lang)
        self.glue_cjk = not self.profile.spaced
        self.fold_case = self.profile.names_case_insensitive
        self.rules: dict[str, Any] = self.profile.rules("organizations")
        # built once for all processes (pipeline/cache.py): the regional variants are a
        # conversion of every name. `ambiguous`: keys of the names some record marks ambiguous,
        # no body of their own either (the organization matcher's discovery does not make one
        # of `Statistics Division`); `alias_only`: keys that only a record's aliases give
        # (`Office of the High Commissioner`, OHCHR's), never a record's name, short form or
        # acronym: a short form a document derives from a body it names in full overrides them
        built = cached(f"lexicon-{lang}", self.build)
        self.entries: dict[str, Entry] = built[0]
        self.ambiguous: set[str] = built[1]
        self.alias_only: frozenset[str] = built[2]

    def build(self) -> tuple[dict[str, Entry], set[str], frozenset[str]]:
        self.entries = {}
        self.ambiguous = set()
        orgs = gazetteer()
        named: set[str] = set()  # keys of names, short forms, acronyms (prefixed or not)
        for r in gazetteer_records():
            org = orgs[r["org_id"]]
            self.ambiguous.update(self.key(n) for n in r.get("ambiguous", []))
            names = self.names_of(r)
            for name in names:
                self.add(name, org)
            for name in self.regional_variants(names):
                self.add(name, org, variant=True)
            own = self.names_of(r, aliases=False)
            named.update(self.key(n) for n in [*own, *self.regional_variants(own)])
        phrases = self.rules.get("not_organizations", [])
        for phrase in phrases:
            self.add(phrase, None)
        for phrase in self.regional_variants(phrases):
            self.add(phrase, None, variant=True)
        alias_only = frozenset(
            k for k, e in self.entries.items() if e.org is not None and k not in named
        )
        return self.entries, self.ambiguous, alias_only

    def key(self, name: str) -> str:
        """A name as the matcher stores it (normalized as the text is)."""
        return name_key(name, self.glue_cjk, self.fold_case)

    def norm(self, text: str) -> str:
        return normalize(text, self.glue_cjk)[0]

    def names_of(self, r: dict[str, Any], *, aliases: bool = True) -> list[str]:
        """A record's names in this language: its name, short forms and aliases (the gazetteer's
        `name_<lang>`, `short_<lang>`, `aliases_<lang>`; without them if not `aliases`),
        prefixed, and its acronym."""
        lang = self.lang
        ambiguous = set(r.get("ambiguous", []))
        names = [r[f"name_{lang}"]] if r.get(f"name_{lang}") else []
        names += [*r.get(f"short_{lang}", []), *(r.get(f"aliases_{lang}", []) if aliases else [])]
        # An ambiguous name is dropped before the prefix is added: 联合国管理部 is as ambiguous
        # as 管理部 (two records sharing an ambiguous 管理部 would clash on it)
        names = [n for n in names if n not in ambiguous]
        if r.get("type") in UN_SYSTEM_TYPES:
            sep = " " if self.profile.spaced else ""
            for prefix in self.rules.get("un_prefixes", []):
                names += [prefix + sep + n for n in names if not n.startswith(prefix)]
        if r.get("acronym") and r["acronym"] not in ambiguous:
            names.append(r["acronym"])
        return names

    def regional_variants(self, names: list[str]) -> list[str]:
        """`names` as the rules' `regional_variants` standards write them, where that is more
        than another form of the same characters (愛滋病 for 艾滋病, not 聯合國 for 联合国)."""
        locales = self.rules.get("regional_variants") or []
        if not locales:
            return []
        from pipeline.text.variants import convert

        out = []
        for name in names:
            key = self.key(name)
            for locale in locales:
                variant = convert(name, locale)
                if self.key(variant) != key and variant not in out:
                    out.append(variant)
        return out

    def add(self, name: str, org: Org | None, *, variant: bool = False) -> None:
        """Index `name` for `org` (None: a phrase that is not an organization). A regional
        `variant` that another entry already holds is left to that entry."""
        key = self.key(name)
        written = self.norm(name)
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


@cache
def lexicon(lang: str) -> Lexicon:
    if not has_organizations(lang):
        raise ValueError(f"no organization rules for language {lang!r}")
    return Lexicon(lang)
