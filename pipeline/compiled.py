"""An optional compiled build of the stage modules (mypyc), and its use at import.

The stage modules are plain, typed Python, and stay the source of truth. `python -m pipeline
compile` (run by `make setup`) compiles the modules in COMPILED with mypyc, the way
black and mypy ship themselves, into build/mypyc/ at the project root: never next to the sources,
where a stale extension would shadow an edited module. At import, `pipeline` and
`pipeline.extract` put that folder first on their `__path__` only when it was built from exactly
the package's sources as they are now (a digest of every module, the Python version and the
extension ABI). After any edit the package runs as pure Python until the next build (`make`
rebuilds when a module changed). UN_EXTRACT_PURE=1 forces pure Python.

Why: the stages are loops over lines, words and matches in which most of the time goes to the
interpreter; compiled, the same code takes about 20% less (docs/performance.md). A machine
without a C compiler keeps the pure package: the build reports why and leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import os
import sys
import sysconfig
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUILD_DIR = PACKAGE_DIR.parent / "build" / "mypyc"
DIGEST_FILE = "digest.txt"  # written last: a build without it is incomplete
PURE_ENV = "UN_EXTRACT_PURE"

# The modules that run for every document, relative to the package. The others (CLI, tables,
# evaluation, corpus mode) spend their time in pandas, I/O or a few calls, and stay pure.
COMPILED = (
    "layout",
    "segment",
    "extract/base",
    "extract/dates",
    "extract/symbols",
    "extract/organizations",
)


def sources_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """What a build must match: every module of the package (a compiled module reads the others'
    classes and constants), the interpreter's version and its extension suffix."""
    h = hashlib.sha256()
    h.update(sys.version.encode())
    h.update(str(sysconfig.get_config_var("EXT_SUFFIX")).encode())
    for path in sorted(package_dir.rglob("*.py")):
        h.update(path.relative_to(package_dir).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


_active: list[Path | None] = []  # worked out once per process


def active_build(build_dir: Path = BUILD_DIR) -> Path | None:
    """The compiled package folder to use, or None (no build, forced pure, or out of date)."""
    if build_dir == BUILD_DIR and _active:
        return _active[0]
    found = _find_build(build_dir)
    if build_dir == BUILD_DIR:
        _active.append(found)
    return found


def _find_build(build_dir: Path) -> Path | None:
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return None
    try:
        built_from = (build_dir / DIGEST_FILE).read_text(encoding="ascii").strip()
    except OSError:
        return None
    return build_dir / "pipeline" if built_from == sources_digest() else None


def overlay(package_path: list[str], subpackage: str = "") -> None:
    """Put the compiled modules of `pipeline` (or of its `subpackage`) ahead of the sources on
    the package's `__path__`, when an up-to-date build exists."""
    build = active_build()
    if build is not None:
        package_path.insert(0, str(build / subpackage if subpackage else build))


def status() -> str:
    """One line for reports: which code this process runs."""
    build = active_build()
    if build is not None:
        return f"compiled with mypyc ({len(COMPILED)} stage modules)"
    if os.environ.get(PURE_ENV, "") not in ("", "0"):
        return f"pure Python ({PURE_ENV} is set)"
    if (BUILD_DIR / DIGEST_FILE).is_file():
        return "pure Python (the compiled build is out of date: `make setup` rebuilds it)"
    return "pure Python (no compiled build)"


# --------------------------------------------------------------------------- the build


def build(build_dir: Path = BUILD_DIR) -> None:
    """Compile COMPILED into `build_dir` (replaced as a whole). Raises on failure, leaving the
    previous build's digest removed, so that nothing out of date is ever used."""
    import shutil
    import tempfile

    from mypyc.build import mypycify  # the `dev` extra: mypy ships mypyc
    from setuptools import Distribution

    digest = sources_digest()
    (build_dir / DIGEST_FILE).unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="un-extract-mypyc-") as tmp:
        # A copy of the package, compiled where it lies: the build never writes next to the
        # sources, and setuptools does not read the project's pyproject.toml.
        work = Path(tmp)
        shutil.copytree(
            PACKAGE_DIR, work / "pipeline", ignore=shutil.ignore_patterns("__pycache__")
        )
        out = work / "out"
        cwd = os.getcwd()
        os.chdir(work)
        try:
            modules = [f"pipeline/{name}.py" for name in COMPILED]
            config = ["--config-file", str(PACKAGE_DIR.parent / "pyproject.toml")]
            extensions = mypycify(config + modules, group_name="pipeline._native", opt_level="3")
            dist = Distribution({"name": "un-extract-compiled", "ext_modules": extensions})
            dist.script_args = [
                "--quiet",
                "build_ext",
                "--build-lib",
                str(out),
                "--build-temp",
                "tmp",
            ]
            dist.parse_command_line()
            dist.run_commands()
        finally:
            os.chdir(cwd)
        staged = build_dir.with_name(build_dir.name + ".new")
        shutil.rmtree(staged, ignore_errors=True)
        staged.mkdir(parents=True)
        shutil.copytree(
            out / "pipeline", staged / "pipeline", ignore=shutil.ignore_patterns("*.py")
        )
        (staged / DIGEST_FILE).write_text(digest + "\n", encoding="ascii")
        shutil.rmtree(build_dir, ignore_errors=True)
        staged.rename(build_dir)


def main(argv: list[str] | None = None) -> int:
    """`python -m pipeline compile [--check]`: build if out of date. Never fails a setup: a
    machine without a compiler runs the pure package, and is told so."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m pipeline compile",
        description="Compile the stage modules with mypyc into build/mypyc/ (if out of date).",
    )
    parser.add_argument("--check", action="store_true", help="only say which code runs")
    args = parser.parse_args(argv)
    if args.check:
        print(status())
        return 0
    if _find_build(BUILD_DIR) is not None:
        print(f"compiled build is up to date: {BUILD_DIR}")
        return 0
    try:
        build()
    except (Exception, SystemExit) as e:  # noqa: BLE001 (a compiler error is a SystemExit)
        print(f"warning: no compiled build ({type(e).__name__}: {e}); the pure package runs")
        return 0
    print(f"compiled {len(COMPILED)} stage modules with mypyc into {BUILD_DIR}")
    return 0
