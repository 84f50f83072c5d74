"""What two aligned versions agree and disagree on: the values of each kind of mention, and the
organization name pairs (Chinese, English) the gazetteer lacks."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pipeline.compare.alignment import Pair, Side
from pipeline.language import profile
from pipeline.text.cjk import has_cjk


# -- comparison -----------------------------------------------------------------------------------
@dataclass
class Diff:
    # counts over units: a value common to three aligned pairs counts three times
    common: Counter[str] = field(default_factory=Counter)
    only_zh: Counter[str] = field(default_factory=Counter)
    only_en: Counter[str] = field(default_factory=Counter)

    def add(self, other: Diff) -> None:
        self.common += other.common
        self.only_zh += other.only_zh
        self.only_en += other.only_en

    @property
    def agreement(self) -> float | None:
        """Dice over the values of the two versions, unit by unit: 1.0 when every aligned pair
        gives the same set of values."""
        n_common = sum(self.common.values())
        total = 2 * n_common + sum(self.only_zh.values()) + sum(self.only_en.values())
        return 2 * n_common / total if total else None

    @property
    def disagrees(self) -> bool:
        return bool(self.only_zh or self.only_en)


def diff_values(zh: set[str], en: set[str]) -> Diff:
    return Diff(common=Counter(zh & en), only_zh=Counter(zh - en), only_en=Counter(en - zh))


@dataclass
class NamePair:
    zh: str
    en: str
    org_ids: set[str] = field(default_factory=set)
    where: list[str] = field(default_factory=list)  # "zh-key/en-key" of the aligned pairs
    how: str = ""  # "same id", "only unmatched names", "by order"


@dataclass
class Comparison:
    name: str
    zh: Side
    en: Side
    pairs: list[Pair]
    diffs: list[dict[str, Diff]]  # per pair, per table
    totals: dict[str, Diff]
    document_totals: dict[str, Diff]  # values compared over the whole document, no alignment
    name_pairs: list[NamePair]


def _clean_name(name: str, lang: str) -> str:
    """A name as written, its white space as the language spaces words (none in Chinese), and a
    CJK-script name in simplified characters."""
    p = profile(lang)
    name = re.sub(r"\s+", " " if p.spaced else "", name).strip()
    if p.script == "cjk":
        from pipeline.text.variants import convert

        name = convert(name, "zh-hans")
    return name


def org_name_pairs(zh: Side, en: Side, pairs: list[Pair]) -> list[NamePair]:
    """English/Chinese name pairs suggested by organization mentions of aligned paragraphs.

    - mentions of the same org id in both versions pair their names as written;
    - the mentions left over in both (unlinked, or linked to an id the other version lacks)
      pair up when there is one on each side and at least one of the two is unlinked, or in
      order of appearance when both sides have the same number of them.
    """
    found: dict[tuple[str, str], NamePair] = {}

    def note(z: dict[str, Any], e: dict[str, Any], where: str, how: str) -> None:
        key = (_clean_name(z["text"], "zh"), _clean_name(e["text"], "en"))
        np_ = found.setdefault(key, NamePair(key[0], key[1], how=how))
        np_.org_ids |= {i for i in (z.get("org_id"), e.get("org_id")) if i}
        if where not in np_.where:
            np_.where.append(where)

    for pair in pairs:
        if pair.zh is None or pair.en is None:
            continue
        where = f"{zh.units[pair.zh].key}/{en.units[pair.en].key}"
        zr = zh.rows[pair.zh]["organizations"]
        er = en.rows[pair.en]["organizations"]
        zh_ids = {r.get("org_id") for r in zr if r.get("org_id")}
        en_ids = {r.get("org_id") for r in er if r.get("org_id")}
        for oid in zh_ids & en_ids:
            z_names = _first_by_name([r for r in zr if r.get("org_id") == oid], "zh")
            e_names = _first_by_name([r for r in er if r.get("org_id") == oid], "en")
            for z in z_names:
                for e in e_names:
                    note(z, e, where, "same id")
        z_left = _first_by_name([r for r in zr if r.get("org_id") not in en_ids], "zh")
        e_left = _first_by_name([r for r in er if r.get("org_id") not in zh_ids], "en")
        if len(z_left) == 1 and len(e_left) == 1:
            # two names linked to two different ids are two known bodies, not one name pair
            if not (z_left[0].get("org_id") and e_left[0].get("org_id")):
                note(z_left[0], e_left[0], where, "only unmatched names")
        elif z_left and len(z_left) == len(e_left):
            for z, e in zip(z_left, e_left, strict=True):
                note(z, e, where, "by order")
    return sorted(found.values(), key=lambda p: (-len(p.where), p.en))


def _first_by_name(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for r in sorted(rows, key=lambda r: r["start"]):
        seen.setdefault(_clean_name(r["text"], lang), r)
    return list(seen.values())


def gazetteer_names() -> list[tuple[set[str], set[str]]]:
    """(Chinese names, English names) of every gazetteer record; [] where there is none yet."""
    from pipeline.resources import RESOURCES, load_yaml
    from pipeline.segment.lexicon import GAZETTEER

    if not (RESOURCES / GAZETTEER).exists():
        return []
    records = (load_yaml(GAZETTEER) or {}).get("organizations") or []
    out = []
    for r in records:
        zh = {r.get("name_zh") or "", *(r.get("short_zh") or []), *(r.get("aliases_zh") or [])}
        en = {r.get("name_en") or "", r.get("acronym") or "", *(r.get("aliases_en") or [])}
        ambiguous = r.get("ambiguous") or []  # still names of the record, in either language
        zh |= {n for n in ambiguous if has_cjk(n)}
        en |= {n for n in ambiguous if not has_cjk(n)}
        out.append(
            ({_clean_name(n, "zh") for n in zh if n}, {_clean_name(n, "en") for n in en if n})
        )
    return out


def _variants(name: str, lang: str) -> set[str]:
    """The name with and without its UN prefix (the matcher adds it, the gazetteer omits it)."""
    out = {name}
    p = profile(lang)
    if p.has("organizations"):
        for un in p.rules("organizations")["un_prefixes"]:
            prefix = un + (" " if p.spaced else "")
            if name.startswith(prefix):
                out.add(name[len(prefix) :].strip())
    return out


def missing_from_gazetteer(
    name_pairs: list[NamePair], records: list[tuple[set[str], set[str]]]
) -> list[NamePair]:
    """The pairs no gazetteer record knows under both names."""
    out = []
    for np_ in name_pairs:
        zv, ev = _variants(np_.zh, "zh"), _variants(np_.en, "en")
        if not any(zv & zh_names and ev & en_names for zh_names, en_names in records):
            out.append(np_)
    return out
