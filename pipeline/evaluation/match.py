"""Matching gold and predicted rows of one table: at the exact level (span and value) and at the
value level (value within the paragraph), optional gold mentions set aside."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from pipeline.evaluation.read import Row, no_space, overlaps
from pipeline.kinds import KIND_BY_NAME


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
