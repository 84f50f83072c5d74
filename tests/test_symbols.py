"""Tests of the symbols extractor: the example corpora, the grammar data, and the stage wiring."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import symbols
from pipeline.extract.symbols import find_symbols, fold
from pipeline.model import SYMBOL_KINDS, Document, Layout, Paragraph, Segmented, TextView
from pipeline.resources import RESOURCES
from tests.conftest import SHARED

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
SIBLINGS = SHARED / "siblings"
# Every language with a corpus (symbols.<lang>.yaml) is run; the two the project started with are
# also held to a corpus size and to showing every feature of issue 5.
LANGS = sorted(p.name.split(".")[1] for p in CORPUS.glob("symbols.*.yaml"))
FULL = ["zh", "en"]
KINDS = SYMBOL_KINDS
# Every feature of issue 5 must be shown in both languages' corpora.
REQUIRED_TAGS = {
    "list",
    "letter",
    "old_style",
    "para_ref",
    "expansion",
    "joint",
    "press_release",
    "meeting_record",
    "series_body",
    "sales_spaces",
    "hrc",
    "ecosoc",
    "fullwidth",
    "linebreak",
    *(
        f"suffix_{s}"
        for s in [
            "rev",
            "add",
            "corr",
            "amend",
            "sub",
            "l",
            "pv",
            "sr",
            "res",
            "dec",
            "inf",
            "wp",
            "crp",
            "bms",
        ]
    ),
}


def corpus(lang: str) -> dict[str, Any]:
    with open(CORPUS / f"symbols.{lang}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def positives() -> list[Any]:
    return [
        pytest.param(lang, case, id=f"{lang}-{i}")
        for lang in LANGS
        for i, case in enumerate(corpus(lang)["positives"])
    ]


def negatives() -> list[Any]:
    return [
        pytest.param(lang, case, id=f"{lang}-{i}")
        for lang in LANGS
        for i, case in enumerate(corpus(lang)["negatives"])
    ]


def expected_url(symbol: str, kind: str) -> str:
    return "" if kind in ("decision", "sales_number") else "https://undocs.org/" + symbol


@pytest.mark.parametrize(("lang", "case"), positives())
def test_positive(lang: str, case: dict[str, Any]) -> None:
    text = case["text"]
    own = case.get("doc_symbol")  # the document's own symbol: whose text it is
    got = [
        (text[m.start : m.end], m.values["symbol"], m.values["kind"], m.values["para_ref"])
        for m in find_symbols(text, lang, own)
    ]
    want = [(str(e[0]), str(e[1]), e[2], e[3] if len(e) > 3 else "") for e in case["expect"]]
    assert got == want
    for m in find_symbols(text, lang, own):
        assert m.values["url"] == expected_url(m.values["symbol"], m.values["kind"])


@pytest.mark.parametrize(("lang", "case"), negatives())
def test_negative(lang: str, case: dict[str, Any]) -> None:
    found = [case["text"][m.start : m.end] for m in find_symbols(case["text"], lang)]
    assert found == [], case["why"]


@pytest.mark.parametrize("lang", FULL)
def test_corpus_size_and_coverage(lang: str) -> None:
    c = corpus(lang)
    assert len(c["positives"]) >= 60
    assert len(c["negatives"]) >= 25
    kinds = {e[2] for case in c["positives"] for e in case["expect"]}
    assert kinds == KINDS
    tags = {t for case in c["positives"] for t in case.get("tags", [])}
    assert tags >= REQUIRED_TAGS, sorted(REQUIRED_TAGS - tags)


def test_grammar_bodies_parse() -> None:
    """Each body listed in the grammar opens a symbol that is found whole and kept as written."""
    with open(RESOURCES / "symbols" / "grammar.yaml", encoding="utf-8") as f:
        bodies = yaml.safe_load(f)["bodies"]
    for body in bodies:
        text = f"(see {body}/2006/12)"
        assert [m.values["symbol"] for m in find_symbols(text, "en")] == [f"{body}/2006/12"]


def test_body_alone_is_not_a_document() -> None:
    # E/CN.4 is the Commission on Human Rights and A/CONF.192 a conference, not documents.
    assert find_symbols("the Commission (E/CN.4) and the Conference (A/CONF.192)", "en") == []
    # E/CN.4/Sub.2 names the Sub-Commission: not a document either.
    assert find_symbols("the Sub-Commission (E/CN.4/Sub.2)", "en") == []


def test_upper_case_suffix_words_are_normalized() -> None:
    [m] = find_symbols("A/61/1/ADD.1", "en")
    assert m.values["symbol"] == "A/61/1/Add.1"


def test_fold_keeps_length() -> None:
    text = "（Ａ／６２／１６３）　第１５４０（２００４）号"
    assert len(fold(text)) == len(text)
    assert fold(text) == "(A/62/163) 第1540(2004)号"


def test_checker_contract_on_every_corpus_value() -> None:
    """The values satisfy ../shared/tools/check_tables.py: no spaces, a kind of the closed set."""
    for lang in LANGS:
        for case in corpus(lang)["positives"]:
            for m in find_symbols(case["text"], lang):
                assert m.values["kind"] in KINDS
                assert not re.search(r"\s", m.values["symbol"])
                assert m.values["para_ref"] == "" or isinstance(m.values["para_ref"], int)


# --------------------------------------------------------------------------- stage wiring


def _segmented(
    source: str,
    units: list[tuple[str, str, int, int]],
    own: str,
    lang: str = "zh",
    sections: dict[int, str] | None = None,
) -> Segmented:
    doc = Document(
        doc_id=f"X.{lang}", path=f"X.{lang}.txt", encoding="utf-8", lang=lang, text=source
    )
    paras = tuple(
        Paragraph(
            key=key,
            zone=zone,
            number=int(key) if key.isdigit() else None,
            section=(sections or {}).get(k, ""),
            page_start=1,
            start=s,
            end=e,
            view=TextView.of_source(source, s, e),
        )
        for k, (key, zone, s, e) in enumerate(units)
    )
    layout = Layout(document=doc, paragraphs=paras, furniture=(), metadata={"symbol": own})
    return Segmented(layout=layout)


def test_extract_rows_and_own_symbol() -> None:
    front = "第六十二届会议 A/62/162 摘要"
    body = "1. 见 A/62/162 和第 61/66 号决议第 3 段。"
    source = front + "\n" + body
    seg = _segmented(
        source,
        [("front", "front", 0, len(front)), ("1", "body", len(front) + 1, len(source))],
        own="A/62/162",
    )
    rows = symbols.extract(seg)
    # The own symbol in front matter is metadata; cited in the body it is a mention.
    assert [(r["para"], r["text"], r["symbol"], r["para_ref"]) for r in rows] == [
        ("1", "A/62/162", "A/62/162", ""),
        ("1", "61/66", "A/RES/61/66", 3),
    ]
    for r in rows:
        assert source[r["start"] : r["end"]] == r["text"]
        assert r["url"] == "https://undocs.org/" + r["symbol"]


def test_extract_joint_own_symbol() -> None:
    front = "A/55/163-S/2000/712 大会 安全理事会"
    seg = _segmented(front, [("front", "front", 0, len(front))], own="A/55/163-S/2000/712")
    assert symbols.extract(seg) == []


def _units(
    lines: list[tuple[str, str, str]],
) -> tuple[str, list[tuple[str, str, int, int]], dict[int, str]]:
    """A source of one line per unit, (key, zone, section, text) -> source, units, sections."""
    source, units, sections, pos = "", [], {}, 0
    for k, (key, zone, section, text) in enumerate(lines):
        units.append((key, zone, pos, pos + len(text)))
        sections[k] = section
        source += text + "\n"
        pos = len(source)
    return source, units, sections


def test_list_of_mandates_under_a_heading_that_names_its_acts() -> None:
    # Rows of a list of mandates start with the acts' numbers, without the word `resolution`:
    # the heading above names the body and the act (A/81/6 (Sect. 25), legislative mandates).
    heading = "General Assembly resolutions"
    source, units, sections = _units(
        [
            ("heading", "heading", "Legislative mandates", heading),
            ("table", "table", heading, "319 A (IV)\tRefugees and stateless persons"),
            ("table", "table", heading, "50/152; 53/125; 80/187\tOffice of the High Commissioner"),
            ("table", "table", heading, "Report on 70 countries, see 1/2 of the total"),
            ("table", "table", "Conventions", "Convention on the Rights of the Child, 1989"),
            ("table", "table", "Security Council resolutions", "2690 (2023)\tMali"),
        ]
    )
    seg = _segmented(source, units, own="A/81/6", lang="en", sections=sections)
    got = [(r["text"], r["symbol"], r["kind"]) for r in symbols.extract(seg)]
    assert got == [
        ("319 A (IV)", "A/RES/319A(IV)", "ga_resolution"),
        ("50/152", "A/RES/50/152", "ga_resolution"),
        ("53/125", "A/RES/53/125", "ga_resolution"),
        ("80/187", "A/RES/80/187", "ga_resolution"),
        ("2690 (2023)", "S/RES/2690(2023)", "sc_resolution"),
    ]


def test_home_body_comes_from_the_documents_own_symbol() -> None:
    text = "Recalling Council resolution 5/2 and resolution 5/1,"
    source, units, sections = _units([("body", "body", "", text)])
    for own, want in [
        ("A/HRC/RES/31/1", ["A/HRC/RES/5/2", "A/HRC/RES/5/1"]),
        ("A/62/162", ["A/RES/5/2", "A/RES/5/1"]),
    ]:
        seg = _segmented(source, units, own=own, lang="en", sections=sections)
        assert [r["symbol"] for r in symbols.extract(seg)] == want


def test_own_running_head_left_inside_a_paragraph_is_no_citation() -> None:
    # A page break inside paragraph 6 whose running head the layout did not take out: the own
    # symbol alone on its line is furniture; cited in the text it is a mention.
    text = (
        "6. Recall resolution 70/1 on the\nA/RES/73/3\nfight against tuberculosis A/RES/73/3\n"
        "as adopted in document\nA/RES/73/3\nthe present resolution A/RES/73/3."
    )
    source, units, sections = _units([("6", "body", "", text)])
    seg = _segmented(source, units, own="A/RES/73/3", lang="en", sections=sections)
    rows = symbols.extract(seg)
    assert [(r["symbol"], r["start"]) for r in rows] == [
        ("A/RES/70/1", text.index("70/1")),
        ("A/RES/73/3", text.index("document\nA/RES/73/3") + 9),
        ("A/RES/73/3", text.rindex("A/RES/73/3")),
    ]


def test_list_goes_on_across_page_furniture_left_in_the_paragraph() -> None:
    text = (
        "Recalling its resolutions 56/1 of 12 September 2001, 57/11 of 12 November\n\n"
        "18-12345                      3/10\n\n2002, 58/7 of 5 December 2003 and 60/1,"
    )
    assert [m.values["symbol"] for m in find_symbols(text, "en")] == [
        "A/RES/56/1",
        "A/RES/57/11",
        "A/RES/58/7",
        "A/RES/60/1",
    ]


# --------------------------------------------------------------------------- real texts


def _sibling_symbols() -> list[tuple[str, str, list[str]]]:
    """(file, language, parts of its own symbol that the text writes) for each real sibling text
    whose known symbol appears in it as a symbol (a joint symbol counts as its parts)."""
    path = SIBLINGS / "sources.csv"
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["symbol_if_known"]]
    out = []
    for r in rows:
        text = fold((SIBLINGS / r["file"]).read_text(encoding="utf-8"))
        parts = re.split(r"[-–](?=[A-Z])", r["symbol_if_known"])
        written = [p for p in parts if re.search(re.escape(p) + r"(?![\w/])", text)]
        if written:
            out.append((r["file"], r["language"], written))
    return out


@pytest.mark.skipif(not SIBLINGS.exists(), reason="../shared/siblings is absent")
@pytest.mark.parametrize(("name", "lang", "written"), _sibling_symbols())
def test_sibling_own_symbol_is_found(name: str, lang: str, written: list[str]) -> None:
    """Where a real sibling text writes its own symbol, every part of it is found."""
    text = (SIBLINGS / name).read_text(encoding="utf-8")
    found = {m.values["symbol"] for m in find_symbols(text, lang)}
    assert set(written) <= found


# --------------------------------------------------------------------------- any text

_ALPHABET = "AESCRPVLTdo/.-–()（）／ 0123456789\n第号决议定和段 ,，RevAddCorrES"


@given(st.text(alphabet=_ALPHABET, max_size=80), st.sampled_from(LANGS))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_well_formed_matches(text: str, lang: str) -> None:
    """On any text: spans inside it, in order, not overlapping; values the contract accepts."""
    last_end = 0
    for m in find_symbols(text, lang):
        assert last_end <= m.start < m.end <= len(text)
        last_end = m.end
        assert m.values["kind"] in KINDS
        assert m.values["symbol"] and not re.search(r"\s", m.values["symbol"])


def test_own_symbol_in_the_cover_of_a_flattened_document_is_metadata(tmp_path):
    """A document flattened to one line: its cover (the text before the first numbered paragraph,
    cut out of the line as the `front`) holds its own symbol, which is metadata, not a mention; a
    citation of the same symbol in a paragraph stays a mention."""
    from pipeline.extract import symbols
    from pipeline.ingest import read_document
    from pipeline.layout import analyze
    from pipeline.segment import segment

    p = tmp_path / "flat.txt"
    p.write_text(
        "United Nations A/55/163–S/2000/712 General Assembly Security Council 1. The present report"
        " follows resolution 1261 (1999). 2. See also A/55/163 and S/2000/713.\n",
        encoding="utf-8",
    )
    lay = analyze(read_document(p))
    assert lay.paragraphs[0].zone == "front"
    rows = symbols.extract(segment(lay))
    assert [(r["para"], r["symbol"]) for r in rows] == [
        ("1", "S/RES/1261(1999)"),
        ("2", "A/55/163"),
        ("2", "S/2000/713"),
    ]
