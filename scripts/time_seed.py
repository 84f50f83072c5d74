"""Time the per-document path on the seed: warm calls of the runner, median and minimum.

    python scripts/time_seed.py [--calls 30] [FILE]

One process: the first call (which loads resources and builds the matchers) is not counted; the
next `--calls` calls each run a file to all its table rows (ingest, layout, segment, extract and
the paragraphs table), as `extract` computes them before writing them out.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def runner() -> object:
    try:
        from pipeline.runner import extract_file  # the runner of a file to its tables
    except ImportError:  # before the runner existed: the stages, then the paragraphs table
        from pipeline.run import process

        from pipeline.tables import document_tables

        return lambda path: document_tables(process(path))
    return extract_file


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", nargs="?", type=Path, default=ROOT / "raw" / "A-62-162.zh.txt")
    ap.add_argument("--calls", type=int, default=30)
    args = ap.parse_args()
    run = runner()
    run(args.file)  # warm-up
    times = []
    for _ in range(args.calls):
        t = time.perf_counter()
        run(args.file)
        times.append(time.perf_counter() - t)
    print(
        f"{args.file.name}: median {statistics.median(times) * 1000:.1f} ms, "
        f"min {min(times) * 1000:.1f} ms over {args.calls} warm calls"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
