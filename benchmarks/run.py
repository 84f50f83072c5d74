#!/usr/bin/env python3
"""The benchmark of `make bench`: speed on one document, against peers, and scaling over many.

1. Per document, on the seed and on the seed repeated to 1 MB: every tool of benchmarks/tools.py
   in its own fresh process: import, first call, then warm calls (min of repeats, the estimate
   least disturbed by other load on the machine; CPU time beside it).
2. Cold start of the CLI (`python -m pipeline extract SEED --out TMP`, cache warm, min of 3;
   once with the cache off) beside jionlp's, and --jobs 1 against --jobs 2 over a generated
   corpus of many small documents (benchmarks/summary.py).
3. Scaling: `extract` over 1, 10, 100, 1000 copies of the seed plus one broken file, with 1 and
   2 worker processes; documents per second, and a linear fit of wall time on documents.
4. Real PDFs (../shared/files, or --pdfs DIR; skipped where there are none): pages per second of
   reading alone and of reading and all tables, against pypdf, pdfminer.six and pdftotext in the
   same run (benchmarks/readers.py).

One summary table opens the report: per document and per page against the peers and the floor
scan, cold start, workers 1/2, memory, the machine's load, each beside its target. Writes
OUT/bench.csv, OUT/bench.md, OUT/bench_scaling.png and prints the tables.

usage: benchmarks/run.py [--out DIR] [--quick] [--strict] [--pdfs DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "A-62-162.zh.txt"
BIG_BYTES = 1_000_000
REFERENCE = "ours: all four"


# --------------------------------------------------------------------------- child process


def child(tool: str, text_path: Path, budget: float, max_runs: int) -> dict[str, Any]:
    """Import, first call and warm calls of one tool, in this (fresh) process."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.tools import TOOLS

    text = text_path.read_bytes().decode("utf-8")
    t = time.perf_counter()
    call = TOOLS[tool][0]()
    import_s = time.perf_counter() - t
    t = time.perf_counter()
    call(text_path, text)
    first_s = time.perf_counter() - t
    walls: list[float] = []
    cpus: list[float] = []
    start = time.perf_counter()
    while not walls or (time.perf_counter() - start < budget and len(walls) < max_runs):
        t, c = time.perf_counter(), time.process_time()
        call(text_path, text)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return {
        "import_s": import_s,
        "first_s": first_s,
        "warm_s": min(walls),
        "warm_median_s": statistics.median(walls),
        "warm_cpu_s": min(cpus),
        "runs": len(walls),
    }


def measure(tool: str, text_path: Path, budget: float, max_runs: int) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", tool, "--text", str(text_path)]
    cmd += ["--budget", str(budget), "--max-runs", str(max_runs)]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"benchmark of {tool!r} failed:\n{r.stderr[-3000:]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- the CLI


def run_extract(args: list[str], live: bool = False) -> tuple[float, int, str, str]:
    """Run `python -m pipeline extract ARGS`; wall time, exit code, stderr, stdout. With `live`,
    stderr (the progress bar) is also passed through to this process's stderr as it comes."""
    cmd = [sys.executable, "-m", "pipeline", "extract", *args]
    t = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    chunks: list[bytes] = []

    def pump() -> None:
        assert p.stderr is not None
        while chunk := os.read(p.stderr.fileno(), 4096):
            chunks.append(chunk)
            if live:
                sys.stderr.buffer.write(chunk)
                sys.stderr.buffer.flush()

    reader = threading.Thread(target=pump)
    reader.start()
    assert p.stdout is not None
    stdout = p.stdout.read().decode("utf-8", "replace")
    code = p.wait()
    reader.join()
    return time.perf_counter() - t, code, b"".join(chunks).decode("utf-8", "replace"), stdout


def scaling(work: Path, sizes: list[int], workers: list[int]) -> list[dict[str, Any]]:
    """Corpus mode over n copies of the seed and one broken file; checks what it wrote."""
    import duckdb

    rows = []
    for n in sizes:
        folder = work / f"in{n}"
        folder.mkdir()
        for i in range(n):
            shutil.copyfile(SEED, folder / f"A-62-162-{i:04d}.zh.txt")
        (folder / "broken.txt").write_bytes(b"\x00\x01\x02 not a document \x00" * 64)
        for j in workers:
            out = work / f"out{n}-{j}"
            print(f"\nscaling: {n} documents + 1 broken file, {j} worker(s)", file=sys.stderr)
            wall, code, err, summary = run_extract(
                [str(folder), "--out", str(out), "--jobs", str(j), "--progress"], live=True
            )
            # the CLI's summary line: "... (12.3 s CPU in documents)", summed over the workers
            cpu = re.search(r"\(([\d.]+) s CPU in documents", summary)
            con = duckdb.connect(str(out / "corpus.duckdb"), read_only=True)
            try:
                docs = con.execute("SELECT count(DISTINCT doc_id) FROM paragraphs").fetchall()
            finally:
                con.close()
            reported = "broken.txt" in err and "error:" in err
            ok = code == 1 and reported and docs[0][0] == n
            parquet = all((out / f"corpus_{t}.parquet").is_file() for t in ("dates", "symbols"))
            rows.append(
                {
                    "n_docs": n,
                    "workers": j,
                    "wall_s": wall,
                    "docs_per_s": n / wall,
                    "cpu_s_per_doc": float(cpu.group(1)) / n if cpu else float("nan"),
                    "parallelism": float(cpu.group(1)) / wall if cpu else float("nan"),
                    "check": "ok" if ok and parquet else f"FAILED (exit {code}, {docs[0][0]} docs)",
                }
            )
            shutil.rmtree(out)
        shutil.rmtree(folder)
    return rows


def code_status() -> str:
    """Which code the children run (the compiled build of the stage modules was removed in the
    restructuring of issue 17: the package is pure Python)."""
    return "pure Python"


def linear_fit(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Least squares wall = a + b * n; returns (a, b, r2)."""
    xs, ys = zip(*points, strict=True)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in points) / sxx if sxx else 0.0
    a = my - b * mx
    ss_tot = sum((y - my) ** 2 for y in ys)
    ss_res = sum((y - (a + b * x)) ** 2 for x, y in points)
    return a, b, (1 - ss_res / ss_tot) if ss_tot else 1.0


# --------------------------------------------------------------------------- report


def fmt_s(s: float) -> str:
    if s >= 1:
        return f"{s:.2f} s"
    if s >= 1e-3:
        return f"{s * 1e3:.1f} ms"
    return f"{s * 1e6:.0f} µs"


def md_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def plot(rows: list[dict[str, Any]], fits: dict[int, tuple[float, float, float]], path: Path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    for k, (j, (a, b, _r2)) in enumerate(sorted(fits.items())):
        pts = [(r["n_docs"], r["wall_s"], r["docs_per_s"]) for r in rows if r["workers"] == j]
        ns = [p[0] for p in pts]
        color = f"C{k}"  # one colour per worker count: points, fit and throughput
        left.plot(ns, [p[1] for p in pts], "o", color=color, label=f"{j} worker(s), measured")
        grid = [10 ** (x / 20) for x in range(0, 61)]
        fit = f"fit {a:.2f} s + {b * 1e3:.0f} ms × n"
        left.plot(grid, [a + b * x for x in grid], "--", color=color, label=fit)
        right.plot(ns, [p[2] for p in pts], "o-", color=color, label=f"{j} worker(s)")
    left.set(xscale="log", yscale="log", xlabel="documents", ylabel="wall time (s)")
    left.set_title("extract over n copies of the seed: time")
    right.set(xscale="log", xlabel="documents", ylabel="documents per second")
    right.set_title("throughput (cold start included)")
    for ax in (left, right):
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default="output", help="where bench.csv/.md/.png go")
    parser.add_argument("--quick", action="store_true", help="seed only, up to 100 documents")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--pdfs", type=Path, help="real PDFs to time (default ../shared/files)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--text", help=argparse.SUPPRESS)
    parser.add_argument("--budget", type=float, default=2.0, help=argparse.SUPPRESS)
    parser.add_argument("--max-runs", type=int, default=50, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, Path(args.text), args.budget, args.max_runs)))
        return 0

    sys.path.insert(0, str(ROOT))
    from benchmarks import readers, summary
    from benchmarks.tools import TOOLS

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="un-extract-bench-"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average at start: {load:.2f} on {os.cpu_count()} cores", file=sys.stderr)
    try:
        seed_bytes = SEED.read_bytes()
        big = work / "A-62-162-x21.zh.txt"  # the seed repeated to 1 MB
        big.write_bytes(seed_bytes * math.ceil(BIG_BYTES / len(seed_bytes)))
        texts = {"seed": SEED} if args.quick else {"seed": SEED, "1 MB": big}
        chars = {label: len(path.read_bytes().decode("utf-8")) for label, path in texts.items()}
        results: dict[tuple[str, str], dict[str, Any]] = {}
        for label, path in texts.items():
            for tool in TOOLS:
                budget, max_runs = (2.0, 50) if label == "seed" else (0.0, 1)
                print(f"timing {tool} on {label} ...", file=sys.stderr)
                results[tool, label] = measure(tool, path, budget, max_runs)
        print("timing cold starts (ours, jionlp) ...", file=sys.stderr)
        cold = summary.cold_starts(work)
        small = 200 if args.quick else 1000
        print(f"timing --jobs 1 and 2 over {small} small documents ...", file=sys.stderr)
        jobs = summary.workers(work, small)
        sizes = [1, 10, 100] if args.quick else [1, 10, 100, 1000]
        scale = scaling(work, sizes, [1, 2])
        pdfs = args.pdfs or readers.DEFAULT_FILES
        pdf_md, pdf_ms_page = "", None
        if pdfs.is_dir() and list(pdfs.glob("*.pdf")):
            repeats = 1 if args.quick else 5
            timed = readers.measure(pdfs, repeats, 1)
            pdf_md, _ = readers.report(timed, pdfs, repeats, 1)
            pages = sum(timed["pages"].values())
            pdf_ms_page = {
                name: sum(by_file.values()) * 1000 / pages
                for name, by_file in timed["seconds"].items()
                if by_file is not None
            }
        loads = (load, summary.load())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    # ----- tables
    csv_rows: list[dict[str, Any]] = []
    peer_md: list[list[str]] = []
    for tool, (_, what) in TOOLS.items():
        cells = [tool, what]
        for label in texts:
            r = results[tool, label]
            ref = results[REFERENCE, label]["warm_s"]
            ratio = r["warm_s"] / ref
            cells += [f"{fmt_s(r['warm_s'])} ({fmt_s(r['first_s'])})", f"{ratio:.2f}"]
            csv_rows.append(
                {
                    "kind": "per_document",
                    "name": tool,
                    "text": label,
                    "chars": chars[label],
                    **{k: round(v, 6) if isinstance(v, float) else v for k, v in r.items()},
                    "ratio_to_ours": round(ratio, 3),
                }
            )
        peer_md.append(cells)
    header = ["tool", "what"]
    for label in texts:
        header += [f"{label}: warm (first call)", f"{label}: ÷ ours"]

    def warm(tool: str) -> float | None:
        r = results.get((tool, "seed"))
        return r["warm_s"] if r else None

    summary_md, targets = summary.table(warm, cold, jobs, pdf_ms_page, loads)
    csv_rows.append({"kind": "cold_start", **cold})
    csv_rows += [{"kind": "workers", "workers": j, **r} for j, r in jobs.items()]
    for name, value, ok in targets:
        csv_rows.append({"kind": "target", "name": name, "value": value, "met": ok})

    fits = {}
    for j in sorted({r["workers"] for r in scale}):
        fits[j] = linear_fit([(r["n_docs"], r["wall_s"]) for r in scale if r["workers"] == j])
    scale_md = []
    for r in scale:
        a, b, _ = fits[r["workers"]]
        scale_md.append(
            [
                str(r["n_docs"]),
                str(r["workers"]),
                f"{r['wall_s']:.2f}",
                f"{r['docs_per_s']:.1f}",
                f"{a + b * r['n_docs']:.2f}",
                f"{r['cpu_s_per_doc'] * 1e3:.0f}",
                f"{r['parallelism']:.2f}",
                r["check"],
            ]
        )
        csv_rows.append({"kind": "scaling", **{k: v for k, v in r.items()}})
    fit_lines = [
        f"- {j} worker(s): wall ≈ {a:.2f} s + {b * 1e3:.1f} ms × documents (R² = {r2:.4f}); "
        f"{1 / b:.1f} documents/s once started"
        for j, (a, b, r2) in sorted(fits.items())
    ]

    md = "\n\n".join(
        [
            "# Benchmark",
            f"Machine: {os.cpu_count()} cores, load average {load:.2f} at start. Warm = min of "
            "repeated calls in one process (seed: ≥ 2 s of calls; 1 MB: one call after the "
            "first); first call in brackets, each tool in its own fresh process. "
            "÷ ours = the tool's warm time / un-extract's (all four).",
            f"un-extract's code: {code_status()}.",
            "## Summary",
            summary_md,
            "ratio: the peer's time ÷ ours (how many times faster we are), except where the "
            "row says otherwise. Wall time, on a machine others share: the load average is in "
            "the last row; the workers' target assumes an otherwise idle machine.",
            "## Per document",
            md_table(header, peer_md),
            "## Scaling (extract over n copies of the seed + 1 broken file)",
            md_table(
                [
                    "documents",
                    "workers",
                    "wall s",
                    "documents/s",
                    "linear fit s",
                    "CPU ms/doc",
                    "CPU/wall",
                    "outputs",
                ],
                scale_md,
            ),
            "\n".join(fit_lines),
            "CPU ms/doc: CPU time of the document tasks (summed over workers) per document; "
            "CPU/wall: how many cores the run kept busy on documents. Two workers help only "
            "where a second core is free: see the load average above.",
            "![scaling](bench_scaling.png)",
            "## Real PDFs (pages per second)",
            pdf_md or f"No PDF in {pdfs}: skipped.",
        ]
    )
    (out / "bench.md").write_text(md + "\n", encoding="utf-8")
    fields: list[str] = []
    for r in csv_rows:
        fields += [k for k in r if k not in fields]
    with open(out / "bench.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(csv_rows)
    plot(scale, fits, out / "bench_scaling.png")
    print(md)
    print(f"\nwrote {out / 'bench.md'}, {out / 'bench.csv'}, {out / 'bench_scaling.png'}")
    return 1 if args.strict and not all(ok for *_, ok in targets) else 0


if __name__ == "__main__":
    sys.exit(main())
