"""The registry of tables: what each table is, declared once.

Every table has the six common columns of ../shared/ANNOTATION.md, then its own. The paragraphs
table is the layout's; every other table is a *kind of mention* (`Kind`): a kind names its
extractor, how evaluation keys its rows, how the review page shows them and what the bilingual
comparison compares. The tables stage, corpus mode (CSV, Parquet, DuckDB), evaluation, compare,
the review page and the gold builder iterate `TABLES` and `KINDS`; none of them names a kind.

Adding a kind of mention: one entry in KINDS, one extractor module, its language data and an
example corpus (docs/extending.md). Nothing here is imported at run time but this module, which
imports nothing of the pipeline: the extractor is named, and imported only when it runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    type: type = str  # int or str: the type of the Parquet/DuckDB column ("" -> NULL for int)


@dataclass(frozen=True)
class Table:
    name: str
    own: tuple[Column, ...]  # the table's own columns, after the common ones

    @property
    def columns(self) -> tuple[Column, ...]:
        return COMMON + self.own

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def int_columns(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns if c.type is int)


@dataclass(frozen=True)
class Kind(Table):
    """A kind of mention: a table whose rows an extractor finds in the paragraphs."""

    singular: str = ""  # "date": the CSS class of the review page
    extractor: str = ""  # module with `extract(Segmented) -> list[row]`, imported when it runs
    # Evaluation (docs/evaluation.md): exact level = para, span and these columns; value level =
    # para and these columns. `link`: a column that links a mention to a record (scored as
    # linking accuracy; at the value level an unlinked mention is keyed by its normalized text).
    exact_key: tuple[str, ...] = ()
    value_key: tuple[str, ...] = ()
    link: str | None = None
    optional: bool = False  # gold may list optional mentions (optional_<name>.csv)
    # Review page: the badge, its colour; the value shown for a row (errors, hover text).
    label: str = ""
    colour: str = ""
    show: Callable[[Row], str] = field(default=lambda r: "")
    describe: Callable[[Row], str] = field(default=lambda r: "")
    # Bilingual comparison: what a row contributes (None: not comparable), and its name.
    compare_value: Callable[[Row], str | None] = field(default=lambda r: None)
    compare_label: str = ""
    # What a gold row must satisfy beyond the common columns: one message per problem.
    check: Callable[[Row], list[str]] = field(default=lambda r: [])
    spacy_component: str | None = None  # the spaCy factory of this kind, where there is one


# Closed value sets of the contract (../shared/ANNOTATION.md; check_tables.py accepts only these).
SYMBOL_KINDS = frozenset(
    {
        "ga_resolution",
        "sc_resolution",
        "ecosoc_resolution",
        "hrc_resolution",
        "ga_decision",
        "decision",
        "presidential_statement",
        "document",
        "press_release",
        "sales_number",
    }
)

COMMON = (
    Column("doc_id"),
    Column("lang"),
    Column("para"),
    Column("text"),
    Column("start", int),
    Column("end", int),
)
COMMON_COLUMNS = [c.name for c in COMMON]

PARAGRAPHS = Table(
    "paragraphs",
    (Column("zone"), Column("number", int), Column("section"), Column("page_start", int)),
)


# --------------------------------------------------------------------------- how rows show

ISO = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-H[12]|-Q[1-4])?")


def _iso_values(r: Row) -> list[str]:
    return [
        f"{col} {r[col]!r} is not ISO 8601 of the guidelines"
        for col in ("start_value", "end_value")
        if not ISO.fullmatch(r[col] or "")
    ]


def _one_symbol(r: Row) -> list[str]:
    if not r["symbol"] or re.search(r"\s", r["symbol"]):
        return [f"symbol {r['symbol']!r} empty or has spaces"]
    return []


def _range(r: Row) -> str:
    start, end = str(r.get("start_value", "")), str(r.get("end_value", ""))
    return start if start == end or not end else f"{start}..{end}"


def _date_hover(r: Row) -> str:
    sv, ev = r["start_value"], r["end_value"]
    value = sv if sv == ev else f"{sv} … {ev}"
    return f"date {value} ({r.get('kind', '')}, {r.get('precision', '')})"


def _symbol_compared(r: Row) -> str:
    ref = r.get("para_ref")
    ref = "" if ref is None or ref == "" else f" ¶{ref}"
    return f"{r.get('symbol', '')}{ref}"


def _symbol_hover(r: Row) -> str:
    ref = f", para {r['para_ref']}" if r.get("para_ref") else ""
    return f"symbol {r['symbol']} ({r.get('kind', '')}{ref})"


def _org_hover(r: Row) -> str:
    name = r.get("name_en") or r.get("name_zh") or ""
    return f"organization {r['org_id'] or '(unlinked)'}" + (f" — {name}" if name else "")


KINDS: tuple[Kind, ...] = (
    Kind(
        "dates",
        (Column("start_value"), Column("end_value"), Column("precision"), Column("kind")),
        singular="date",
        extractor="pipeline.extract.dates",
        exact_key=("start_value", "end_value"),
        value_key=("start_value", "end_value"),
        label="DATE",
        colour="#bfe1d9",
        show=_range,
        describe=_date_hover,
        compare_value=_range,
        compare_label="date values",
        check=_iso_values,
    ),
    Kind(
        "symbols",
        (Column("symbol"), Column("kind"), Column("para_ref"), Column("url")),
        singular="symbol",
        extractor="pipeline.extract.symbols",
        exact_key=("symbol",),
        value_key=("symbol",),
        label="SYM",
        colour="#feca74",
        show=lambda r: r["symbol"],
        describe=_symbol_hover,
        compare_value=_symbol_compared,
        compare_label="symbols",
        check=_one_symbol,
    ),
    Kind(
        "organizations",
        (Column("org_id"), Column("name_en"), Column("name_zh"), Column("acronym")),
        singular="organization",
        extractor="pipeline.extract.organizations",
        exact_key=(),  # span only: the link is scored apart (accuracy)
        value_key=("org_id",),
        link="org_id",
        optional=True,
        label="ORG",
        colour="#aa9cfc",
        show=lambda r: r["org_id"] or "(unlinked)",
        describe=_org_hover,
        compare_value=lambda r: str(r.get("org_id") or "") or None,  # unlinked: not comparable
        compare_label="org ids",
        spacy_component="un_organizations",
    ),
)

KIND_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
TABLES: dict[str, Table] = {PARAGRAPHS.name: PARAGRAPHS, **KIND_BY_NAME}
MENTION_TABLES: list[str] = [k.name for k in KINDS]
TABLE_COLUMNS: dict[str, list[str]] = {name: t.column_names for name, t in TABLES.items()}
