"""The place data: the hand-kept UN names, the generated CLDR/ISO list and the matcher's rules.

Walks every record of pipeline/resources/places/: every Member State, observer State, territory
and M49 region is named in both languages, formal and short; every code is a valid alpha-3 (or
XKX, or a former State's ISO 3166-3 code) with its M49 code; no name links to two codes in one
language unless it is marked ambiguous; every rule names what the name files hold. The
reproducibility test regenerates the generated file and skips when its sources (or their
versions) are not installed.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
import zhconv

ROOT = Path(__file__).resolve().parents[1]
PLACES = ROOT / "pipeline" / "resources" / "places"
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _codes(text: str) -> set[str]:
    return set(text.split())


# The 193 Member States (alpha-3), written from the UN list of Member States; cross-checked below
# with the hand file, with CLDR's grouping "UN" (in the generated file) and with pycountry.
MEMBER_STATES = _codes(
    """
    AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA
    BRA BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK
    COD DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD
    GTM GIN GNB GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ
    LAO LVA LBN LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE
    MAR MOZ MMR NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT
    QAT KOR MDA ROU RUS RWA KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF
    SSD ESP LKA SDN SUR SWE CHE SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA
    USA URY UZB VUT VEN VNM YEM ZMB ZWE
    """
)
OBSERVER_STATES = {"VAT", "PSE"}
# The 17 Non-Self-Governing Territories on the list of the Special Committee on Decolonization.
NSGTS = _codes("ESH AIA BMU VGB CYM FLK MSR SHN TCA VIR GIB ASM PYF GUM NCL PCN TKL")
# Former States and territories keep their ISO 3166-3 codes; M49 890 is the former Socialist
# Federal Republic of Yugoslavia (ISO's last numeric for YUG was 891, now Serbia and Montenegro).
FORMER = {"SUN", "YUG", "SCG", "CSK", "DDR", "YMD", "ANT", "PCI"}
M49_NOT_ISO = {"YUG": "890"}
# Where the hand file's kind differs from the generated one, and why: the two observer States
# are not in CLDR's grouping of UN Member States.
KIND_OVERRIDES = {"VAT": "state", "PSE": "state"}
# CLDR regions that M49 does not have (003 North America: CLDR's, wider than M49's 021).
CLDR_ONLY_REGIONS = {"003"}

KINDS = {"state", "territory", "region"}
STATUS_KIND = {
    "member": "state",
    "observer": "state",
    "nsgt": "territory",
    "territory": "territory",
    "former": None,  # state or territory
    "m49": "region",
    "project": "region",
}
NAME_FIELDS = {"short_en", "formal_en", "short_zh", "formal_zh"}
LIST_FIELDS = {
    "variants_en",
    "variants_zh",
    "informal_en",
    "informal_zh",
    "former_en",
    "former_zh",
    "hant_zh",
    "ambiguous",
}
OTHER_FIELDS = {"code", "m49", "kind", "status", "the", "optional", "parent", "note"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _load(name: str) -> Any:
    with (PLACES / name).open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=Loader)


@cache
def hand() -> list[dict[str, Any]]:
    return _load("un_names.yaml")["places"]


@cache
def generated() -> dict[str, Any]:
    return _load("generated_cldr.yaml")


@cache
def generated_by_code() -> dict[str, dict[str, Any]]:
    return {r["code"]: r for r in generated()["places"]}


@cache
def rules(lang: str) -> dict[str, Any]:
    """The language's place rules: pipeline/resources/<lang>/places.yaml (the profile layout)."""
    with (ROOT / "pipeline" / "resources" / lang / "places.yaml").open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=Loader)


def _norm(name: str, lang: str) -> str:
    """The form the matcher compares: one apostrophe in English, simplified characters in Chinese."""
    if lang == "en":
        return name.replace("’", "'")
    return zhconv.convert(name, "zh-cn")


def hand_names(rec: dict[str, Any], lang: str) -> list[str]:
    names = [rec[f"short_{lang}"], rec[f"formal_{lang}"]]
    for key in ("variants", "informal", "former"):
        names += rec.get(f"{key}_{lang}", [])
    if lang == "zh":
        names += rec.get("hant_zh", [])
    return names


def lang_of(name: str) -> str:
    return "zh" if CJK.search(name) else "en"


@cache
def index(lang: str) -> dict[str, set[str]]:
    """Name -> codes, as the matcher would build it: hand names, then generated names of codes
    whose name the hand file does not claim; names marked ambiguous are left out."""
    blocked = {_norm(r["text"], lang) for r in rules(lang)["ambiguous"]}
    for rec in hand():
        blocked |= {_norm(n, lang) for n in rec.get("ambiguous", []) if lang_of(n) == lang}
    out: dict[str, set[str]] = defaultdict(set)
    for rec in hand():
        for name in hand_names(rec, lang):
            if _norm(name, lang) not in blocked:
                out[_norm(name, lang)].add(rec["code"])
    hand_claimed = set(out)
    for rec in generated()["places"]:
        if rec["code"] in CLDR_ONLY_REGIONS:
            continue
        for key in ("name", "short", "variant"):
            name = rec.get(f"{key}_{lang}")
            if name and _norm(name, lang) not in blocked | hand_claimed:
                out[_norm(name, lang)].add(rec["code"])
    return dict(out)


def resolve(name: str, lang: str) -> set[str]:
    return index(lang).get(_norm(name, lang), set())


# --- the hand file ---------------------------------------------------------------------------


def test_hand_records_have_the_schema() -> None:
    seen = set()
    for rec in hand():
        code = rec["code"]
        assert code not in seen, f"{code} twice"
        seen.add(code)
        unknown = set(rec) - NAME_FIELDS - LIST_FIELDS - OTHER_FIELDS
        assert not unknown, f"{code}: unknown fields {unknown}"
        assert rec["kind"] in KINDS, code
        assert rec["status"] in STATUS_KIND, code
        expected_kind = STATUS_KIND[rec["status"]]
        assert expected_kind in (None, rec["kind"]), f"{code}: {rec['status']} is a {expected_kind}"
        for field in NAME_FIELDS:
            name = rec.get(field)
            assert isinstance(name, str) and name.strip() == name and name, f"{code}: {field}"
            assert bool(CJK.search(name)) == field.endswith("_zh"), f"{code}: {field} {name!r}"
        for field in LIST_FIELDS & set(rec):
            values = rec[field]
            assert isinstance(values, list) and values, f"{code}: {field}"
            assert len(set(values)) == len(values), f"{code}: {field} repeats a name"
            for name in values:
                assert isinstance(name, str) and name.strip() == name and name, f"{code}: {field}"
                if field != "ambiguous":
                    assert bool(CJK.search(name)) == field.endswith("_zh"), f"{code}: {name!r}"
        for name in hand_names(rec, "en"):
            assert not name.startswith(("the ", "The ")) or name.startswith("The former"), (
                f"{code}: {name!r} -- names are stored without a leading 'the' (see `the`)"
            )
        assert rec.get("the", False) in (True, False) and rec.get("optional", False) in (
            True,
            False,
        )


def test_codes_and_m49() -> None:
    gen = generated_by_code()
    regions = {r["code"] for r in hand() if r["kind"] == "region"}
    for rec in hand():
        code, m49 = rec["code"], rec["m49"]
        assert isinstance(m49, str), f"{code}: m49 must be a string"
        if rec["kind"] == "region":
            if rec["status"] == "m49":
                assert re.fullmatch(r"\d{3}", code) and m49 == code, code
            else:
                assert re.fullmatch(r"[a-z]+(_[a-z]+)*", code) and m49 == "", code
                assert rec.get("optional") is True, f"{code}: regions without M49 are optional"
            if "parent" in rec:
                assert rec["parent"] in regions, f"{code}: parent {rec['parent']}"
            continue
        assert re.fullmatch(r"[A-Z]{3}", code), code
        if rec["status"] == "former":
            assert code in FORMER, f"{code}: a former State needs its ISO 3166-3 code"
            assert re.fullmatch(r"\d{3}", m49), code
            continue
        assert code in gen, f"{code}: not an ISO 3166-1 alpha-3 code (nor XKX)"
        assert m49 == gen[code]["m49"], f"{code}: m49 {m49} but ISO numeric {gen[code]['m49']}"
        assert re.fullmatch(r"\d{3}", m49) or code == "XKX", code
        assert rec["kind"] == KIND_OVERRIDES.get(code, gen[code]["kind"]), code


def test_former_codes_match_iso_3166_3() -> None:
    pycountry = pytest.importorskip("pycountry")
    historic = {c.alpha_3: c for c in pycountry.historic_countries}
    for rec in hand():
        if rec["status"] == "former":
            iso = historic[rec["code"]]
            assert rec["m49"] == M49_NOT_ISO.get(rec["code"], iso.numeric), rec["code"]


def test_all_member_and_observer_states_and_nsgts_are_there() -> None:
    by_status: dict[str, set[str]] = defaultdict(set)
    for rec in hand():
        by_status[rec["status"]].add(rec["code"])
    assert len(MEMBER_STATES) == 193
    assert by_status["member"] == MEMBER_STATES
    assert by_status["observer"] == OBSERVER_STATES
    assert by_status["nsgt"] == NSGTS
    cldr_un = {r["code"] for r in generated()["places"] if "UN" in r.get("groupings", [])}
    assert cldr_un == MEMBER_STATES, "CLDR's grouping of UN Member States disagrees"


def test_member_states_are_iso_countries() -> None:
    pycountry = pytest.importorskip("pycountry")
    for code in MEMBER_STATES | OBSERVER_STATES | NSGTS:
        assert pycountry.countries.get(alpha_3=code) is not None, code


def test_every_place_of_the_generated_list_has_un_names() -> None:
    """Every M49 region and every ISO country or territory has a hand record (and so the UN's
    English and Chinese names, formal and short: the schema test checks they are there)."""
    hand_codes = {r["code"] for r in hand()}
    missing = sorted(set(generated_by_code()) - hand_codes - CLDR_ONLY_REGIONS)
    assert not missing, f"no UN names for {missing}"


def test_every_name_resolves_to_its_own_code() -> None:
    for lang in ("en", "zh"):
        for rec in hand():
            ambiguous = {_norm(n, lang) for n in rec.get("ambiguous", [])}
            for name in hand_names(rec, lang):
                if _norm(name, lang) in ambiguous:
                    continue
                assert resolve(name, lang) == {rec["code"]}, (
                    f"{lang} {name!r} of {rec['code']} resolves to {resolve(name, lang)}"
                )


def test_no_name_links_to_two_codes() -> None:
    for lang in ("en", "zh"):
        clashes = {n: c for n, c in index(lang).items() if len(c) > 1}
        assert not clashes, f"{lang}: names with two codes (mark them ambiguous): {clashes}"


def test_ambiguous_names_are_not_matched_and_name_real_codes() -> None:
    codes = {r["code"] for r in hand()}
    for lang in ("en", "zh"):
        for entry in rules(lang)["ambiguous"]:
            assert not resolve(entry["text"], lang), entry["text"]
            assert set(entry["codes"]) <= codes, entry
            assert entry["why"], entry


def test_generated_file_is_consistent() -> None:
    gen = generated_by_code()
    assert len(gen) == len(generated()["places"]), "a code twice"
    for code, rec in gen.items():
        if rec["kind"] == "region":
            assert re.fullmatch(r"\d{3}", code) and rec["m49"] == code, code
            assert not rec["parent"] or rec["parent"] in gen, code
        else:
            assert re.fullmatch(r"[A-Z]{3}", code) and re.fullmatch(r"[A-Z]{2}", rec["alpha2"])
            assert re.fullmatch(r"\d{3}", rec["m49"]) or code == "XKX", code
            for key in ("region", "subregion"):
                assert not rec[key] or gen[rec[key]]["kind"] == "region", (code, key)
        assert rec["name_en"] and rec["name_zh"], code


# --- the rules files ---------------------------------------------------------------------------


def _boundary(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_contained_names(lang: str) -> None:
    for entry in rules(lang)["contained"]:
        outer, inner = entry["outer"], entry["inner"]
        assert inner in outer, entry
        outer_codes, inner_codes = resolve(outer, lang), resolve(inner, lang)
        assert len(outer_codes) == 1 and len(inner_codes) == 1, entry
        assert outer_codes != inner_codes, f"{entry}: same code, not worth a rule"
        if lang == "en":
            start = outer.index(inner)
            assert _boundary(outer, start, start + len(inner)), f"{entry}: boundary settles it"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_not_places(lang: str) -> None:
    for entry in rules(lang)["not_places"]:
        text, inner = entry["text"], entry["inner"]
        assert inner in text and text != inner, entry
        assert resolve(inner, lang), f"{entry}: {inner!r} is no name, no rule needed"
        assert not resolve(text, lang), f"{entry}: the phrase itself is a name"
        assert entry["why"], entry


def test_longer_words_en() -> None:
    for entry in rules("en")["longer_words"]:
        word, inner = entry["word"], entry["inner"]
        assert word.startswith(inner) and resolve(inner, "en"), entry
        assert resolve(word, "en") != resolve(inner, "en"), entry  # another name, or none
        assert _boundary(word, 0, len(inner)) == entry.get("mention", False), entry


def test_person_names_and_cities_are_place_names() -> None:
    for name in rules("en")["person_names"]["names"]:
        assert resolve(name, "en"), name
    for lang in ("en", "zh"):
        for name in rules(lang)["same_name_cities"]:
            assert len(resolve(name, lang)) == 1, name


def test_zh_suffixes() -> None:
    for entry in rules("zh")["suffixes"]:
        assert len(entry["suffix"]) == 1 and all(len(c) == 1 for c in entry["except_next"])
        assert entry["why"], entry


# --- reproducibility -------------------------------------------------------------------------


def test_generated_file_is_reproducible() -> None:
    for module in ("babel", "pycountry", "icu"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} not installed (pip install -e '.[places-data]')")
    sys.path.insert(0, str(ROOT / "scripts" / "places"))
    try:
        import generate
    finally:
        sys.path.pop(0)
    path = PLACES / "generated_cldr.yaml"
    if generate.versions() != generate.read_versions(path):
        pytest.skip("the installed sources are not the versions the file was generated with")
    assert generate.render(*generate.build()) == path.read_text(encoding="utf-8")
