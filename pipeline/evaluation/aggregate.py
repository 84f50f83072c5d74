"""Scores over groups of documents: the whole set, the set the thresholds apply to (without the
documents thresholds.yaml excludes), and each language, genre and input form.

Micro-average: TP, FP and FN summed over the group's documents, then the ratios (a document
counts by its number of mentions). Macro-average: the mean of the documents' own P, R and F1,
each over the documents where it is defined (a document with no gold and no predicted row of a
table has no F1 for it).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from statistics import fmean

from pipeline.evaluation.goldset import DESCRIBED, UNKNOWN
from pipeline.evaluation.score import LEVELS, TABLES, DocResult, Score

ALL = "all"  # the scope of the whole set
THRESHOLD_SET = "thresholded"  # the scope of the set the thresholds apply to


@dataclass
class Group:
    scope: str  # all, thresholded, lang, genre, form
    name: str  # "" for all; the excluded documents for thresholded; the language, genre, form
    docs: list[DocResult]

    @property
    def label(self) -> str:
        return f"{self.scope} {self.name}".strip()


@dataclass
class Total:
    """One table at one level over a group."""

    group: Group
    micro: Score
    docs: int  # the documents that have this score (exact: only those read from one source)
    macro_precision: float | None
    macro_recall: float | None
    macro_f1: float | None


def mean(values: list[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else None


def total(group: Group) -> list[Total]:
    by_key: dict[tuple[str, str], list[Score]] = defaultdict(list)
    for res in group.docs:
        for s in res.scores:
            by_key[s.table, s.level].append(s)
    out = []
    for table in TABLES:
        for level in LEVELS[table]:
            scores = by_key.get((table, level))
            if not scores:
                continue
            micro = Score(group.label or ALL, table, level, 0, 0, 0)
            for s in scores:
                micro.tp, micro.fp, micro.fn = micro.tp + s.tp, micro.fp + s.fp, micro.fn + s.fn
                if s.acc_n is not None:
                    micro.acc_ok = (micro.acc_ok or 0) + (s.acc_ok or 0)
                    micro.acc_n = (micro.acc_n or 0) + s.acc_n
            out.append(
                Total(
                    group,
                    micro,
                    len(scores),
                    mean([s.precision for s in scores]),
                    mean([s.recall for s in scores]),
                    mean([s.f1 for s in scores]),
                )
            )
    return out


def threshold_docs(results: list[DocResult], exclude: list[str]) -> list[DocResult]:
    """The documents the thresholds are held on: all but the excluded ones (all of them, where
    nothing else is evaluated)."""
    kept = [r for r in results if r.doc_id not in exclude]
    return kept or results


def groups(results: list[DocResult], exclude: list[str]) -> list[Group]:
    """The whole set, the threshold set (where it differs), then each language, genre and form."""
    out = [Group(ALL, "", results)]
    kept = threshold_docs(results, exclude)
    if len(kept) < len(results):
        left_out = sorted({r.doc_id for r in results} - {r.doc_id for r in kept})
        out.append(Group(THRESHOLD_SET, "without " + ", ".join(left_out), kept))
    for scope in DESCRIBED:
        by_value: dict[str, list[DocResult]] = defaultdict(list)
        for res in results:
            by_value[res.meta.get(scope) or UNKNOWN].append(res)
        out += [Group(scope, name, by_value[name]) for name in sorted(by_value)]
    return out
