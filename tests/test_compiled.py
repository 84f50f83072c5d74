"""The optional mypyc build (pipeline/compiled.py): used only when it matches the sources, and
giving the same tables as the pure package."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

import pipeline.extract.organizations
import pipeline.layout
from pipeline import compiled
from pipeline.runner import process
from tests.conftest import ROOT, SEED, SHARED


def _fake_build(tmp_path: Path, digest: str) -> Path:
    (tmp_path / "pipeline").mkdir()
    (tmp_path / compiled.DIGEST_FILE).write_text(digest + "\n", encoding="ascii")
    return tmp_path


def test_a_build_of_the_current_sources_is_used(tmp_path, monkeypatch):
    monkeypatch.delenv(compiled.PURE_ENV, raising=False)
    build = _fake_build(tmp_path, compiled.sources_digest())
    assert compiled._find_build(build) == build / "pipeline"


def test_a_build_of_other_sources_is_not(tmp_path, monkeypatch):
    monkeypatch.delenv(compiled.PURE_ENV, raising=False)
    # another digest: a module was edited since the build (or another Python built it)
    assert compiled._find_build(_fake_build(tmp_path, "0" * 64)) is None
    assert compiled._find_build(tmp_path / "absent") is None


def test_the_digest_changes_with_any_module(tmp_path):
    package = tmp_path / "pipeline"
    (package / "extract").mkdir(parents=True)
    (package / "model.py").write_text("X = 1\n")
    (package / "extract" / "dates.py").write_text("Y = 1\n")
    before = compiled.sources_digest(package)
    (package / "model.py").write_text("X = 2\n")  # not a compiled module: still counts
    assert compiled.sources_digest(package) != before


def test_pure_python_can_be_forced(tmp_path, monkeypatch):
    build = _fake_build(tmp_path, compiled.sources_digest())
    monkeypatch.setenv(compiled.PURE_ENV, "1")
    assert compiled._find_build(build) is None


def test_status_says_which_code_runs():
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    modules = (pipeline.layout, pipeline.extract.organizations)
    if compiled.active_build() is None:
        assert compiled.status().startswith("pure Python")
        assert all(m.__file__.endswith(".py") for m in modules)
    else:
        assert compiled.status().startswith("compiled")
        assert all(m.__file__.endswith(suffix) for m in modules)


PURE_RUN = """
import json, sys
from pipeline.runner import process
from pipeline import compiled
assert compiled.active_build() is None
print(json.dumps([process(p).tables for p in sys.argv[1:]], ensure_ascii=False, default=str))
"""


def test_the_compiled_build_gives_the_pure_tables():
    """Every table of the seed and of each sibling, row for row, from the compiled modules in
    this process and from the pure package in a child process."""
    if compiled.active_build() is None:
        pytest.skip("no up-to-date compiled build (make setup builds it)")
    docs = [SEED, *sorted((SHARED / "siblings").glob("*.txt"))] if SHARED.is_dir() else [SEED]
    env = {**os.environ, compiled.PURE_ENV: "1"}
    child = subprocess.run(
        [sys.executable, "-c", PURE_RUN, *map(str, docs)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    pure = json.loads(child.stdout)
    here = json.loads(
        json.dumps([process(p).tables for p in docs], ensure_ascii=False, default=str)
    )
    for doc, pure_tables, compiled_tables in zip(docs, pure, here, strict=True):
        assert compiled_tables == pure_tables, doc.name
