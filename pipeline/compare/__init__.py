"""Compare the Chinese and English versions of one UN document.

`python -m pipeline compare ZH_FILE EN_FILE [--out DIR]`, or `--pairs FOLDER --out DIR` for every
`X.zh.*` / `X.en.*` pair in a folder. Both files go through the whole pipeline; their units are
aligned paragraph by paragraph, and for each aligned pair the normalized values of each mention
table (symbols, date values, org ids) are compared. The report (`DIR/compare_<X>.md` and `.html`)
lists per paragraph what one version has and the other lacks, with both texts side by side so a
person can tell an extraction error from a real difference between the versions, plus an
agreement score per table and the English/Chinese organization name pairs the gazetteer lacks.

Alignment:
1. anchors: units with the same paragraph number (or footnote number) in both versions, kept in
   increasing order on both sides;
2. between two anchors, the remaining units are aligned by dynamic programming over a score that
   combines shared fingerprints (numbers, symbols, date values, Latin tokens that occur in both
   documents), the length ratio of the two texts and their relative position.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from pipeline.compare.alignment import Side, align, side_of, value_of
from pipeline.compare.report import write_report
from pipeline.compare.values import (
    Comparison,
    Diff,
    NamePair,
    diff_values,
    missing_from_gazetteer,
    org_name_pairs,
)
from pipeline.kinds import MENTION_TABLES
from pipeline.model import Extraction

__all__ = [
    "Comparison",
    "Diff",
    "NamePair",
    "Side",
    "compare",
    "main",
    "missing_from_gazetteer",
    "value_of",
    "write_report",
]


def compare(zh_ex: Extraction, en_ex: Extraction, name: str = "") -> Comparison:
    zh, en = side_of(zh_ex), side_of(en_ex)
    pairs = align(zh, en)
    diffs: list[dict[str, Diff]] = []
    totals = {t: Diff() for t in MENTION_TABLES}
    for pair in pairs:
        d = {}
        for t in MENTION_TABLES:
            a = zh.values(pair.zh, t) if pair.zh is not None else set()
            b = en.values(pair.en, t) if pair.en is not None else set()
            d[t] = diff_values(a, b)
            totals[t].add(d[t])
        diffs.append(d)
    document_totals = {
        t: diff_values(
            set().union(*(zh.values(k, t) for k in range(len(zh.units)))),
            set().union(*(en.values(k, t) for k in range(len(en.units)))),
        )
        for t in MENTION_TABLES
    }
    name = name or f"{zh_ex.layout.document.doc_id}__{en_ex.layout.document.doc_id}"
    return Comparison(
        name, zh, en, pairs, diffs, totals, document_totals, org_name_pairs(zh, en, pairs)
    )


# -- command line ---------------------------------------------------------------------------------
PAIR_RE = re.compile(r"^(?P<stem>.+)\.(?P<lang>zh|en)$")


def find_pairs(folder: Path) -> list[tuple[str, Path, Path]]:
    """(X, X.zh.*, X.en.*) for every X with both versions in the folder (not recursive)."""
    from pipeline.ingest import INPUT_SUFFIXES, doc_id_for

    by_stem: dict[str, dict[str, Path]] = {}
    for f in sorted(folder.iterdir()):
        if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES:
            m = PAIR_RE.match(doc_id_for(f))
            if m:
                by_stem.setdefault(m["stem"], {})[m["lang"]] = f
    return [(s, v["zh"], v["en"]) for s, v in sorted(by_stem.items()) if len(v) == 2]


def pair_name(zh_path: Path, en_path: Path) -> str:
    from pipeline.ingest import doc_id_for

    a, b = PAIR_RE.match(doc_id_for(zh_path)), PAIR_RE.match(doc_id_for(en_path))
    if a and b and a["stem"] == b["stem"]:
        return a["stem"]
    return f"{doc_id_for(zh_path)}__{doc_id_for(en_path)}"


def run_pair(zh_path: Path, en_path: Path, out: Path, name: str | None = None) -> Comparison:
    from pipeline.ingest import read_document
    from pipeline.runner import process

    for path, lang in ((zh_path, "zh"), (en_path, "en")):
        detected = read_document(path).lang
        if detected != lang:
            print(f"warning: {path}: reads as {detected}, compared as {lang}", file=sys.stderr)
    name = name or pair_name(zh_path, en_path)
    c = compare(process(zh_path, lang="zh"), process(en_path, lang="en"), name)
    md, page = write_report(c, out)
    scores = ", ".join(
        f"{t} {a:.2f}" if (a := c.totals[t].agreement) is not None else f"{t} n/a"
        for t in MENTION_TABLES
    )
    print(f"{c.name}: {scores} -> {md}, {page.name}")
    return c


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline compare",
        description="Align the Chinese and English versions of a UN document and report the "
        "symbols, date values and org ids found in one version but not the other.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="ZH_FILE EN_FILE")
    parser.add_argument("--pairs", metavar="FOLDER", help="compare every X.zh.*/X.en.* pair")
    parser.add_argument("--out", default="output", help="report folder (default: output)")
    args = parser.parse_args(argv)
    from pipeline.ingest import InputError

    out = Path(args.out)
    if args.pairs:
        if args.files:
            parser.error("give either ZH_FILE EN_FILE or --pairs FOLDER, not both")
        folder = Path(args.pairs)
        if not folder.is_dir():
            print(f"error: {folder}: no such folder", file=sys.stderr)
            return 2
        pairs = find_pairs(folder)
        if not pairs:
            print(f"{folder}: no X.zh.*/X.en.* pairs to compare")
            return 0
    elif len(args.files) == 2:
        pairs = [(None, Path(args.files[0]), Path(args.files[1]))]
    else:
        parser.error("give ZH_FILE EN_FILE, or --pairs FOLDER")
    failed = 0
    for stem, zh_path, en_path in pairs:
        try:
            run_pair(zh_path, en_path, out, stem)
        except InputError as e:
            print(f"error: {e}", file=sys.stderr)
            failed += 1
        except OSError as e:
            print(f"error: {out}: cannot write report ({e})", file=sys.stderr)
            failed += 1
    return 1 if failed else 0
