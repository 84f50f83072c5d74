"""The output folder of a run: one run at a time, what dead runs left cleaned, errors of the
folder told apart from errors of a document, and the stamp that ties a document folder to the
input it was made from (for --resume).

- A run holds a lock on its output folder (`DIR/.un-extract.lock`, an flock: the system drops
  it when the process dies, however it dies). A second run on the same folder is refused while
  the first one lives; so the corpus files are never written by two runs at once, and one run
  never deletes the other's live temporaries.
- Temporary files and folders carry the id of the process that made them
  (`.<name>.tmp-<pid>-<random>`). They are removed by a later writer only when that process is
  gone (on this machine).
- A document folder records its input's size, modification time and SHA-256, and the options
  that change its tables (`.input.json`, pipeline.tables.STAMP_FILE); --resume reuses the
  folder only when the input's content and those options are unchanged.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

LOCK_NAME = ".un-extract.lock"
# Errors of writing that are the output folder's, not one document's: the run stops at the first
# (every other document would meet it too) with one error line.
FOLDER_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM, errno.EFBIG}
)
# Temporaries of tables.write_document/replace_dir and of the corpus writer:
#   .<doc>.tmp-<pid>-<random>/   .<doc>.old-<pid>-<random>/   .corpus_<table>.csv.<pid>-<random>
# (and DuckDB's .wal beside its file). Names written before pids were added have none.
TEMPORARY = re.compile(
    r"\.(?P<name>.+)\.(?:tmp|old)-(?:(?P<pid>\d+)-)?[A-Za-z0-9_]+"
    r"|\.corpus[_.][^/]*\.(?:(?P<cpid>\d+)-)?[A-Za-z0-9_]+(?:\.wal)?"
)


class OutputError(Exception):
    """The output folder cannot be used (read-only, full, locked by another run); the message
    names the folder. The run stops; the CLI exits with code 2."""


def folder_error(out: Path, e: OSError, what: str = "cannot write into it") -> OutputError:
    return OutputError(f"{out}: {what} ({e.strerror or e})")


def is_folder_error(e: BaseException) -> bool:
    return isinstance(e, OSError) and e.errno in FOLDER_ERRNOS


def check_writable(out: Path) -> None:
    """Raise OutputError unless a file can be made in `out` (a read-only folder that exists
    passes mkdir)."""
    probe = out / f".un-extract.tmp-{temporary_tag()}probe"  # a temporary, if we are killed here
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        with contextlib.suppress(OSError):
            probe.unlink()
        raise folder_error(out, e) from e


# --------------------------------------------------------------------------- the run's lock


@contextlib.contextmanager
def run_lock(out: Path) -> Iterator[None]:
    """Hold the output folder's lock for a run. Raises OutputError when another live run holds
    it. The lock file is removed when the run ends (then closed, so that a run that opened the
    old file meanwhile sees it is gone and takes the new one)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock, the pid checks remain
        yield
        return
    path = out / LOCK_NAME
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise folder_error(out, e) from e
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise OutputError(
                f"{out}: another extract run (process {holder}) is writing into this folder;"
                " wait for it to end or choose another --out"
            ) from None
        except OSError:  # a file system without locks (some network ones): the pid checks remain
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(path)
            yield
            return
        try:  # the file we locked must still be the one at `path` (a run ending unlinks it)
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(fd)


# --------------------------------------------------------------------------- temporaries


def temporary_tag() -> str:
    """The part of a temporary's name that names its owner: `<pid>-`."""
    return f"{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # EPERM: it exists, another user's
        return True
    return True


def is_stale(name: str) -> bool:
    """A temporary's name whose owner is gone (or unknown: a name from before owners were
    recorded)."""
    m = TEMPORARY.fullmatch(name)
    if m is None:
        return False
    pid = m["pid"] or m["cpid"]
    return pid is None or not _alive(int(pid))


def remove_stale(out: Path, only: str | None = None) -> list[str]:
    """Remove the temporaries in `out` whose owner is gone (`only`: those of one document
    folder name). Returns their names."""
    removed = []
    try:
        entries = list(os.scandir(out))
    except OSError:
        return removed
    for entry in entries:
        m = TEMPORARY.fullmatch(entry.name)
        if m is None or (only is not None and m["name"] != only) or not is_stale(entry.name):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        removed.append(entry.name)
    return removed


# --------------------------------------------------------------------------- input stamps


def input_stamp(path: str | Path, options: dict[str, Any]) -> dict[str, Any] | None:
    """What ties a document folder to its input: size, mtime, SHA-256 of the content, and the
    options that change the tables. Taken before the input is read, so that a file changed
    while it is read has a stamp that no longer matches it. None when the file cannot be read
    (the document then fails on its own)."""
    try:
        # non-blocking: a named pipe given as input must not hang the run here
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with open(fd, "rb") as f:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None  # not a file: the document fails on its own
        try:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        except OSError:
            return None
    return {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "sha256": digest,
        "options": options,
    }


def same_input(recorded: Any, path: str | Path, options: dict[str, Any]) -> bool:
    """The document folder's recorded stamp matches the input as it is now: same options, same
    size, same content (the hash is computed only when the size matches; the mtime alone
    decides nothing: a copy has another, an edit within the same second the same)."""
    if not isinstance(recorded, dict) or recorded.get("options") != options:
        return False
    try:
        if os.stat(path).st_size != recorded.get("size"):
            return False
    except OSError:
        return False
    now = input_stamp(path, options)
    return now is not None and now["sha256"] == recorded.get("sha256")
