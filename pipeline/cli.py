"""Command line: `python -m pipeline COMMAND ...`.

extract PATH... --out DIR   run the pipeline on files and folders, one output folder a document,
                            plus corpus tables (CSV, Parquet, DuckDB); --jobs N, --scheduler,
                            --resume for large corpora (pipeline/corpus.py)
eval --gold G --pred P      score extraction tables against gold tables (pipeline.evaluation)
compare ZH_FILE EN_FILE     align two language versions and report disagreements (pipeline.compare)
gazetteer candidates DIR    the bodies outside the gazetteer a run found, as gazetteer records
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from pipeline.language import languages

# Exit codes: 0 all documents done; 1 some documents failed (the others were written);
# 2 usage error or nothing to do.
EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def find_inputs(paths: list[str]) -> tuple[list[Path], list[str]]:
    """Files named directly, and the supported files inside named folders (sorted, recursive,
    hidden ones skipped). Returns (files, problems)."""
    from pipeline.ingest import INPUT_SUFFIXES

    files: list[Path] = []
    problems: list[str] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in INPUT_SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not found:
                problems.append(f"{p}: no input files ({', '.join(sorted(INPUT_SUFFIXES))})")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            problems.append(f"{p}: no such file or folder")
    return files, problems


def connect(address: str) -> object:
    """A Dask client for `--scheduler`; imported only on that path (distributed is heavy)."""
    from distributed import Client

    return Client(address)  # times out after distributed.comm.timeouts.connect (30 s)


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.corpus import run_corpus

    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        print(f"error: {out}: cannot create output folder ({e.strerror})", file=sys.stderr)
        return EXIT_USAGE
    if args.jobs < 0:
        print("error: --jobs must be 0 (one per core) or more", file=sys.stderr)
        return EXIT_USAGE
    files, problems = find_inputs(args.paths)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if not files:
        if not problems:
            print("error: no input files", file=sys.stderr)
            return EXIT_USAGE
        return EXIT_SOME_FAILED
    client = None
    if args.scheduler:
        try:
            client = connect(args.scheduler)
        except (OSError, TimeoutError) as e:
            print(f"error: cannot reach Dask scheduler {args.scheduler} ({e})", file=sys.stderr)
            return EXIT_USAGE
    # A bar when a person watches (stderr is a terminal) and there is more than one document.
    progress = args.progress
    if progress is None:
        progress = not args.quiet and len(files) > 1 and sys.stderr.isatty()
    try:
        report = run_corpus(
            files,
            out,
            lang=args.lang,
            jobs=args.jobs or (os.cpu_count() or 1),
            client=client,
            resume=args.resume,
            progress=progress,
            verbose=not args.quiet and not progress,
        )
    finally:
        if client is not None:
            client.close()
    if not args.quiet:
        skipped = f", {report.resumed} already complete" if args.resume else ""
        corpus = f" and {len(report.corpus_files)} corpus files" if report.corpus_files else ""
        print(
            f"{len(files)} documents: {report.done} extracted{skipped}, {report.failed} failed"
            f"; wrote {out}/ (document folders{corpus}) in {report.seconds:.1f} s"
            f" ({report.cpu_seconds:.1f} s CPU in documents)"
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
    ex.add_argument("-q", "--quiet", action="store_true", help="print errors only")
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
        help="skip documents whose output folder is complete (their rows join the corpus tables)",
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
    "gazetteer": "pipeline.extract.organizations.candidates",
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASS_THROUGH:
        module = importlib.import_module(PASS_THROUGH[argv[0]])
        return module.main(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
