"""The one table `make bench` opens with: every figure of the run beside its peer and its target.

Besides what benchmarks/run.py measures per document and per page, this module measures the two
things a person meets first and a corpus run depends on:

- cold start: `python -m pipeline extract SEED` in a fresh process (the rule cache warm, and
  once with UN_EXTRACT_CACHE=off), against jionlp's in the same run (a fresh process that imports
  `extract_time` and calls it once on the seed: what a user of jionlp waits for);
- workers: `extract` over a generated corpus of many small documents (slices of the seed's
  lines, a few KB each) with --jobs 1 and --jobs 2; documents per second, CPU time in documents,
  the peak memory of a worker (from the run's summary line) and the load average around it.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "raw" / "A-62-162.zh.txt"

TARGET_JIONLP = 100.0  # all four tables >= 100x faster than jionlp's extract_time (seed, warm)
TARGET_SCAN = 10.0  # ... within 10x of the bare scan
TARGET_COLD_S = 0.5  # cold start of `extract` on one text document, cache warm
TARGET_COLD_VS_JIONLP = 0.25  # ... and at most this share of jionlp's cold start
TARGET_WORKERS = 1.7  # --jobs 2 over --jobs 1, documents per second
TARGET_PYPDF = 15.0  # real PDFs: reading and all tables >= 15x faster than pypdf's text

JIONLP_COLD = """
import sys
try:
    from jionlp import extract_time
except ImportError:
    from jionlp.algorithm.ner import extract_time
extract_time(open(sys.argv[1], encoding="utf-8").read())
"""


def load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a timed process: this one's, less PYTHONDONTWRITEBYTECODE (a user's
    set-up writes the package's bytecode at its first run; without it every start compiles the
    sources again, 0.1 s), plus `extra`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, **extra}


def wall_of(cmd: list[str], env: dict[str, str] | None = None) -> float:
    """Wall seconds of one process run to its end (its output discarded); raises if it fails."""
    t = time.perf_counter()
    r = subprocess.run(cmd, cwd=ROOT, env=env or child_env(), capture_output=True, text=True)
    wall = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])} ... failed:\n{r.stderr[-2000:]}")
    return wall


def cold_starts(work: Path, runs: int = 3) -> dict[str, float]:
    """Min and median of `runs` cold starts of ours (cache warm: one untimed run first fills
    it), one with the cache off, and jionlp's (min of `runs`; nan if jionlp is missing)."""
    extract = [sys.executable, "-m", "pipeline", "extract", str(SEED), "-q", "--out"]
    wall_of([*extract, str(work / "cold-fill")])  # fills the caches if they were empty
    walls = [wall_of([*extract, str(work / f"cold{i}")]) for i in range(runs)]
    off = wall_of([*extract, str(work / "cold-off")], child_env(UN_EXTRACT_CACHE="off"))
    result = {"cold_s": min(walls), "cold_median_s": statistics.median(walls), "off_s": off}
    try:
        import jionlp  # noqa: F401  (installed? its cold start is timed in a fresh process)
    except ImportError:
        result["jionlp_s"] = float("nan")
    else:
        peer = [sys.executable, "-c", JIONLP_COLD, str(SEED)]
        result["jionlp_s"] = min(wall_of(peer) for _ in range(runs))
    for i in ("-fill", "-off", *map(str, range(runs))):
        shutil.rmtree(work / f"cold{i}", ignore_errors=True)
    return result


def small_corpus(folder: Path, n: int, lines_each: int = 24) -> int:
    """n documents of `lines_each` consecutive lines of the seed (a sliding window, so they
    differ), each behind the seed's first lines (its symbol and title); their total size."""
    lines = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    head, body = lines[:8], [ln for ln in lines[8:] if ln.strip()]
    folder.mkdir(parents=True)
    total = 0
    for i in range(n):
        at = (i * 7) % max(1, len(body) - lines_each)
        text = "".join(head) + "\n" + "\n".join(body[at : at + lines_each])
        data = text.encode("utf-8")
        (folder / f"doc-{i:05d}.zh.txt").write_bytes(data)
        total += len(data)
    return total


SUMMARY = re.compile(
    r"in (?P<wall>[\d.]+) s \((?P<cpu>[\d.]+) s CPU in documents"
    r"(?:; peak memory (?P<mb>\d+) MB (?P<where>a worker|the process))?"
)


def workers(work: Path, n: int, jobs: tuple[int, ...] = (1, 2)) -> dict[int, dict[str, Any]]:
    """`extract FOLDER --jobs j` over n small documents: wall (the whole process), documents/s,
    CPU seconds in documents, peak memory a worker, load average before the run."""
    folder = work / f"small{n}"
    size = small_corpus(folder, n)
    result: dict[int, dict[str, Any]] = {}
    for j in jobs:
        out = work / f"small-out{j}"
        before = load()
        cmd = [sys.executable, "-m", "pipeline", "extract", str(folder), "--out", str(out)]
        t = time.perf_counter()
        r = subprocess.run(
            [*cmd, "--jobs", str(j)], cwd=ROOT, env=child_env(), capture_output=True, text=True
        )
        wall = time.perf_counter() - t
        m = SUMMARY.search(r.stdout)
        if r.returncode != 0 or not m:
            raise SystemExit(f"extract --jobs {j} over {n} documents failed:\n{r.stderr[-2000:]}")
        result[j] = {
            "n_docs": n,
            "bytes": size,
            "wall_s": wall,
            "docs_per_s": n / wall,
            "cpu_s": float(m["cpu"]),
            "peak_mb": int(m["mb"]) if m["mb"] else None,
            "load_before": before,
        }
        shutil.rmtree(out)
    shutil.rmtree(folder)
    return result


def fmt_ms(s: float) -> str:
    return f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"


def table(
    warm: Callable[[str], float | None],
    cold: dict[str, float],
    jobs: dict[int, dict[str, Any]],
    pdf_ms_page: dict[str, float] | None,
    loads: tuple[float, float],
) -> tuple[str, list[tuple[str, str, bool]]]:
    """The summary in Markdown and its targets [(name, measured, met)]. `warm(tool)` is a tool's
    warm time on the seed (None if not measured); `pdf_ms_page` ms per page by tool name."""
    rows: list[list[str]] = []
    targets: list[tuple[str, str, bool]] = []

    def row(what: str, ours: str, peer: str, ratio: str, target: str, met: bool | None) -> None:
        verdict = "" if met is None else ("yes" if met else "**no**")
        rows.append([what, ours, peer, ratio, target, verdict])
        if met is not None:
            targets.append((f"{what}: {target}", ratio or ours, met))

    ours = warm("ours: all four") or float("nan")
    for tool, target in (("jionlp extract_time", TARGET_JIONLP), ("dateparser search_dates", 0)):
        peer = warm(tool)
        if peer is None:
            continue
        r = peer / ours
        goal = f"≥ {target:.0f}× (peer ÷ ours)" if target else ""
        met = r >= target if target else None
        row(
            f"per document (seed, warm) vs {tool}",
            fmt_ms(ours),
            fmt_ms(peer),
            f"{r:.0f}×",
            goal,
            met,
        )
    scan = warm("bare regex + Aho-Corasick")
    if scan is not None:
        r = ours / scan
        row(
            "per document vs the floor scan (ours ÷ scan)",
            fmt_ms(ours),
            fmt_ms(scan),
            f"{r:.1f}×",
            f"≤ {TARGET_SCAN:.0f}×",
            r <= TARGET_SCAN,
        )
    if pdf_ms_page:
        mine = pdf_ms_page.get("ours: reading and all tables", float("nan"))
        for tool in ("pypdf: text", "pdfminer.six: text"):
            if tool in pdf_ms_page:
                r = pdf_ms_page[tool] / mine
                pypdf = tool.startswith("pypdf")
                row(
                    f"per page (real PDFs, all tables) vs {tool}",
                    f"{mine:.2f} ms",
                    f"{pdf_ms_page[tool]:.2f} ms",
                    f"{r:.1f}×",
                    f"≥ {TARGET_PYPDF:.0f}×" if pypdf else "",
                    r >= TARGET_PYPDF if pypdf else None,
                )
    c = cold["cold_s"]
    row(
        "cold start, one text document (CLI, cache warm)",
        f"{c:.2f} s (median {cold['cold_median_s']:.2f}, cache off {cold['off_s']:.2f})",
        "",
        "",
        f"≤ {TARGET_COLD_S} s",
        c <= TARGET_COLD_S,
    )
    if not math.isnan(cold["jionlp_s"]):
        share = c / cold["jionlp_s"]
        row(
            "cold start vs jionlp's (import + one call; ours ÷ peer)",
            f"{c:.2f} s",
            f"{cold['jionlp_s']:.2f} s",
            f"{share:.2f}",
            f"≤ {TARGET_COLD_VS_JIONLP}",
            share <= TARGET_COLD_VS_JIONLP,
        )
    if 1 in jobs and 2 in jobs:
        one, two = jobs[1], jobs[2]
        r = two["docs_per_s"] / one["docs_per_s"]
        row(
            f"workers: {one['n_docs']} small documents ({one['bytes'] / one['n_docs'] / 1e3:.1f}"
            " KB each), documents/s, --jobs 1 → 2",
            f"{one['docs_per_s']:.1f} → {two['docs_per_s']:.1f}",
            "",
            f"{r:.2f}×",
            f"≥ {TARGET_WORKERS}× (idle machine)",
            r >= TARGET_WORKERS,
        )
        row(
            "workers: CPU in documents ÷ wall (cores kept busy), --jobs 1 → 2",
            f"{one['cpu_s'] / one['wall_s']:.2f} → {two['cpu_s'] / two['wall_s']:.2f}",
            "",
            "",
            "",
            None,
        )
        mem = [f"{j['peak_mb']} MB" if j["peak_mb"] else "?" for j in (one, two)]
        row("peak memory (the process; a worker)", " ; ".join(mem), "", "", "", None)
    row(
        "machine load (1-min average: start, end)",
        f"{loads[0]:.2f}, {loads[1]:.2f} on {os.cpu_count()} cores",
        "",
        "",
        "",
        None,
    )
    header = ["measure", "ours", "peer", "ratio", "target", "met"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines), targets
