"""The output folder and the run (issue 21, items 5-9): resume keyed by content, output never
read back as input, a full or read-only folder is one error line and exit code 2 with nothing
left behind, workers end with a killed parent, one run at a time in a folder, stale temporaries
of dead runs cleaned, and file names that cannot forge a message line.

A full disk and a read-only folder are real: a small tmpfs mounted in a user and mount
namespace (`unshare`), where the machine allows one; the test is skipped elsewhere, and an
ENOSPC raised by the writer itself stands in for it (in-process)."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import corpus_files
from pipeline.cli import find_inputs, main
from pipeline.corpus import printable, run_corpus
from pipeline.output import run_lock
from tests.conftest import ROOT, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
PY = [sys.executable, "-m", "pipeline"]


def errors(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("error:")]


def leftovers(out: Path) -> list[str]:
    """Hidden entries: temporaries, journals, the lock."""
    return sorted(p.name for p in out.iterdir() if p.name.startswith("."))


# ------------------------------------------------------------------------------ resume


def test_resume_redoes_an_input_whose_content_or_options_changed(tmp_path, capsys):
    src = tmp_path / "in" / "A-62-162.zh.txt"
    src.parent.mkdir()
    src.write_text(SEED_TEXT, encoding="utf-8")
    out = tmp_path / "out"

    def run(**options):
        return run_corpus([src], out, parquet=False, duckdb=False, **options)

    assert run().done == 1
    # the same content, touched: resumed (the content is the key, not the mtime)
    os.utime(src, ns=(time.time_ns(), time.time_ns() + 10**9))
    report = run(resume=True)
    assert (report.done, report.resumed) == (0, 1)
    # another file of the same name: extracted again, its rows replace the old ones
    changed = SEED_TEXT.replace("第六十二届会议", "第六十三届会议", 1)
    assert changed != SEED_TEXT and len(changed.encode()) == len(SEED_TEXT.encode())
    src.write_text(changed, encoding="utf-8")
    report = run(resume=True)
    assert (report.done, report.resumed) == (1, 0)
    assert "第六十三届会议" in (out / "A-62-162.zh" / "paragraphs.csv").read_text(encoding="utf-8")
    # the options that change the tables are part of the key
    report = run(resume=True, lang="zh")
    assert (report.done, report.resumed) == (1, 0)
    assert run(resume=True, lang="zh").resumed == 1
    capsys.readouterr()


# ------------------------------------------------------------------------------ output as input


def test_an_output_folder_inside_the_input_folder_is_never_read_as_input(tmp_path, capsys):
    """A converted input (HTML) leaves source.txt in its document folder: the next run over the
    input folder must not take it, nor anything else under the output folder or another run's
    document folder."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    lines = SEED_TEXT.splitlines()[:60]  # the front page and a few paragraphs: enough to convert
    page = "<html><body>" + "".join(f"<p>{ln}</p>" for ln in lines) + "</body>"
    (inputs / "page.html").write_text(page + "</html>", encoding="utf-8")
    out = inputs / "out"
    for _ in range(2):
        assert main(["extract", str(inputs), "--out", str(out), "-q"]) == 0
    assert (out / "page" / "source.txt").is_file()
    assert find_inputs([str(inputs)], out) == ([inputs / "page.html"], [])
    shutil.copytree(out, inputs / "older-run")  # an output folder of another run
    assert find_inputs([str(inputs)], tmp_path / "elsewhere") == ([inputs / "page.html"], [])
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == ["page"]
    capsys.readouterr()


# ------------------------------------------------------------------------------ full, read-only


def _namespace_shell() -> list[str] | None:
    """A command prefix that runs a shell as root of new user and mount namespaces, where a
    tmpfs can be mounted; None where the machine does not allow it."""
    unshare = shutil.which("unshare")
    if unshare is None or sys.platform != "linux":
        return None
    cmd = [unshare, "--user", "--map-root-user", "--mount", "sh", "-c"]
    try:
        ok = subprocess.run([*cmd, "mount -t tmpfs -o size=64k tmpfs /mnt"], capture_output=True)
    except OSError:
        return None
    return cmd if ok.returncode == 0 else None


# Run inside the namespace, once the tmpfs are mounted: each case in one process (one import).
CASES_IN_NAMESPACE = """
import contextlib, io, json, os, sys
from pipeline.cli import main
results = {}
for name, args in json.loads(sys.argv[1]).items():
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(args)
    out = args[args.index("--out") + 1]
    listing = sorted(os.listdir(out)) if os.path.isdir(out) else []
    results[name] = [code, err.getvalue(), listing]
print(json.dumps(results))
"""


def test_a_full_disk_and_a_read_only_folder_are_one_error_line_and_exit_2(tmp_path):
    """Real file systems as --out: a 16 KiB tmpfs (the first document folder does not fit), a
    600 KiB one (the document folders fit, the corpus files do not), a read-only one (as the
    folder itself, and as the parent of a folder to create)."""
    shell = _namespace_shell()
    if shell is None:
        pytest.skip("no user and mount namespaces here (unshare)")
    import json

    twin = tmp_path / "A-62-163.zh.txt"  # a second document, the same text (no disk used)
    os.link(SEED, twin)
    fs = {"full": "size=16k", "fills": "size=600k", "ro": "size=1m,ro"}
    cases = {
        "full": ["extract", str(SEED), str(twin), "--out", f"{tmp_path}/full/out", "-q"],
        "fills": ["extract", str(SEED), str(twin), "--out", f"{tmp_path}/fills/out", "-q"],
        "ro": ["extract", str(SEED), "--out", f"{tmp_path}/ro", "-q"],
        "ro-new": ["extract", str(SEED), "--out", f"{tmp_path}/ro/new", "-q"],
    }
    mounts = " && ".join(
        f"mkdir -p {tmp_path}/{d} && mount -t tmpfs -o {o} tmpfs {tmp_path}/{d}"
        for d, o in fs.items()
    )
    script = f"{mounts} && exec {sys.executable} -c '{CASES_IN_NAMESPACE}' '{json.dumps(cases)}'"
    r = subprocess.run([*shell, script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    results = json.loads(r.stdout)
    problems = {
        "full": "cannot write into it (No space left on device)",
        "fills": "cannot write the corpus files (",
        "ro": "cannot write into it (Read-only file system)",
        "ro-new": "cannot create output folder (Read-only file system)",
    }
    for name, (code, err, listing) in results.items():
        assert code == 2, (name, err)
        assert "Traceback" not in err and len(err.splitlines()) == 1, (name, err)
        assert err.startswith("error: ") and problems[name] in err, (name, err)
        assert not [n for n in listing if n.startswith((".", "corpus"))], (name, listing)
    assert results["fills"][2] == ["A-62-162.zh", "A-62-163.zh"]  # complete folders stay


def test_a_writer_that_meets_a_full_disk_stops_the_run_cleanly(tmp_path, monkeypatch, capsys):
    """The same as a full disk, where no tmpfs can be mounted: the corpus writer's add raises
    ENOSPC (monkeypatched)."""

    def full(self, rows):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(corpus_files.CorpusWriter, "add", full)
    out = tmp_path / "out"
    assert main(["extract", str(SEED), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert errors(err) == [f"error: {out}: cannot write into it (No space left on device)"]
    assert leftovers(out) == []


# ------------------------------------------------------------------------------ kill -9


def _group(pgid: int) -> list[int]:
    """The live processes of a process group (zombies are dead), from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(entry.name))
    return pids


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_workers_end_when_the_parent_is_killed(tmp_path):
    """kill -9 of the run with --jobs 2: its workers, then the fork server and the resource
    tracker, which live as long as any worker, end within seconds."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(400):  # hard links: many documents, no disk; the run outlives the test's wait
        os.link(SEED, inputs / f"A-62-{i:03d}.zh.txt")
    run = subprocess.Popen(
        [*PY, "extract", str(inputs), "--out", str(tmp_path / "out"), "--jobs", "2", "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers are found by it
    )
    try:
        deadline = time.monotonic() + 60
        while len(_group(run.pid)) < 4 and time.monotonic() < deadline:  # run, server, 2 workers
            time.sleep(0.1)
        assert run.poll() is None and len(_group(run.pid)) >= 4
        run.kill()
        run.wait()
        deadline = time.monotonic() + 15
        while _group(run.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _group(run.pid) == []
    finally:
        for pid in _group(run.pid):  # only the processes this test started
            os.kill(pid, signal.SIGKILL)


# ------------------------------------------------------------------------------ two runs


def test_a_second_run_on_a_live_runs_folder_is_refused_and_deletes_nothing(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    live = out / f".A-62-162.zh.tmp-{os.getppid()}-abcd1234"  # a live writer's (pytest's parent)
    live.mkdir()
    with run_lock(out):
        assert main(["extract", str(SEED), "--out", str(out), "-q"]) == 2
    err = capsys.readouterr().err
    assert errors(err) == [
        f"error: {out}: another extract run (process {os.getpid()}) is writing into this folder;"
        " wait for it to end or choose another --out"
    ]
    assert sorted(p.name for p in out.iterdir()) == [live.name]


def test_a_folder_on_a_file_system_without_locks_still_runs(tmp_path, monkeypatch, capsys):
    import fcntl

    def no_locks(fd, operation):
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(fcntl, "flock", no_locks)
    out = tmp_path / "out"
    assert main(["extract", str(SEED), "--out", str(out), "-q"]) == 0
    assert capsys.readouterr().err == "" and leftovers(out) == []


def test_the_next_run_clears_what_dead_runs_left_and_keeps_a_live_writers(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], text=True, capture_output=True
    ).stdout.strip()
    stale = [
        f".corpus_paragraphs.csv.{dead}-k2j4h5g6",
        f".corpus.duckdb.{dead}-a1b2c3d4",
        f".corpus.duckdb.{dead}-a1b2c3d4.wal",
        ".corpus_dates.parquet.x8y7z6w5",  # written before temporaries named their process
    ]
    for name in stale:
        (out / name).write_bytes(b"half")
    (out / f".other-doc.tmp-{dead}-q1w2e3r4").mkdir()
    live = out / f".other-doc.tmp-{os.getppid()}-abcd1234"
    live.mkdir()
    assert main(["extract", str(SEED), "--out", str(out), "-q"]) == 0
    assert leftovers(out) == [live.name]
    capsys.readouterr()


# ------------------------------------------------------------------------------ messages


@pytest.mark.parametrize(
    "name", ["evil\nerror: forged.txt", "esc\x1b[2Jname.txt", "rtl\u202etxt.exe.txt"]
)
def test_a_file_name_cannot_forge_a_message_line(name, tmp_path, capsys):
    (tmp_path / name).write_text("Shopping list: eggs, milk, bread.\n", encoding="utf-8")
    assert main(["extract", str(tmp_path / name), "--out", str(tmp_path / "out"), "--strict"]) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and len(errors(err)) == 1
    assert printable(name) in err and name not in err
    # without --strict the text is written with one warning line, escaped the same way
    assert main(["extract", str(tmp_path / name), "--out", str(tmp_path / "o2"), "-q"]) == 0
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and err.startswith("warning: ")
    assert printable(name) in err and name not in err
    assert "\x1b" not in err and "\u202e" not in err
