"""The registry of tables: what each table is, declared once.

Every table has the six common columns of ../shared/ANNOTATION.md, then its own. The paragraphs
table is the layout's; every other table is a *kind of mention* (`Kind`): a kind names its
extractor, how evaluation keys its rows, how the review page shows them and what the bilingual
comparison compares. The tables stage, corpus mode (CSV, Parquet, DuckDB), evaluation, compare,
the review page and the gold builder iterate `TABLES` and `KINDS`; none of them names a kind.

Adding a kind of mention: one entry in KINDS, one extractor module, its language data and an
example corpus (docs/extending.md). Nothing here is imported at run time but this module, which
imports nothing of the pipeline but the standard-library-only pipeline.periods: the extractor is
named, and imported only when it runs.

Besides its contract columns (what gold has, what evaluation reads), a table may declare *derived*
columns: computed by the tables stage from a row's contract columns, written after them in every
output (document CSV, corpus CSV, Parquet, DuckDB, the Python API's frames), never read from gold.
The `documents` table (DOCUMENT_COLUMNS) is one row a document: the fields of document.json.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pipeline.periods import first_day, last_day

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    name: str
    # int, str, datetime.date or list (of str): the type of the Parquet/DuckDB column; in CSV a
    # date is ISO (2007-07-01), a list its items joined by "; ", and "" is NULL but for str
    type: type = str
    derive: Callable[[Row], Any] | None = None  # a derived column: its value from the row


@dataclass(frozen=True)
class Table:
    name: str
    own: tuple[Column, ...]  # the table's own columns, after the common ones
    derived: tuple[Column, ...] = ()  # computed from the others, after them (not in gold)

    @property
    def columns(self) -> tuple[Column, ...]:
        """The contract's columns: common, then own."""
        return COMMON + self.own

    @property
    def output_columns(self) -> tuple[Column, ...]:
        """What the pipeline writes: the contract's columns, then the derived ones."""
        return COMMON + self.own + self.derived

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
    # Evaluation (docs/evaluation.md): exact level = para, span and `exact_key`; paragraph level
    # = para and `value_key`; value level = `value_key`. `link`: a column that links a mention to
    # a record (scored as linking accuracy; at the value and paragraph levels an unlinked
    # mention is keyed by its normalized text).
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
    # The spaCy component of this kind (pipeline/spacy_components.py): a name is enough, the
    # generic component finds the kind's mentions; add the name to pyproject's entry points.
    spacy_component: str | None = None
    # Kinds whose rows win over a row of this one that they contain (the place in 西非国家经济
    # 共同体 belongs to the organization): applied by the extract stage once every extractor has
    # run, so that extractors stay independent of each other (docs/extending.md).
    yields_to: tuple[str, ...] = ()


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


def _place_hover(r: Row) -> str:
    name = r.get("name_en") or r.get("name_zh") or ""
    return f"place {r['code'] or '(unlinked)'} ({r.get('kind', '')})" + (
        f" — {name}" if name else ""
    )


PLACE_CODE = re.compile(r"[A-Z]{3}|\d{3}|[a-z][a-z_]*[a-z]")


def _place_code(r: Row) -> list[str]:
    """A code of docs/places.md: alpha-3, an M49 region's 3 digits, or a project region id."""
    problems = []
    if not PLACE_CODE.fullmatch(r["code"] or ""):
        problems.append(f"code {r['code']!r} is not alpha-3, M49 or a region id")
    if r.get("m49") and not re.fullmatch(r"\d{3}", r["m49"]):
        problems.append(f"m49 {r['m49']!r} is not 3 digits")
    return problems


KINDS: tuple[Kind, ...] = (
    Kind(
        "dates",
        (Column("start_value"), Column("end_value"), Column("precision"), Column("kind")),
        # the first and last calendar day covered: 2007-H2 -> 2007-07-01 .. 2007-12-31
        derived=(
            Column("start_date", date, derive=lambda r: first_day(r.get("start_value") or "")),
            Column("end_date", date, derive=lambda r: last_day(r.get("end_value") or "")),
        ),
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
        spacy_component="un_dates",
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
        spacy_component="un_symbols",
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
    Kind(
        "places",
        (
            Column("code"),
            Column("m49"),
            Column("kind"),
            Column("name_en"),
            Column("name_zh"),
        ),
        singular="place",
        extractor="pipeline.extract.places",
        exact_key=(),  # span only: the code is scored apart (accuracy)
        value_key=("code",),
        link="code",
        optional=True,  # regions without an M49 code (optional_places in annotations.yaml)
        label="PLACE",
        colour="#f4a6c0",
        show=lambda r: r["code"] or "(unlinked)",
        describe=_place_hover,
        compare_value=lambda r: str(r.get("code") or "") or None,
        compare_label="place codes",
        check=_place_code,
        spacy_component="un_places",
        yields_to=("organizations",),
    ),
)

KIND_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
TABLES: dict[str, Table] = {PARAGRAPHS.name: PARAGRAPHS, **KIND_BY_NAME}
MENTION_TABLES: list[str] = [k.name for k in KINDS]
TABLE_COLUMNS: dict[str, list[str]] = {name: t.column_names for name, t in TABLES.items()}
# Contract columns, then derived ones: the header of every table the pipeline writes.
OUTPUT_COLUMNS: dict[str, list[str]] = {
    name: [c.name for c in t.output_columns] for name, t in TABLES.items()
}

# The corpus table `documents`: one row a document, the fields of its document.json. `source`
# and `input` are relative to the output folder where they can be (the folder can be moved).
DOCUMENTS = "documents"
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    Column("doc_id"),
    Column("lang"),
    Column("source"),
    Column("encoding"),
    Column("input"),  # a converted input (HTML, PDF, Word): the original file
    Column("input_format"),
    Column("symbol"),
    Column("session", int),
    Column("agenda_items", list),
    Column("agenda_title"),
    Column("title"),
    Column("job_number"),
    Column("date", date),
)
