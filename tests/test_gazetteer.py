"""Validation of the organization gazetteer (pipeline/resources/organizations/gazetteer.yaml)."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

GAZETTEER = (
    Path(__file__).resolve().parent.parent
    / "pipeline"
    / "resources"
    / "organizations"
    / "gazetteer.yaml"
)
FIELDS = {
    "org_id", "type", "name_en", "name_zh", "acronym", "short_zh", "aliases_zh", "aliases_en",
    "ambiguous", "parent", "optional",
}  # fmt: skip
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def data() -> dict:
    return yaml.safe_load(GAZETTEER.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def records(data) -> list[dict]:
    return data["organizations"]


def names_of(r: dict) -> list[str]:
    acr = [r["acronym"]] if r.get("acronym") else []
    return [r["name_en"], r["name_zh"], *acr] + [
        n for k in ("short_zh", "aliases_zh", "aliases_en") for n in r.get(k, [])
    ]


def key(name: str) -> str:
    """What the matcher compares: width-folded, case-folded, spaces dropped."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name)).casefold()


def test_size_and_fields(records):
    assert len(records) >= 250
    for r in records:
        assert set(r) <= FIELDS, (r["org_id"], set(r) - FIELDS)
        for f in ("org_id", "type", "name_en", "name_zh"):
            assert r.get(f), (r.get("org_id"), f)


def test_sorted_unique_ids(records):
    ids = [r["org_id"] for r in records]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))
    for i in ids:
        assert re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", i), i


def test_types_and_parents(data, records):
    types = set(data["types"])
    ids = {r["org_id"] for r in records}
    for r in records:
        assert r["type"] in types, r["org_id"]
        if r.get("parent"):
            assert r["parent"] in ids and r["parent"] != r["org_id"], r["org_id"]


def test_both_names_look_right(records):
    for r in records:
        assert CJK.search(r["name_zh"]), r["org_id"]
        assert not CJK.search(r["name_en"]), r["org_id"]
        for n in r.get("short_zh", []) + r.get("aliases_zh", []):
            assert CJK.search(n), (r["org_id"], n)
        for n in r.get("aliases_en", []):
            assert not CJK.search(n), (r["org_id"], n)
        for n in r.get("ambiguous", []):
            assert n in names_of(r), (r["org_id"], n)


def test_no_name_points_to_two_bodies(records):
    """Every name the matcher uses on its own links to one body. A name two bodies share (CPC)
    must be `ambiguous` in both, so that only a definition in the document can activate it."""
    owners: dict[str, set[str]] = defaultdict(set)
    for r in records:
        for n in names_of(r):
            if n not in r.get("ambiguous", []):
                owners[key(n)].add(r["org_id"])
    clashes = {n: ids for n, ids in owners.items() if len(ids) > 1}
    assert not clashes


def test_no_duplicate_names_within_a_record(records):
    for r in records:
        # case kept: "Interpol" is listed beside the acronym INTERPOL because case matters
        ks = [unicodedata.normalize("NFKC", n) for n in names_of(r)]
        assert len(ks) == len(set(ks)), (r["org_id"], ks)


def test_issue_coverage(records):
    """The bodies issue 6 names explicitly are all there."""
    acronyms = {r.get("acronym") for r in records}
    for a in ("AU", "EU", "OSCE", "NATO", "OAS", "ASEAN", "ECOWAS", "ECCAS", "SADC", "IGAD",
              "LAS", "OIC", "CARICOM", "MERCOSUR", "SICA", "INTERPOL", "ICRC", "ICC", "UNDP",
              "UNODA", "UNODC", "UNIDIR", "UNLIREC"):  # fmt: skip
        assert a in acronyms, a
    ids = {r["org_id"] for r in records}
    assert {"wassenaar", "undp_bcpr", "unga", "unsc", "un"} <= ids
    by_id = {r["org_id"]: r for r in records}
    assert by_id["undp_bcpr"]["parent"] == "undp"
    types = {r["type"] for r in records}
    assert len(types) >= 12


def test_optional_marks_only_mechanisms(records):
    for r in records:
        if r.get("optional"):
            assert r["type"] == "coordination_mechanism", r["org_id"]


def test_an_ambiguous_name_gets_no_prefixed_form(monkeypatch):
    """Two UN records sharing an ambiguous short form (管理部, as the Department of Management and
    a later department may both be called) build a lexicon: the form is matched neither alone nor
    with the 联合国 / United Nations prefix (which once raised ValueError: 联合国管理部 named both)."""
    from pipeline.segment import lexicon as lx

    def record(org_id: str, en: str, zh: str) -> dict:
        return {
            "org_id": org_id,
            "type": "secretariat_office",
            "name_en": en,
            "name_zh": zh,
            "acronym": org_id.upper(),
            "short_zh": ["管理部"],
            "aliases_en": ["Management Department"],
            "ambiguous": ["管理部", "Management Department"],
        }

    records = (
        record("dm", "Department of Management", "管理事务部"),
        record("dmx", "Department of Management Strategy", "管理战略部"),
    )
    monkeypatch.setattr(lx, "gazetteer_records", lambda: records)
    monkeypatch.setattr(lx, "gazetteer", lambda: {r["org_id"]: lx.org_of(r) for r in records})
    zh, en = lx.Lexicon("zh"), lx.Lexicon("en")
    assert zh.key("联合国管理部") not in zh.entries and zh.key("管理部") not in zh.entries
    assert zh.entries[zh.key("联合国管理事务部")].org.org_id == "dm"
    assert en.key("United Nations Management Department") not in en.entries
    assert en.entries[en.key("United Nations Department of Management")].org.org_id == "dm"
