"""The place records and their names in one language, read from pipeline/resources/places/.

Two files hold the names (docs/places.md): `un_names.yaml`, the UN's own names kept by hand, and
`generated_cldr.yaml`, CLDR's and ISO's names, generated. A code named by both takes its record
(kind, short names) from the hand file; CLDR's names of it are still matched where the hand file
does not give the same name to another code. A name that the language's rules
(`<lang>/places.yaml`, `ambiguous`) or a record (`ambiguous`) mark as naming no single place is
never matched on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipeline.resources import load_yaml

HAND = "places/un_names.yaml"
GENERATED = "places/generated_cldr.yaml"
# CLDR regions that M49 does not have: CLDR's 003 "North America" is wider than M49's 021, which
# the hand file names North America (docs/places.md, "Decisions").
CLDR_ONLY_REGIONS = frozenset({"003"})
# The fields of a hand record that hold names in a language, after short_<lang> and formal_<lang>
HAND_NAME_LISTS = ("variants", "informal", "former")
EXTRA_NAMES = {"zh": ("hant_zh",)}  # written in that language's script only
GENERATED_NAME_FIELDS = ("name", "short", "variant")


@dataclass(frozen=True)
class Place:
    """One place: what a row of the places table says about it."""

    code: str
    m49: str
    kind: str  # state | territory | region
    name_en: str
    name_zh: str
    optional: bool = False  # regions without an M49 code (../shared/ANNOTATION.md)
    columns: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "columns",
            {
                "code": self.code,
                "m49": self.m49,
                "kind": self.kind,
                "name_en": self.name_en,
                "name_zh": self.name_zh,
            },
        )


@cache
def hand_records() -> tuple[dict[str, Any], ...]:
    return tuple(load_yaml(HAND)["places"])


@cache
def generated_records() -> tuple[dict[str, Any], ...]:
    return tuple(r for r in load_yaml(GENERATED)["places"] if r["code"] not in CLDR_ONLY_REGIONS)


@cache
def places() -> dict[str, Place]:
    """Every place by code: the hand file's records, then the generated ones it lacks."""
    out: dict[str, Place] = {}
    for r in hand_records():
        out[r["code"]] = Place(
            r["code"],
            r["m49"],
            r["kind"],
            r["short_en"],
            r["short_zh"],
            bool(r.get("optional")),
        )
    for r in generated_records():
        if r["code"] not in out:
            out[r["code"]] = Place(r["code"], r["m49"], r["kind"], r["name_en"], r["name_zh"])
    return out


def hand_names(r: dict[str, Any], lang: str) -> list[str]:
    """A hand record's names in `lang`: short, formal, variants, informal and former names."""
    names = [r[f"short_{lang}"], r[f"formal_{lang}"]]
    for key in HAND_NAME_LISTS:
        names += r.get(f"{key}_{lang}", [])
    for key in EXTRA_NAMES.get(lang, ()):
        names += r.get(key, [])
    return names


def generated_names(r: dict[str, Any], lang: str) -> list[str]:
    return [n for f in GENERATED_NAME_FIELDS if (n := r.get(f"{f}_{lang}"))]


def names(
    lang: str, key: Any, ambiguous: set[str], forms: Sequence[str] = ()
) -> dict[str, tuple[Place, list[str]]]:
    """Key (as `key(name)` gives it) -> (the place, the names written so), in `lang`. Hand names
    first; a generated name only where no hand name has its key; `ambiguous` keys are left out.
    Then a State's name made of each of `forms` and its short name (`Kingdom of {}`: Kingdom of
    Italy, a formal or former name the files do not list), where no name above has its key."""
    all_places = places()
    out: dict[str, tuple[Place, list[str]]] = {}

    def add(name: str, place: Place) -> None:
        k = key(name)
        if not k or k in ambiguous:
            return
        if k in out:
            if out[k][0].code == place.code and name not in out[k][1]:
                out[k][1].append(name)
            return  # tests/test_places_data.py keeps a name to one code
        out[k] = (place, [name])

    for r in hand_records():
        for name in hand_names(r, lang):
            add(name, all_places[r["code"]])
    claimed = set(out)
    for r in generated_records():
        for name in generated_names(r, lang):
            if key(name) not in claimed:
                add(name, all_places[r["code"]])
    claimed = set(out)
    for r in hand_records() if forms else ():
        if r["kind"] == "state":
            for form in forms:
                if key(name := form.format(r[f"short_{lang}"])) not in claimed:
                    add(name, all_places[r["code"]])
    return out


def record_ambiguous() -> list[str]:
    """The names the records themselves mark ambiguous, in any language."""
    return [n for r in hand_records() for n in r.get("ambiguous", [])]
