"""What the command line tells its user: a .doc inside a folder is reported as when named; a run
where every document failed says so and writes nothing; the progress bar shows on a terminal
that reports no size; `eval --report DIR` names its files as the default run does; `eval --help`
names no option that does not exist."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

BROKEN = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4


def cli(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd, capture_output=True, text=True
    )


def test_a_doc_file_in_a_folder_is_reported_as_when_named(tmp_path):
    folder = tmp_path / "in"
    (folder / ".hidden").mkdir(parents=True)
    shutil.copy(SEED, folder / SEED.name)
    (folder / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0 not read")
    (folder / ".hidden" / "skipped.doc").write_bytes(b"\xd0\xcf\x11\xe0")
    named = cli("extract", folder / "old.doc", "--out", tmp_path / "a")
    in_folder = cli("extract", folder, "--out", tmp_path / "b")
    assert named.returncode == in_folder.returncode == 1
    line = next(x for x in named.stderr.splitlines() if x.startswith("error:"))
    assert "old.doc" in line and ".docx" in line
    errors = [x for x in in_folder.stderr.splitlines() if x.startswith("error:")]
    assert errors == [line]  # the same line; the hidden one is skipped like any hidden file
    assert (tmp_path / "b" / "A-62-162.zh" / "dates.csv").is_file()  # the rest is extracted
    # a folder holding nothing but a .doc: the .doc is the problem, not "no input files"
    only = tmp_path / "only"
    only.mkdir()
    shutil.copy(folder / "old.doc", only / "old.doc")
    r = cli("extract", only, "--out", tmp_path / "c")
    assert r.returncode == 1 and "old.doc" in r.stderr and "no input files" not in r.stderr


def test_a_run_where_every_document_failed_writes_nothing(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.txt").write_bytes(BROKEN)
    (folder / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    r = cli("extract", folder, "--out", out)
    assert r.returncode == 1
    assert "wrote" not in r.stdout and "all failed; nothing written" in r.stdout
    assert len([x for x in r.stderr.splitlines() if x.startswith("error:")]) == 2
    assert list(out.iterdir()) == []  # no document folder, no corpus file
    (out / "keep.txt").write_text("mine", encoding="utf-8")
    r = cli("extract", folder, "--out", out)
    assert r.returncode == 1 and "wrote" not in r.stdout
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]  # the corpus files untouched


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_the_progress_bar_shows_on_a_terminal_that_reports_no_size(tmp_path):
    """A fresh pseudo-terminal reports 0 columns and 0 rows; tqdm alone would draw nothing."""
    import pty

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.zh.txt", "b.zh.txt"):
        shutil.copy(SEED, folder / name)
    main, sub = pty.openpty()
    assert os.get_terminal_size(sub).columns == 0
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", str(folder), "--out", str(tmp_path / "o")],
        cwd=ROOT,
        stdin=sub,
        stdout=sub,
        stderr=sub,
    )
    os.close(sub)
    shown = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the terminal closed: the process ended
            break
        if not chunk:
            break
        shown += chunk
    os.close(main)
    assert proc.wait(timeout=120) == 0
    text = shown.decode("utf-8", "replace")
    assert re.search(r"2/2 \[", text), text  # tqdm's "2/2 [00:01<00:00, ...]"


def test_eval_report_names_its_files_as_the_default_run(tmp_path):
    out = tmp_path / "out"
    assert cli("extract", SEED, "--out", out, "--quiet").returncode == 0
    gold = ROOT / "tests" / "gold" / SEED.name.removesuffix(".txt")
    cli("eval", "--gold", gold, "--pred", out, "--no-review")
    default = sorted(p.name for p in out.iterdir() if p.is_file() and p.name.startswith("eval"))
    assert default  # eval_scores.csv, ...
    cli("eval", "--gold", gold, "--pred", out, "--no-review", "--report", tmp_path / "rep")
    assert sorted(p.name for p in (tmp_path / "rep").iterdir()) == default


def test_eval_help_names_only_options_that_exist():
    r = cli("eval", "--help")
    assert r.returncode == 0
    usage, _, rest = r.stdout.partition("\n\n")
    in_usage = set(re.findall(r"\b[A-Z][A-Z_]{2,}\b", usage))
    # what the help names: option values (--report DIR) and compound placeholders (OUT_DIR)
    named = set(re.findall(r"--[\w-]+ ([A-Z][A-Z_]+)\b", rest))
    named |= set(re.findall(r"\b[A-Z]+_[A-Z_]+\b", rest))
    assert named and named <= in_usage, named - in_usage
