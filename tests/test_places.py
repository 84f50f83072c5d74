"""The place extractor: hand-checked examples (tests/corpus/places.{zh,en}.yaml) run through the
whole extract stage (so that a place inside an organization's name yields to it), every name of
the data files resolving to its own code in a sentence, the registry's yielding rule, the
pipeline on the seed and the spaCy component."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract import apply_yields, extract
from pipeline.extract.places import find_places, longest, places
from pipeline.extract.places.matcher import matcher
from pipeline.extract.places.names import (
    generated_names,
    generated_records,
    hand_names,
    hand_records,
)
from pipeline.kinds import KIND_BY_NAME
from pipeline.model import Document
from pipeline.runner import analyze
from pipeline.text.cjk import has_cjk

CORPUS = Path(__file__).resolve().parent / "corpus"


def corpus(lang: str) -> dict[str, list[dict]]:
    return yaml.safe_load((CORPUS / f"places.{lang}.yaml").read_text(encoding="utf-8"))


def cases(kind: str) -> list:
    return [
        pytest.param(lang, case, id=f"{lang}-{kind}-{i}")
        for lang in ("zh", "en")
        for i, case in enumerate(corpus(lang)[kind])
    ]


def extracted(lang: str, text: str, *, include_optional: bool = True) -> list[list[str]]:
    """[surface, code] of the places the extract stage finds in `text` (one paragraph), optional
    regions included unless asked otherwise."""
    doc = Document(doc_id="case", path="", encoding="utf-8", lang=lang, text=text)
    ex = analyze(doc)
    rows = ex.tables["places"]
    if include_optional:  # the optional regions, yielding like the table's rows
        from pipeline.extract.places import extract as places_extract
        from pipeline.segment import segment

        seg = segment(ex.layout)
        rows = places_extract(seg, include_optional=True)
        rows = apply_yields({"places": rows, **{k: ex.tables[k] for k in ("organizations",)}})[
            "places"
        ]
    return [[r["text"], r["code"]] for r in sorted(rows, key=lambda r: r["start"])]


def test_corpus_size():
    for lang in ("zh", "en"):
        c = corpus(lang)
        assert len(c["positive"]) >= 25 and len(c["negative"]) >= 20, lang


@pytest.mark.parametrize(("lang", "case"), cases("positive"))
def test_positive(lang, case):
    assert extracted(lang, case["text"]) == case["places"]


@pytest.mark.parametrize(("lang", "case"), cases("negative"))
def test_negative(lang, case):
    assert extracted(lang, case["text"]) == case["places"]


def test_optional_regions_are_left_out_of_the_table():
    assert extracted("en", "the Sahel and Mali", include_optional=False) == [["Mali", "MLI"]]
    assert extracted("zh", "萨赫勒和马里", include_optional=False) == [["马里", "MLI"]]


# --------------------------------------------------------------------------- every name


SENTENCE = {"en": "The report on {} was discussed.", "zh": "会议讨论了关于{}的报告。"}


def every_name(lang: str) -> list[tuple[str, str]]:
    """(name, code) of every name the data files give a place in `lang`, less the names that
    name no single place (ambiguous) and the phrases the rules say name no place."""
    m = matcher(lang)
    out = []
    for r in hand_records():
        out += [(n, r["code"]) for n in hand_names(r, lang)]
    for r in generated_records():
        out += [(n, r["code"]) for n in generated_names(r, lang)]
    return [(n, code) for n, code in out if m.key(n) in m.names]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_name_resolves_in_a_sentence(lang):
    """Every Member State, observer State, territory and region name of the hand file and the
    generated file, formal and short, found in a sentence and linked to its code (the hand
    file's code wins where CLDR gives a hand name to another record)."""
    names = every_name(lang)
    hand_codes = {r["code"] for r in hand_records()}
    assert len(names) > 700
    failures = []
    for name, code in names:
        owner = matcher(lang).names[matcher(lang).key(name)][0].code
        text = SENTENCE[lang].format(name)
        got = [
            (text[m.start : m.end], m.place.code)
            for m in find_places(text, lang, include_optional=True)
        ]
        if got != [(name, owner)] or (code in hand_codes and owner != code):
            failures.append((name, code, got))
    assert not failures, failures[:20]


def test_every_member_and_observer_state_resolves_formal_and_short():
    for r in hand_records():
        if r["status"] not in ("member", "observer") and r["kind"] != "region":
            continue
        for lang in ("en", "zh"):
            for name in {r[f"short_{lang}"], r[f"formal_{lang}"]} - set(r.get("ambiguous", [])):
                found = find_places(SENTENCE[lang].format(name), lang, include_optional=True)
                assert [m.place.code for m in found] == [r["code"]], (name, found)


def test_rows_carry_the_un_short_names():
    p = places()
    for r in hand_records():
        assert (p[r["code"]].name_en, p[r["code"]].name_zh) == (r["short_en"], r["short_zh"])
    assert p["GBR"].columns == {
        "code": "GBR",
        "m49": "826",
        "kind": "state",
        "name_en": "United Kingdom",
        "name_zh": "联合王国",
    }
    assert all(has_cjk(pl.name_zh) and pl.name_en for pl in p.values())


# --------------------------------------------------------------------------- the registry


def test_places_yield_to_organizations_in_the_registry():
    assert KIND_BY_NAME["places"].yields_to == ("organizations",)
    rows = {
        "organizations": [{"start": 10, "end": 30}],
        "places": [
            {"start": 10, "end": 14},  # inside: yields
            {"start": 25, "end": 30},  # inside, at the end: yields
            {"start": 28, "end": 34},  # crosses the end: stays
            {"start": 40, "end": 44},  # outside: stays
        ],
    }
    kept = apply_yields(rows)["places"]
    assert [(r["start"], r["end"]) for r in kept] == [(28, 34), (40, 44)]


def test_asking_for_places_alone_still_yields_to_organizations():
    doc = Document(doc_id="case", path="", encoding="utf-8", lang="zh", text="西非国家经济共同体")
    from pipeline import layout, segment

    seg = segment.segment(layout.analyze(doc))
    ex = extract(seg, kinds=["places"])
    assert list(ex.tables) == ["places"] and ex.tables["places"] == []


def test_seed_rows_point_into_the_source():
    from pipeline.runner import extract_file
    from tests.conftest import SEED

    result = extract_file(SEED)
    rows = result.tables["places"]
    source = result.document.text
    assert rows and all(source[r["start"] : r["end"]] == r["text"] for r in rows)
    assert all(r["code"] in places() for r in rows)
    # the same paragraph never holds a place inside one of its organizations
    orgs = [(o["start"], o["end"]) for o in result.tables["organizations"]]
    assert not [r for r in rows if any(s <= r["start"] and r["end"] <= e for s, e in orgs)]


# --------------------------------------------------------------------------- spaCy


def test_spacy_component():
    import spacy

    import pipeline.spacy_components  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("un_places")
    doc = nlp("The Government of Guinea-Bissau and the Sudan met in Dakar.")
    assert [(s.text, s.kb_id_, s.label_) for s in doc.spans["places"]] == [
        ("Guinea-Bissau", "GNB", "PLACE"),
        ("Sudan", "SDN", "PLACE"),
    ]
    assert doc.spans["places"][0]._.un["name_zh"] == "几内亚比绍"


def test_spacy_component_leaves_organizations_their_names():
    """The place inside an organization's name is the organization's (the registry's
    yields_to), with or without the organization component in the pipeline."""
    import spacy

    import pipeline.spacy_components  # noqa: F401

    nlp = spacy.blank("zh")
    nlp.add_pipe("un_organizations")
    nlp.add_pipe("un_places")
    doc = nlp("西非国家经济共同体和马里")
    assert [(e.text, e.label_) for e in doc.ents] == [("西非国家经济共同体", "ORG")]
    assert [s.text for s in doc.spans["places"]] == ["马里"]
    alone = spacy.blank("zh")
    alone.add_pipe("un_places")
    doc_alone = alone("西非国家经济共同体和马里")
    assert [s.text for s in doc_alone.spans["places"]] == ["马里"]


def _longest_by_comparison(hits):
    """The definition `longest` keeps: longest first (the earlier of two as long), each hit kept
    unless it overlaps one kept before."""
    kept = []
    for h in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if all(h[1] <= k[0] or k[1] <= h[0] for k in kept):
            kept.append(h)
    return sorted(kept, key=lambda h: h[0])


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=40))
def test_longest_keeps_what_comparing_every_pair_keeps(spans):
    hits = [(s, s + n, f"place{i}") for i, (s, n) in enumerate(spans)]
    assert longest(hits) == _longest_by_comparison(hits)
