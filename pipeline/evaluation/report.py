"""Reports of an evaluation: every false positive and negative with its context, the score tables
(terminal, markdown, CSV) and the gazetteer candidates (mentions a kind could not link)."""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.evaluation.match import norm_text
from pipeline.evaluation.read import Row
from pipeline.evaluation.score import ACCURACY_OF, METRICS, TABLES, DocResult, Score
from pipeline.kinds import KIND_BY_NAME, KINDS

CONTEXT = 20  # characters of source shown on each side of an error


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
    kind: str  # FP, FN, LINK (span matched, org_id differs), TEXT (paragraph clean text differs)
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
    src = res.source

    def err(table: str, level: str, kind: str, r: Row, value: str = "", expected: str = ""):
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


def gazetteer_candidates(res: DocResult) -> list[dict[str, Any]]:
    """Predicted mentions a kind could link to a record but did not (organizations with no
    org_id): names the kind's gazetteer may be missing."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for kind in KINDS:
        if kind.link:
            for r in res.pred.get(kind.name, []):
                if not r[kind.link]:
                    groups[norm_text(r["text"])].append(r)
    return [
        {
            "doc_id": res.doc_id,
            "lang": rows[0]["lang"],
            "text": collapse(rows[0]["text"]),
            "count": len(rows),
            "paras": " ".join(dict.fromkeys(r["para"] for r in rows)),
        }
        for rows in sorted(groups.values(), key=lambda rs: (-len(rs), rs[0]["start"]))
    ]


def fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def score_rows(scores: list[Score]) -> list[list[str]]:
    """Header and rows of the compact score table (shared by the terminal, markdown, HTML)."""
    rows = [["table", "level", "P", "R", "F1", "TP", "FP", "FN", "accuracy"]]
    for s in scores:
        acc = f"{fmt(s.accuracy)} {ACCURACY_OF[s.table]}" if s.acc_n is not None else ""
        rows.append(
            [s.table, s.level, fmt(s.precision), fmt(s.recall), fmt(s.f1)]
            + [str(s.tp), str(s.fp), str(s.fn), acc]
        )
    return rows


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    right = {2, 3, 4, 5, 6, 7}  # numbers
    return "\n".join(
        "  ".join(
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ).rstrip()
        for r in rows
    )


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows[1:]]
    return "\n".join(lines)


def write_reports(
    report: Path, results: list[DocResult], overall: list[Score], prefix: str = ""
) -> list[Path]:
    """Write <prefix>scores.csv, scores.md, errors.csv, gazetteer_candidates.csv into `report`;
    returns their paths."""
    report.mkdir(parents=True, exist_ok=True)
    all_scores = [s for res in results for s in res.scores] + (overall if len(results) > 1 else [])
    with open(report / f"{prefix}scores.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["doc_id", "table", "level", *METRICS, "accuracy_of", "tp", "fp", "fn"])
        for s in all_scores:
            w.writerow(
                [s.doc_id, s.table, s.level]
                + ["" if getattr(s, m) is None else round(getattr(s, m), 4) for m in METRICS]
                + [ACCURACY_OF.get(s.table, "") if s.acc_n is not None else "", s.tp, s.fp, s.fn]
            )
    md = ["# Evaluation scores", "", "Definitions: docs/evaluation.md.", ""]
    for res in results:
        md += [f"## {res.doc_id}", "", markdown_table(score_rows(res.scores)), ""]
    if len(results) > 1:
        md += ["## All documents (micro-average)", "", markdown_table(score_rows(overall)), ""]
    (report / f"{prefix}scores.md").write_text("\n".join(md), encoding="utf-8")
    with open(report / f"{prefix}errors.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        names = list(Error.__dataclass_fields__)
        w.writerow(names)
        for res in results:
            for e in errors_of(res):
                w.writerow([getattr(e, n) for n in names])
    with open(report / f"{prefix}gazetteer_candidates.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["doc_id", "lang", "text", "count", "paras"])
        w.writeheader()
        for res in results:
            w.writerows(gazetteer_candidates(res))
    names = ["scores.csv", "scores.md", "errors.csv", "gazetteer_candidates.csv"]
    return [report / f"{prefix}{n}" for n in names]


def print_report(results: list[DocResult], overall: list[Score]) -> None:
    for res in results:
        print(f"== {res.doc_id}  (gold {res.gold_dir}, pred {res.pred_dir})")
        print(text_table(score_rows(res.scores)))
        print()
    if len(results) > 1:
        print("== all documents (micro-average)")
        print(text_table(score_rows(overall)))
        print()
    for res in results:
        errors = [e for e in errors_of(res) if e.level != "value"]
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
        candidates = gazetteer_candidates(res)
        if candidates:
            print(f"-- {res.doc_id} gazetteer candidates (mentions without a link):")
            for c in candidates:
                print(f"  {c['count']:>3}× {c['text']}  (para {c['paras']})")
    print("(value-level errors are listed in the errors CSV named below)")
