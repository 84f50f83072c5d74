"""`python -m pipeline gold export|import`: see pipeline/goldtools/__init__.py."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.goldtools import brat, labelstudio
from pipeline.goldtools.document import GoldError, read_output, write_gold

FORMATS = ("label-studio", "brat")
EXIT_OK, EXIT_BAD_INPUT = 0, 2


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline import __version__

    doc = read_output(Path(args.doc_dir))
    out = Path(args.file)
    if args.to == "label-studio":
        written = labelstudio.export(doc, out, f"un-extract {__version__}")
    else:
        written = brat.export(doc, out)
    print(f"{len(doc.mentions)} mentions of {doc.doc_id}: wrote {', '.join(map(str, written))}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    path = Path(args.file)
    if brat.is_brat(path):
        docs = brat.read(path)
    elif path.suffix == ".json":
        docs = labelstudio.read(path)
    elif not path.exists():
        raise GoldError([f"{path}: no such file"])
    else:
        raise GoldError([f"{path}: neither Label Studio JSON (.json) nor brat (.ann)"])
    gold = Path(args.to)
    from pipeline.tables import safe_name

    for doc in docs:
        # one document: GOLD_DIR is its gold folder; several: a folder each, named as extract does
        folder = gold if len(docs) == 1 else gold / safe_name(doc.doc_id)
        write_gold(doc, folder)
        counts = {}
        for m in doc.mentions:
            counts[m.kind] = counts.get(m.kind, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in counts.items()) or "no mentions"
        print(f"{doc.doc_id}: {summary}; wrote {folder}/")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline gold",
        description="Pre-annotate a document for an annotation tool; turn the corrected "
        "annotations into gold tables for `python -m pipeline eval`.",
    )
    sub = parser.add_subparsers(dest="action", required=True)
    ex = sub.add_parser(
        "export", help="a document's text and the pipeline's mentions, for an annotation tool"
    )
    ex.add_argument("doc_dir", metavar="DOC_OUT_DIR", help="a document folder of `extract`")
    ex.add_argument("--to", choices=FORMATS, required=True, help="the annotation tool's format")
    ex.add_argument(
        "file",
        metavar="FILE",
        help="label-studio: the tasks file (.json; its labeling config is written beside it); "
        "brat: NAME, for NAME.txt, NAME.ann and NAME.un-extract.json",
    )
    ex.set_defaults(func=cmd_export)
    im = sub.add_parser("import", help="corrected annotations to gold tables")
    im.add_argument(
        "file",
        metavar="FILE",
        help="Label Studio's JSON export (or the exported .json); brat: NAME.ann",
    )
    im.add_argument("--to", required=True, metavar="GOLD_DIR", help="the gold folder to write")
    im.set_defaults(func=cmd_import)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except GoldError as e:
        for line in e.problems:
            print(f"error: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"error: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
