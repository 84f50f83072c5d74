"""Scores (precision, recall, F1, accuracy) of each table at each level, per document and over
all documents, and the thresholds they are held to (thresholds.yaml: evaluation config)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluation.match import Outcome, exact_key, match, value_key
from pipeline.evaluation.read import InputError, Row
from pipeline.kinds import KIND_BY_NAME, KINDS

TABLES = ["paragraphs", *KIND_BY_NAME]
LEVELS = {"paragraphs": ["exact"], **{t: ["exact", "value"] for t in KIND_BY_NAME}}
# What the accuracy column means for the tables that have one (over exact span-matched pairs):
# the paragraphs' clean text, and the link of each kind that links its mentions to records.
ACCURACY_OF = {"paragraphs": "clean text", **{k.name: "linking" for k in KINDS if k.link}}
METRICS = ("precision", "recall", "f1", "accuracy")
DEFAULT_THRESHOLDS = Path(__file__).parent / "thresholds.yaml"


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
    """`optional`: table -> source spans of its optional gold mentions. The tables the gold has
    are scored (a kind added after the gold was annotated is not)."""
    outcomes: dict[tuple[str, str], Outcome] = {}
    scores = []
    for table in (t for t in TABLES if t in gold):
        opt = optional.get(table, [])
        for level in LEVELS[table]:
            keyfn = exact_key if level == "exact" else value_key
            o = match(gold[table], pred[table], lambda r, t=table, k=keyfn: k(t, r), opt)
            outcomes[table, level] = o
            score = Score(doc_id, table, level, len(o.pairs), len(o.fp), len(o.fn))
            if level == "exact" and table in ACCURACY_OF:
                col = "text" if table == "paragraphs" else KIND_BY_NAME[table].link or "text"
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
