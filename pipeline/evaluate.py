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
import csv
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.kinds import KIND_BY_NAME, KINDS, TABLE_COLUMNS

TABLES = ["paragraphs", *KIND_BY_NAME]
LEVELS = {"paragraphs": ["exact"], **{t: ["exact", "value"] for t in KIND_BY_NAME}}
# What the accuracy column means for the tables that have one (over exact span-matched pairs):
# the paragraphs' clean text, and the link of each kind that links its mentions to records.
ACCURACY_OF = {"paragraphs": "clean text", **{k.name: "linking" for k in KINDS if k.link}}
METRICS = ("precision", "recall", "f1", "accuracy")
DEFAULT_THRESHOLDS = Path(__file__).parent / "resources" / "eval_thresholds.yaml"
CONTEXT = 20  # characters of source shown on each side of an error

PARA_KEY = re.compile(r"\d+|fn\d+|front|toc|heading|body|annex")

Row = dict[str, Any]


class InputError(Exception):
    """Input that cannot be scored; one `FILE:ROW: problem` line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --------------------------------------------------------------------------- reading


def decode(path: Path, encoding: str | None = None) -> str:
    """The source text as the pipeline decoded it (document.json's encoding first)."""
    data = path.read_bytes()
    for enc in ([encoding] if encoding else []) + ["utf-8-sig", "utf-16", "gb18030"]:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError([f"{path}: cannot decode"])


def is_doc_folder(folder: Path) -> bool:
    return (
        any((folder / f"{t}.csv").exists() for t in TABLES) or (folder / "document.json").exists()
    )


def read_csv(path: Path, columns: list[str]) -> tuple[list[Row], list[str]]:
    """Rows of a table CSV, each with `_line` (the line its record starts on), and the problems
    that prevent reading it at all (missing file or columns)."""
    if not path.exists():
        return [], [f"{path}: missing"]
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            return [], [f"{path}:1: missing columns {', '.join(missing)}"]
        rows = []
        line = reader.line_num + 1
        for r in reader:
            r["_line"] = line
            line = reader.line_num + 1  # records may hold line breaks inside quoted text
            rows.append(r)
    return rows, []


def parse_offsets(path: Path, rows: list[Row]) -> list[str]:
    """Turn start/end into ints in place; problems for the rows where they are not."""
    problems = []
    for r in rows:
        try:
            r["start"], r["end"] = int(r["start"]), int(r["end"])
        except (TypeError, ValueError):
            problems.append(
                f"{path}:{r['_line']}: start/end not integers ({r['start']!r}, {r['end']!r})"
            )
            r["start"] = r["end"] = None
    return problems


def is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def no_space(s: str) -> str:
    return re.sub(r"\s+", "", s)


def validate_gold(folder: Path, source: str) -> tuple[dict[str, list[Row]], list[str]]:
    """Read and check a gold folder against the contract; all problems are collected."""
    tables: dict[str, list[Row]] = {}
    problems: list[str] = []
    for table in TABLES:
        path = folder / f"{table}.csv"
        if not path.exists() and not gold_required(table):
            continue  # a gold folder made before the kind existed: not scored for it
        rows, unreadable = read_csv(path, TABLE_COLUMNS[table])
        problems += unreadable + parse_offsets(path, rows)
        tables[table] = rows
    para_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in tables["paragraphs"]:
        if r["start"] is not None:
            para_spans[r["para"]].append((r["start"], r["end"]))
    for table in tables:
        path = folder / f"{table}.csv"
        for r in tables[table]:
            where = f"{path}:{r['_line']}"
            problems += [f"{where}: {p}" for p in row_problems(table, r, source, para_spans)]
    return tables, problems


def gold_required(table: str) -> bool:
    """Must a gold folder hold this table? (A kind may say no: pipeline/kinds.py.)"""
    kind = KIND_BY_NAME.get(table)
    return kind is None or kind.gold_required


def row_problems(
    table: str, r: Row, source: str, para_spans: dict[str, list[tuple[int, int]]]
) -> list[str]:
    out = []
    para = r["para"] or ""
    if not PARA_KEY.fullmatch(para):
        out.append(f"bad para key {para!r}")
    elif table != "paragraphs" and para not in para_spans:
        out.append(f"unknown para key {para!r} (not in paragraphs.csv)")
    s, e = r["start"], r["end"]
    if s is not None:
        if not 0 <= s < e <= len(source):
            out.append(f"offsets {s}:{e} out of range (source has {len(source)} characters)")
        elif table == "paragraphs":
            # The clean text is the span with line breaks joined and furniture taken out, so its
            # non-space characters are a subsequence of the span's.
            if not is_subsequence(no_space(r["text"]), no_space(source[s:e])):
                out.append(f"clean text is not drawn from source[{s}:{e}]")
        elif source[s:e] != r["text"]:
            out.append(f"source[{s}:{e}] = {source[s:e]!r} != text {r['text']!r}")
        elif para in para_spans and not any(ps <= s and e <= pe for ps, pe in para_spans[para]):
            out.append(f"span {s}:{e} lies outside paragraph {para!r}")
    if table in KIND_BY_NAME:
        out += KIND_BY_NAME[table].check(r)
    return out


def optional_items(raw: Any) -> list[dict[str, Any]] | None:
    """The optional mentions as {text, para[, start, end]} dicts. Accepted spellings: a list of
    such dicts, a list of [text, para] pairs, or a mapping para -> list of texts."""
    if isinstance(raw, dict):
        return [{"text": t, "para": para} for para, texts in raw.items() for t in texts or []]
    if not isinstance(raw, list):
        return None
    out = []
    for item in raw:
        if isinstance(item, list | tuple) and len(item) >= 2:
            item = {"text": item[0], "para": item[1]}
        out.append(item if isinstance(item, dict) else {})
    return out


def read_optional_csv(
    path: Path, source: str, paragraphs: list[Row]
) -> tuple[list[tuple[int, int]], list[str]]:
    rows, problems = read_csv(path, ["para", "text", "start", "end"])
    problems += parse_offsets(path, rows)
    keys = {r["para"] for r in paragraphs}
    spans = []
    for r in rows:
        s, e, where = r["start"], r["end"], f"{path}:{r['_line']}"
        if s is None:
            continue
        if r["para"] not in keys:
            problems.append(f"{where}: unknown para key {r['para']!r} (not in paragraphs.csv)")
        if not 0 <= s < e <= len(source) or source[s:e] != r["text"]:
            problems.append(f"{where}: source[{s}:{e}] = {source[s:e]!r} != text {r['text']!r}")
        else:
            spans.append((s, e))
    return spans, problems


def read_optional(
    folder: Path, source: str, paragraphs: list[Row], table: str = "organizations"
) -> tuple[list[tuple[int, int]], list[str]]:
    """Source spans of the optional mentions of a kind: the rows of optional_<table>.csv where
    the gold has one (spans resolved by the gold builder), else annotations.yaml's
    `optional_<table>`: every occurrence of `text` inside paragraph `para` (or the explicit
    start/end given)."""
    if (folder / f"optional_{table}.csv").exists():
        return read_optional_csv(folder / f"optional_{table}.csv", source, paragraphs)
    path = folder / "annotations.yaml"
    if not path.exists():
        return [], []
    import yaml  # only gold folders with annotations pay for it

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        return [], [f"{path}: not valid YAML ({exc})"]
    items = optional_items(data.get(f"optional_{table}") or [])
    if items is None:
        return [], [f"{path}: optional_{table} must be a list or a mapping para -> texts"]
    spans, problems = [], []
    for i, item in enumerate(items):
        where = f"{path}:optional_{table}[{i}]"
        if not item.get("text") or item.get("para") is None:
            problems.append(f"{where}: needs text and para")
            continue
        text, para = str(item["text"]), str(item["para"])
        if "start" in item and "end" in item:
            s, e = item["start"], item["end"]
            if not (isinstance(s, int) and isinstance(e, int)) or source[s:e] != text:
                problems.append(f"{where}: source[{s}:{e}] != text {text!r}")
            else:
                spans.append((s, e))
            continue
        units = [
            (r["start"], r["end"])
            for r in paragraphs
            if r["para"] == para and r["start"] is not None
        ]
        if not units:
            problems.append(f"{where}: unknown para key {para!r} (not in paragraphs.csv)")
            continue
        # The listed text may leave out the line breaks the source has inside the name.
        pattern = re.compile(r"\s*".join(map(re.escape, no_space(text))))
        found = [
            (ps + m.start(), ps + m.end())
            for ps, pe in units
            for m in pattern.finditer(source[ps:pe])
        ]
        if not found:
            problems.append(f"{where}: text {text!r} not found in paragraph {para!r}")
        spans += found
    return spans, problems


def find_source(pred: Path, explicit: Path | None) -> tuple[Path, str]:
    """The source file of a document and its text: --source, else the prediction's
    document.json ("source" as written, else relative to the prediction folder)."""
    encoding = None
    meta_path = pred / "document.json"
    meta: dict[str, Any] = {}
    if meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        encoding = meta.get("encoding")
    if explicit is not None:
        if not explicit.exists():
            raise InputError([f"{explicit}: source file not found"])
        return explicit, decode(explicit, encoding)
    if not meta.get("source"):
        raise InputError([f"{meta_path}: no 'source' to locate the text (give --source)"])
    for candidate in (Path(meta["source"]), pred / meta["source"]):
        if candidate.exists():
            return candidate, decode(candidate, encoding)
    raise InputError([f"{meta_path}: source {meta['source']!r} not found (give --source)"])


def read_pred(folder: Path) -> tuple[dict[str, list[Row]], list[str]]:
    """Prediction tables and the problems that stop scoring them (missing file or columns,
    non-integer offsets). Checking the output against the contract in full is the job of
    ../shared/tools/check_tables.py, not of the evaluation."""
    tables, problems = {}, []
    for table in TABLES:
        path = folder / f"{table}.csv"
        if not path.exists() and not gold_required(table):
            continue  # made before the kind existed: its gold, if any, is scored against nothing
        rows, unreadable = read_csv(path, TABLE_COLUMNS[table])
        problems += unreadable + parse_offsets(path, rows)
        tables[table] = rows
    return tables, problems


def overlaps(r: Row, spans: list[tuple[int, int]]) -> bool:
    return any(r["start"] < e and s < r["end"] for s, e in spans)


# --------------------------------------------------------------------------- matching


def norm_text(text: str) -> str:
    """Organization text compared at the value level when it has no org_id."""
    return no_space(unicodedata.normalize("NFKC", text)).casefold()


def exact_key(table: str, r: Row) -> Hashable:
    """Paragraphs: key and span; a kind of mention: span and the values of its `exact_key`
    (organizations: the span only, linking is scored apart)."""
    span = (r["para"], r["start"], r["end"])
    kind = KIND_BY_NAME.get(table)
    return (*span, *(r[c] for c in kind.exact_key)) if kind else span


def value_key(table: str, r: Row) -> Hashable:
    """The paragraph and the values of the kind's `value_key`; a mention its kind could link to
    a record but did not is keyed by its normalized text."""
    kind = KIND_BY_NAME[table]
    if kind.link and not r[kind.link]:
        return (r["para"], "text", norm_text(r["text"]))
    return (r["para"], *(r[c] for c in kind.value_key))


def position(r: Row) -> tuple[int, int]:
    return (r["start"], r["end"])


@dataclass
class Outcome:
    """One table matched at one level."""

    pairs: list[tuple[Row, Row]]  # (gold, pred)
    fp: list[Row]
    fn: list[Row]
    ignored: list[Row] = field(default_factory=list)  # predictions on optional mentions


def match(
    gold: list[Row],
    pred: list[Row],
    key: Callable[[Row], Hashable],
    optional: list[tuple[int, int]],
) -> Outcome:
    """Multiset match on `key`; equal keys pair up in text order. An unmatched prediction that
    overlaps an optional mention is set aside: neither TP nor FP. Predictions on optional mentions
    are matched last, so that at the value level (where spans do not count) they cannot take a
    gold value that a prediction elsewhere in the paragraph would have matched."""
    pool: dict[Hashable, list[Row]] = defaultdict(list)
    for g in sorted(gold, key=position):
        pool[key(g)].append(g)
    out = Outcome([], [], [])
    for p in sorted(pred, key=lambda r: (overlaps(r, optional), position(r))):
        bucket = pool.get(key(p))
        if bucket:
            out.pairs.append((bucket.pop(0), p))
        elif overlaps(p, optional):
            out.ignored.append(p)
        else:
            out.fp.append(p)
    out.fn = sorted((g for bucket in pool.values() for g in bucket), key=position)
    return out


@dataclass
class Score:
    doc_id: str
    table: str
    level: str
    tp: int
    fp: int
    fn: int
    acc_ok: int | None = None  # pairs whose clean text / org_id agree (tables in ACCURACY_OF)
    acc_n: int | None = None

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denom = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denom if denom else None

    @property
    def accuracy(self) -> float | None:
        return self.acc_ok / self.acc_n if self.acc_n else None

    def __add__(self, other: Score) -> Score:
        def add(a: int | None, b: int | None) -> int | None:
            return None if a is None and b is None else (a or 0) + (b or 0)

        return Score(
            "ALL",
            self.table,
            self.level,
            self.tp + other.tp,
            self.fp + other.fp,
            self.fn + other.fn,
            add(self.acc_ok, other.acc_ok),
            add(self.acc_n, other.acc_n),
        )


@dataclass
class DocResult:
    doc_id: str
    gold_dir: Path
    pred_dir: Path
    source: str
    gold: dict[str, list[Row]]
    pred: dict[str, list[Row]]
    outcomes: dict[tuple[str, str], Outcome]  # (table, level) -> outcome
    scores: list[Score]


def evaluate_doc(
    doc_id: str,
    gold_dir: Path,
    pred_dir: Path,
    source: str,
    gold: dict[str, list[Row]],
    pred: dict[str, list[Row]],
    optional: dict[str, list[tuple[int, int]]],
) -> DocResult:
    """`optional`: table -> source spans of its optional gold mentions."""
    outcomes: dict[tuple[str, str], Outcome] = {}
    scores = []
    for table in TABLES:
        if table not in gold:  # the gold folder lacks a table it may lack: not scored
            continue
        opt = optional.get(table, [])
        for level in LEVELS[table]:
            keyfn = exact_key if level == "exact" else value_key
            o = match(gold[table], pred.get(table, []), lambda r, t=table, k=keyfn: k(t, r), opt)
            outcomes[table, level] = o
            score = Score(doc_id, table, level, len(o.pairs), len(o.fp), len(o.fn))
            if level == "exact" and table in ACCURACY_OF:
                col = "text" if table == "paragraphs" else KIND_BY_NAME[table].link
                score.acc_ok = sum(g[col] == p[col] for g, p in o.pairs)
                score.acc_n = len(o.pairs)
            scores.append(score)
    return DocResult(doc_id, gold_dir, pred_dir, source, gold, pred, outcomes, scores)


def total(results: list[DocResult]) -> list[Score]:
    """Micro-averaged scores over all documents (counts summed, then the ratios)."""
    sums: dict[tuple[str, str], Score] = {}
    for res in results:
        for s in res.scores:
            key = (s.table, s.level)
            sums[key] = (
                sums[key] + s if key in sums else s + Score("ALL", s.table, s.level, 0, 0, 0)
            )
    return list(sums.values())


# --------------------------------------------------------------------------- errors


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


# --------------------------------------------------------------------------- thresholds


def load_thresholds(path: Path) -> dict[tuple[str, str], dict[str, float]]:
    """(table, level) -> {metric: minimum}; levels are those of LEVELS."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError([f"{path}: cannot read thresholds ({exc})"]) from exc
    out, problems = {}, []
    for table, levels in data.items():
        if table not in LEVELS or not isinstance(levels, dict):
            problems.append(f"{path}: unknown table {table!r}")
            continue
        for level, metrics in levels.items():
            if level not in LEVELS[table] or not isinstance(metrics, dict):
                problems.append(f"{path}: {table}: unknown level {level!r}")
                continue
            for metric, minimum in metrics.items():
                if metric not in METRICS or not isinstance(minimum, int | float):
                    problems.append(f"{path}: {table}.{level}: bad entry {metric}: {minimum!r}")
            out[table, level] = {m: float(v) for m, v in metrics.items() if m in METRICS}
    if problems:
        raise InputError(problems)
    return out


def below(scores: list[Score], thresholds: dict[tuple[str, str], dict[str, float]]) -> list[str]:
    """One line per score under its minimum. A metric with nothing to measure (no gold and no
    prediction) is not held against the run."""
    out = []
    for s in scores:
        for metric, minimum in thresholds.get((s.table, s.level), {}).items():
            value = getattr(s, metric)
            if value is not None and value < minimum:
                out.append(f"{s.table} {s.level} {metric} {value:.3f} < {minimum:.3f}")
    return out


# --------------------------------------------------------------------------- reports


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


# --------------------------------------------------------------------------- driver


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
            if kind.optional and kind.name in gold:
                spans, found = read_optional(gold_dir, source, gold["paragraphs"], kind.name)
                optional[kind.name] = spans
                opt_problems += found
        pred, pred_problems = read_pred(pred_dir)
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
        from pipeline import review

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
