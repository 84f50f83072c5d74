"""One document of a corpus run (pipeline/corpus.py): the task a worker runs (`run_document`:
the pipeline, the document's folder, its rows typed for the corpus tables) and what it sends
back (`DocResult`); the rows of a folder an earlier run wrote, for --resume. Wherever the task
runs (this process, a local worker of pipeline/workers.py, a Dask worker), it is this code."""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.corpus_files import CORPUS_COLUMNS, Row
from pipeline.kinds import DOCUMENTS
from pipeline.kinds import TABLES as TABLE_SPECS
from pipeline.output import folder_error, input_stamp, is_folder_error

TABLES = list(TABLE_SPECS)  # paragraphs, then each kind of mention (pipeline.kinds)
DOC_FILES = [f"{t}.csv" for t in TABLES] + ["document.json"]  # a complete document folder
# Integer columns of the tables (pipeline.kinds); every other column is text. "" (no value)
# becomes NULL.
INT_COLUMNS = frozenset(c for t in TABLE_SPECS.values() for c in t.int_columns)


# --------------------------------------------------------------------------- one document


@dataclass
class DocResult:
    """What a worker sends back for one input file: small, picklable, no pandas objects."""

    path: str
    folder: str = ""  # the document folder's name in DIR
    rows: dict[str, list[Row]] = field(default_factory=dict)
    paragraphs: int = 0
    warnings: list[str] = field(default_factory=list)
    error: str = ""
    fatal: bool = False  # the error is the output folder's (read-only, full): the run stops
    resumed: bool = False
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the task's own thread (exact in processes and threads)
    peak_memory: int = 0  # the peak resident memory of the process that ran it, in bytes

    def summary(self) -> str:
        counts = ", ".join(f"{len(self.rows.get(t, []))} {t}" for t in TABLES[1:])
        return f"({self.paragraphs} paragraphs, {counts})"


def cell(column: str, value: Any, kind: type | None = None) -> Any:
    """A value as the corpus tables hold it: int (or None) in integer columns (`kind` int, or by
    default a column of INT_COLUMNS), a datetime.date (or None) in date columns, a list of text
    in list columns, else text as the per-document CSV shows it (None and NaN as "")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        value = ""
    if kind is date:
        if value == "":
            return None
        if isinstance(value, date):
            return value
        return date.fromisoformat(str(value))  # ValueError for a value that is no date
    if kind is list:
        if isinstance(value, str):  # as a CSV holds it
            return [v for v in value.split("; ") if v]
        return [str(v) for v in value]
    if kind is int or (kind is None and column in INT_COLUMNS):
        if value == "":
            return None
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"column {column!r}: {value!r} is not an integer")
        return int(value)
    return value if isinstance(value, str) else str(value)


def table_rows(table: str, dicts: Iterable[dict[str, Any]]) -> list[Row]:
    """Rows projected on the table's columns: the contract's and the derived ones (extra columns
    stay in the document's own CSV)."""
    columns = [(c.name, c.type) for c in CORPUS_COLUMNS[table]]
    # `type(v) is kind` takes the common case (an int offset, a str text) without a call
    return [
        tuple(
            v if type(v) is kind else cell(c, v, kind)
            for c, kind in columns
            for v in (d.get(c, ""),)
        )
        for d in dicts
    ]


def relative_path(path: str | None, out: Path) -> str | None:
    """A path relative to the output folder, with /: a file in it (a converted document's
    source.txt) moves with it, an input beside it (`../raw/x.txt`) with the project that holds
    both. A path that shares only the file system's root with the folder stays absolute (so do
    None and "")."""
    if not path:
        return path
    folder = out.resolve()
    try:
        common = os.path.commonpath([path, folder])
    except ValueError:  # Windows: another drive; or a relative path
        return path
    if Path(common) == Path(common).parent:  # only the root in common
        return path
    return Path(os.path.relpath(path, folder)).as_posix()


def document_row(meta: dict[str, Any], out: Path) -> dict[str, Any]:
    """The `documents` row of a document.json: `source` and `input` relative to `out`. A path
    with bytes that are not UTF-8 (lone surrogates in Python, which no CSV or Parquet file can
    hold) keeps them as \\udcXX escapes."""
    row = dict(meta)
    for key in ("source", "input"):
        path = relative_path(meta.get(key), out)
        if path:
            path = path.encode("utf-8", "backslashreplace").decode("utf-8")
        row[key] = path
    return row


def options_of(lang: str | None, strict: bool, encoding: str | None) -> dict[str, Any]:
    """The options that change a document's tables, recorded in its input stamp."""
    return {"lang": lang, "strict": strict, "encoding": encoding}


def run_document(
    path: str,
    out: str,
    lang: str | None = None,
    strict: bool = False,
    encoding: str | None = None,
    doc_id: str | None = None,
) -> DocResult:
    """The task of one worker: pipeline, document folder, rows. Never raises: a failure of this
    document, whatever it is, comes back as `error` so the run goes on with the others (an
    error of the output folder itself comes back `fatal`)."""
    from pipeline.ingest import InputError, not_un_warning
    from pipeline.runner import extract_file
    from pipeline.tables import document_json, safe_name, write_document

    t0, c0 = time.perf_counter(), time.thread_time()
    result = DocResult(path=path)
    stamp = input_stamp(path, options_of(lang, strict, encoding))  # before the input is read
    try:
        extracted = extract_file(path, lang=lang, strict=strict, encoding=encoding, doc_id=doc_id)
        layout = extracted.layout
        # Rows first: a document whose values do not fit the corpus tables writes nothing.
        rows = {t: table_rows(t, extracted.tables.get(t, [])) for t in TABLES}
        final = Path(out) / safe_name(extracted.document.doc_id)
        meta = document_json(layout, final.resolve())
        rows[DOCUMENTS] = table_rows(DOCUMENTS, [document_row(meta, Path(out))])
        folder = write_document(extracted.extraction, Path(out), extracted.tables, stamp)
    except InputError as e:
        result.error = str(e)
    except OSError as e:
        if is_folder_error(e) and "extracted" in locals():
            result.fatal, result.error = True, str(folder_error(Path(out), e))
        else:
            result.error = f"{path}: cannot read or write ({e.strerror or e})"
    except Exception as e:  # a bug met by one document must not stop a corpus of thousands
        result.error = f"{path}: internal error: {type(e).__name__}: {e}"
    else:
        result.folder, result.rows = folder.name, rows
        result.paragraphs = len(layout.paragraphs)
        document = extracted.document
        result.warnings = list(document.warnings)
        if not strict:
            result.warnings.append(not_un_warning(document.text, path, document.lang))
        if not any(p.number for p in layout.paragraphs if p.zone == "body"):
            result.warnings.append(f"{path}: no numbered paragraphs; text kept in zone blocks")
        result.warnings = [w for w in result.warnings if w]
    result.seconds = time.perf_counter() - t0
    result.cpu_seconds = time.thread_time() - c0
    result.peak_memory = peak_memory()
    return result


def peak_memory() -> int:
    """The peak resident memory of this process so far, in bytes (0 where unknown)."""
    try:
        import resource
    except ImportError:  # Windows
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # kilobytes but on macOS


def is_complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in DOC_FILES)


def recorded_stamp(folder: Path) -> Any:
    """The input stamp a run recorded in a document folder (None if it has none)."""
    from pipeline.tables import STAMP_FILE

    try:
        with open(folder / STAMP_FILE, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def read_document_folder(path: str, folder: Path) -> DocResult:
    """The rows of a document folder written by an earlier run (for --resume)."""
    result = DocResult(path=path, folder=folder.name, resumed=True)
    try:
        for t in TABLES:
            with open(folder / f"{t}.csv", encoding="utf-8", newline="") as f:
                result.rows[t] = table_rows(t, csv.DictReader(f))
        meta = json.loads((folder / "document.json").read_text(encoding="utf-8"))
        result.rows[DOCUMENTS] = table_rows(DOCUMENTS, [document_row(meta, folder.parent)])
    except (OSError, ValueError, csv.Error) as e:
        result.rows, result.error = {}, f"{path}: cannot read {folder} to resume ({e})"
    result.paragraphs = len(result.rows.get("paragraphs", []))
    return result


# run_document's arguments: path, out, lang, strict, encoding, doc_id
Task = tuple[str, str, str | None, bool, str | None, str]
