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

from tests.conftest import SHARED

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "gold"
GOLD_DIRS = sorted(p.parent for p in GOLD.glob("*/annotations.yaml"))
CHECK_TABLES = SHARED / "tools" / "check_tables.py"
# The organization gazetteer (its ids are taken as they are).
RESOURCES = REPO / "pipeline" / "resources"
GAZETTEER = next(
    (p for p in (RESOURCES / "organizations" / "gazetteer.yaml", RESOURCES / "organizations.yaml")
     if p.exists()),
    RESOURCES / "organizations.yaml",
)  # fmt: skip

# The contract's closed sets (../shared/ANNOTATION.md), written here so that the gold is checked
# against the guidelines, not against what the code happens to accept.
SYMBOL_KINDS = {
    "ga_resolution", "sc_resolution", "ecosoc_resolution", "hrc_resolution", "ga_decision",
    "decision", "presidential_statement", "document", "press_release", "sales_number",
}  # fmt: skip
PLACE_KINDS = {"state", "territory", "region"}
PARA_KEY = re.compile(r"\d+(?:\.\d+)*|fn\d+|front|toc|heading|body|table|annex")
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
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# And in English text: month names and years (1900-2099) standing alone.
LOOKS_LIKE_EN = {
    "dates": [rf"\b(?:{MONTHS})\b", r"(?<![\d/.\-])\b(?:19|20)\d\d\b(?![\d/]|\.\d)"],
    "symbols": LOOKS_LIKE["symbols"],
}


def _builder() -> Any:
    spec = importlib.util.spec_from_file_location("build_gold", GOLD / "build_gold.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_gold"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


build_gold = _builder()
TABLE_COLUMNS: dict[str, list[str]] = build_gold.TABLE_COLUMNS
MENTION_TABLES = ["dates", "symbols", "organizations", "places"]


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


class Gold:
    """One gold document: its annotation file, source, units and tables."""

    def __init__(self, d: Path) -> None:
        self.dir = d
        try:
            self.ann, self.source, self.units = build_gold.load(d)
        except build_gold.SourceAbsent as absent:
            pytest.skip(f"{absent} is not on this machine")
        self.tables = [t for t in TABLE_COLUMNS if (d / f"{t}.csv").exists()]
        self.header: dict[str, list[str]] = {}
        self.rows: dict[str, list[dict[str, str]]] = {t: [] for t in TABLE_COLUMNS}
        self.rows |= {"optional_organizations": [], "optional_places": []}
        for table in self.tables + [f"optional_{t}" for t in ("organizations", "places")]:
            if (d / f"{table}.csv").exists():
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
    for table in [*MENTION_TABLES, "optional_organizations", "optional_places"]:
        for r in gold.rows[table]:
            s, e = int(r["start"]), int(r["end"])
            assert 0 <= s < e <= len(gold.source)
            assert gold.source[s:e] == r["text"], (table, r)
            assert r["text"] == r["text"].strip(), (table, r)


def test_mentions_lie_in_their_paragraph(gold: Gold) -> None:
    units: dict[str, list[tuple[int, int]]] = {}
    for r in gold.rows["paragraphs"]:
        units.setdefault(r["para"], []).append((int(r["start"]), int(r["end"])))
    for table in [*MENTION_TABLES, "optional_organizations", "optional_places"]:
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
        if r["zone"] == "body" and r["number"]:
            assert src[s:].startswith(r["number"]), r["para"]  # a unit starts at its number
        if r["zone"] == "footnote":  # ... a footnote at its number as written (`4`, `[^4]:`)
            mark = build_gold.FOOTNOTE_MARK.format(n=re.escape(r["number"]))
            assert re.match(mark, src[s:]), r["para"]
        # The clean text is made of the span's characters, in order (furniture and marks out).
        it = iter(src[s:e])
        assert all(c in it for c in r["text"].replace(" ", "")), r["para"]
        assert "\n" not in r["text"] and r["text"] == r["text"].strip()
        # Units follow each other, except footnotes, which sit inside an interrupted paragraph.
        if r["zone"] != "footnote":
            assert s >= previous_end, r["para"]
            previous_end = e


def test_paragraph_set(gold: Gold) -> None:
    """Keys are unique (a numbered paragraph, a footnote) and say what they are; numbers of one
    series increase (1, 2, 3 or 25.1, 25.2); at most one front and one contents unit."""
    rows = gold.rows["paragraphs"]
    numbered = [r for r in rows if r["number"] and r["zone"] != "footnote"]
    notes = [r for r in rows if r["zone"] == "footnote"]
    keys = [r["para"] for r in numbered + notes]
    assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
    assert all(r["number"] == r["para"] for r in numbered)
    assert all(f"fn{r['number']}" == r["para"] for r in notes)
    assert all(r["zone"] in ("body", "annex") for r in numbered)
    plain = [int(r["para"]) for r in numbered if r["para"].isdigit()]
    assert plain == sorted(plain), "numbered paragraphs out of order"
    assert sum(r["zone"] == "front" for r in rows) <= 1
    assert sum(r["zone"] == "toc" for r in rows) <= 1
    assert all(r["para"] == r["zone"] for r in rows if not r["number"])
    if gold.dir.name == "A-62-162.zh":
        assert (len(numbered), len(notes)) == (72, 12)


def test_pages_agree_with_the_contents(gold: Gold) -> None:
    """The table of contents gives '<first>-<last> <page>' per section: check each first paragraph."""
    tocs = [r for r in gold.rows["paragraphs"] if r["zone"] == "toc"]
    page = {r["para"]: int(r["page_start"]) for r in gold.rows["paragraphs"]}
    entries = re.findall(r"\.{3,}\s*(\d+)-\d+\s+(\d+)", tocs[0]["text"]) if tocs else []
    if len(entries) < 5:
        pytest.skip("no contents with paragraph ranges and pages")
    for first, p in entries:
        assert page[first] == int(p), f"paragraph {first}: page {page[first]}, contents say {p}"
    pages = [int(r["page_start"]) for r in gold.rows["paragraphs"]]
    assert pages == sorted(pages)


def test_sections(gold: Gold) -> None:
    headings = {r["text"] for r in gold.rows["paragraphs"] if r["zone"] == "heading"}
    for r in gold.rows["paragraphs"]:
        assert r["section"] == "" or r["section"] in headings, r
        if r["zone"] == "body" and r["number"] and gold.dir.name == "A-62-162.zh":
            assert r["section"], r["para"]


def test_date_values(gold: Gold) -> None:
    for r in gold.rows["dates"]:
        sv, ev, precision = r["start_value"], r["end_value"], r["precision"]
        fine = [p for p in FINENESS if ISO[p].fullmatch(sv) or ISO[p].fullmatch(ev)]
        assert all(any(ISO[p].fullmatch(v) for p in FINENESS) for v in (sv, ev)), r
        assert precision == max(fine, key=FINENESS.index), r  # the finer end's precision
        assert r["kind"] == ("point" if sv == ev else "range"), r
        assert sv[:4] <= ev[:4] and (len(sv) != len(ev) or sv <= ev), r


def test_symbol_values(gold: Gold) -> None:
    for r in gold.rows["symbols"]:
        symbol, kind = r["symbol"], r["kind"]
        assert kind in SYMBOL_KINDS, r
        assert symbol and not re.search(r"\s", symbol), r
        assert r["para_ref"] == "" or r["para_ref"].isdigit(), r
        want_url = "" if kind in ("decision", "sales_number") else f"https://undocs.org/{symbol}"
        assert r["url"] == want_url, r
        if kind == "ga_resolution":
            assert re.fullmatch(r"A/RES/\d+/\d+[A-Z]?|A/RES/\d+[A-Z]?\([IVXL]+\)", symbol), r
        if kind == "sc_resolution":
            # docs/annotation.md: `第 1325 号决议` without a year is `S/RES/1325`
            assert re.fullmatch(r"S/RES/\d+(\(\d{4}\))?", symbol), r
        if kind == "ecosoc_resolution":
            assert re.fullmatch(r"E/RES/\d{4}/\d+|E/RES/\d+\([IVXL]+\)", symbol), r
        if kind == "hrc_resolution":
            assert re.fullmatch(r"A/HRC/RES/[\w.-]+/\d+", symbol), r
        # The span's characters, spaces aside, end the canonical symbol (Add.1 -> .../Add.1); a
        # suffix glued to the number, its `/` missing (`A/BUR/54/1Add.1`), is written as is.
        text = re.sub(r"\s", "", r["text"])
        glued = [
            symbol[: m.start()] + symbol[m.end() :]
            for m in re.finditer(r"(?<=\d)/(?=(?:Add|Corr|Rev|Amend)\.)", symbol)
        ]
        assert any(s.endswith(text) for s in [symbol, *glued]), r


def _gazetteer_ids() -> set[str]:
    if not GAZETTEER.exists():
        return set()
    yaml = build_gold.yaml
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x less collection time
    data = yaml.load(GAZETTEER.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    return {o["org_id"] for o in data.get("organizations", [])}


GAZETTEER_IDS = _gazetteer_ids()


def test_organization_values(gold: Gold) -> None:
    names: dict[str, tuple[str, str, str]] = {}
    for r in gold.rows["organizations"]:
        # A gazetteer id, or a body the document itself names: new:<slug of its English or
        # Chinese full name> (docs/annotation.md, "Organizations outside the gazetteer").
        assert re.fullmatch(r"[a-z][a-z0-9_]*|new:[\w-]+", r["org_id"]), r
        assert r["name_en"] or r["name_zh"], r
        entry = (r["name_en"], r["name_zh"], r["acronym"])
        assert names.setdefault(r["org_id"], entry) == entry, r
        if r["org_id"] in GAZETTEER_IDS:  # the gazetteer's id as it is (unhrc for HRC, g8 for G-8)
            continue
        if r["acronym"] and "_" not in r["org_id"] and not r["org_id"].startswith("new:"):
            assert r["org_id"] == r["acronym"].lower().replace("-", "_"), r


def test_place_values(gold: Gold) -> None:
    names: dict[str, tuple[str, ...]] = {}
    for r in gold.rows["places"]:
        assert r["kind"] in PLACE_KINDS, r
        if r["kind"] == "region":  # an M49 area code, or a project id where M49 has none
            assert re.fullmatch(r"\d{3}|[a-z][a-z_]*", r["code"]), r
            assert r["m49"] in ("", r["code"]) if r["code"].isdigit() else r["m49"] == "", r
        else:  # ISO 3166-1 alpha-3 (Kosovo XKX, former States' own codes)
            assert re.fullmatch(r"[A-Z]{3}", r["code"]) and re.fullmatch(r"\d{3}|", r["m49"]), r
        entry = (r["m49"], r["kind"], r["name_en"], r["name_zh"])
        assert names.setdefault(r["code"], entry) == entry, r


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
    looks_like = LOOKS_LIKE if gold.ann["lang"] == "zh" else LOOKS_LIKE_EN
    hits = []
    for u in gold.units:
        for s, e in u.segments:
            for pattern in looks_like[table]:
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
def test_shared_table_checker_accepts_the_gold(gold: Gold, tmp_path: Path) -> None:
    source = []  # a PDF/Word input: document.json names the file, the checker needs its text
    if "input" in gold.ann:
        (tmp_path / "source.txt").write_text(gold.source, encoding="utf-8")
        source = ["--source", str(tmp_path / "source.txt")]
    done = subprocess.run(
        [sys.executable, str(CHECK_TABLES), str(gold.dir), *source],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(not (SHARED / "files").exists(), reason="../shared is absent")
def test_the_shipped_floors_hold_on_the_gold_set(tmp_path: Path) -> None:
    # `make eval`'s own command: every gold input extracted, scored against the floors of
    # pipeline/evaluation/thresholds.yaml (exit 1 below one): a regression fails the suite
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "eval", "--gold", str(GOLD), "--extract",
         "--pred", str(tmp_path / "gold"), "--report", str(tmp_path)],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "all scores at or above the thresholds" in done.stdout
