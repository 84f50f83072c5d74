"""A folder of what the first document of a process builds, so that the next process loads it
instead of building it again: rule files read and checked, the gazetteer's lexicon, the
segmenter's word list, the folds of the CJK ideographs, the place matcher. Loading a pickle is
a few milliseconds where building was most of a cold start (YAML parsed by PyYAML's Python
constructor, a traditional-to-simplified conversion per character, ...).

    ~/.cache/un-extract/<key>/<name>.pickle      ($XDG_CACHE_HOME, or UN_EXTRACT_CACHE=FOLDER)

The key is a hash of everything a cached value is made from: every source and resource file of
the package (content, not dates), Python's version, and the files of the libraries whose data
or formats go into a value (rjieba's dictionary, zhconv's tables, pyahocorasick, PyYAML). A
change to any of them gives a new key and so a new folder; the last few folders are kept, so
that two checkouts of different versions sharing the cache do not rebuild in turn.

Safe by construction:
- a file is written under a temporary name and renamed into place (atomic): two processes
  writing the same value at once both write whole files, the last rename wins, and a reader
  never sees half a file;
- a file holds a checksum of its pickle: a file that is truncated, corrupt, of another format,
  or whose pickle does not load is ignored and the value built again (and written again);
- a cache folder that cannot be made or written (read-only home, full disk) costs nothing but
  the time of building: the value is used, not stored.
`UN_EXTRACT_CACHE=off` switches the cache off. The folder must be as private as the rest of the
user's files: a pickle runs code when loaded, like any Python file there.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ENV = "UN_EXTRACT_CACHE"  # a folder, or "off"
PACKAGE = Path(__file__).resolve().parent
# What the package holds that a cached value can be made from: its code and its data files.
SOURCE_SUFFIXES = (".py", ".yaml", ".csv", ".txt", ".json")
# Libraries whose files go into a value: a new version (another dictionary, another pickle
# format of an automaton) must not meet a value built with the old one.
LIBRARIES = ("rjieba", "zhconv", "ahocorasick", "yaml")
MAGIC = b"un-extract cache 1\n"
MISSING = object()  # no usable value in the cache
KEEP = 16  # key folders kept (the newest); older ones are removed when a new one is made


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() not in ("off", "0", "no", "false")


def root() -> Path:
    """The folder that holds one folder per key."""
    where = os.environ.get(ENV, "").strip()
    if where and enabled():
        return Path(where).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "un-extract"


@cache
def key() -> str:
    """The hash of the package's files, Python's version and the libraries' files (by size
    and modification time: a library's files change only when it is installed again)."""
    h = hashlib.sha256(sys.version.encode())
    for relative, path in _sources(PACKAGE, ""):
        with open(path, "rb") as f:
            h.update(
                relative.encode("utf-8", "surrogateescape") + hashlib.sha256(f.read()).digest()
            )
    for library in LIBRARIES:
        spec = find_spec(library)
        for path in _library_files(spec):
            st = os.stat(path)
            h.update(f"{library} {path} {st.st_size} {st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def _sources(folder: Path | str, prefix: str) -> list[tuple[str, str]]:
    """(relative name, path) of the package's source and data files under `folder`, sorted."""
    out = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.startswith((".", "__pycache__")):
                continue
            if entry.is_dir():
                out += _sources(entry.path, f"{prefix}{entry.name}/")
            elif entry.name.endswith(SOURCE_SUFFIXES):
                out.append((prefix + entry.name, entry.path))
    return out


def _library_files(spec: object) -> list[str]:
    """A library's module file, and the files beside it for a package (the dictionary of
    rjieba is inside its compiled module; zhconv's tables are a JSON file beside it)."""
    origin = getattr(spec, "origin", None)
    if not origin or not os.path.isfile(origin):
        return []
    folders = getattr(spec, "submodule_search_locations", None) or []
    files = [origin]
    for folder in folders:
        with contextlib.suppress(OSError):
            files += sorted(
                str(p) for p in Path(folder).iterdir() if p.is_file() and p.suffix != ".pyc"
            )
    return sorted(set(files))


def cached(name: str, build: Callable[[], T]) -> T:
    """The value stored as `name` under the current key, or `build()` (then stored). `name`
    is a file name: letters, digits, `-`, `_` and `.`."""
    value = load(name)
    if value is MISSING:
        value = build()
        store(name, value)
    return value  # type: ignore[return-value]


def load(name: str) -> object:
    """The value stored as `name` under the current key; MISSING if there is none that can be
    trusted (or the cache is off)."""
    return _load(root() / key() / f"{name}.pickle") if enabled() else MISSING


def store(name: str, value: object) -> None:
    """Store `value` as `name` under the current key (nothing if the cache is off or cannot be
    written)."""
    if enabled():
        _store(root() / key() / f"{name}.pickle", value)


def _load(path: Path) -> object:
    """The value of a cache file; MISSING if there is none or it cannot be trusted."""
    try:
        data = path.read_bytes()
    except OSError:
        return MISSING
    head = len(MAGIC) + 32
    if len(data) < head or not data.startswith(MAGIC):
        return MISSING
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(MAGIC) : head]:
        return MISSING
    try:
        return pickle.loads(payload)  # noqa: S301 (the user's own cache folder, checksummed)
    except Exception:  # noqa: BLE001 (a class renamed since: build it again)
        return MISSING


def _store(path: Path, value: object) -> None:
    """Write `value` to `path` atomically; a folder that cannot be written is skipped."""
    tmp = None
    try:
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        folder = path.parent
        new = not folder.is_dir()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
        tmp = None
        if new:
            _prune(folder.parent, keep=folder.name)
    except Exception:  # noqa: BLE001 (read-only, full, unpicklable: the value is used unstored)
        pass
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _prune(top: Path, keep: str) -> None:
    """Remove all but the KEEP newest key folders (never `keep`, the current one)."""
    with contextlib.suppress(OSError):
        folders = [d for d in top.iterdir() if d.is_dir() and _is_key(d.name) and d.name != keep]
        folders.sort(key=lambda d: d.stat().st_mtime, reverse=True)
        for old in folders[KEEP - 1 :]:
            shutil.rmtree(old, ignore_errors=True)


def _is_key(name: str) -> bool:
    return len(name) == 24 and all(c in "0123456789abcdef" for c in name)


# --------------------------------------------------------------------------- compiled regexes

# Compiling the rules' regular expressions was a fifth of a cold start (Python parses each one
# and optimizes its character sets, the CJK ranges most). A compiled pattern cannot be pickled
# (its pickle is its source, compiled again when loaded), so what is stored is what CPython's
# `re` builds before the pattern object: its code (a list of ints, the same for the same
# pattern, flags and Python; the key holds the version). At start-up `re`'s own cache gets the
# stored patterns, so every `re.compile` in the package finds its pattern compiled, untouched.
# A pattern is stored only when the object made from its code equals the one `re` made (a
# Pattern's == compares its source, flags and code). Python builds without these internals
# (another implementation, another version's layout) skip it all and compile as usual.
REGEXES = "regexes"
_regexes_loaded: set[tuple[type, str | bytes, int]] = set()


def _re_internals() -> tuple[dict, Callable, Callable, Callable] | None:
    import re

    try:
        import _sre
        from re import _compiler, _parser  # type: ignore[attr-defined]

        table = re._cache  # type: ignore[attr-defined]
        return table, _sre.compile, _parser.parse, _compiler._code
    except (ImportError, AttributeError):
        return None


def warm_regexes() -> None:
    """Put the stored patterns into `re`'s cache (call before the rules are compiled)."""
    internals = _re_internals() if enabled() else None
    stored = load(REGEXES) if internals else MISSING
    if internals is None or not isinstance(stored, dict):
        return
    table, make = internals[0], internals[1]
    for (kind, pattern, flags), (final, code, groups, index, names) in stored.items():
        try:
            table[kind, pattern, flags] = make(pattern, final, code, groups, index, names)
        except Exception:  # noqa: BLE001 (not this Python's code: compiled again when asked)
            continue
        _regexes_loaded.add((kind, pattern, flags))


def save_regexes() -> None:
    """Store the code of every pattern in `re`'s cache that was compiled in this process (once
    per key: nothing to do when every pattern came from the cache)."""
    internals = _re_internals() if enabled() else None
    if internals is None:
        return
    table, make, parse, code_of = internals
    fresh = [k for k in list(table) if k not in _regexes_loaded]
    if not fresh:
        return
    stored = load(REGEXES)
    stored = dict(stored) if isinstance(stored, dict) else {}
    for kind, pattern, flags in fresh:
        if (kind, pattern, flags) in stored or kind not in (str, bytes):
            continue
        try:
            p = parse(pattern, flags)
            code = [int(c) for c in code_of(p, flags)]  # named constants: plain ints
            names = [None] * p.state.groups
            for name, i in p.state.groupdict.items():
                names[i] = name
            entry = (
                flags | p.state.flags,
                code,
                p.state.groups - 1,
                p.state.groupdict,
                tuple(names),
            )
            if make(pattern, *entry) != table[kind, pattern, flags]:
                continue
        except Exception:  # noqa: BLE001 (anything unexpected: that pattern is not stored)
            continue
        stored[kind, pattern, flags] = entry
    store(REGEXES, stored)
    _regexes_loaded.update(fresh)
