"""The cache of what a first document builds (pipeline/cache.py): a value is built once, then
loaded; a corrupt, truncated or foreign file is built again; a new key (another version of the
code or the resources) never meets an old value; writers that race leave whole files; a folder
that cannot be written costs only the building. And what is loaded is what would be built."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pipeline import cache
from tests.conftest import ROOT, SEED


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / cache.key()


def counting(value):
    calls = []

    def build():
        calls.append(1)
        return value

    return build, calls


def test_a_value_is_built_once_then_loaded(folder):
    build, calls = counting({"a": [1, 2, "三"]})
    assert cache.cached("thing", build) == {"a": [1, 2, "三"]}
    assert cache.cached("thing", build) == {"a": [1, 2, "三"]}
    assert len(calls) == 1
    assert (folder / "thing.pickle").is_file()
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary left


def test_none_and_false_are_values_too(folder):
    build, calls = counting(None)
    cache.cached("nothing", build)
    assert cache.cached("nothing", build) is None and len(calls) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated (a full disk, a kill while copying)
        lambda data: data[:-3] + bytes([data[-3] ^ 0x20]) + data[-2:],  # one bit flipped
        lambda data: b"",  # empty
        lambda data: b"not a cache file at all",
        lambda data: cache.MAGIC + b"\0" * 32 + pickle.dumps("another value"),  # bad checksum
    ],
)
def test_a_damaged_file_is_built_again_and_rewritten(folder, damage):
    cache.cached("thing", lambda: ["value", 1])
    path = folder / "thing.pickle"
    path.write_bytes(damage(path.read_bytes()))
    build, calls = counting(["value", 1])
    assert cache.cached("thing", build) == ["value", 1]
    assert len(calls) == 1
    assert cache.cached("thing", build) == ["value", 1] and len(calls) == 1  # rewritten whole


def test_a_pickle_that_does_not_load_is_built_again(folder):
    payload = b"cnot_a_module\nNoSuchClass\n."  # a class renamed since the value was written
    import hashlib

    folder.mkdir(parents=True)
    (folder / "thing.pickle").write_bytes(cache.MAGIC + hashlib.sha256(payload).digest() + payload)
    build, calls = counting(42)
    assert cache.cached("thing", build) == 42 and len(calls) == 1


def test_another_key_never_meets_an_old_value(folder, monkeypatch):
    cache.cached("thing", lambda: "old")
    monkeypatch.setattr(cache, "key", lambda: "0" * 24)  # the code or a resource changed
    assert cache.cached("thing", lambda: "new") == "new"
    monkeypatch.undo()


def test_the_key_follows_the_package_files(tmp_path, monkeypatch):
    package = tmp_path / "pkg"
    (package / "resources").mkdir(parents=True)
    (package / "a.py").write_text("x = 1\n")
    (package / "resources" / "r.yaml").write_text("k: v\n")
    monkeypatch.setattr(cache, "PACKAGE", package)
    keys = []
    for change in [None, ("a.py", "x = 2\n"), ("resources/r.yaml", "k: w\n")]:
        if change:
            (package / change[0]).write_text(change[1])
        cache.key.cache_clear()
        keys.append(cache.key())
    (package / "notes.md").write_text("not a source\n")  # neither code nor data
    cache.key.cache_clear()
    keys.append(cache.key())
    cache.key.cache_clear()
    assert len(set(keys[:3])) == 3 and keys[3] == keys[2]


def test_racing_writers_leave_whole_files(folder):
    value = {"names": ["联合国"] * 20_000}
    seen = []

    def write():
        for _ in range(20):
            cache.store("raced", value)

    def read():
        for _ in range(200):
            seen.append(cache.load("raced"))

    threads = [threading.Thread(target=write) for _ in range(3)]
    threads += [threading.Thread(target=read) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # a reader sees no file yet, or a whole one: never a part
    assert all(v is cache.MISSING or v == value for v in seen)
    assert cache.load("raced") == value
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]


def test_two_processes_building_at_once_agree(tmp_path):
    env = dict(os.environ, **{cache.ENV: str(tmp_path / "cache")})
    code = "from pipeline.segment.lexicon import lexicon; print(len(lexicon('zh').entries))"
    procs = [
        subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    outs = [p.communicate()[0] for p in procs]
    assert all(p.returncode == 0 for p in procs) and outs[0] == outs[1]
    again = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True)
    assert again.stdout == outs[0]


def test_a_folder_that_cannot_be_written_costs_only_the_building(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv(cache.ENV, str(blocker / "cache"))
    build, calls = counting([1])
    assert cache.cached("thing", build) == [1]
    assert cache.cached("thing", build) == [1] and len(calls) == 2


def test_off_means_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, "off")
    build, calls = counting("v")
    cache.cached("thing", build)
    cache.cached("thing", build)
    assert len(calls) == 2


def test_old_key_folders_are_pruned(tmp_path, monkeypatch):
    top = tmp_path / "cache"
    monkeypatch.setenv(cache.ENV, str(top))
    for i in range(cache.KEEP + 3):
        old = top / f"{i:024x}"
        old.mkdir(parents=True)
        os.utime(old, (1_000_000 + i, 1_000_000 + i))
    (top / "not-a-key").mkdir()
    cache.store("thing", 1)  # makes the current key's folder
    kept = sorted(d.name for d in top.iterdir())
    assert cache.key() in kept and "not-a-key" in kept
    assert len(kept) == cache.KEEP + 1  # KEEP key folders, the current one among them
    assert f"{cache.KEEP + 2:024x}" in kept and f"{0:024x}" not in kept  # the newest stay


# --------------------------------------------------------------------------- loaded = built


def test_what_is_loaded_is_what_is_built(folder):
    from pipeline.extract.places.matcher import PlaceMatcher, matcher
    from pipeline.segment.lexicon import Lexicon
    from pipeline.text.normalize import CJK_BLOCKS, Folding, block_folds

    first = Lexicon("zh")  # the cache is empty: built, and stored
    built = (first.entries, first.ambiguous, first.alias_only)
    again = Lexicon("zh")
    assert (again.entries, again.ambiguous, again.alias_only) == built and cache.load(
        "lexicon-zh"
    ) == built
    learned, loaded = Folding(), Folding()
    learned.learn(set(CJK_BLOCKS))  # built, stored
    loaded.learn(set(CJK_BLOCKS))  # loaded
    assert learned.table == loaded.table == block_folds(CJK_BLOCKS)
    matcher.cache_clear()
    fresh = PlaceMatcher("zh")
    matcher("zh")  # stores it
    matcher.cache_clear()
    loaded = matcher("zh")
    assert loaded is not fresh and loaded.names == fresh.names
    assert list(loaded.automaton.items()) == list(fresh.automaton.items())
    matcher.cache_clear()


def test_a_cold_and_a_warm_cache_write_the_same_tables(tmp_path):
    outs = []
    env = dict(os.environ, **{cache.ENV: str(tmp_path / "cache")})
    for run in ("cold", "warm"):
        out = tmp_path / run
        cmd = [sys.executable, "-m", "pipeline", "extract", str(SEED), "--out", str(out), "-q"]
        subprocess.run(cmd, cwd=ROOT, env=env, check=True)
        folder = out / "A-62-162.zh"
        outs.append({p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".csv"})
    assert outs[0] == outs[1] and len(outs[0]) >= 5
    off = dict(env, **{cache.ENV: "off"})
    out = tmp_path / "off"
    subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", str(SEED), "--out", str(out), "-q"],
        cwd=ROOT,
        env=off,
        check=True,
    )
    folder = out / "A-62-162.zh"
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.suffix == ".csv"} == outs[0]


def test_stored_patterns_are_the_patterns_re_compiles(folder):
    import re

    internals = cache._re_internals()
    if internals is None:
        pytest.skip("this Python's re has not the internals the regex cache reads")
    table = internals[0]
    patterns = [
        (r"(?P<year>\d{4})\s*年(?:\s*(\d{1,2})\s*月)?", 0),
        (r"[\u4e00-\u9fff\u3400-\u4dbf]+(?:委员会|理事会)", 0),
        (r"\b(?:january|february)\s+\d{1,2}\b", re.IGNORECASE),
    ]
    for pattern, flags in patterns:
        re.compile(pattern, flags)
    cache.save_regexes()
    stored = cache.load(cache.REGEXES)
    assert isinstance(stored, dict)
    for pattern, flags in patterns:
        assert (str, pattern, flags) in stored
        table.pop((str, pattern, flags))  # as in a new process: not compiled yet
    cache.warm_regexes()
    for pattern, flags in patterns:
        warmed = table[str, pattern, flags]
        fresh = internals[1](pattern, *stored[str, pattern, flags])
        # == compares source, flags and compiled code: the very pattern `re` would make
        assert warmed == re._compiler.compile(pattern, flags) == fresh
        assert re.compile(pattern, flags) is warmed
    assert re.compile(patterns[0][0]).match("2007年 12月").group("year", 2) == ("2007", "12")


def test_a_damaged_stored_pattern_is_compiled_again(folder):
    import re

    internals = cache._re_internals()
    if internals is None:
        pytest.skip("this Python's re has not the internals the regex cache reads")
    pattern = r"第\s*(\d+)/(\d+)\s*号决议"
    cache.store(cache.REGEXES, {(str, pattern, 0): (0, [1, 2, 3], 1, {}, (None,))})
    internals[0].pop((str, pattern, 0), None)
    cache.warm_regexes()  # the code does not make a pattern: skipped, not raised
    assert re.compile(pattern).search("第 61/66 号决议").groups() == ("61", "66")
