"""Reports of an evaluation: every false positive and negative with its context, the score tables
(terminal, markdown, CSV) and the gazetteer candidates (mentions a kind could not link)."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pipeline.evaluation.aggregate import Total
from pipeline.evaluation.match import norm_text
from pipeline.evaluation.read import Row
from pipeline.evaluation.score import ACCURACY_OF, METRICS, TABLES, DocResult, Score
from pipeline.kinds import KIND_BY_NAME, KINDS

CONTEXT = 20  # characters of source shown on each side of an error
PREFIX = "eval_"  # report files: eval_scores.csv, ... (in --report DIR or beside the documents)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def show_value(table: str, r: Row) -> str:
    if table == "paragraphs":
        return f"{r['zone']} {r['para']}"
    return KIND_BY_NAME[table].show(r)


def show_text(r: Row) -> str:
    text = collapse(r["text"])
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass
class Error:
    doc_id: str
    table: str
    level: str
    kind: str  # FP, FN, LINK (span matched, link differs), TEXT (paragraph clean text differs)
    para: str
    start: int
    end: int
    text: str
    value: str
    expected: str  # the gold value, for LINK and TEXT
    left: str
    right: str

    def line(self) -> str:
        got = f"{self.value} (gold {self.expected})" if self.expected else self.value
        where = f"{self.para} {self.start}:{self.end}"
        return f"  {self.kind:<4} {where:<16} {got}  …{self.left}[{self.text}]{self.right}…"


def first_difference(a: str, b: str) -> str:
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"@{i}: {a[max(0, i - 8) : i + 12]!r}"


def errors_of(res: DocResult) -> list[Error]:
    """Every error of a document at every level, in text order per table and level: a missed
    gold row (FN) shown in the gold's source, a spurious prediction (FP) in the prediction's."""

    def err(table: str, level: str, kind: str, r: Row, value: str = "", expected: str = ""):
        src = res.source if kind == "FN" else res.predicted_source
        s, e = r["start"], r["end"]
        return Error(
            res.doc_id,
            table,
            level,
            kind,
            r["para"],
            s,
            e,
            show_text(r),
            value or show_value(table, r),
            expected,
            re.sub(r"\s+", " ", src[max(0, s - CONTEXT) : s]),
            re.sub(r"\s+", " ", src[e : e + CONTEXT]),
        )

    out = []
    for (table, level), o in res.outcomes.items():
        rows = [err(table, level, "FP", p) for p in o.fp] + [
            err(table, level, "FN", g) for g in o.fn
        ]
        link = KIND_BY_NAME[table].link if table in KIND_BY_NAME else None
        if level == "exact" and link:
            rows += [
                err(table, "linking", "LINK", p, show_value(table, p), show_value(table, g))
                for g, p in o.pairs
                if g[link] != p[link]
            ]
        if level == "exact" and table == "paragraphs":
            rows += [
                err(
                    table,
                    "clean text",
                    "TEXT",
                    p,
                    first_difference(p["text"], g["text"]),
                    first_difference(g["text"], p["text"]),
                )
                for g, p in o.pairs
                if g["text"] != p["text"]
            ]
        out += sorted(rows, key=lambda x: (x.start, x.end, x.kind))
    return out


def gazetteer_candidates(results: list[DocResult]) -> list[dict[str, Any]]:
    """Predicted mentions a kind could link to a record but did not (organizations with no
    org_id), grouped by language and normalized text over all documents: names the kind's
    gazetteer may be missing, the most frequent first."""
    groups: dict[tuple[str, str, str], list[tuple[str, Row]]] = defaultdict(list)
    for res in results:
        for kind in KINDS:
            if kind.link and kind.name in res.pred:
                for r in res.pred[kind.name]:
                    if not r[kind.link]:
                        groups[kind.name, r["lang"], norm_text(r["text"])].append((res.doc_id, r))
    ordered = sorted(groups.items(), key=lambda kv: (-len({d for d, _ in kv[1]}), -len(kv[1])))
    return [
        {
            "table": table,
            "lang": lang,
            "text": collapse(rows[0][1]["text"]),
            "count": len(rows),
            "docs": len({d for d, _ in rows}),
            "where": " ".join(dict.fromkeys(f"{d}:{r['para']}" for d, r in rows)),
        }
        for (table, lang, _), rows in ordered
    ]


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def accuracy_cell(s: Score) -> str:
    return f"{fmt(s.accuracy)} {ACCURACY_OF[s.table]}" if s.acc_n is not None else ""


def score_rows(scores: list[Score]) -> list[list[str]]:
    """Header and rows of the compact score table (shared by the terminal, markdown, HTML)."""
    rows = [["table", "level", "P", "R", "F1", "TP", "FP", "FN", "accuracy"]]
    for s in scores:
        rows.append(
            [s.table, s.level, fmt(s.precision), fmt(s.recall), fmt(s.f1)]
            + [str(s.tp), str(s.fp), str(s.fn), accuracy_cell(s)]
        )
    return rows


def total_rows(totals: list[Total]) -> list[list[str]]:
    """Header and rows of a group's scores: micro P/R/F1, macro F1, counts, documents."""
    rows = [["table", "level", "P", "R", "F1", "macro F1", "TP", "FP", "FN", "docs", "accuracy"]]
    for t in totals:
        s = t.micro
        rows.append(
            [s.table, s.level, fmt(s.precision), fmt(s.recall), fmt(s.f1), fmt(t.macro_f1)]
            + [str(s.tp), str(s.fp), str(s.fn), str(t.docs), accuracy_cell(s)]
        )
    return rows


def text_table(rows: list[list[str]], left: int = 2) -> str:
    """Columns padded; the first `left` columns aligned left, the others (numbers) right, but
    for a last column of words."""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    last = len(widths) - 1 if rows[0][-1] == "accuracy" else len(widths)
    return "\n".join(
        "  ".join(
            c.ljust(w) if i < left or i >= last else c.rjust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    )


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows[1:]]
    return "\n".join(lines)


SCORE_COLUMNS = ["scope", "name", "table", "level", *METRICS, "accuracy_of", "tp", "fp", "fn"]
SCORE_COLUMNS += ["docs", "macro_precision", "macro_recall", "macro_f1"]


def number(x: float | None) -> Any:
    return "" if x is None else round(x, 4)


def score_record(scope: str, name: str, s: Score, docs: int = 1, macro=(None,) * 3) -> list[Any]:
    return (
        [scope, name, s.table, s.level]
        + [number(getattr(s, m)) for m in METRICS]
        + [ACCURACY_OF.get(s.table, "") if s.acc_n is not None else "", s.tp, s.fp, s.fn, docs]
        + [number(m) for m in macro]
    )


def write_errors(path: Path, errors: list[Error]) -> None:
    names = [f.name for f in fields(Error)]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(names)
        for e in errors:
            w.writerow([getattr(e, n) for n in names])


def write_reports(
    report: Path, results: list[DocResult], totals: list[Total], summary: list[str]
) -> list[Path]:
    """eval_scores.csv (every document, then every group), eval_scores.md, eval_errors.csv (every
    error of every document) and eval_gazetteer_candidates.csv, in `report`; each document's
    own errors as eval_errors.csv in its prediction folder. Returns the set's files."""
    report.mkdir(parents=True, exist_ok=True)
    paths = {n: report / f"{PREFIX}{n}" for n in ("scores.csv", "scores.md", "errors.csv")}
    paths["gazetteer_candidates.csv"] = report / f"{PREFIX}gazetteer_candidates.csv"
    with open(paths["scores.csv"], "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(SCORE_COLUMNS)
        for res in results:
            w.writerows(score_record("document", res.doc_id, s) for s in res.scores)
        for t in totals:
            macro = (t.macro_precision, t.macro_recall, t.macro_f1)
            w.writerow(score_record(t.group.scope, t.group.name, t.micro, t.docs, macro))
    md = ["# Evaluation scores", "", "Definitions: docs/evaluation.md.", ""]
    if len(results) > 1:
        md += ["```", *summary, "```", ""]
        by_group: dict[str, list[Total]] = defaultdict(list)
        for t in totals:
            by_group[t.group.label].append(t)
        for label, ts in by_group.items():
            md += [f"## {label} ({len(ts[0].group.docs)} documents)", ""]
            md += [markdown_table(total_rows(ts)), ""]
    for res in results:
        md += [f"## {res.doc_id}", "", *[f"- {n}" for n in res.notes]]
        md += ["", markdown_table(score_rows(res.scores)), ""]
    paths["scores.md"].write_text("\n".join(md), encoding="utf-8")
    all_errors = []
    for res in results:
        errors = errors_of(res)
        all_errors += errors
        if res.pred_dir.is_dir():
            write_errors(res.pred_dir / f"{PREFIX}errors.csv", errors)
    write_errors(paths["errors.csv"], all_errors)
    with open(paths["gazetteer_candidates.csv"], "w", encoding="utf-8", newline="") as f:
        columns = ["table", "lang", "text", "count", "docs", "where"]
        dw = csv.DictWriter(f, columns)
        dw.writeheader()
        dw.writerows(gazetteer_candidates(results))
    return list(paths.values())


def print_document(res: DocResult) -> None:
    """A document's score table, its notes, its errors at the strictest level scored (the others
    are in the errors CSV), and its gazetteer candidates."""
    print(f"== {res.doc_id}  (gold {res.gold_dir}, pred {res.pred_dir})")
    for note in res.notes:
        print(f"note: {note}")
    print(text_table(score_rows(res.scores)))
    print()
    # The strictest level scored: exact, or paragraph where the sources differ.
    shown = {"exact", "linking", "clean text"} if res.same_source else {"paragraph"}
    errors = [e for e in errors_of(res) if e.level in shown]
    by_table: dict[str, list[Error]] = defaultdict(list)
    for e in errors:
        by_table[e.table].append(e)
    for table in TABLES:
        if by_table[table]:
            counts = Counter(e.kind for e in by_table[table])
            summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
            print(f"-- {res.doc_id} {table}: {summary}")
            for e in by_table[table]:
                print(e.line())
    candidates = gazetteer_candidates([res])
    if candidates:
        print(f"-- {res.doc_id} gazetteer candidates (mentions without a link):")
        for c in candidates:
            print(f"  {c['count']:>3}× {c['text']}  ({c['where']})")
    print("(the errors at every level are in the errors CSV named below)")
