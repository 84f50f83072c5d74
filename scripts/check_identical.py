"""Check that the pipeline's output is byte for byte what a baseline commit writes.

    python scripts/check_identical.py [--baseline REF] [--shared DIR] [--keep DIR]

Extracts the same inputs twice with the command line (`python -m pipeline extract`): once with
the package of the baseline commit (exported with `git archive` into a temporary folder; the
same virtual environment runs it) and once with the working tree. Every file of every document
folder (the four tables, document.json, source.txt) and the corpus CSVs must be identical; the
corpus Parquet files and DuckDB database must hold the same tables. Both runs write into the same
path one after the other (the folder is moved aside in between), so that the paths document.json
records are the same.

Inputs, each set in a run of its own: the seed (raw/), the bilingual fixtures
(tests/fixtures/pairs/), and, where ../shared exists, its siblings (*.txt), its PDF files and its
Word files (apart: two of them share a stem). Exit 0 when all are identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BASELINE = "236f8f6"  # main before the restructuring of issue 17


def input_sets(shared: Path) -> dict[str, list[Path]]:
    sets = {
        "seed": sorted((ROOT / "raw").glob("*.txt")),
        "pairs": sorted((ROOT / "tests" / "fixtures" / "pairs").glob("*.txt")),
    }
    if shared.is_dir():
        sets["siblings"] = sorted((shared / "siblings").glob("*.txt"))
        sets["files-pdf"] = sorted((shared / "files").glob("*.pdf"))
        sets["files-docx"] = sorted((shared / "files").glob("*.docx"))
    return {name: files for name, files in sets.items() if files}


def export(ref: str, into: Path) -> Path:
    """The tree of `ref` (its package and everything else) in `into`."""
    data = subprocess.run(
        ["git", "-C", str(ROOT), "archive", ref], check=True, capture_output=True
    ).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def extract(tree: Path, files: list[Path], out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(tree), UN_EXTRACT_PURE="1")
    cmd = [sys.executable, "-m", "pipeline", "extract", *map(str, files), "--out", str(out), "-q"]
    # since one file named alone writes no Parquet nor DuckDB, ask for them where the code can
    usage = subprocess.run(cmd[:4] + ["--help"], cwd=tree, env=env, capture_output=True, text=True)
    if "--typed-tables" in usage.stdout:
        cmd.append("--typed-tables")
    run = subprocess.run(cmd, cwd=tree, env=env, capture_output=True, text=True)
    if run.returncode not in (0, 1):  # 1: some input refused, as it may be by both
        raise SystemExit(f"extract failed in {tree}:\n{run.stderr}")
    (out / "stderr.txt").write_text(run.stderr, encoding="utf-8")


def table_contents(path: Path) -> object:
    """The rows of a Parquet file or of every table of a DuckDB file, comparable with ==."""
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        return (str(table.schema), table.to_pydict())
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        names = sorted(r[0] for r in con.execute("SHOW TABLES").fetchall())
        return {
            n: (
                con.execute(f"DESCRIBE {n}").fetchall(),
                con.execute(f"SELECT * FROM {n}").fetchall(),
            )
            for n in names
        }
    finally:
        con.close()


def differences(base: Path, new: Path) -> list[str]:
    out = []
    base_files = {p.relative_to(base) for p in base.rglob("*") if p.is_file()}
    new_files = {p.relative_to(new) for p in new.rglob("*") if p.is_file()}
    for rel in sorted(base_files ^ new_files):
        out.append(f"{rel}: only in {'baseline' if rel in base_files else 'new'}")
    for rel in sorted(base_files & new_files):
        a, b = base / rel, new / rel
        if rel.suffix in (".parquet", ".duckdb"):
            if table_contents(a) != table_contents(b):
                out.append(f"{rel}: different tables")
        elif not filecmp.cmp(a, b, shallow=False):
            out.append(f"{rel}: different bytes")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline", default=DEFAULT_BASELINE, help="git commit to compare with")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="../shared")
    ap.add_argument("--keep", type=Path, help="keep both outputs in this folder")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="check-identical-"))
    try:
        tree = export(args.baseline, work / "baseline-tree")
        sets = input_sets(args.shared)
        failed = 0
        for name, files in sets.items():
            run = work / "run" / name
            extract(tree, files, run)
            base = work / "baseline" / name
            base.parent.mkdir(parents=True, exist_ok=True)
            run.rename(base)
            extract(ROOT, files, run)
            new = work / "new" / name
            new.parent.mkdir(parents=True, exist_ok=True)
            run.rename(new)
            diff = differences(base, new)
            docs = sum(1 for p in new.iterdir() if p.is_dir())
            print(f"{name}: {len(files)} inputs, {docs} documents: ", end="")
            print("identical" if not diff else f"{len(diff)} differences")
            for line in diff:
                print(f"  {line}")
            failed += bool(diff)
        if args.keep:
            shutil.copytree(work, args.keep, dirs_exist_ok=True)
        print("all identical" if not failed else f"{failed} input sets differ")
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
