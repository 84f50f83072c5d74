"""The README's examples run as written. Every fenced block that follows a line
`<!-- readme-test -->` runs, in README order, in one fresh project folder holding a copy of raw/
and a `.venv` that is this interpreter's environment: a `sh` block with bash (stopping at the
first failing command), a `python` block with `.venv/bin/python`. A python block followed by a
`text` block must print exactly that text."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT

MARK = "<!-- readme-test -->"


@dataclass
class Example:
    line: int  # of the opening fence, 1-based
    lang: str  # python or sh
    code: str
    output: str | None  # what a python block prints, where the README shows it


def examples(readme: Path) -> list[Example]:
    lines = readme.read_text(encoding="utf-8").splitlines()
    found = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != MARK:
            i += 1
            continue
        fence = lines[i + 1]
        assert fence.startswith("```"), f"README.md:{i + 2}: {MARK} not before a fenced block"
        lang = fence[3:].strip()
        end = lines.index("```", i + 2)
        example = Example(i + 2, lang, "\n".join(lines[i + 2 : end]) + "\n", None)
        j = end + 1
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j < len(lines) and lines[j] == "```text":
            out_end = lines.index("```", j + 1)
            example.output = "\n".join(lines[j + 1 : out_end]) + "\n"
            end = out_end
        found.append(example)
        i = end + 1
    return found


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A folder like a fresh clone's, for what the examples read and write: raw/ and .venv."""
    folder = tmp_path_factory.mktemp("project")
    shutil.copytree(ROOT / "raw", folder / "raw")
    if sys.prefix != sys.base_prefix:  # a virtual environment: the same one
        (folder / ".venv").symlink_to(sys.prefix, target_is_directory=True)
    else:
        (folder / ".venv" / "bin").mkdir(parents=True)
        (folder / ".venv" / "bin" / "python").symlink_to(sys.executable)
    return folder


README_EXAMPLES = examples(ROOT / "README.md")


def test_the_readme_has_examples_for_each_promise():
    text = "".join(e.code for e in README_EXAMPLES)
    for needle in ("extract_text", "un_dates", "start_date >= DATE", "gold export", "gold import"):
        assert needle in text, needle


def test_the_readme_examples_run_as_written(project):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for n, ex in enumerate(README_EXAMPLES):
        where = f"README.md:{ex.line}"
        if ex.lang == "python":
            script = project / f"readme_example_{n}.py"
            script.write_text(ex.code, encoding="utf-8")
            cmd = [str(project / ".venv" / "bin" / "python"), script.name]
        elif ex.lang == "sh":
            cmd = ["bash", "-euo", "pipefail", "-c", ex.code]
        else:
            pytest.fail(f"{where}: a {ex.lang!r} block cannot be run")
        r = subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=env, timeout=600)
        assert r.returncode == 0, f"{where}:\n{ex.code}\n{r.stdout}\n{r.stderr}"
        if ex.output is not None:
            got = "\n".join(line.rstrip() for line in r.stdout.splitlines()) + "\n"
            assert got == ex.output, f"{where}: printed\n{got}"
