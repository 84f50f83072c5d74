"""Score extraction output against gold tables, list every error, and check score thresholds.

    python -m pipeline eval --gold GOLD_DIR --pred OUT_DIR [--source FILE] [--report DIR]
                            [--thresholds FILE] [--no-review]

GOLD_DIR and OUT_DIR are each one document's folder or a folder of such folders named by document
id. Every gold document is scored against the prediction folder of the same id. The matching
levels (exact; value within paragraph; organization linking) are defined in docs/evaluation.md.

Exit codes: 0 all scores at or above the thresholds, 1 some score below, 2 bad input (a gold file
that breaks the contract, a missing prediction folder, an unreadable config).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.evaluation.read import (
    InputError,
    find_source,
    is_doc_folder,
    read_optional,
    read_pred,
    validate_gold,
)
from pipeline.evaluation.report import print_report, write_reports
from pipeline.evaluation.score import (
    DEFAULT_THRESHOLDS,
    below,
    evaluate_doc,
    load_thresholds,
    total,
)
from pipeline.kinds import KINDS


def doc_pairs(gold: Path, pred: Path) -> list[tuple[str, Path, Path]]:
    """(doc_id, gold folder, prediction folder) for every gold document."""
    if not gold.is_dir():
        raise InputError([f"{gold}: gold folder not found"])
    if is_doc_folder(gold):
        golds = [gold]
    else:
        golds = sorted(d for d in gold.iterdir() if d.is_dir() and is_doc_folder(d))
        if not golds:
            raise InputError([f"{gold}: no gold document folders"])
    pairs, problems = [], []
    for g in golds:
        if is_doc_folder(pred) and (len(golds) == 1 or pred.name == g.name):
            p = pred
        else:
            p = pred / g.name
        if not p.is_dir():
            problems.append(f"{p}: no prediction folder for gold document {g.name} ({g})")
        pairs.append((g.name, g, p))
    if problems:
        raise InputError(problems)
    return pairs


def run(args: argparse.Namespace) -> int:
    pairs = doc_pairs(args.gold, args.pred)
    if args.source and len(pairs) > 1:
        raise InputError([f"--source names one file but {len(pairs)} documents are evaluated"])
    thresholds = load_thresholds(args.thresholds)
    results, problems = [], []
    for doc_id, gold_dir, pred_dir in pairs:
        _, source = find_source(pred_dir, args.source)
        gold, gold_problems = validate_gold(gold_dir, source)
        optional, opt_problems = {}, []
        for kind in KINDS:
            if kind.optional:
                spans, found = read_optional(gold_dir, source, gold["paragraphs"], kind.name)
                optional[kind.name] = spans
                opt_problems += found
        pred, pred_problems = read_pred(pred_dir, gold)  # the tables the gold has
        problems += gold_problems + opt_problems + pred_problems
        if not (gold_problems or opt_problems or pred_problems):
            results.append(evaluate_doc(doc_id, gold_dir, pred_dir, source, gold, pred, optional))
    if problems:
        raise InputError(problems)
    overall = total(results)
    print_report(results, overall)
    # Default: files beside the document folders (output/eval_scores.csv, ...), not a subfolder:
    # ../shared/tools/check_tables.py reads every subfolder of output/ as a document folder.
    if args.report:
        report, prefix = args.report, ""
    else:
        report = args.pred.parent if is_doc_folder(args.pred) else args.pred
        prefix = "eval_"
    written = write_reports(report, results, overall, prefix)
    print("reports: " + ", ".join(str(p) for p in written))
    if not args.no_review:
        from pipeline.evaluation import review

        for res in results:
            path = review.write_for_result(res)
            print(f"review page: {path}")
    failed = below(overall, thresholds)
    for line in failed:
        print(f"BELOW THRESHOLD ({args.thresholds}): {line}")
    if failed:
        return 1
    print(f"all scores at or above the thresholds of {args.thresholds}")
    return 0


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m pipeline eval", description="Score extraction output against gold tables."
    )
    ap.add_argument(
        "--gold", type=Path, required=True, help="gold document folder or folder of them"
    )
    ap.add_argument(
        "--pred", type=Path, required=True, help="output document folder or folder of them"
    )
    ap.add_argument(
        "--source", type=Path, help="source text (default: the prediction's document.json)"
    )
    ap.add_argument(
        "--report", type=Path, help="folder for scores/errors (default: OUT_DIR, as eval_*.csv/md)"
    )
    ap.add_argument(
        "--thresholds", type=Path, default=DEFAULT_THRESHOLDS, help="minimum scores (YAML)"
    )
    ap.add_argument("--no-review", action="store_true", help="do not write review.html pages")
    args = ap.parse_args(argv)
    try:
        return run(args)
    except InputError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
