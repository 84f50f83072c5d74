"""Corpus mode: run the pipeline over many documents and gather one set of corpus tables.

    files ──▶ workers: process + write DIR/<doc>/ ──rows──▶ parent: CSV, Parquet, DuckDB

Each document is one task. A worker runs `pipeline.runner.extract_file`, writes the document's
folder with `pipeline.tables.write_document` and sends back the rows of its tables (contract
columns, typed). The parent streams those rows, in input order, into the corpus files written
directly in DIR (so `DIR` stays a folder of document folders, see README "Output"):

    DIR/corpus_<table>.csv  DIR/corpus_<table>.parquet  DIR/corpus.duckdb (one table per kind)

Besides the tables of the registry (contract columns, then derived ones such as a date's
start_date/end_date, typed DATE), the corpus has a `documents` table: one row a document, the
fields of its document.json, with `source` and `input` relative to DIR where they can be.

Workers are local processes (`jobs`) or the workers of a Dask cluster (`client`). Either way the
parent holds only a bounded window of documents in flight, so memory does not grow with the
corpus. A document that fails is reported and skipped; `resume` skips documents whose folder is
complete and was made from the same input content with the same options (pipeline.output), and
reads their rows back from it. The run holds its output folder's lock, clears what dead runs
left there, and stops with an OutputError at the first error of the folder itself (read-only,
full): every other document would meet it too. Local workers end when the run's process dies.
The corpus files are written by pipeline/corpus_files.py; local workers are run by
pipeline/workers.py.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.corpus_files import CORPUS_COLUMNS, CorpusWriter, Row
from pipeline.kinds import DOCUMENTS
from pipeline.kinds import TABLES as TABLE_SPECS
from pipeline.output import (
    OutputError,
    folder_error,
    input_stamp,
    is_folder_error,
    remove_stale,
    run_lock,
    same_input,
)

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
        extracted = extract_file(path, lang=lang, strict=strict, encoding=encoding)
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
    return result


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


# --------------------------------------------------------------------------- executors

# run_document's arguments: path, out, lang, strict, encoding
Task = tuple[str, str, str | None, bool, str | None]


def window(submit: Callable[[Task], Any], tasks: list[Task], size: int) -> Iterator[Any]:
    """Futures in input order, at most `size` in flight: ordered output, bounded memory."""
    pending: deque[Any] = deque()
    it = iter(tasks)
    for task in it:
        pending.append(submit(task))
        if len(pending) >= size:
            break
    while pending:
        yield pending.popleft()
        for task in it:
            pending.append(submit(task))
            break


def run_inline(tasks: list[Task]) -> Iterator[DocResult]:
    for task in tasks:
        yield run_document(*task)


def run_dask(tasks: list[Task], client: Any) -> Iterator[DocResult]:
    """One Dask task per document. A task whose worker died is retried by Dask elsewhere; one
    that still fails comes back as this document's error."""
    threads = sum(client.nthreads().values()) or 1
    futures = window(
        lambda t: (t, client.submit(run_document, *t, pure=False)), tasks, max(8, threads * 4)
    )
    for task, future in futures:
        try:
            result = future.result()
        except Exception as e:  # KilledWorker, lost connection to the worker...
            result = DocResult(path=task[0], error=f"{task[0]}: task failed ({e!r})")
        finally:
            future.release()
        yield result


# --------------------------------------------------------------------------- the run


@dataclass
class RunReport:
    done: int = 0
    resumed: int = 0
    failed: int = 0
    corpus_files: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # summed over the documents run (not resumed), wherever they ran


def bar_width() -> dict[str, Any]:
    """tqdm's size options: the terminal's, followed as it is resized; 80 columns and 24 rows
    where stderr reports no size (0 x 0: a terminal nobody sized, some CI consoles), on which
    tqdm draws nothing at all."""
    try:
        size = os.get_terminal_size(sys.stderr.fileno())
    except (OSError, ValueError, AttributeError):  # not a terminal, closed, replaced by a StringIO
        size = os.terminal_size((0, 0))
    if size.columns > 0 and size.lines > 0:
        return {"dynamic_ncols": True}
    return {"ncols": size.columns or 80, "nrows": size.lines or 24}


def plan(
    files: list[Path],
    out: Path,
    resume: bool,
    lang: str | None = None,
    strict: bool = False,
    encoding: str | None = None,
) -> tuple[list[Task], dict[str, str], dict[str, str]]:
    """Split the inputs into tasks to run, documents to resume (path -> folder) and problems
    (path -> message): a file whose output folder an earlier input takes (same stem in another
    folder) would overwrite it, so it fails instead. A folder is resumed only when it is
    complete and its input stamp matches the input's content and the options."""
    from pipeline.ingest import doc_id_for
    from pipeline.tables import safe_name

    owner: dict[str, Path] = {}
    tasks: list[Task] = []
    resumed: dict[str, str] = {}
    problems: dict[str, str] = {}
    for f in files:
        name = safe_name(doc_id_for(f))
        if name in owner:
            problems[str(f)] = f"{f}: same output folder ({name}) as {owner[name]}; rename one"
            continue
        owner[name] = f
        folder = out / name
        options = options_of(lang, strict, encoding)
        if resume and is_complete(folder) and same_input(recorded_stamp(folder), f, options):
            resumed[str(f)] = name
        else:
            tasks.append((str(f), str(out), lang, strict, encoding))
    return tasks, resumed, problems


def run_corpus(
    files: list[Path],
    out: Path,
    *,
    lang: str | None = None,
    encoding: str | None = None,
    jobs: int = 1,
    client: Any = None,
    resume: bool = False,
    progress: bool = False,
    verbose: bool = False,
    parquet: bool = True,
    duckdb: bool = True,
    strict: bool = False,
) -> RunReport:
    """Run the pipeline over `files` into `out`; see the module docstring. Errors and warnings
    go to stderr, one line each; `verbose` adds one summary line per document on stdout;
    `progress` shows a bar on stderr; `strict` refuses texts that do not look like UN
    documents (by default they are a warning). Raises OutputError when the output folder cannot
    be written or another run holds it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise folder_error(out, e, "cannot create output folder") from e
    with run_lock(out):
        remove_stale(out)  # every temporary whose writer is gone: no other run is live here
        options = (lang, strict, encoding)
        return _run(files, out, options, jobs, client, resume, progress, verbose, parquet, duckdb)


def _run(
    files: list[Path],
    out: Path,
    options: tuple[str | None, bool, str | None],  # lang, strict, encoding
    jobs: int,
    client: Any,
    resume: bool,
    progress: bool,
    verbose: bool,
    parquet: bool,
    duckdb: bool,
) -> RunReport:
    t0 = time.perf_counter()
    seen: set[Path] = set()  # a file named twice (`raw raw/x.txt`) runs once
    files = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    tasks, resumed, problems = plan(files, out, resume, *options)
    report = RunReport()

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="doc", file=sys.stderr, **bar_width())

    def say(line: str, stream: Any) -> None:
        line = printable(line)
        if bar is not None:
            bar.write(line, file=stream)  # above the bar, which is redrawn below
        else:
            print(line, file=stream)

    if client is not None:
        results = run_dask(tasks, client)
    elif jobs > 1 and len(tasks) > 1:
        from pipeline.workers import run_local  # multiprocessing: only where workers run

        results = run_local(tasks, min(jobs, len(tasks)))
    else:
        results = run_inline(tasks)

    try:
        writer = CorpusWriter(out, parquet=parquet, duckdb=duckdb)
    except OSError as e:
        results.close()
        raise folder_error(out, e) from e
    try:
        for f in files:
            p = str(f)
            if p in problems:
                result = DocResult(path=p, error=problems[p])
            elif p in resumed:
                result = read_document_folder(p, out / resumed[p])
            else:
                result = next(results)  # results come in input order
            report.cpu_seconds += result.cpu_seconds
            if result.fatal:
                raise OutputError(result.error)
            if result.error:
                report.failed += 1
                say(f"error: {result.error}", sys.stderr)
            else:
                _write(writer, out, result.rows)
                report.done += not result.resumed
                report.resumed += result.resumed
                if result.warnings:  # one line a document
                    say(f"warning: {'; '.join(result.warnings)}", sys.stderr)
                if verbose:
                    note = " (complete, resumed)" if result.resumed else ""
                    say(f"{p} -> {out / result.folder} {result.summary()}{note}", sys.stdout)
            if bar is not None:
                bar.update()
        if writer.documents:
            try:
                report.corpus_files = writer.close()
            except Exception as e:  # OSError, or DuckDB's and Arrow's own errors of a full disk
                raise OutputError(f"{out}: cannot write the corpus files ({e})") from e
        else:
            writer.abort()
    except BaseException:
        writer.abort()
        raise
    finally:
        if bar is not None:
            bar.close()
        results.close()
    report.counts = dict(writer.counts)
    report.seconds = time.perf_counter() - t0
    return report


def _write(writer: CorpusWriter, out: Path, rows: dict[str, list[Row]]) -> None:
    try:
        writer.add(rows)
    except OSError as e:
        raise folder_error(out, e) from e


# Control characters (C0, DEL, C1, the line and paragraph separators) and the bidirectional
# overrides: none may reach a terminal from a file name.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(line: str) -> str:
    """A message as one line: control characters (a newline or an escape sequence in a file
    name) written as Python escapes (\\n, \\x1b), so that no file name can forge an `error:`
    line, nor move the cursor."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), line)
