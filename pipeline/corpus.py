"""Corpus mode: run the pipeline over many documents and gather one set of corpus tables.

    files ──▶ workers: process + write DIR/<doc>/ ──rows──▶ parent: CSV, Parquet, DuckDB

Each document is one task. A worker runs `pipeline.runner.extract_file`, writes the document's
folder with `pipeline.tables.write_document` and sends back the rows of its tables (contract
columns, typed). The parent streams those rows, in input order, into the corpus files written
directly in DIR (so `DIR` stays a folder of document folders, see README "Output"):

    DIR/corpus_<table>.csv  DIR/corpus_<table>.parquet  DIR/corpus.duckdb (one table per kind)

Workers are local processes (`jobs`) or the workers of a Dask cluster (`client`). Either way the
parent holds only a bounded window of documents in flight, so memory does not grow with the
corpus. A document that fails is reported and skipped; `resume` skips documents whose folder is
already complete and reads their rows back from it.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import csv
import math
import multiprocessing
import os
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.extract.organizations.corpus_links import CorpusLinks, relink
from pipeline.kinds import TABLE_COLUMNS, Kind
from pipeline.kinds import TABLES as TABLE_SPECS

TABLES = list(TABLE_SPECS)  # paragraphs, then each kind of mention (pipeline.kinds)
DOC_FILES = [f"{t}.csv" for t in TABLES] + ["document.json"]  # a complete document folder
DUCKDB_NAME = "corpus.duckdb"
# Integer columns of the tables (pipeline.kinds); every other column is text. "" (no value)
# becomes NULL.
INT_COLUMNS = frozenset(c for t in TABLE_SPECS.values() for c in t.int_columns)
PARQUET_BATCH_ROWS = 20_000  # rows buffered per table before a Parquet row group is written

Row = tuple[Any, ...]  # one row of a table: values in TABLE_COLUMNS order


# --------------------------------------------------------------------------- one document


@dataclass
class DocResult:
    """What a worker sends back for one input file: small, picklable, no pandas objects."""

    path: str
    folder: str = ""  # the document folder's name in DIR
    rows: dict[str, list[Row]] = field(default_factory=dict)
    paragraphs: int = 0
    warning: str = ""
    error: str = ""
    resumed: bool = False
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # CPU time of the task's own thread (exact in processes and threads)

    def summary(self) -> str:
        counts = ", ".join(f"{len(self.rows.get(t, []))} {t}" for t in TABLES[1:])
        return f"({self.paragraphs} paragraphs, {counts})"


def cell(column: str, value: Any, kind: type | None = None) -> Any:
    """A value as the corpus tables hold it: int (or None) in integer columns (`kind` int, or by
    default a column of INT_COLUMNS), else text as the per-document CSV shows it (None and NaN
    as "")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        value = ""
    if kind is int or (kind is None and column in INT_COLUMNS):
        if value == "":
            return None
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"column {column!r}: {value!r} is not an integer")
        return int(value)
    return value if isinstance(value, str) else str(value)


def table_rows(table: str, dicts: Iterable[dict[str, Any]]) -> list[Row]:
    """Rows projected on the contract's columns (extra columns stay in the document's own CSV)."""
    columns = [(c.name, c.type) for c in TABLE_SPECS[table].columns]
    # `type(v) is kind` takes the common case (an int offset, a str text) without a call
    return [
        tuple(
            v if type(v) is kind else cell(c, v, kind)
            for c, kind in columns
            for v in (d.get(c, ""),)
        )
        for d in dicts
    ]


def run_document(path: str, out: str, lang: str | None = None) -> DocResult:
    """The task of one worker: pipeline, document folder, rows. Never raises: a failure of this
    document, whatever it is, comes back as `error` so the run goes on with the others."""
    from pipeline.ingest import InputError
    from pipeline.runner import extract_file
    from pipeline.tables import write_document

    t0, c0 = time.perf_counter(), time.thread_time()
    result = DocResult(path=path)
    try:
        extracted = extract_file(path, lang=lang)
        layout = extracted.layout
        # Rows first: a document whose values do not fit the corpus tables writes nothing.
        rows = {t: table_rows(t, extracted.tables.get(t, [])) for t in TABLES}
        folder = write_document(extracted.extraction, Path(out), extracted.tables)
    except InputError as e:
        result.error = str(e)
    except OSError as e:
        result.error = f"{path}: cannot read or write ({e})"
    except Exception as e:  # a bug met by one document must not stop a corpus of thousands
        result.error = f"{path}: internal error: {type(e).__name__}: {e}"
    else:
        result.folder, result.rows = folder.name, rows
        result.paragraphs = len(layout.paragraphs)
        if not any(p.number for p in layout.paragraphs if p.zone == "body"):
            result.warning = f"{path}: no numbered paragraphs; text kept in zone blocks"
    result.seconds = time.perf_counter() - t0
    result.cpu_seconds = time.thread_time() - c0
    return result


def is_complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in DOC_FILES)


def read_document_folder(path: str, folder: Path) -> DocResult:
    """The rows of a document folder written by an earlier run (for --resume)."""
    result = DocResult(path=path, folder=folder.name, resumed=True)
    try:
        for t in TABLES:
            with open(folder / f"{t}.csv", encoding="utf-8", newline="") as f:
                result.rows[t] = table_rows(t, csv.DictReader(f))
    except (OSError, ValueError, csv.Error) as e:
        result.rows, result.error = {}, f"{path}: cannot read {folder} to resume ({e})"
    result.paragraphs = len(result.rows.get("paragraphs", []))
    return result


# --------------------------------------------------------------------------- executors

Task = tuple[str, str, str | None]  # run_document's arguments: path, out, lang


def _window(submit: Callable[[Task], Any], tasks: list[Task], size: int) -> Iterator[Any]:
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


# Modules a local worker imports once, before it is forked for the tasks.
_PRELOAD = [
    "pipeline.runner",
    "pipeline.tables",
    *(k.extractor for k in TABLE_SPECS.values() if isinstance(k, Kind)),
    "rjieba",
]


def _pool_context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: forking a parent that already runs threads (the pool's
    own, tqdm's) is unsafe, and the server, forked once with the pipeline imported, starts
    each worker in milliseconds."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def run_local(tasks: list[Task], jobs: int) -> Iterator[DocResult]:
    """`jobs` worker processes. If a worker dies (killed, out of memory), the pool breaks: the
    first unfinished document in input order is reported as failed, and a new pool takes the
    rest, so one such document cannot stop the run."""
    start = 0
    while start < len(tasks):
        pool = cf.ProcessPoolExecutor(max_workers=jobs, mp_context=_pool_context())

        def submit(task: Task, pool: cf.ProcessPoolExecutor = pool) -> tuple[Task, cf.Future]:
            return task, pool.submit(run_document, *task)

        try:
            for task, future in _window(submit, tasks[start:], jobs * 4):
                broken = False
                try:
                    result = future.result()
                except cf.process.BrokenProcessPool:
                    broken = True
                    result = DocResult(path=task[0], error=f"{task[0]}: worker process died")
                start += 1
                yield result
                if broken:
                    break
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def run_dask(tasks: list[Task], client: Any) -> Iterator[DocResult]:
    """One Dask task per document. A task whose worker died is retried by Dask elsewhere; one
    that still fails comes back as this document's error."""
    threads = sum(client.nthreads().values()) or 1
    futures = _window(
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


# --------------------------------------------------------------------------- corpus files


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    return pa.schema(
        [(c.name, pa.int64() if c.type is int else pa.string()) for c in TABLE_SPECS[table].columns]
    )


class CorpusWriter:
    """Streams document rows into DIR/corpus_<table>.csv and .parquet, then DIR/corpus.duckdb.

    Everything is written to temporary files in DIR and moved into place by `close()`, so an
    interrupted run leaves the previous corpus files as they were."""

    def __init__(self, out: Path, parquet: bool = True, duckdb: bool = True) -> None:
        from pipeline.tables import CORPUS_PREFIX, CSV_LINE_END

        self.prefix = CORPUS_PREFIX
        self.out, self.parquet, self.duckdb = out, parquet, duckdb
        self.documents = 0
        self.counts = dict.fromkeys(TABLES, 0)
        self._tmp: dict[str, Path] = {}  # final name -> temporary path
        self._csv: dict[str, Any] = {}
        self._files = contextlib.ExitStack()  # the open CSV files
        self._pq: dict[str, Any] = {}
        self._buffer: dict[str, list[Row]] = {t: [] for t in TABLES}
        umask = os.umask(0)
        os.umask(umask)
        self._mode = 0o666 & ~umask  # what open() would give; mkstemp's files are private
        for t in TABLES:
            path = self._temp(f"{self.prefix}{t}.csv")
            # left open for streaming; the ExitStack closes it in close() or abort()
            f = self._files.enter_context(open(path, "w", encoding="utf-8", newline=""))  # noqa: SIM115
            # minimal quoting and the line end of the document CSVs (pipeline.tables)
            self._csv[t] = csv.writer(f, lineterminator=CSV_LINE_END)
            self._csv[t].writerow(TABLE_COLUMNS[t])

    def _temp(self, name: str) -> Path:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", dir=self.out)
        os.close(fd)
        self._tmp[name] = Path(tmp)
        return Path(tmp)

    def add(self, rows: dict[str, list[Row]]) -> None:
        self.documents += 1
        for t in TABLES:
            part = rows.get(t, [])
            self.counts[t] += len(part)
            self._csv[t].writerows(("" if v is None else v for v in r) for r in part)
            if self.parquet:
                self._buffer[t].extend(part)
                if len(self._buffer[t]) >= PARQUET_BATCH_ROWS:
                    self._flush(t)

    def _flush(self, t: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(t)
        if t not in self._pq:
            name = f"{self.prefix}{t}.parquet"
            self._pq[t] = pq.ParquetWriter(self._temp(name), schema, compression="zstd")
        rows = self._buffer[t]
        columns = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
        batch = pa.record_batch(
            [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
            schema=schema,
        )
        self._pq[t].write_batch(batch)
        self._buffer[t] = []

    def close(self) -> list[Path]:
        """Finish every file and move it into place; returns the corpus files written."""
        self._files.close()
        if self.parquet:
            for t in TABLES:
                if self._buffer[t] or t not in self._pq:
                    self._flush(t)
                self._pq[t].close()
        if self.duckdb:
            self._write_duckdb()
        written = []
        for name, tmp in self._tmp.items():
            os.chmod(tmp, self._mode)
            os.replace(tmp, self.out / name)
            written.append(self.out / name)
        self._tmp = {}
        return written

    def _write_duckdb(self) -> None:
        """One table per kind, typed like the Parquet files (from which it is loaded)."""
        import duckdb

        tmp = self._temp(DUCKDB_NAME)
        tmp.unlink()  # duckdb creates the file itself; an empty file is not a database
        con = duckdb.connect(str(tmp))
        try:
            for t in TABLES:
                if self.parquet:
                    src = str(self._tmp[f"{self.prefix}{t}.parquet"]).replace("'", "''")
                    con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_parquet('{src}')")
                else:
                    src = str(self._tmp[f"{self.prefix}{t}.csv"]).replace("'", "''")
                    types = {
                        c.name: "BIGINT" if c.type is int else "VARCHAR"
                        for c in TABLE_SPECS[t].columns
                    }
                    con.execute(
                        f"CREATE TABLE {t} AS SELECT * FROM read_csv('{src}', header=true, "
                        f"columns={types!r})"
                    )
        finally:
            con.close()

    def abort(self) -> None:
        self._files.close()
        for w in self._pq.values():
            with contextlib.suppress(Exception):
                w.close()
        for tmp in self._tmp.values():
            tmp.unlink(missing_ok=True)
        self._tmp = {}


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


def plan(
    files: list[Path], out: Path, resume: bool
) -> tuple[list[Task], dict[str, str], dict[str, str]]:
    """Split the inputs into tasks to run, documents to resume (path -> folder) and problems
    (path -> message): a file whose output folder an earlier input takes (same stem in another
    folder) would overwrite it, so it fails instead."""
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
        if resume and is_complete(out / name):
            resumed[str(f)] = name
        else:
            tasks.append((str(f), str(out), None))
    return tasks, resumed, problems


def run_corpus(
    files: list[Path],
    out: Path,
    *,
    lang: str | None = None,
    jobs: int = 1,
    client: Any = None,
    resume: bool = False,
    progress: bool = False,
    verbose: bool = False,
    parquet: bool = True,
    duckdb: bool = True,
) -> RunReport:
    """Run the pipeline over `files` into `out`; see the module docstring. Errors and warnings
    go to stderr, one line each; `verbose` adds one summary line per document on stdout;
    `progress` shows a bar on stderr."""
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    seen: set[Path] = set()  # a file named twice (`raw raw/x.txt`) runs once
    files = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    tasks, resumed, problems = plan(files, out, resume)
    tasks = [(p, o, lang) for p, o, _ in tasks]
    report = RunReport()

    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(files), unit="doc", file=sys.stderr, dynamic_ncols=True)

    def say(line: str, stream: Any) -> None:
        if bar is not None:
            bar.write(line, file=stream)  # above the bar, which is redrawn below
        else:
            print(line, file=stream)

    if client is not None:
        results = run_dask(tasks, client)
    elif jobs > 1 and len(tasks) > 1:
        results = run_local(tasks, min(jobs, len(tasks)))
    else:
        results = run_inline(tasks)

    writer = CorpusWriter(out, parquet=parquet, duckdb=duckdb)
    links = CorpusLinks()
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
            if result.error:
                report.failed += 1
                say(f"error: {result.error}", sys.stderr)
            else:
                # bodies outside the gazetteer: one id across documents (acronyms agree)
                relink(links, result.rows, out / result.folder)
                writer.add(result.rows)
                report.done += not result.resumed
                report.resumed += result.resumed
                if result.warning:
                    say(f"warning: {result.warning}", sys.stderr)
                if verbose:
                    note = " (complete, resumed)" if result.resumed else ""
                    say(f"{p} -> {out / result.folder} {result.summary()}{note}", sys.stdout)
            if bar is not None:
                bar.update()
        if writer.documents:
            report.corpus_files = writer.close()
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
