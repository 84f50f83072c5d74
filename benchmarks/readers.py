#!/usr/bin/env python3
"""Speed on real PDFs: pages per second of this project (reading alone; reading and all the
tables), pypdf, pdfminer.six and poppler's pdftotext, in one run, on the same files.

For each tool, every PDF is read whole (open, every page's text; for "all tables", the whole
pipeline: reading, layout, and every mention table) `--repeats` times and the fastest time is
kept (the estimate least disturbed by other load on the machine); pages per second and
milliseconds per page are over all files together. Tools that are not installed are reported
as such. pdftotext runs as a process per file, so its times include starting it.

`make bench` runs this as one of its parts (benchmarks/run.py); alone:

usage: benchmarks/readers.py [FILES_DIR] [--repeats N] [--slow-repeats N] [--quick] [--out FILE.md]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_FILES = ROOT.parent / "shared" / "files"

TARGET_MS_PER_PAGE = 10.0  # reading plus all tables, on average over the files
TARGET_PYPDF_RATIO = 15.0  # ... at least this many times faster than pypdf's text alone
ALL_TABLES = "ours: reading and all tables"
READING = "ours: reading (text, geometry, roles)"


def ours_all_tables(path: Path) -> int:
    from pipeline.runner import extract_file

    return len(extract_file(path).tables)


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

    with path.open("rb") as f:
        extract_text_to_fp(f, io.StringIO())
    return 0


def pdftotext_text(path: Path) -> int:
    subprocess.run(["pdftotext", "-q", str(path), "-"], check=True, capture_output=True)
    return 0


def available(module: str) -> bool:
    if module == "pdftotext":
        return shutil.which("pdftotext") is not None
    try:
        __import__(module)
    except ImportError:
        return False
    return True


@dataclass(frozen=True)
class Tool:
    name: str
    run: Callable[[Path], int]
    needs: str  # the module (or program) it needs
    slow: bool  # fewer repeats


TOOLS = [
    Tool(ALL_TABLES, ours_all_tables, "pypdfium2", False),
    Tool(READING, ours_with_roles, "pypdfium2", False),
    Tool("ours: text only (pdf_source)", ours_text_only, "pypdfium2", False),
    Tool("pdftotext (poppler, a process per file)", pdftotext_text, "pdftotext", False),
    Tool("pypdf: text", pypdf_text, "pypdf", True),
    Tool("pdfminer.six: text", pdfminer_text, "pdfminer", True),
]


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(path)
    try:
        return len(doc)
    finally:
        doc.close()


def version(module: str) -> str:
    if module == "pdftotext":
        return ""
    try:
        from importlib.metadata import version as v

        return v({"pdfminer": "pdfminer.six"}.get(module, module))
    except Exception:  # a module without distribution metadata
        return ""


def cpu_time() -> float:
    """CPU seconds of this process and of its finished children (pdftotext)."""
    import resource

    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(files: Path, repeats: int, slow_repeats: int) -> dict:
    """Best-of-`repeats` wall and CPU seconds per tool and file; None for a tool that is not
    installed. (CPU time tells what a shared machine's load hides in wall time.)"""
    pdfs = sorted(files.glob("*.pdf"))
    pages = {p: page_count(p) for p in pdfs}
    seconds: dict[str, dict[Path, float] | None] = {}
    cpu: dict[str, dict[Path, float] | None] = {}
    for tool in TOOLS:
        if not available(tool.needs):
            seconds[tool.name] = cpu[tool.name] = None
            continue
        print(f"timing {tool.name} ...", file=sys.stderr)
        # imports and first-call costs (a language's resources loaded once) out of the
        # measurement: the fast tools read every file once first, the slow ones the first
        for path in pdfs[:1] if tool.slow else pdfs:
            tool.run(path)
        best: dict[Path, float] = {}
        best_cpu: dict[Path, float] = {}
        for path in pdfs:
            walls, cpus = [], []
            for _ in range(slow_repeats if tool.slow else repeats):
                start, start_cpu = time.perf_counter(), cpu_time()
                tool.run(path)
                walls.append(time.perf_counter() - start)
                cpus.append(cpu_time() - start_cpu)
            best[path], best_cpu[path] = min(walls), min(cpus)
        seconds[tool.name], cpu[tool.name] = best, best_cpu
    return {"pdfs": pdfs, "pages": pages, "seconds": seconds, "cpu": cpu}


def report(result: dict, files: Path, repeats: int, slow_repeats: int) -> tuple[str, list]:
    """The Markdown section and the targets [(name, measured, met)]."""
    pdfs, pages, seconds = result["pdfs"], result["pages"], result["seconds"]
    total_pages = sum(pages.values())
    totals = {n: (sum(s.values()) if s is not None else None) for n, s in seconds.items()}
    ours = totals[ALL_TABLES] or float("nan")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        f"{len(pdfs)} PDFs, {total_pages} pages ({files.name}/); best of {repeats} per file "
        f"(pypdf, pdfminer.six: {slow_repeats}); load average {load:.2f} on {os.cpu_count()} "
        "cores at the end.",
        "",
        "| tool | version | seconds | pages/s | ms/page | ÷ ours (reading and all tables) "
        "| CPU ms/page |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for tool in TOOLS:
        total = totals[tool.name]
        if total is None:
            lines.append(f"| {tool.name} | not installed | | | | | |")
            continue
        cpu = sum(result["cpu"][tool.name].values())
        lines.append(
            f"| {tool.name} | {version(tool.needs)} | {total:.3f} | {total_pages / total:.0f} | "
            f"{total * 1000 / total_pages:.2f} | {total / ours:.2f} | "
            f"{cpu * 1000 / total_pages:.2f} |"
        )
    measured = [t.name for t in TOOLS if seconds[t.name] is not None]
    lines += ["", "| file | pages | " + " | ".join(measured) + " |"]
    lines.append("| --- | ---: |" + " ---: |" * len(measured))
    for path in pdfs:
        cells = " | ".join(f"{seconds[n][path] * 1000 / pages[path]:.1f}" for n in measured)
        lines.append(f"| {path.name} | {pages[path]} | {cells} |")
    lines += ["", "(per file: ms per page, wall time)"]
    ms_page = ours * 1000 / total_pages
    targets = [
        (
            f"reading and all tables ≤ {TARGET_MS_PER_PAGE:.0f} ms per page (real PDFs)",
            f"{ms_page:.2f} ms",
            ms_page <= TARGET_MS_PER_PAGE,
        )
    ]
    pypdf = totals["pypdf: text"]
    if pypdf is not None:
        ratio = pypdf / ours
        targets.append(
            (
                f"reading and all tables ≥ {TARGET_PYPDF_RATIO:.0f}× faster than pypdf's text",
                f"{ratio:.1f}×",
                ratio >= TARGET_PYPDF_RATIO,
            )
        )
    return "\n".join(lines), targets


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="?", type=Path, default=DEFAULT_FILES)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--slow-repeats", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="one repeat of each tool")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not list(args.files.glob("*.pdf")):
        print(f"no PDF in {args.files}", file=sys.stderr)
        return 2
    repeats = 1 if args.quick else args.repeats
    result = measure(args.files, repeats, args.slow_repeats)
    md, targets = report(result, args.files, repeats, args.slow_repeats)
    md += "\n\n" + "\n".join(f"- {n}: {v} ({'met' if ok else 'NOT met'})" for n, v, ok in targets)
    print(md)
    if args.out:
        args.out.write_text(md + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
