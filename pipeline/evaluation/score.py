"""Scores (precision, recall, F1, accuracy) of each table at each level, per document, and the
thresholds they are held to (thresholds.yaml: evaluation config)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pipeline.evaluation.match import Outcome, key, levels_of, match, norm_text
from pipeline.evaluation.read import InputError, Row, overlaps
from pipeline.kinds import KIND_BY_NAME, KINDS

TABLES = ["paragraphs", *KIND_BY_NAME]
LEVELS = {t: list(levels_of(t)) for t in TABLES}
# What the accuracy column means for the tables that have one (over exact span-matched pairs):
# the paragraphs' clean text, and the link of each kind that links its mentions to records.
ACCURACY_OF = {"paragraphs": "clean text", **{k.name: "linking" for k in KINDS if k.link}}
METRICS = ("precision", "recall", "f1", "accuracy")
DEFAULT_THRESHOLDS = Path(__file__).parent / "thresholds.yaml"


def ratio(a: int, b: int) -> float | None:
    return a / b if b else None


@dataclass
class Score:
    doc_id: str
    table: str
    level: str
    tp: int
    fp: int
    fn: int
    acc_ok: int | None = None  # pairs whose clean text / link agree (tables in ACCURACY_OF)
    acc_n: int | None = None

    @property
    def precision(self) -> float | None:
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def accuracy(self) -> float | None:
        return ratio(self.acc_ok or 0, self.acc_n or 0)


@dataclass
class DocResult:
    doc_id: str
    gold_dir: Path
    pred_dir: Path
    source: str  # the gold's source text (offsets of gold rows)
    gold: dict[str, list[Row]]
    pred: dict[str, list[Row]]
    outcomes: dict[tuple[str, str], Outcome]  # (table, level) -> outcome
    scores: list[Score]
    pred_source: str = ""  # the prediction's source text, where it differs from the gold's
    meta: dict[str, str] = field(default_factory=dict)  # lang, genre, form
    notes: list[str] = field(default_factory=list)  # what was not scored, and why

    @property
    def same_source(self) -> bool:
        return not self.pred_source or self.pred_source == self.source

    @property
    def predicted_source(self) -> str:
        """The text the prediction's offsets refer to."""
        return self.pred_source or self.source


def paragraph_of(paragraphs: list[Row], start: int, end: int) -> str | None:
    return next((p["para"] for p in paragraphs if p["start"] <= start and end <= p["end"]), None)


def optional_test(
    spans: list[tuple[int, int]], source: str, paragraphs: list[Row], same_source: bool
) -> Callable[[Row], bool]:
    """Is a prediction on an optional gold mention? Where both read one source text: its span
    overlaps one. Where the prediction's source differs from the gold's (offsets cannot be
    compared): its paragraph holds the optional mention and one text contains the other."""
    if same_source:
        return lambda r: overlaps(r, spans)
    texts: dict[str | None, list[str]] = defaultdict(list)
    for s, e in spans:
        texts[paragraph_of(paragraphs, s, e)].append(norm_text(source[s:e]))

    def test(r: Row) -> bool:
        t = norm_text(r["text"])
        return any(t in o or o in t for o in texts.get(r["para"], ()))

    return test


def evaluate_doc(
    res: DocResult,
    optional: dict[str, list[tuple[int, int]]],
) -> DocResult:
    """Match and score every table of `res.gold` at every level (exact only where gold and
    prediction read the same source text). `optional`: table -> source spans of its optional
    gold mentions."""
    for table in TABLES:
        if table not in res.gold:
            continue
        kind = KIND_BY_NAME.get(table)
        spans = optional.get(table, [])
        on_optional = optional_test(spans, res.source, res.gold["paragraphs"], res.same_source)
        for level in LEVELS[table]:
            if level == "exact" and not res.same_source:
                continue
            o = match(
                res.gold[table],
                res.pred[table],
                partial(key, table, level),
                on_optional,
            )
            res.outcomes[table, level] = o
            score = Score(res.doc_id, table, level, len(o.pairs), len(o.fp), len(o.fn))
            if level == "exact" and table in ACCURACY_OF:
                col = (kind.link if kind else None) or "text"
                score.acc_ok = sum(g[col] == p[col] for g, p in o.pairs)
                score.acc_n = len(o.pairs)
            res.scores.append(score)
    return res


@dataclass
class Thresholds:
    """The floors of thresholds.yaml: (table, level) -> {metric: minimum}, and the documents
    they are not held on (`exclude`)."""

    floors: dict[tuple[str, str], dict[str, float]]
    exclude: list[str] = field(default_factory=list)


def load_thresholds(path: Path) -> Thresholds:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        text = " ".join(str(exc).split())
        raise InputError([f"{path}: cannot read thresholds ({text})"]) from exc
    if not isinstance(data, dict):
        raise InputError([f"{path}: not a mapping of tables"])
    exclude = data.pop("exclude", None) or []
    out, problems = {}, []
    if not isinstance(exclude, list) or not all(isinstance(d, str) for d in exclude):
        problems.append(f"{path}: exclude must be a list of document ids")
        exclude = []
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
    return Thresholds(out, exclude)


def below(scores: list[Score], thresholds: Thresholds) -> list[str]:
    """One line per score under its minimum. A metric with nothing to measure (no gold and no
    prediction) is not held against the run."""
    out = []
    for s in scores:
        for metric, minimum in thresholds.floors.get((s.table, s.level), {}).items():
            value = getattr(s, metric)
            if value is not None and value < minimum:
                out.append(f"{s.table} {s.level} {metric} {value:.3f} < {minimum:.3f}")
    return out
