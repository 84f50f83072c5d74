"""Score extraction output against gold tables, list every error, and check score thresholds.

    python -m pipeline eval --gold GOLD_DIR --pred PRED_DIR [--extract] [--source FILE]
                            [--report DIR] [--thresholds FILE] [--no-review]

GOLD_DIR and PRED_DIR are each one document's folder or a folder of such folders named by document
id. Every gold document is scored against the prediction folder of the same id; with --extract,
the pipeline first runs on each gold document's input (its annotations.yaml) and writes that
folder. The levels (value, paragraph, exact; linking) and the groups (language, genre, input
form) are defined in docs/evaluation.md.

Exit codes: 0 all scores at or above the thresholds, 1 some score below, 2 bad input (a gold file
that breaks the contract, a missing prediction folder, an unreadable config).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from pipeline.evaluation.aggregate import ALL, Group, groups, threshold_docs, total
from pipeline.evaluation.goldset import GoldDoc, gold_folders, read_gold_doc
from pipeline.evaluation.predict import Prediction, predict
from pipeline.evaluation.read import (
    InputError,
    Row,
    find_source,
    is_doc_folder,
    read_optional,
    read_pred,
    validate_gold,
)
from pipeline.evaluation.report import fmt, print_document, write_reports
from pipeline.evaluation.score import (
    DEFAULT_THRESHOLDS,
    TABLES,
    DocResult,
    below,
    evaluate_doc,
    load_thresholds,
)
from pipeline.evaluation.summary import summary_lines
from pipeline.kinds import KINDS


def pred_dir_of(doc: GoldDoc, pred: Path, single: bool) -> Path:
    """The prediction folder of a gold document: PRED itself when one document is evaluated and
    PRED is a document folder (of that name, or the only one), else PRED/<doc_id>."""
    if is_doc_folder(pred) and (single or pred.name == doc.doc_id):
        return pred
    return pred / doc.doc_id


def score_doc(
    doc: GoldDoc, pred_dir: Path, explicit: Path | None, prediction: Prediction | None
) -> DocResult:
    """Read, check and score one document; raises InputError with every problem found."""
    notes = []
    failed = prediction is not None and prediction.folder is None
    pred_source: str | None = None
    if prediction is not None and failed:
        notes.append(f"the pipeline gave no tables ({prediction.error}): scored as predicting none")
    elif not pred_dir.is_dir():
        raise InputError([f"{pred_dir}: no prediction folder for gold document {doc.doc_id}"])
    else:
        pred_source = find_source(pred_dir, explicit)[1]
    gold_source = doc.text()
    if gold_source is None:
        if pred_source is None:
            raise InputError([f"{doc.folder}: no source text (annotations.yaml names none)"])
        gold_source = pred_source
    gold, problems = validate_gold(doc.folder, gold_source)
    optional = {}
    for kind in KINDS:
        if kind.optional and kind.name in gold:
            spans, found = read_optional(doc.folder, gold_source, gold["paragraphs"], kind.name)
            optional[kind.name] = spans
            problems += found
    pred: dict[str, list[Row]] = {t: [] for t in gold}
    if not failed:
        pred, found = read_pred(pred_dir, list(gold))
        problems += found
    if problems:
        raise InputError(problems)
    for table in TABLES:
        if table not in gold:
            notes.append(f"not scored for {table}: the gold folder has no {table}.csv")
    differs = pred_source is not None and pred_source != gold_source
    if differs:
        notes.append(
            "the prediction's source text differs from the gold's (another reader?): "
            "exact level not scored, optional mentions matched by text"
        )
    lang = doc.meta.get("lang")
    if prediction and prediction.lang and lang and prediction.lang != lang:
        notes.append(f"read as language {prediction.lang!r}; the gold says {lang!r}")
    meta = dict(doc.meta)
    meta.setdefault("lang", next((r["lang"] for r in gold["paragraphs"]), ""))
    res = DocResult(doc.doc_id, doc.folder, pred_dir, gold_source, gold, pred, {}, [])
    res.pred_source = pred_source if differs and pred_source is not None else ""
    res.meta, res.notes = meta, notes
    return evaluate_doc(res, optional)


def doc_line(res: DocResult, seconds: float | None) -> str:
    """One line per document of a set: what it is, its paragraph-level F1 per table."""
    m = res.meta
    what = f"{m.get('lang', '-')} {m.get('genre', '-')} {m.get('form', '-')}"
    took = f"{seconds:5.1f} s" if seconds is not None else ""
    f1 = " ".join(f"{s.table} {fmt(s.f1)}" for s in res.scores if s.level == "paragraph")
    return f"{res.doc_id:<36} {what:<32} {took}  paragraph F1: {f1}"


def run(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    thresholds = load_thresholds(args.thresholds)
    docs = [read_gold_doc(f) for f in gold_folders(args.gold)]
    if args.source and len(docs) > 1:
        raise InputError([f"--source names one file but {len(docs)} documents are evaluated"])
    kept, skipped = [], []
    for doc in docs:
        absent = doc.absent()
        if absent:
            print(f"skip {doc.doc_id}: {absent} is not on this machine")
            skipped.append(doc.doc_id)
        else:
            kept.append(doc)
    if not kept:
        raise InputError([f"{args.gold}: every gold document's input is absent"])
    predictions: dict[str, Prediction] = {}
    if args.extract:
        missing = [d.folder for d in kept if d.input_path() is None]
        if missing:
            raise InputError([f"{f}: annotations.yaml names no input to extract" for f in missing])
        args.pred.mkdir(parents=True, exist_ok=True)
        for doc in kept:
            predictions[doc.doc_id] = predict(doc, args.pred)
    results, problems = [], []
    single = len(kept) == 1 and not args.extract
    for doc in kept:
        prediction = predictions.get(doc.doc_id)
        pred_dir = prediction.folder if prediction and prediction.folder else None
        try:
            results.append(
                score_doc(
                    doc,
                    pred_dir or pred_dir_of(doc, args.pred, single),
                    args.source,
                    prediction,
                )
            )
        except InputError as exc:
            problems += exc.problems
    if problems:
        raise InputError(problems)
    exclude = thresholds.exclude
    totals = [t for g in groups(results, exclude) for t in total(g)]
    summary = summary_lines(totals, skipped) if len(results) > 1 else []
    if len(results) == 1:
        print_document(results[0])
    else:
        for res in results:
            p = predictions.get(res.doc_id)
            print(doc_line(res, p.seconds if p else None))
            for note in res.notes:
                print(f"  note: {note}")
    # Default: files beside the document folders (output/eval_scores.csv, ...), not a subfolder:
    # ../shared/tools/check_tables.py reads every subfolder of output/ as a document folder.
    report = args.report or (args.pred.parent if is_doc_folder(args.pred) else args.pred)
    written = write_reports(report, results, totals, summary)
    print("reports: " + ", ".join(str(p) for p in written))
    if not args.no_review:
        from pipeline.evaluation import review

        pages = [review.write_for_result(res) for res in results if res.pred_dir.is_dir()]
        if len(pages) == 1:
            print(f"review page: {pages[0]}")
        elif pages:
            print(f"review pages: {len(pages)}, e.g. {pages[0]}")
    if summary:
        print()
        print("\n".join(summary))
        print(f"({len(results)} documents in {time.perf_counter() - t0:.1f} s)")
    held = total(Group(ALL, "", threshold_docs(results, exclude)))
    failed = below([t.micro for t in held], thresholds)
    for line in failed:
        print(f"BELOW THRESHOLD ({args.thresholds}): {line}")
    if failed:
        return 1
    print(f"all scores at or above the thresholds of {args.thresholds}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="python -m pipeline eval", description="Score extraction output against gold tables."
    )
    ap.add_argument(
        "--gold", type=Path, required=True, help="gold document folder or folder of them"
    )
    ap.add_argument(
        "--pred",
        type=Path,
        required=True,
        help="prediction document folder or folder of them (--extract writes into it)",
    )
    ap.add_argument(
        "--extract",
        action="store_true",
        help="first run the pipeline on each gold document's input (its annotations.yaml)",
    )
    ap.add_argument(
        "--source", type=Path, help="source text (default: the prediction's document.json)"
    )
    ap.add_argument(
        "--report",
        type=Path,
        help="folder for eval_scores.csv/md, eval_errors.csv, eval_gazetteer_candidates.csv "
        "(default: beside the prediction folders)",
    )
    ap.add_argument(
        "--thresholds", type=Path, default=DEFAULT_THRESHOLDS, help="minimum scores (YAML)"
    )
    ap.add_argument("--no-review", action="store_true", help="do not write review.html pages")
    return ap


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run(args)
    except InputError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
