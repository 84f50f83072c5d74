"""Checks of the hand-made gold tables under tests/gold/ (built by tests/gold/build_gold.py).

Every row of every table is checked against the source and the contract of ../shared/ANNOTATION.md;
the CSVs must be exactly what the builder makes of annotations.yaml; and a completeness check
requires every date-, symbol- or organization-looking string of the text to be annotated, optional,
or listed (with its reason) under `not_mentions` in the YAML.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.model import MENTION_TABLES, SYMBOL_KINDS, TABLE_COLUMNS
from tests.conftest import SHARED

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "gold"
GOLD_DIRS = sorted(p.parent for p in GOLD.glob("*/annotations.yaml"))
CHECK_TABLES = SHARED / "tools" / "check_tables.py"

PARA_KEY = re.compile(r"\d+|fn\d+|front|toc|heading|body|annex")
ISO = {
    "year": re.compile(r"\d{4}"),
    "half": re.compile(r"\d{4}-H[12]"),
    "quarter": re.compile(r"\d{4}-Q[1-4]"),
    "month": re.compile(r"\d{4}-(0[1-9]|1[0-2])"),
    "day": re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"),
}
FINENESS = ["year", "half", "quarter", "month", "day"]
# What looks like a date or a symbol in Chinese UN text; every hit must be covered by a mention.
LOOKS_LIKE = {
    "dates": [r"\d{4}\s*年", r"\d{1,2}\s*月", r"(?<![\d/])\d{1,2}\s*日", r"同年"],
    "symbols": [r"\d+\s*/\s*\d+", r"\b[A-Z][A-Za-z.]*/", r"\bGV\s*\.", r"\b(Corr|Add)\.\s*\d"],
}


def _builder() -> Any:
    spec = importlib.util.spec_from_file_location("build_gold", GOLD / "build_gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gold"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build_gold = _builder()


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


class Gold:
    """One gold document: its annotation file, source, units and tables."""

    def __init__(self, d: Path) -> None:
        self.dir = d
        self.ann = yaml.safe_load((d / "annotations.yaml").read_text(encoding="utf-8"))
        self.source = (REPO / self.ann["source"]).read_bytes().decode("utf-8")
        starts = build_gold.line_starts(self.source)
        self.units = [build_gold.build_unit(self.source, starts, e) for e in self.ann["layout"]]
        self.header: dict[str, list[str]] = {}
        self.rows: dict[str, list[dict[str, str]]] = {}
        # The tables of the registry this gold has (a kind added after it was annotated is not
        # in it yet; the paragraphs table always is), and its optional mentions.
        self.tables = [t for t in TABLE_COLUMNS if t == "paragraphs" or (d / f"{t}.csv").exists()]
        self.mentions = [t for t in self.tables if t in MENTION_TABLES]
        for table in [*self.tables, "optional_organizations"]:
            self.header[table], self.rows[table] = read_csv(d / f"{table}.csv")

    def spans(self, *tables: str) -> list[tuple[int, int]]:
        return [(int(r["start"]), int(r["end"])) for t in tables for r in self.rows[t]]


@pytest.fixture(scope="module", params=GOLD_DIRS, ids=[d.name for d in GOLD_DIRS])
def gold(request: pytest.FixtureRequest) -> Gold:
    return Gold(request.param)


def test_there_is_gold() -> None:
    assert GOLD_DIRS, "no tests/gold/*/annotations.yaml"


def test_columns_exactly_as_the_contract(gold: Gold) -> None:
    assert {"paragraphs", "dates", "symbols", "organizations"} <= set(gold.tables)
    for table in gold.tables:
        assert gold.header[table] == TABLE_COLUMNS[table], table


def test_common_columns(gold: Gold) -> None:
    doc_id, lang = gold.dir.name, gold.ann["lang"]
    assert gold.ann["doc_id"] == doc_id
    for table in gold.tables:
        for r in gold.rows[table]:
            assert (r["doc_id"], r["lang"]) == (doc_id, lang)
            assert PARA_KEY.fullmatch(r["para"]), r


def test_mention_offsets_give_the_text(gold: Gold) -> None:
    for table in [*gold.mentions, "optional_organizations"]:
        for r in gold.rows[table]:
            s, e = int(r["start"]), int(r["end"])
            assert 0 <= s < e <= len(gold.source)
            assert gold.source[s:e] == r["text"], (table, r)
            assert r["text"] == r["text"].strip(), (table, r)


def test_mentions_lie_in_their_paragraph(gold: Gold) -> None:
    units: dict[str, list[tuple[int, int]]] = {}
    for r in gold.rows["paragraphs"]:
        units.setdefault(r["para"], []).append((int(r["start"]), int(r["end"])))
    for table in [*gold.mentions, "optional_organizations"]:
        for r in gold.rows[table]:
            assert r["para"] in units, (table, r)
            s, e = int(r["start"]), int(r["end"])
            assert any(us <= s and e <= ue for us, ue in units[r["para"]]), (table, r)


def test_paragraph_spans_and_text(gold: Gold) -> None:
    src = gold.source
    previous_end = 0
    for r in gold.rows["paragraphs"]:
        s, e = int(r["start"]), int(r["end"])
        assert 0 <= s < e <= len(src)
        assert not src[s].isspace() and not src[e - 1].isspace(), r["para"]
        if r["zone"] in ("body", "footnote") and r["number"]:
            assert src[s:].startswith(r["number"]), r["para"]  # a unit starts at its number
        # The clean text is made of the span's characters, in order (furniture and marks out).
        it = iter(src[s:e])
        assert all(c in it for c in r["text"].replace(" ", "")), r["para"]
        assert "\n" not in r["text"] and r["text"] == r["text"].strip()
        # Units follow each other, except footnotes, which sit inside an interrupted paragraph.
        if r["zone"] != "footnote":
            assert s >= previous_end, r["para"]
            previous_end = e


def test_paragraph_set(gold: Gold) -> None:
    rows = gold.rows["paragraphs"]
    numbered = [r for r in rows if r["zone"] == "body"]
    notes = [r for r in rows if r["zone"] == "footnote"]
    assert [r["para"] for r in numbered] == [str(n) for n in range(1, len(numbered) + 1)]
    assert [r["para"] for r in notes] == [f"fn{n}" for n in range(1, len(notes) + 1)]
    assert all(r["number"] == r["para"] for r in numbered)
    assert all(f"fn{r['number']}" == r["para"] for r in notes)
    assert sum(r["zone"] == "front" for r in rows) == 1
    assert sum(r["zone"] == "toc" for r in rows) == 1
    assert all(r["para"] == r["zone"] for r in rows if r["zone"] in ("front", "toc", "heading"))
    if gold.dir.name == "A-62-162.zh":
        assert (len(numbered), len(notes)) == (72, 12)


def test_pages_agree_with_the_contents(gold: Gold) -> None:
    """The table of contents gives '<first>-<last> <page>' per section: check each first paragraph."""
    (toc,) = [r for r in gold.rows["paragraphs"] if r["zone"] == "toc"]
    page = {r["para"]: int(r["page_start"]) for r in gold.rows["paragraphs"]}
    entries = re.findall(r"\.{3,}\s*(\d+)-\d+\s+(\d+)", toc["text"])
    assert len(entries) >= 5
    for first, p in entries:
        assert page[first] == int(p), f"paragraph {first}: page {page[first]}, contents say {p}"
    pages = [int(r["page_start"]) for r in gold.rows["paragraphs"]]
    assert pages == sorted(pages)


def test_sections(gold: Gold) -> None:
    headings = {r["text"] for r in gold.rows["paragraphs"] if r["zone"] == "heading"}
    for r in gold.rows["paragraphs"]:
        assert r["section"] == "" or r["section"] in headings, r
        if r["zone"] == "body":
            assert r["section"], r["para"]


def test_date_values(gold: Gold) -> None:
    assert gold.rows["dates"]
    for r in gold.rows["dates"]:
        sv, ev, precision = r["start_value"], r["end_value"], r["precision"]
        fine = [p for p in FINENESS if ISO[p].fullmatch(sv) or ISO[p].fullmatch(ev)]
        assert all(any(ISO[p].fullmatch(v) for p in FINENESS) for v in (sv, ev)), r
        assert precision == max(fine, key=FINENESS.index), r  # the finer end's precision
        assert r["kind"] == ("point" if sv == ev else "range"), r
        assert sv[:4] <= ev[:4] and (len(sv) != len(ev) or sv <= ev), r


def test_symbol_values(gold: Gold) -> None:
    assert gold.rows["symbols"]
    for r in gold.rows["symbols"]:
        symbol, kind = r["symbol"], r["kind"]
        assert kind in SYMBOL_KINDS, r
        assert symbol and not re.search(r"\s", symbol), r
        assert r["para_ref"] == "" or r["para_ref"].isdigit(), r
        want_url = "" if kind in ("decision", "sales_number") else f"https://undocs.org/{symbol}"
        assert r["url"] == want_url, r
        if kind == "ga_resolution":
            assert re.fullmatch(r"A/RES/\d+/\d+[A-Z]?|A/RES/\d+\([IVXL]+\)", symbol), r
        if kind == "sc_resolution":
            assert re.fullmatch(r"S/RES/\d+\(\d{4}\)", symbol), r
        # The span's characters, spaces aside, end the canonical symbol (Add.1 -> .../Add.1).
        assert symbol.endswith(re.sub(r"\s", "", r["text"])), r


def test_organization_values(gold: Gold) -> None:
    assert gold.rows["organizations"]
    names: dict[str, tuple[str, str, str]] = {}
    for r in gold.rows["organizations"]:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", r["org_id"]), r
        assert r["name_en"] and r["name_zh"], r
        entry = (r["name_en"], r["name_zh"], r["acronym"])
        assert names.setdefault(r["org_id"], entry) == entry, r
        if r["acronym"] and "_" not in r["org_id"]:
            assert r["org_id"] == r["acronym"].lower().replace("-", "_"), r


def test_no_gold_organization_inside_an_optional_one(gold: Gold) -> None:
    optional = gold.spans("optional_organizations")
    for s, e in gold.spans("organizations"):
        assert not any(os < e and s < oe for os, oe in optional), gold.source[s:e]


def _not_mention_spans(gold: Gold, table: str) -> list[tuple[int, int]]:
    by_key: dict[str, list[Any]] = {}
    for u in gold.units:
        by_key.setdefault(u.key, []).append(u)
    spans = []
    for t, text, key, _reason in gold.ann.get("not_mentions", []):
        if t == table:
            found = build_gold.occurrences(gold.source, by_key[str(key)], text)
            assert found, f"not_mentions entry {text!r} ({key}) not found"
            spans += found
    return spans


def _uncovered(
    gold: Gold, hits: list[tuple[int, int]], covered: list[tuple[int, int]]
) -> list[str]:
    return sorted(
        {
            gold.source[max(0, s - 8) : e + 8].replace("\n", "⏎")
            for s, e in hits
            if not any(cs <= s and e <= ce for cs, ce in covered)
        }
    )


@pytest.mark.parametrize("table", ["dates", "symbols"])
def test_every_date_or_symbol_looking_string_is_annotated(gold: Gold, table: str) -> None:
    covered = gold.spans("dates", "symbols") + _not_mention_spans(gold, table)
    hits = []
    for u in gold.units:
        for s, e in u.segments:
            for pattern in LOOKS_LIKE[table]:
                hits += [
                    (m.start() + s, m.end() + s) for m in re.finditer(pattern, gold.source[s:e])
                ]
    assert _uncovered(gold, hits, covered) == []


def test_every_occurrence_of_a_gold_organization_name_is_annotated(gold: Gold) -> None:
    """Where a name is annotated once, all its other occurrences must be annotated too (or be
    inside an optional body's name, or be listed as not a mention with a reason)."""
    covered = (
        gold.spans("organizations", "optional_organizations")
        + gold.spans("symbols")  # UNIDIR in UNIDIR/2006/6
        + _not_mention_spans(gold, "orgs")
    )
    names = {re.sub(r"\s", "", r["text"]) for r in gold.rows["organizations"]}
    hits = []
    for name in names:
        hits += build_gold.occurrences(gold.source, gold.units, name)
    assert _uncovered(gold, hits, covered) == []


def test_builder_output_is_up_to_date(gold: Gold, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(GOLD / "build_gold.py"), str(gold.dir), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    for built in sorted(tmp_path.iterdir()):
        committed = gold.dir / built.name
        assert committed.exists(), f"{built.name} not committed"
        assert committed.read_bytes() == built.read_bytes(), f"{built.name}: rebuild the gold"


@pytest.mark.skipif(not CHECK_TABLES.exists(), reason="../shared is absent")
def test_shared_table_checker_accepts_the_gold(gold: Gold) -> None:
    done = subprocess.run(
        [sys.executable, str(CHECK_TABLES), str(gold.dir)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr
