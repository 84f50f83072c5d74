#!/usr/bin/env python3
"""Speed of reading PDFs: pipeline/readers against pypdf, pdfminer.six and poppler's pdftotext,
in one run, on the same files.

For each tool, every PDF is read whole (open, every page's text) `--repeats` times and the
fastest time is kept (the estimate least disturbed by other load on the machine); pages per
second and milliseconds per page are over all files together. Tools that are not installed are
reported as such. pdftotext runs as a process per file, so its times include starting it.

usage: benchmarks/readers.py [FILES_DIR] [--repeats N] [--slow-repeats N] [--out FILE.md]
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_FILES = ROOT.parent / "shared" / "files"


def ours_with_roles(path: Path) -> int:
    from pipeline.readers import read_pdf

    return len(read_pdf(path).pages)


def ours_text_only(path: Path) -> int:
    from pipeline.readers import read_pdf

    return len(read_pdf(path, geometry=False).pages)


def pypdf_text(path: Path) -> int:
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    reader = PdfReader(path)
    for page in reader.pages:
        page.extract_text()
    return len(reader.pages)


def pdfminer_text(path: Path) -> int:
    from pdfminer.high_level import extract_text_to_fp
    from pdfminer.pdfpage import PDFPage

    extract_text_to_fp(path.open("rb"), io.StringIO())
    with path.open("rb") as f:
        return sum(1 for _ in PDFPage.get_pages(f))


def pdftotext_text(path: Path) -> int:
    subprocess.run(["pdftotext", "-q", str(path), "-"], check=True, capture_output=True)
    return 0  # pages are counted by PDFium below


def available(name: str) -> bool:
    try:
        if name == "pypdf":
            import pypdf  # noqa: F401
        elif name == "pdfminer.six":
            import pdfminer  # noqa: F401
        elif name == "pdftotext":
            return shutil.which("pdftotext") is not None
    except ImportError:
        return False
    return True


TOOLS: list[tuple[str, Callable[[Path], int], bool]] = [
    # name, reader, slow (fewer repeats)
    ("ours: text, geometry, roles", ours_with_roles, False),
    ("ours: text only", ours_text_only, False),
    ("pdftotext", pdftotext_text, False),
    ("pypdf", pypdf_text, True),
    ("pdfminer.six", pdfminer_text, True),
]


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="?", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--slow-repeats", type=int, default=1)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    pdfs = sorted(args.files.glob("*.pdf"))
    if not pdfs:
        print(f"no PDF in {args.files}", file=sys.stderr)
        return 2
    pages = {p: page_count(p) for p in pdfs}
    total_pages = sum(pages.values())
    rows: list[tuple[str, float | None]] = []
    per_file: dict[str, dict[str, float]] = {}
    for name, fn, slow in TOOLS:
        base = name.split(":")[0]
        if not available(base if base != "ours" else "ours"):
            rows.append((name, None))
            continue
        fn(pdfs[0])  # imports and first-call costs out of the measurement
        repeats = args.slow_repeats if slow else args.repeats
        total = 0.0
        for path in pdfs:
            best = float("inf")
            for _ in range(repeats):
                start = time.perf_counter()
                fn(path)
                best = min(best, time.perf_counter() - start)
            total += best
            per_file.setdefault(path.name, {})[name] = best * 1000 / pages[path]
        rows.append((name, total))
    ours = rows[0][1] or float("nan")
    lines = [
        f"{len(pdfs)} PDFs, {total_pages} pages ({args.files.name}/); best of "
        f"{args.repeats} (pypdf, pdfminer.six: {args.slow_repeats}) per file",
        "",
        "| tool | seconds | pages/s | ms/page | × ours (text, geometry, roles) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, total in rows:
        if total is None:
            lines.append(f"| {name} | not installed | | | |")
            continue
        lines.append(
            f"| {name} | {total:.3f} | {total_pages / total:.0f} | "
            f"{total * 1000 / total_pages:.2f} | {total / ours:.1f} |"
        )
    lines += ["", "| file | pages | " + " | ".join(n for n, t in rows if t is not None) + " |"]
    lines.append("| --- | ---: |" + " ---: |" * sum(1 for _, t in rows if t is not None))
    for path in pdfs:
        cells = " | ".join(f"{per_file[path.name][n]:.1f}" for n, t in rows if t is not None)
        lines.append(f"| {path.name} | {pages[path]} | {cells} |")
    lines.append("")
    lines.append("(per file: ms per page)")
    report = "\n".join(lines)
    print(report)
    if args.out:
        args.out.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
