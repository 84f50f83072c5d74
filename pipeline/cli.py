"""Command line: `python -m pipeline COMMAND ...`.

extract PATH... --out DIR   run the pipeline on files and folders, one output folder a document,
                            plus corpus tables (CSV, Parquet, DuckDB); --jobs N, --scheduler,
                            --resume for large corpora (pipeline/corpus.py)
eval --gold G --pred P      score extraction tables against gold tables (pipeline.evaluation)
compare ZH_FILE EN_FILE     align two language versions and report disagreements (pipeline.compare)
gold export|import          pre-annotations for Label Studio or brat, and the corrected
                            annotations back as gold tables (pipeline/goldtools)
gazetteer candidates DIR    the bodies outside the gazetteer a run found, as gazetteer records
"""

from __future__ import annotations

import argparse
import codecs
import importlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from pipeline.language import languages

# Exit codes: 0 all documents done; 1 some documents failed (the others were written);
# 2 usage error, nothing to do, or an output folder that cannot be used (not writable, full,
# in use by another run); 130 interrupted (Ctrl-C).
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def error(message: str) -> None:
    """One `error:` line on stderr (control characters of file names escaped)."""
    from pipeline.corpus import printable

    print(f"error: {printable(message)}", file=sys.stderr)


def find_inputs(paths: list[str], out: Path | None = None) -> tuple[list[Path], list[str]]:
    """Files named directly, and the supported files inside named folders (sorted, recursive,
    hidden ones skipped, and never what a run wrote: the output folder `out`, nor a document
    folder of any run, whose source.txt is no input). Returns (files, problems). A file of a
    format the pipeline knows it cannot read (.doc) inside a folder is a problem, as it is when
    named directly."""
    from pipeline.ingest import INPUT_SUFFIXES
    from pipeline.ingest.formats import UNSUPPORTED_SUFFIXES

    files: list[Path] = []
    problems: list[str] = []
    skip = out.resolve() if out is not None else None
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            inside = sorted(_files_in(p, skip))
            found = [f for f in inside if f.suffix.lower() in INPUT_SUFFIXES]
            unsupported = [f for f in inside if f.suffix.lower() in UNSUPPORTED_SUFFIXES]
            problems += [f"{f}: {UNSUPPORTED_SUFFIXES[f.suffix.lower()]}" for f in unsupported]
            if not found and not unsupported:
                problems.append(f"{p}: no input files ({', '.join(sorted(INPUT_SUFFIXES))})")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return files, problems


def _files_in(folder: Path, skip: Path | None) -> Iterator[Path]:
    """The files under `folder`, hidden ones and those of output folders left out."""
    for where, subfolders, names in os.walk(folder):  # symbolic links to folders not followed
        here = Path(where)
        subfolders[:] = [
            d for d in subfolders if not d.startswith(".") and not _is_output(here / d, skip)
        ]
        for name in names:
            if not name.startswith(".") and (here / name).is_file():
                yield here / name


def _is_output(folder: Path, out: Path | None) -> bool:
    """The run's output folder, or a folder a run wrote (a document folder, a corpus folder)."""
    if out is not None and folder.resolve() == out:
        return True
    if (folder / "document.json").is_file() and (folder / "paragraphs.csv").is_file():
        return True
    return (folder / "corpus_paragraphs.csv").is_file()


def connect(address: str) -> object:
    """A Dask client for `--scheduler`; imported only on that path (distributed is heavy)."""
    from distributed import Client

    return Client(address)  # times out after distributed.comm.timeouts.connect (30 s)


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.corpus import printable, run_corpus
    from pipeline.output import OutputError, check_writable

    out = Path(args.out)
    if args.jobs < 0:
        error("--jobs must be 0 (one per core) or more")
        return EXIT_USAGE
    if args.encoding:
        try:
            codecs.lookup(args.encoding)
        except LookupError:
            error(f"--encoding: unknown encoding {args.encoding!r}")
            return EXIT_USAGE
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        error(f"{out}: cannot create output folder ({e.strerror})")
        return EXIT_USAGE
    try:
        check_writable(out)
    except OutputError as e:
        error(str(e))
        return EXIT_USAGE
    files, problems = find_inputs(args.paths, out)
    for problem in problems:
        error(problem)
    if not files:
        if not problems:
            error("no input files")
            return EXIT_USAGE
        return EXIT_SOME_FAILED
    client = None
    if args.scheduler:
        try:
            client = connect(args.scheduler)
        except (OSError, TimeoutError) as e:
            error(f"cannot reach Dask scheduler {args.scheduler} ({e})")
            return EXIT_USAGE
    # A bar when a person watches (stderr is a terminal) and there is more than one document.
    progress = args.progress
    if progress is None:
        progress = not args.quiet and len(files) > 1 and sys.stderr.isatty()
    # Parquet and DuckDB are for a corpus: one file named alone gets its folder and the corpus
    # CSVs, and pays nothing for pyarrow, pandas and DuckDB (most of a cold start).
    typed = args.typed_tables
    if typed is None:
        typed = not (len(args.paths) == 1 and Path(args.paths[0]).is_file())
    try:
        report = run_corpus(
            files,
            out,
            lang=args.lang,
            encoding=args.encoding,
            jobs=args.jobs or (os.cpu_count() or 1),
            client=client,
            resume=args.resume,
            progress=progress,
            verbose=not args.quiet and not progress,
            strict=args.strict,
            parquet=typed,
            duckdb=typed,
        )
    except OutputError as e:  # read-only, full, or in use: the run stopped
        error(str(e))
        return EXIT_USAGE
    finally:
        if client is not None:
            client.close()
    if not report.done and not report.resumed:  # every document failed: nothing was written
        if not args.quiet:
            print(f"{len(files)} documents: all failed; nothing written")
        return EXIT_SOME_FAILED
    if not args.quiet:
        skipped = f", {report.resumed} already complete" if args.resume else ""
        memory = ""
        if report.peak_memory:
            where = "a worker" if report.in_workers else "the process"
            memory = f"; peak memory {report.peak_memory / 2**20:.0f} MB {where}"
        corpus = f" and {len(report.corpus_files)} corpus files" if report.corpus_files else ""
        print(
            printable(
                f"{len(files)} documents: {report.done} extracted{skipped}, {report.failed}"
                f" failed; wrote {out}/ (document folders{corpus}) in {report.seconds:.1f} s"
                f" ({report.cpu_seconds:.1f} s CPU in documents{memory})"
            )
        )
    return EXIT_SOME_FAILED if report.failed or problems else EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract tables from UN documents")
    ex.add_argument("paths", nargs="+", help="input files or folders")
    ex.add_argument("--out", required=True, help="output folder")
    ex.add_argument(
        "--lang",
        choices=languages(),
        help="language (default: detected); the folders of pipeline/resources with a profile",
    )
    ex.add_argument(
        "--encoding",
        metavar="NAME",
        help="the encoding of text and HTML inputs (e.g. cp1252, gb18030, cp950), instead of"
        " detecting it; detection warns when it guesses",
    )
    ex.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    ex.add_argument(
        "--strict",
        action="store_true",
        help="refuse a file that names no UN body and cites no document symbol "
        "(default: a warning, and its tables are written)",
    )
    ex.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (default 1; 0 = one per core)",
    )
    ex.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run each document as a task on this Dask scheduler (tcp://host:8786)",
    )
    ex.add_argument(
        "--resume",
        action="store_true",
        help="skip documents whose output folder is complete and was made from the same input"
        " content with the same options (their rows join the corpus tables)",
    )
    ex.add_argument(
        "--typed-tables",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write the corpus tables as Parquet and DuckDB too (default: unless one file is"
        " named alone; its folder and the corpus CSVs are written either way)",
    )
    ex.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    ex.set_defaults(func=cmd_extract)
    for name, module in PASS_THROUGH.items():
        sub.add_parser(name, help=f"see: python -m pipeline {name} --help", add_help=False)
        del module
    return parser


# Commands implemented in their own modules, each with `main(argv) -> int`.
PASS_THROUGH = {
    "eval": "pipeline.evaluation.command",
    "compare": "pipeline.compare",
    "gold": "pipeline.goldtools.cli",
    "gazetteer": "pipeline.extract.organizations.candidates",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from pipeline import cache

    cache.warm_regexes()  # the rules' patterns compiled by an earlier run (pipeline/cache.py)
    try:
        if argv and argv[0] in PASS_THROUGH:
            module = importlib.import_module(PASS_THROUGH[argv[0]])
            return module.main(argv[1:])
        args = build_parser().parse_args(argv)
        return args.func(args)
    except KeyboardInterrupt:
        error("interrupted")
        return EXIT_INTERRUPTED
    finally:
        cache.save_regexes()


if __name__ == "__main__":
    sys.exit(main())
