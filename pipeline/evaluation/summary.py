"""The one-screen summary of a set's evaluation: the micro P/R/F1 of every table at every level
over the set the thresholds apply to, the paragraph-key F1 (docs/evaluation.md), then the
paragraph-level F1 of each table per language and per genre."""

from __future__ import annotations

from pipeline.evaluation.aggregate import ALL, THRESHOLD_SET, Group, Total
from pipeline.evaluation.report import accuracy_cell, fmt, text_table
from pipeline.evaluation.score import TABLES
from pipeline.kinds import KIND_BY_NAME

BY = ("lang", "genre")  # the groups the summary breaks the paragraph level down by


def summary_lines(totals: list[Total], skipped: list[str]) -> list[str]:
    by_label: dict[str, list[Total]] = {}
    for t in totals:
        by_label.setdefault(t.group.label, []).append(t)
    everything = next(t.group for t in totals if t.group.scope == ALL)
    main = next((t.group for t in totals if t.group.scope == THRESHOLD_SET), everything)
    n_all, n_main = len(everything.docs), len(main.docs)
    f1_all = {(t.micro.table, t.micro.level): t.micro.f1 for t in by_label[everything.label]}
    scope = f"{n_all} documents"
    if main is not everything:
        scope = f"the {n_main} documents {main.name}"
    lines = [
        f"== Gold set: {n_all} documents scored"
        + (f", {len(skipped)} skipped ({', '.join(skipped)})" if skipped else ""),
        f"micro-average over {scope} (the thresholds apply to these); `F1 all`: all {n_all}",
    ]
    rows = [["table", "level", "P", "R", "F1", "F1 all", "macro F1", "TP", "FP", "FN", "docs"]]
    rows[0].append("accuracy")
    for t in by_label[main.label]:
        s = t.micro
        rows.append(
            [s.table, s.level, fmt(s.precision), fmt(s.recall), fmt(s.f1)]
            + [fmt(f1_all.get((s.table, s.level))), fmt(t.macro_f1)]
            + [str(s.tp), str(s.fp), str(s.fn), str(t.docs), accuracy_cell(s)]
        )
    lines += text_table(rows).splitlines()
    if any(t.docs < n_main for t in by_label[main.label]):
        lines.append(
            f"(docs < {n_main}: a level is averaged only over the documents it was scored on;"
            " exact needs the prediction to read the gold's source text)"
        )
    keys = {t.micro.table: t.micro.f1 for t in by_label[main.label] if t.micro.level == "paragraph"}
    lines.append(
        "paragraph-key F1 (paragraph level, micro): "
        + " · ".join(f"{k} {fmt(keys.get(k))}" for k in KIND_BY_NAME if k in keys)
    )
    lines += by_group_lines(totals, by_label)
    return lines


def by_group_lines(totals: list[Total], by_label: dict[str, list[Total]]) -> list[str]:
    """F1 at the paragraph level of each table, per language and per genre (all documents)."""
    tables = [t for t in TABLES if any(x.micro.table == t for x in totals)]
    groups: list[Group] = []
    for t in totals:
        if t.group.scope in BY and t.group not in groups:
            groups.append(t.group)
    rows = [["group", "docs", *tables]]
    for g in groups:
        f1 = {t.micro.table: t.micro.f1 for t in by_label[g.label] if t.micro.level == "paragraph"}
        rows.append([g.label, str(len(g.docs)), *(fmt(f1.get(t)) for t in tables)])
    title = "F1 at the paragraph level (micro) per " + " and ".join(BY) + ", all documents:"
    return [title, *text_table(rows, left=1).splitlines()]
