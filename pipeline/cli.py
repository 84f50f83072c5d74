"""Command line: `python -m pipeline COMMAND ...`.

extract PATH... --out DIR   run the pipeline on files and folders, one output folder a document
eval --gold G --pred P      score extraction tables against gold tables (pipeline.evaluate)
compare ZH_FILE EN_FILE     align two language versions and report disagreements (pipeline.compare)
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path


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


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.ingest import InputError
    from pipeline.run import process
    from pipeline.tables import write_corpus, write_document

    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        print(f"error: {out}: cannot create output folder ({e.strerror})", file=sys.stderr)
        return EXIT_USAGE
    files, problems = find_inputs(args.paths)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    done: list[Path] = []
    failed = len(problems)
    for f in files:
        try:
            extraction = process(f, lang=args.lang)
            done.append(write_document(extraction, out))
        except InputError as e:
            print(f"error: {e}", file=sys.stderr)
            failed += 1
            continue
        except OSError as e:
            print(f"error: {f}: cannot write output ({e})", file=sys.stderr)
            failed += 1
            continue
        if not any(p.number for p in extraction.layout.paragraphs if p.zone == "body"):
            print(
                f"warning: {f}: no numbered paragraphs; text kept in zone blocks", file=sys.stderr
            )
        if not args.quiet:
            counts = ", ".join(f"{len(v)} {k}" for k, v in extraction.tables.items())
            n = len(extraction.layout.paragraphs)
            print(f"{f} -> {done[-1]} ({n} paragraphs, {counts})")
    if done:
        write_corpus(done, out)
    if not files and not problems:
        print("error: no input files", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_SOME_FAILED if failed else EXIT_OK


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
    ex.add_argument("--lang", choices=["zh", "en"], help="language (default: detected)")
    ex.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    ex.set_defaults(func=cmd_extract)
    for name, module in PASS_THROUGH.items():
        sub.add_parser(name, help=f"see: python -m pipeline {name} --help", add_help=False)
        del module
    return parser


# Commands implemented in their own modules, each with `main(argv) -> int`.
PASS_THROUGH = {"eval": "pipeline.evaluate", "compare": "pipeline.compare"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASS_THROUGH:
        module = importlib.import_module(PASS_THROUGH[argv[0]])
        return module.main(argv[1:])
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
