"""The evaluation of a gold set: the value level, groups (language, genre, input form), macro and
micro averages, the threshold set, skipped and failed documents, reading gold from
annotations.yaml, running the pipeline in-process (--extract), and the command's bad input and
help. The synthetic case (tests/eval_case.py) gives the hand-counted numbers."""

from __future__ import annotations

import copy
import csv
import json
import re
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from pipeline.evaluation.command import build_parser, main
from pipeline.evaluation.read import read_csv
from pipeline.kinds import KIND_BY_NAME, TABLE_COLUMNS
from tests.eval_case import DOC, GOLD, PRED, SOURCE, build, write_tables

ROOT = Path(__file__).resolve().parent.parent
GOLD_SET = ROOT / "tests" / "gold"
REPORT_FILES = [
    "eval_errors.csv",
    "eval_gazetteer_candidates.csv",
    "eval_scores.csv",
    "eval_scores.md",
]


@pytest.fixture
def no_floors(tmp_path: Path) -> Path:
    path = tmp_path / "no_floors.yaml"
    path.write_text("{}\n", encoding="utf-8")
    return path


def run(*argv: object) -> int:
    return main([str(a) for a in argv])


def score_rows(report: Path) -> dict[tuple[str, str, str, str], dict[str, str]]:
    with open(report / "eval_scores.csv", encoding="utf-8", newline="") as f:
        return {(r["scope"], r["name"], r["table"], r["level"]): r for r in csv.DictReader(f)}


def counts(row: dict[str, str]) -> tuple[int, int, int]:
    return int(row["tp"]), int(row["fp"]), int(row["fn"])


def approx(x: Fraction) -> float:
    return pytest.approx(float(x), abs=1e-4)


def annotate(folder: Path, text: str) -> None:
    (folder / "annotations.yaml").write_text(text, encoding="utf-8")


def test_the_value_level_ignores_the_paragraph(tmp_path, no_floors):
    """The year of paragraph 2 predicted under key 3: a wrong paragraph key, a right value."""
    gold, out, _ = build(tmp_path)
    pred = copy.deepcopy(PRED)
    pred["dates"][1]["para"] = "3"
    write_tables(out / DOC, pred)
    assert run("--gold", gold, "--pred", out, "--thresholds", no_floors) == 0
    rows = score_rows(out)
    # paragraph: (1,2006-12-06) (3,2007-07) match; the two (3,2007) are FP; (2,2007) is FN
    assert counts(rows["document", DOC, "dates", "paragraph"]) == (2, 2, 1)
    # value: {2006-12-06, 2007, 2007-07} all found, the second 2007 is FP
    assert counts(rows["document", DOC, "dates", "value"]) == (3, 1, 0)
    # exact: only July 2007 keeps paragraph, span and value
    assert counts(rows["document", DOC, "dates", "exact"]) == (1, 3, 2)


def test_groups_by_language_genre_and_form(tmp_path, no_floors, capsys):
    """Two documents, each described by its annotations.yaml; every group's micro counts are
    the sums of its documents', and the summary shows the paragraph level per group."""
    gold, out, _ = build(tmp_path)
    shutil.copytree(gold / DOC, gold / "copy.en")
    shutil.copytree(out / DOC, out / "copy.en")
    write_tables(out / "copy.en", {"dates": []})  # 3 dates missed
    optional = (gold / DOC / "annotations.yaml").read_text(encoding="utf-8")
    annotate(gold / DOC, f"lang: en\ngenre: report\nform: pdf\n{optional}")
    annotate(gold / "copy.en", f"lang: en\ngenre: letter\nform: pdf\n{optional}")
    assert run("--gold", gold, "--pred", out, "--thresholds", no_floors) == 0
    rows = score_rows(out)
    assert counts(rows["genre", "report", "dates", "paragraph"]) == (3, 1, 0)
    assert counts(rows["genre", "letter", "dates", "paragraph"]) == (0, 0, 3)
    assert counts(rows["form", "pdf", "dates", "paragraph"]) == (3, 1, 3)
    assert counts(rows["lang", "en", "dates", "paragraph"]) == (3, 1, 3)
    assert rows["lang", "en", "dates", "paragraph"]["docs"] == "2"
    printed = capsys.readouterr().out
    assert "paragraph-key F1 (paragraph level, micro): dates 0.600" in printed  # 6/(6+1+3)
    assert re.search(r"genre letter\s+1\s+1\.000\s+0\.000", printed)
    md = (out / "eval_scores.md").read_text(encoding="utf-8")
    assert "## genre letter (1 documents)" in md


def test_thresholds_hold_on_the_set_without_the_excluded_documents(tmp_path, capsys):
    gold, out, _ = build(tmp_path)
    shutil.copytree(gold / DOC, gold / "copy.en")
    shutil.copytree(out / DOC, out / "copy.en")
    write_tables(out / "copy.en", {"dates": []})
    floors = "dates:\n  exact: {recall: 0.6}\n"  # the case alone: 2/3; with the copy: 2/6
    held = tmp_path / "held.yaml"
    held.write_text(floors, encoding="utf-8")
    assert run("--gold", gold, "--pred", out, "--thresholds", held) == 1
    assert "dates exact recall 0.333 < 0.600" in capsys.readouterr().out
    held.write_text("exclude: [copy.en]\n" + floors, encoding="utf-8")
    assert run("--gold", gold, "--pred", out, "--thresholds", held) == 0
    printed = capsys.readouterr().out
    assert "micro-average over the 1 documents without copy.en" in printed
    rows = score_rows(out)
    assert counts(rows["thresholded", "without copy.en", "dates", "exact"]) == (2, 2, 1)
    assert counts(rows["all", "", "dates", "exact"]) == (2, 2, 4)  # both, in the reports


def test_a_prediction_on_another_source_text_is_scored_without_the_exact_level(
    tmp_path, no_floors, capsys
):
    """The gold names its source (annotations.yaml); the prediction read another text (here:
    one character more at the start, so no offset agrees). Values and paragraph keys are still
    compared; optional mentions are recognized by their text."""
    gold, out, source = build(tmp_path)
    annotate(
        gold / DOC,
        "source: raw/case.en.txt\n" + (gold / DOC / "annotations.yaml").read_text("utf-8"),
    )
    other = tmp_path / "other.txt"
    other.write_text("*" + SOURCE, encoding="utf-8")
    meta = {"doc_id": DOC, "lang": "en", "source": str(other), "encoding": "utf-8"}
    (out / DOC / "document.json").write_text(json.dumps(meta), encoding="utf-8")
    assert run("--gold", gold / DOC, "--pred", out / DOC, "--thresholds", no_floors) == 0
    printed = capsys.readouterr().out
    assert "exact level not scored" in printed
    rows = score_rows(out)
    assert not any(level == "exact" for (_, _, _, level) in rows)
    assert counts(rows["document", DOC, "dates", "paragraph"]) == (3, 1, 0)
    # the two unlinked predictions inside "Coordinating Action on Small Arms" are set aside
    assert counts(rows["document", DOC, "organizations", "value"]) == (2, 1, 1)
    page = (out / DOC / "review.html").read_text(encoding="utf-8")
    assert "Predictions alone" in page


def test_a_gold_file_that_is_not_utf8_is_one_error_line(tmp_path, capsys):
    gold, out, _ = build(tmp_path)
    path = gold / DOC / "dates.csv"
    path.write_bytes(path.read_bytes().replace(b"2007", "2007\u00e9".encode("latin-1"), 1))
    assert run("--gold", gold, "--pred", out) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {path}: not UTF-8 (byte 0xe9 at offset")
    (gold / DOC / "annotations.yaml").write_bytes("lang: \u00e9n\n".encode("latin-1"))
    assert run("--gold", gold, "--pred", out) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: {gold / DOC / 'annotations.yaml'}: not UTF-8 (byte 0xe9 at offset 6)"]


def test_report_files_are_named_as_in_the_default_run(tmp_path, no_floors):
    gold, out, _ = build(tmp_path)
    assert run("--gold", gold, "--pred", out, "--thresholds", no_floors) == 0
    beside = sorted(p.name for p in out.iterdir() if p.is_file())
    assert beside == REPORT_FILES
    report = tmp_path / "rep"
    assert run("--gold", gold, "--pred", out, "--report", report, "--thresholds", no_floors) == 0
    assert sorted(p.name for p in report.iterdir()) == REPORT_FILES
    assert (out / DOC / "eval_errors.csv").exists()  # the document's own errors


def test_help_names_only_options_that_exist(capsys):
    """Every option the help speaks of exists, and every name in capitals it uses is the
    argument of one (an earlier help named an OUT_DIR that was none)."""
    parser = build_parser()
    real = {o for action in parser._actions for o in action.option_strings}
    metavars = {a.metavar or a.dest.upper() for a in parser._actions if a.option_strings}
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text)) <= real
    formats = {"YAML", "CSV", "HTML"}
    assert set(re.findall(r"\b[A-Z][A-Z_]{2,}\b", text)) <= metavars | formats


def link_gold(folder: Path, *doc_ids: str) -> Path:
    """A gold set of some of the repository's gold folders (linked, so that the paths their
    annotations.yaml gives, relative to the repository root, still resolve)."""
    folder.mkdir(parents=True)
    for doc_id in doc_ids:
        (folder / doc_id).symlink_to(GOLD_SET / doc_id, target_is_directory=True)
    return folder


def test_the_set_end_to_end_on_two_small_text_documents(tmp_path, no_floors, capsys):
    """`eval --extract` on two of the repository's gold documents whose input is in the gold
    folder (a one-sentence-a-line text in each language): the pipeline runs in this process,
    writes PRED/<doc_id>/, and every gold row is matched or missed once at every level."""
    from pipeline.runner import extract_file

    docs = ["en-008-sentences", "zh-026-sentences"]
    gold = link_gold(tmp_path / "gold", *docs)
    pred, report = tmp_path / "out" / "gold", tmp_path / "out"
    args = ["--gold", gold, "--pred", pred, "--extract", "--report", report]
    assert run(*args, "--thresholds", no_floors) == 0
    printed = capsys.readouterr().out
    assert "== Gold set: 2 documents scored" in printed and "paragraph-key F1" in printed
    rows = score_rows(report)
    for doc in docs:
        folder = pred / doc
        assert json.loads((folder / "document.json").read_text("utf-8"))["doc_id"] == doc
        assert (folder / "review.html").exists()
        # the tables written are the pipeline's own for that input
        direct = extract_file(GOLD_SET / doc / f"{doc}.txt").tables
        for table in ("paragraphs", *KIND_BY_NAME):
            written, _ = read_csv(folder / f"{table}.csv", TABLE_COLUMNS[table])
            assert len(written) == len(direct[table]), (doc, table)
            assert [(r["start"], r["text"]) for r in written] == [
                (str(r["start"]), r["text"]) for r in direct[table]
            ]
        for table in ("paragraphs", *KIND_BY_NAME):
            gold_rows, _ = read_csv(GOLD_SET / doc / f"{table}.csv", TABLE_COLUMNS[table])
            levels = [lv for (s, n, t, lv) in rows if (s, n, t) == ("document", doc, table)]
            assert levels, (doc, table)
            for level in levels:
                tp, _, fn = counts(rows["document", doc, table, level])
                assert tp + fn == len(gold_rows), (doc, table, level)
    lang = {doc[:2]: rows["lang", doc[:2], "dates", "value"] for doc in docs}
    for code, doc in zip(("en", "zh"), docs, strict=True):
        assert counts(lang[code]) == counts(rows["document", doc, "dates", "value"])
    assert rows["form", "sentences", "dates", "value"]["docs"] == "2"


def test_absent_inputs_are_skipped_and_the_output_is_named_by_the_gold(tmp_path, no_floors, capsys):
    """A gold folder whose input lies outside the repository and is not on this machine is
    skipped with one line; the others run, each into a folder named by its gold id (not by the
    input's stem, which two inputs may share)."""
    gold, _, _ = build(tmp_path)
    named = gold / "case.en.web"
    (gold / DOC).rename(named)
    write_tables(named, {t: [{**r, "doc_id": "case.en.web"} for r in GOLD[t]] for t in GOLD})
    annotate(named, "lang: en\ngenre: report\nform: text\nsource: raw/case.en.txt\n")
    absent = gold / "gone"
    shutil.copytree(named, absent)
    annotate(absent, "lang: en\nsource: ../no-such-shared-folder/gone.txt\n")
    pred = tmp_path / "pred"
    assert run("--gold", gold, "--pred", pred, "--extract", "--thresholds", no_floors) == 0
    printed = capsys.readouterr().out
    assert printed.count("skip gone: ../no-such-shared-folder/gone.txt is not on this machine") == 1
    assert sorted(p.name for p in pred.iterdir() if p.is_dir()) == ["case.en.web"]
    rows, _ = read_csv(pred / "case.en.web" / "dates.csv", TABLE_COLUMNS["dates"])
    assert rows and {r["doc_id"] for r in rows} == {"case.en.web"}


def test_an_input_the_pipeline_refuses_is_scored_as_predicting_nothing(tmp_path, no_floors, capsys):
    gold, _, _ = build(tmp_path)
    (tmp_path / "raw" / "empty.txt").write_text(" \n", encoding="utf-8")
    annotate(gold / DOC, "source: raw/case.en.txt\nextract: raw/empty.txt\n")
    pred = tmp_path / "pred"
    stale = pred / DOC
    stale.mkdir(parents=True)  # an earlier run's folder is not this run's prediction
    (stale / "dates.csv").write_text("stale\n", encoding="utf-8")
    assert run("--gold", gold, "--pred", pred, "--extract", "--thresholds", no_floors) == 0
    printed = capsys.readouterr().out
    assert "the pipeline gave no tables" in printed and "no text" in printed
    assert not stale.exists()
    rows = score_rows(pred)
    assert counts(rows["document", DOC, "dates", "value"]) == (0, 0, len(GOLD["dates"]))
