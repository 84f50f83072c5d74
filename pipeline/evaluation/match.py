"""Matching gold and predicted rows of one table at one level, optional gold mentions set aside.

Levels (docs/evaluation.md), loosest first:
  value      a kind's values over the whole document (the paragraph ignored);
  paragraph  the paragraph key and the values (paragraphs: the key alone);
  exact      the paragraph key, the span and the values (organizations: the span only).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

from pipeline.evaluation.read import Row, no_space
from pipeline.kinds import KIND_BY_NAME

LEVELS = ("value", "paragraph", "exact")


def levels_of(table: str) -> tuple[str, ...]:
    """The levels a table is scored at: the paragraphs table has no value level (its values are
    its keys and spans)."""
    return LEVELS if table in KIND_BY_NAME else LEVELS[1:]


def norm_text(text: str) -> str:
    """Organization text compared at the value levels when it has no org_id."""
    return no_space(unicodedata.normalize("NFKC", text)).casefold()


def values(table: str, r: Row) -> tuple[str, ...]:
    """The values of the kind's `value_key`; a mention its kind could link to a record but did
    not is keyed by its normalized text."""
    kind = KIND_BY_NAME[table]
    if kind.link and not r[kind.link]:
        return ("text", norm_text(r["text"]))
    return tuple(r[c] for c in kind.value_key)


def key(table: str, level: str, r: Row) -> Hashable:
    kind = KIND_BY_NAME.get(table)
    if level == "exact":
        span = (r["para"], r["start"], r["end"])
        return (*span, *(r[c] for c in kind.exact_key)) if kind else span
    if kind is None:  # paragraphs: the key alone
        return (r["para"],)
    return (r["para"], *values(table, r)) if level == "paragraph" else values(table, r)


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
    keyfn: Callable[[Row], Hashable],
    on_optional: Callable[[Row], bool] = lambda r: False,
) -> Outcome:
    """Multiset match on `keyfn`; equal keys pair up in text order. An unmatched prediction on an
    optional gold mention (`on_optional`) is set aside: neither TP nor FP. Predictions on optional
    mentions are matched last, so that at the value levels (where spans do not count) they cannot
    take a gold value that a prediction elsewhere would have matched."""
    pool: dict[Hashable, list[Row]] = defaultdict(list)
    for g in sorted(gold, key=position):
        pool[keyfn(g)].append(g)
    out = Outcome([], [], [])
    optional = {id(p) for p in pred if on_optional(p)}
    for p in sorted(pred, key=lambda r: (id(r) in optional, position(r))):
        bucket = pool.get(keyfn(p))
        if bucket:
            out.pairs.append((bucket.pop(0), p))
        elif id(p) in optional:
            out.ignored.append(p)
        else:
            out.fp.append(p)
    out.fn = sorted((g for bucket in pool.values() for g in bucket), key=position)
    return out
