"""The Python API: the pipeline on a string or a file, its tables as pandas DataFrames.

    from pipeline import extract_text, extract_file

    result = extract_text("大会第 61/66 号决议请秘书长于 2008 年下半年提交报告。")
    result.tables["dates"]    # one DataFrame a table: paragraphs, then each kind of mention
    result.document           # what the document states about itself (document.json's fields)
    result.text               # the string every start/end points into

The tables are the registry's (pipeline/kinds.py): a new kind of mention appears here without a
change to this module. Their columns are the contract's, then the derived ones (a date's
`start_date`, `end_date`), typed: offsets and numbers as nullable integers, dates as
datetime64[s], text as text ("" where there is none). pandas is imported when `.tables` is first
read, so `import pipeline` and `extract_text` stay cheap; `.rows` holds the same tables as
lists of dicts.
"""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.kinds import TABLES
from pipeline.periods import first_day

if TYPE_CHECKING:
    import pandas as pd

    from pipeline.model import Layout

Rows = dict[str, list[dict[str, Any]]]


class Extracted:
    """One document's extraction: `.tables` (DataFrames, made when first read), `.rows` (the
    same as lists of dicts), `.document` (metadata) and `.text` (the source string)."""

    def __init__(self, text: str, document: dict[str, Any], rows: Rows) -> None:
        self.text = text
        self.document = document
        self.rows = rows
        self._tables: dict[str, pd.DataFrame] | None = None

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        if self._tables is None:
            self._tables = {name: typed_frame(name, rows) for name, rows in self.rows.items()}
        return self._tables

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(rows)} {name}" for name, rows in self.rows.items())
        doc = self.document
        return f"<Extracted {doc.get('doc_id')!r} ({doc.get('lang')}): {counts}>"


def extract_text(
    text: str, lang: str | None = None, date: str | Date | None = None, *, doc_id: str = "text"
) -> Extracted:
    """The tables of a text. `lang`: a supported language (None: detected). `date`: the
    document's own date (a date, or ISO: 2007-12-20, 2007-12, 2007), which gives a date that
    names no year its year, as a dateline in the text would. Offsets point into `text`. Unlike
    the command line, a text that does not look like a UN document is extracted all the same.
    Raises ValueError for a bad argument."""
    from pipeline.ingest import MAX_CHARS, detect_language
    from pipeline.language import languages
    from pipeline.model import Document
    from pipeline.runner import extract_document

    if not isinstance(text, str):
        raise TypeError(f"extract_text needs a str, not {type(text).__name__}")
    if len(text) > MAX_CHARS:
        raise ValueError(f"text too long ({len(text):,} characters; the limit is {MAX_CHARS:,})")
    if lang is not None and lang not in languages():
        raise ValueError(f"language {lang!r} not supported (supported: {', '.join(languages())})")
    doc = Document(
        doc_id=doc_id,
        path="",
        encoding="",
        lang=lang or detect_language(text),
        text=text,
    )
    result = extract_document(doc, iso_date(date))
    document = {"doc_id": doc.doc_id, "lang": doc.lang, "source": None, "encoding": None}
    return Extracted(text, {**document, **result.layout.metadata}, result.tables)


def extract_file(
    path: str | Path, lang: str | None = None, date: str | Date | None = None
) -> Extracted:
    """The tables of an input file of any supported format (text, HTML, PDF, Word). Offsets
    point into `.text`: the file's decoded text, or the text extracted from HTML, PDF or Word
    (what the command line saves as source.txt). Raises pipeline.InputError for a file that
    cannot be read as a UN document, ValueError for a bad argument."""
    from pipeline.runner import extract_file as run_file

    result = run_file(path, lang=lang, date=iso_date(date))
    return Extracted(result.document.text, document_fields(result.layout), result.tables)


def document_fields(layout: Layout) -> dict[str, Any]:
    """document.json's fields, without an output folder: `source` is the input file for a text
    file, None for a converted one (its text is `.text`; `input` names the file)."""
    from pipeline.tables import document_json, is_converted

    fields = document_json(layout)
    if is_converted(layout.document):
        fields["source"] = None
    return fields


def iso_date(value: str | Date | None) -> str | None:
    """An ISO date of the guidelines' forms (day, month, year), from a date or a string."""
    if value is None:
        return None
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, Date):
        return value.isoformat()
    if isinstance(value, str) and len(value) in (4, 7, 10) and first_day(value) is not None:
        return value
    raise ValueError(f"date {value!r}: give a datetime.date or ISO 2007-12-20, 2007-12 or 2007")


def typed_frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A table as a DataFrame with the registry's columns and types."""
    import pandas as pd

    columns = TABLES[table].output_columns
    df = pd.DataFrame(rows, columns=[c.name for c in columns], dtype=object)
    for c in columns:
        col = df[c.name]
        if c.type is int:
            df[c.name] = pd.array([None if v in ("", None) else int(v) for v in col], "Int64")
        elif c.type is Date:
            df[c.name] = col.where(col.notna() & (col != ""), None).astype("datetime64[s]")
        else:
            df[c.name] = col.where(col.notna(), "")
    return df
