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
One document's task is pipeline/corpus_task.py; the corpus files are written by
pipeline/corpus_files.py; local workers and Dask run tasks through pipeline/workers.py.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.corpus_files import CorpusWriter, Row
from pipeline.corpus_task import (
    DOC_FILES,
    INT_COLUMNS,
    TABLES,
    DocResult,
    Task,
    cell,
    is_complete,
    options_of,
    read_document_folder,
    recorded_stamp,
    run_document,
)
from pipeline.extract.organizations.corpus_links import CorpusLinks, relink
from pipeline.output import OutputError, folder_error, remove_stale, run_lock, same_input

__all__ = ["DOC_FILES", "INT_COLUMNS", "TABLES", "RunReport", "cell", "printable", "run_corpus"]


def run_inline(tasks: list[Task]) -> Iterator[DocResult]:
    for task in tasks:
        yield run_document(*task)


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
    peak_memory: int = 0  # bytes: the most any process that ran documents held at once
    in_workers: bool = False  # the documents ran in worker processes (local or Dask)


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
    (path -> message): a file whose output folder an earlier input takes (same stem and format
    in another folder) would overwrite it, so it fails instead; inputs of different formats
    sharing a stem get distinct folders (ingest.doc_ids). A folder is resumed only when it is
    complete and its input stamp matches the input's content and the options."""
    from pipeline.ingest import doc_ids
    from pipeline.tables import safe_name

    owner: dict[str, Path] = {}
    tasks: list[Task] = []
    resumed: dict[str, str] = {}
    problems: dict[str, str] = {}
    for f, doc_id in zip(files, doc_ids(files), strict=True):
        name = safe_name(doc_id)
        if name in owner:
            problems[str(f)] = f"{f}: same output folder ({name}) as {owner[name]}; rename one"
            continue
        owner[name] = f
        folder = out / name
        options = options_of(lang, strict, encoding)
        if resume and is_complete(folder) and same_input(recorded_stamp(folder), f, options):
            resumed[str(f)] = name
        else:
            tasks.append((str(f), str(out), lang, strict, encoding, doc_id))
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
        from pipeline.workers import run_dask

        results = run_dask(tasks, client)
        report.in_workers = True
    elif jobs > 1 and len(tasks) > 1:
        from pipeline.workers import run_local  # multiprocessing: only where workers run

        results = run_local(tasks, min(jobs, len(tasks)))
        report.in_workers = True
    else:
        results = run_inline(tasks)

    try:
        writer = CorpusWriter(out, parquet=parquet, duckdb=duckdb)
    except OSError as e:
        results.close()
        raise folder_error(out, e) from e
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
            report.peak_memory = max(report.peak_memory, result.peak_memory)
            if result.fatal:
                raise OutputError(result.error)
            if result.error:
                report.failed += 1
                say(f"error: {result.error}", sys.stderr)
            else:
                # bodies outside the gazetteer: one id across documents (acronyms agree)
                relink(links, result.rows, out / result.folder)
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
