"""pipeline.evaluation on the synthetic case of tests/eval_case.py, whose expected counts are worked
out by hand in that module's docstring."""

from __future__ import annotations

import copy
import csv
from fractions import Fraction
from pathlib import Path

import pytest

from pipeline.evaluation import command as evaluate
from pipeline.evaluation.command import DEFAULT_THRESHOLDS, main
from pipeline.evaluation.match import match
from pipeline.evaluation.read import overlaps, read_csv, read_optional, validate_gold
from pipeline.model import TABLE_COLUMNS
from tests.eval_case import DOC, GOLD, PRED, SOURCE, build, write_tables

ROOT = Path(__file__).resolve().parent.parent
SEED_GOLD = ROOT / "tests" / "gold" / "A-62-162.zh"
SEED = ROOT / "raw" / "A-62-162.zh.txt"


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


def scores(report: Path, doc: str = DOC) -> dict[tuple[str, str], dict[str, str]]:
    """A document's rows of eval_scores.csv, by (table, level)."""
    with open(report / "eval_scores.csv", encoding="utf-8", newline="") as f:
        return {
            (r["table"], r["level"]): r
            for r in csv.DictReader(f)
            if (r["scope"], r["name"]) == ("document", doc)
        }


def printed_row(printed: str, table: str, level: str) -> list[str]:
    """The cells of the printed score table's row of (table, level)."""
    return next(line.split() for line in printed.splitlines() if line.split()[:2] == [table, level])


def approx(fraction: Fraction) -> float:
    return pytest.approx(float(fraction), abs=1e-4)


@pytest.fixture(autouse=True)
def no_floors(tmp_path_factory, monkeypatch):
    """The shipped thresholds are floors for the seed; the synthetic case is scored without."""
    path = tmp_path_factory.getbasetemp() / "no_floors.yaml"
    path.write_text("{}\n", encoding="utf-8")
    monkeypatch.setattr(evaluate, "DEFAULT_THRESHOLDS", path)


@pytest.fixture
def case(tmp_path: Path) -> tuple[Path, Path, Path]:
    return build(tmp_path)


def test_scores_match_hand_counts(case, tmp_path, capsys):
    gold, out, _ = case
    assert run("--gold", gold, "--pred", out, "--report", tmp_path / "rep") == 0
    s = scores(tmp_path / "rep")
    expected = {  # (table, level): (TP, FP, FN)
        ("paragraphs", "paragraph"): (4, 0, 0),
        ("paragraphs", "exact"): (3, 1, 1),
        ("dates", "value"): (3, 1, 0),
        ("dates", "paragraph"): (3, 1, 0),
        ("dates", "exact"): (2, 2, 1),
        ("symbols", "value"): (1, 0, 0),
        ("symbols", "paragraph"): (1, 0, 0),
        ("symbols", "exact"): (1, 0, 0),
        ("organizations", "value"): (2, 1, 1),
        ("organizations", "paragraph"): (2, 1, 1),
        ("organizations", "exact"): (2, 1, 1),
    }
    assert set(s) == set(expected)
    for key, (tp, fp, fn) in expected.items():
        row = s[key]
        assert (int(row["tp"]), int(row["fp"]), int(row["fn"])) == (tp, fp, fn), key
        assert float(row["precision"]) == approx(Fraction(tp, tp + fp)), key
        assert float(row["recall"]) == approx(Fraction(tp, tp + fn)), key
        assert float(row["f1"]) == approx(Fraction(2 * tp, 2 * tp + fp + fn)), key
    assert float(s["dates", "exact"]["f1"]) == approx(Fraction(4, 7))
    # linking: 2 span-matched organizations, UNDP linked to unodc instead of undp
    assert float(s["organizations", "exact"]["accuracy"]) == 0.5
    assert s["organizations", "exact"]["accuracy_of"] == "linking"
    # clean text: paragraph 3 of 3 span-matched paragraphs differs
    assert float(s["paragraphs", "exact"]["accuracy"]) == approx(Fraction(2, 3))
    printed = capsys.readouterr().out
    assert printed_row(printed, "dates", "exact") == [
        "dates",
        "exact",
        "0.500",
        "0.667",
        "0.571",
    ] + [
        "2",
        "2",
        "1",
    ]
    assert (tmp_path / "rep" / "eval_scores.md").read_text(encoding="utf-8").count("| dates |") == 3


def test_errors_are_listed_with_paragraph_and_context(case, tmp_path, capsys):
    gold, out, _ = case
    run("--gold", gold, "--pred", out, "--report", tmp_path / "rep")
    printed = capsys.readouterr().out
    # the shifted date: gold missed, prediction spurious, both with 20 characters of context
    start = SOURCE.index("6 December 2006")
    where = f"1 {start}:{start + 15}"
    context = "…raft> & notes 1. On [6 December 2006] the General Assembl…"
    assert f"  FN   {where:<16} 2006-12-06  {context}" in printed
    assert f"  FP   1 {start + 2}:{start + 15}" in printed
    assert "LINK 2" in printed and "unodc (gold undp)" in printed
    with open(tmp_path / "rep" / "eval_errors.csv", encoding="utf-8", newline="") as f:
        errors = list(csv.DictReader(f))
    dates_exact = [(e["kind"], e["para"], e["text"]) for e in errors if e["table"] == "dates"]
    assert sorted(dates_exact) == sorted(
        [
            ("FN", "1", "6 December 2006"),
            ("FP", "1", "December 2006"),
            ("FP", "3", "2007"),
            # paragraph and value levels: only the spurious year
            ("FP", "3", "2007"),
            ("FP", "3", "2007"),
        ]
    )
    levels = {e["level"] for e in errors if e["table"] == "dates"}
    assert levels == {"exact", "paragraph", "value"}
    link = [e for e in errors if e["kind"] == "LINK"]
    assert [(e["text"], e["value"], e["expected"]) for e in link] == [("UNDP", "unodc", "undp")]
    # organizations with no org_id are gazetteer candidates
    with open(tmp_path / "rep" / "eval_gazetteer_candidates.csv", encoding="utf-8") as f:
        cands = list(csv.DictReader(f))
    assert [(c["text"], c["count"], c["where"]) for c in cands] == [
        ("Coordinating Action on Small Arms", "1", f"{DOC}:3"),
        ("Small Arms", "1", f"{DOC}:3"),
    ]


def test_optional_organizations_are_neither_tp_nor_fp(tmp_path):
    gold, out, _ = build(tmp_path / "with", optional=True)
    run("--gold", gold, "--pred", out, "--report", tmp_path / "r1")
    gold2, out2, _ = build(tmp_path / "without", optional=False)
    run("--gold", gold2, "--pred", out2, "--report", tmp_path / "r2")
    with_opt, without = scores(tmp_path / "r1"), scores(tmp_path / "r2")
    # two unlinked predictions overlap "Coordinating Action on Small Arms"
    assert int(with_opt["organizations", "exact"]["fp"]) == 1
    assert int(without["organizations", "exact"]["fp"]) == 3
    assert float(without["organizations", "exact"]["precision"]) == approx(Fraction(2, 5))
    for level in ("value", "paragraph"):
        assert int(with_opt["organizations", level]["fp"]) == 1
        assert int(without["organizations", level]["fp"]) == 3
    # other tables are untouched by the optional list
    assert with_opt["dates", "exact"] == without["dates", "exact"]


@pytest.mark.parametrize(
    "spelling",
    [
        "optional_organizations:\n  - [Coordinating Action on Small Arms, 3]\n",
        "optional_organizations:\n  '3': [Coordinating Action on Small Arms]\n",
        # line breaks and spaces of the source need not be written
        "optional_organizations:\n  - {text: CoordinatingAction on SmallArms, para: 3}\n",
    ],
)
def test_optional_list_spellings(tmp_path, spelling):
    gold, out, _ = build(tmp_path, optional=False)
    (gold / DOC / "annotations.yaml").write_text(spelling, encoding="utf-8")
    assert run("--gold", gold, "--pred", out, "--report", tmp_path / "rep") == 0
    assert int(scores(tmp_path / "rep")["organizations", "exact"]["fp"]) == 1


def test_optional_csv_of_the_gold_builder_takes_precedence(tmp_path, capsys):
    gold, out, _ = build(tmp_path, optional=False)
    start = SOURCE.index("Small Arms")
    (gold / DOC / "optional_organizations.csv").write_text(
        "doc_id,lang,para,text,start,end,reason\n"
        f"{DOC},en,3,Small Arms,{start},{start + 10},test\n",
        encoding="utf-8",
    )
    # ignored: the CSV holds the resolved spans
    (gold / DOC / "annotations.yaml").write_text("optional_organizations: 7\n", encoding="utf-8")
    assert run("--gold", gold, "--pred", out, "--report", tmp_path / "rep") == 0
    # both unlinked predictions overlap "Small Arms"
    assert int(scores(tmp_path / "rep")["organizations", "exact"]["fp"]) == 1
    (gold / DOC / "optional_organizations.csv").write_text(
        f"doc_id,lang,para,text,start,end,reason\n{DOC},en,4,Small Arm,{start},{start + 10},x\n",
        encoding="utf-8",
    )
    assert run("--gold", gold, "--pred", out) == 2
    err = capsys.readouterr().err
    path = gold / DOC / "optional_organizations.csv"
    assert f"{path}:2: unknown para key '4'" in err
    assert f"{path}:2: source[{start}:{start + 10}] = 'Small Arms' != text 'Small Arm'" in err


def test_match_is_a_multiset_match():
    def row(start: int, value: str) -> dict:
        return {"para": "1", "start": start, "end": start + 1, "v": value}

    gold = [row(0, "a"), row(5, "a"), row(9, "b")]
    pred = [row(1, "a"), row(2, "a"), row(3, "a"), row(4, "c")]
    o = match(gold, pred, lambda r: (r["para"], r["v"]))
    assert (len(o.pairs), len(o.fp), len(o.fn)) == (2, 2, 1)
    assert [p["start"] for _, p in o.pairs] == [1, 2]  # paired in text order
    assert [g["v"] for g in o.fn] == ["b"]
    o = match(gold, pred, lambda r: (r["para"], r["v"]), lambda r: overlaps(r, [(4, 5)]))
    assert (len(o.fp), len(o.ignored)) == (1, 1)


def write_thresholds(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_thresholds_decide_the_exit_code(case, tmp_path, capsys):
    gold, out, _ = case
    ok = write_thresholds(tmp_path / "ok.yaml", "dates:\n  exact: {f1: 0.57}\n")
    assert run("--gold", gold, "--pred", out, "--thresholds", ok, "--report", tmp_path / "r") == 0
    high = write_thresholds(
        tmp_path / "high.yaml",
        "dates:\n  exact: {f1: 0.6}\n  value: {recall: 1.0}\n"
        "organizations:\n  exact: {accuracy: 0.75}\n",
    )
    capsys.readouterr()
    assert run("--gold", gold, "--pred", out, "--thresholds", high, "--report", tmp_path / "r") == 1
    printed = capsys.readouterr().out
    assert f"BELOW THRESHOLD ({high}): dates exact f1 0.571 < 0.600" in printed
    assert "organizations exact accuracy 0.500 < 0.750" in printed
    assert "dates value recall" not in printed  # 1.0 is not below 1.0


def test_bad_threshold_config_is_an_input_error(case, tmp_path, capsys):
    gold, out, _ = case
    bad = write_thresholds(tmp_path / "bad.yaml", "dates:\n  exact: {f2: 0.5}\n  fuzzy: {f1: 1}\n")
    assert run("--gold", gold, "--pred", out, "--thresholds", bad) == 2
    err = capsys.readouterr().err
    assert f"{bad}: dates.exact: bad entry f2: 0.5" in err
    assert f"{bad}: dates: unknown level 'fuzzy'" in err


def test_default_thresholds_file_is_valid(case, tmp_path):
    gold, out, _ = case
    # the shipped floors are read without error; the case's dates F1 4/7 is below them
    args = ["--gold", gold, "--pred", out, "--report", tmp_path / "r"]
    assert run(*args, "--thresholds", DEFAULT_THRESHOLDS) == 1


def set_cell(table: str, index: int, column: str, value: str):
    def change(tables: dict) -> None:
        tables[table][index][column] = value

    return change


BAD_GOLD = [
    # (change to the gold tables, file, CSV line, problem)
    (set_cell("dates", 1, "start", "x"), "dates.csv", 3, "start/end not integers ('x', "),
    (set_cell("dates", 0, "end", "99999"), "dates.csv", 2, "offsets 29:99999 out of range"),
    (
        set_cell("dates", 2, "text", "July 2008"),
        "dates.csv",
        4,
        "source[210:219] = 'July 2007' != text 'July 2008'",
    ),
    (set_cell("symbols", 0, "para", "9"), "symbols.csv", 2, "unknown para key '9'"),
    (set_cell("symbols", 0, "para", "p9"), "symbols.csv", 2, "bad para key 'p9'"),
    (
        set_cell("dates", 0, "start_value", "2006-13-06"),
        "dates.csv",
        2,
        "start_value '2006-13-06' is not ISO 8601",
    ),
    (set_cell("dates", 2, "end_value", "July"), "dates.csv", 4, "end_value 'July' is not ISO"),
    (
        set_cell("organizations", 0, "para", "2"),
        "organizations.csv",
        2,
        "span 49:65 lies outside paragraph '2'",
    ),
    (
        set_cell("paragraphs", 2, "text", "2. UNDP and the World Bank"),
        "paragraphs.csv",
        4,
        "clean text is not drawn from source[92:161]",
    ),
    (
        set_cell("symbols", 0, "symbol", "A/RES/61 /66"),
        "symbols.csv",
        2,
        "symbol 'A/RES/61 /66' empty or",
    ),
]


@pytest.mark.parametrize(("change", "name", "line", "problem"), BAD_GOLD)
def test_bad_gold_gets_file_row_and_problem(tmp_path, capsys, change, name, line, problem):
    gold, out, _ = build(tmp_path)
    tables = copy.deepcopy(GOLD)
    change(tables)
    write_tables(gold / DOC, tables)
    assert run("--gold", gold, "--pred", out, "--report", tmp_path / "r") == 2
    err = capsys.readouterr().err
    assert f"{gold / DOC / name}:{line}: {problem}" in err
    assert not (tmp_path / "r").exists()  # nothing is scored from bad gold


def test_row_numbers_count_lines_inside_quoted_text(tmp_path, capsys):
    gold, out, _ = build(tmp_path)
    tables = copy.deepcopy(GOLD)
    # organizations row 3 holds a line break in its text; the row after it starts on line 6
    tables["organizations"].append({**tables["organizations"][0], "para": "fn9"})
    write_tables(gold / DOC, tables)
    assert run("--gold", gold, "--pred", out) == 2
    path = gold / DOC / "organizations.csv"
    assert f"{path}:6: unknown para key 'fn9' (not in paragraphs.csv)" in capsys.readouterr().err


def test_missing_columns_and_files(tmp_path, capsys):
    gold, out, _ = build(tmp_path)
    write_tables(gold / DOC, {"organizations": GOLD["organizations"]}, drop=("org_id", "acronym"))
    (gold / DOC / "paragraphs.csv").unlink()
    assert run("--gold", gold, "--pred", out) == 2
    err = capsys.readouterr().err
    assert f"error: {gold / DOC / 'organizations.csv'}:1: missing columns org_id, acronym" in err
    assert f"error: {gold / DOC / 'paragraphs.csv'}: missing" in err


def test_a_kind_the_gold_folder_lacks_is_not_scored(tmp_path, capsys):
    """A gold folder made before a kind existed (places) has no table of it: the others are
    scored, and the report says which kind was left out."""
    gold, out, _ = build(tmp_path)
    (gold / DOC / "symbols.csv").unlink()
    assert run("--gold", gold, "--pred", out, "--report", tmp_path / "rep") == 0
    s = scores(tmp_path / "rep")
    assert not any(table == "symbols" for table, _ in s)
    assert (s["dates", "exact"]["tp"], s["dates", "exact"]["fp"]) == ("2", "2")
    assert "not scored for symbols: the gold folder has no symbols.csv" in capsys.readouterr().out


def test_optional_mention_not_found(tmp_path, capsys):
    gold, out, _ = build(tmp_path, optional=False)
    (gold / DOC / "annotations.yaml").write_text(
        "optional_organizations:\n  - {text: Small Arms, para: '2'}\n  - {text: X, para: '7'}\n",
        encoding="utf-8",
    )
    assert run("--gold", gold, "--pred", out) == 2
    err = capsys.readouterr().err
    path = gold / DOC / "annotations.yaml"
    assert f"{path}:optional_organizations[0]: text 'Small Arms' not found in paragraph '2'" in err
    assert f"{path}:optional_organizations[1]: unknown para key '7'" in err


def test_missing_prediction_folder_is_named(tmp_path, capsys):
    gold, out, _ = build(tmp_path)
    write_tables(gold / "other.zh", GOLD)
    assert run("--gold", gold, "--pred", out) == 2
    err = capsys.readouterr().err
    assert f"{out / 'other.zh'}: no prediction folder for gold document other.zh" in err


def test_single_document_folders_and_explicit_source(tmp_path, capsys):
    gold, out, source = build(tmp_path)
    (out / DOC / "document.json").unlink()
    assert run("--gold", gold / DOC, "--pred", out / DOC) == 2
    assert "no 'source' to locate the text (give --source)" in capsys.readouterr().err
    args = ["--gold", gold / DOC, "--pred", out / DOC, "--source", source]
    assert run(*args, "--no-review") == 0
    # default report folder: next to the document folder
    assert scores(out)["symbols", "exact"]["f1"] == "1.0"
    assert not (out / DOC / "review.html").exists()


def test_prediction_with_missing_columns_cannot_be_scored(tmp_path, capsys):
    gold, out, _ = build(tmp_path)
    write_tables(out / DOC, {"dates": PRED["dates"]}, drop=("end_value",))
    assert run("--gold", gold, "--pred", out) == 2
    assert f"{out / DOC / 'dates.csv'}:1: missing columns end_value" in capsys.readouterr().err


def test_seed_gold_is_valid():
    """The hand-made gold of the seed passes every check the evaluation makes."""
    if not (SEED_GOLD / "paragraphs.csv").exists():
        pytest.skip("seed gold tables not built yet")
    source = SEED.read_text(encoding="utf-8")
    tables, problems = validate_gold(SEED_GOLD, source)
    assert problems == []
    optional, problems = read_optional(SEED_GOLD, source, tables["paragraphs"])
    assert problems == []
    # the seed's optional list names 小武器问题协调行动机制 in paragraph 3 (CASA)
    para3 = next(r for r in tables["paragraphs"] if r["para"] == "3")
    casa = [(s, e) for s, e in optional if para3["start"] <= s < para3["end"]]
    assert [source[s:e] for s, e in casa] == ["小武器问题协调行动机制"]
    assert tables["paragraphs"] and tables["organizations"]
    for table in tables:  # the seed's gold predates places: not scored for them
        rows, unreadable = read_csv(SEED_GOLD / f"{table}.csv", TABLE_COLUMNS[table])
        assert unreadable == [] and len(rows) == len(tables[table])
    assert "places" not in tables


def test_several_documents_are_micro_averaged(case, tmp_path, capsys):
    import shutil

    gold, out, _ = case
    shutil.copytree(gold / DOC, gold / "copy.en")
    shutil.copytree(out / DOC, out / "copy.en")
    # the copy predicts no dates at all: 3 more FN
    write_tables(out / "copy.en", {"dates": []})
    assert run("--gold", gold, "--pred", out) == 0  # default report: beside the documents
    with open(out / "eval_scores.csv", encoding="utf-8", newline="") as f:
        rows = {(r["scope"], r["name"], r["table"], r["level"]): r for r in csv.DictReader(f)}
    total = rows["all", "", "dates", "exact"]
    assert (total["tp"], total["fp"], total["fn"]) == ("2", "2", "4")  # 2/2/1 + 0/0/3
    assert float(total["recall"]) == approx(Fraction(2, 6))
    assert rows["document", "copy.en", "dates", "exact"]["precision"] == ""  # nothing predicted
    # macro: the mean of the documents' own ratios, each where it is defined
    assert float(total["macro_precision"]) == approx(Fraction(1, 2))  # copy.en has none
    assert float(total["macro_recall"]) == approx((Fraction(2, 3) + 0) / 2)
    assert float(total["macro_f1"]) == approx((Fraction(4, 7) + 0) / 2)
    assert total["docs"] == "2"
    assert "== Gold set: 2 documents scored" in capsys.readouterr().out
    assert (out / "copy.en" / "review.html").exists() and (out / DOC / "review.html").exists()


def test_a_prediction_on_an_optional_mention_cannot_take_a_gold_value_from_another():
    """Value level: gold has one `un` in paragraph 30; the pipeline finds `联合国` twice there,
    first inside an optional name (联合国…网上资源中心), then where the gold has it. The real one
    pairs with the gold; the optional one is set aside (neither TP nor FP)."""

    gold = [{"para": "30", "org_id": "un", "start": 100, "end": 103}]
    inside_optional = {"para": "30", "org_id": "un", "start": 10, "end": 13}
    real = {"para": "30", "org_id": "un", "start": 100, "end": 103}
    out = match(
        gold,
        [inside_optional, real],
        lambda r: (r["para"], r["org_id"]),
        lambda r: overlaps(r, [(10, 25)]),
    )
    assert out.pairs == [(gold[0], real)]
    assert out.fp == [] and out.fn == [] and out.ignored == [inside_optional]
