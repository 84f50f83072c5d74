"""Tables stage: a document's rows written as CSV files in its folder, or as pandas DataFrames.

A document's CSVs are written from its rows with the `csv` module (`write_csv`): most of the
time of writing a folder went into building four DataFrames only to write them out, and pandas
is imported only when a frame is asked for (its import is a third of a second of every worker's
start). `tables_of` gives the same tables as DataFrames, for users who want frames. The files
are byte for byte what `tables_of(...)[name].to_csv(index=False, lineterminator=CSV_LINE_END)`
writes (tests/test_tables.py), but for one case the contract rules out: an integer column with
a missing value keeps its integers ("3", as in the corpus tables) where pandas would make
floats of them ("3.0").

Every document's folder is written to a temporary folder beside it and moved into place only when
complete, so an interrupted run never leaves half-written tables behind. A document converted
from HTML, PDF or Word gets its text saved as `source.txt` in its folder: that text is what the
offsets refer to.

CSV files end their lines with CRLF (RFC 4180, and Python's csv default): with a bare LF ending,
pandas leaves a field holding a lone CR (a Mac-style line break inside a mention) unquoted, and
every CSV reader then splits the row there.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.ingest.formats import FORMAT_BY_NAME
from pipeline.kinds import KINDS, OUTPUT_COLUMNS, TABLES
from pipeline.model import Document, Extraction, Layout
from pipeline.output import TEMPORARY, is_stale, temporary_tag

if TYPE_CHECKING:
    import pandas as pd

CORPUS_PREFIX = (
    "corpus_"  # DIR/corpus_<table>.csv; see README ("Output") for why not DIR/<table>.csv
)
SOURCE_TXT = "source.txt"  # the extracted text of a converted document
CSV_LINE_END = "\r\n"
NAME_BYTES = 200  # folder names stay well under the usual 255-byte file name limit
# What a corpus run records of a document's input (pipeline.output.input_stamp), for --resume:
# beside document.json, whose fields are the documents table's.
STAMP_FILE = ".input.json"


def paragraph_rows(layout: Layout) -> list[dict[str, Any]]:
    doc = layout.document
    return [
        {
            "doc_id": doc.doc_id,
            "lang": doc.lang,
            "para": p.key,
            "text": p.clean_text,
            "start": p.start,
            "end": p.end,
            "zone": p.zone,
            "number": "" if p.number is None else p.number,
            "section": p.section,
            "page_start": p.page_start,
        }
        for p in layout.paragraphs
    ]


def document_tables(extraction: Extraction) -> dict[str, list[dict[str, Any]]]:
    """The rows of the document's tables: paragraphs, then each kind of mention (pipeline.kinds),
    with the derived columns of the registry (a date's start_date, end_date)."""
    tables = {"paragraphs": paragraph_rows(extraction.layout)}
    for kind in KINDS:
        tables[kind.name] = extraction.tables.get(kind.name, [])
    return {name: with_derived(name, rows) for name, rows in tables.items()}


def with_derived(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with the table's derived columns added (new dicts; the extractor's stay as they
    are)."""
    derived = [(c.name, c.derive) for c in TABLES[table].derived if c.derive is not None]
    if not derived:
        return rows
    return [row | {name: derive(row) for name, derive in derived} for row in rows]


def is_converted(doc: Document) -> bool:
    """The source is text a reader extracted (HTML, PDF, Word), not the file's own bytes: it is
    saved beside the tables as source.txt."""
    fmt = FORMAT_BY_NAME.get(doc.input_format)
    return fmt.converted if fmt is not None else doc.input_format != "text"


def columns_of(table: str, rows: Iterable[dict[str, Any]]) -> list[str]:
    """The contract's columns and the derived ones, then any other key of the rows in order of
    first appearance (the columns `frame` gives)."""
    columns = OUTPUT_COLUMNS[table]
    known = set(columns)
    return columns + [k for k in dict.fromkeys(chain.from_iterable(rows)) if k not in known]


def write_csv(path: Path, table: str, rows: list[dict[str, Any]]) -> None:
    """One table as CSV: minimal quoting, CRLF line ends, "" for a missing value (None, NaN or
    an absent key), every other value as str() gives it (ints as ints)."""
    columns = columns_of(table, rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator=CSV_LINE_END)
        writer.writerow(columns)
        # csv writes None as ""; `v != v` is true of NaN alone
        writer.writerows(["" if v != v else v for v in map(row.get, columns)] for row in rows)


def frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A table with exactly the contract's columns (and the derived ones) first (extra columns
    kept after them)."""
    import pandas as pd

    columns = OUTPUT_COLUMNS[table]
    df = pd.DataFrame(rows, columns=columns if not rows else None)
    if rows:
        extra = [c for c in df.columns if c not in columns]
        for c in columns:
            if c not in df.columns:
                df[c] = ""
        df = df[columns + extra]
    return df.astype(object).where(df.notna(), "")


def document_json(layout: Layout, folder: Path | None = None) -> dict[str, Any]:
    """document.json. For a converted input, `source` is the folder's source.txt (UTF-8), so that
    a checker decodes exactly the text the offsets refer to; `input` names the original file."""
    doc = layout.document
    source: dict[str, Any] = {"source": doc.path, "encoding": doc.encoding}
    if is_converted(doc):
        where = (folder / SOURCE_TXT) if folder is not None else Path(SOURCE_TXT)
        source = {
            "source": str(where),
            "encoding": "utf-8",
            "input": doc.path,
            "input_format": doc.input_format,
        }
    return {
        "doc_id": doc.doc_id,
        "lang": doc.lang,
        **source,
        **{k: v for k, v in layout.metadata.items()},
    }


_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))}
_RESERVED |= {f"lpt{i}" for i in range(10)}


def safe_name(doc_id: str) -> str:
    """A folder name that cannot escape the output folder, whatever the document id: only word
    characters, `.` and `-` (a `/` of A/62/162 becomes `_`), no leading dot (so never `.` or
    `..`, nor a hidden name), no name Windows reserves, and at most NAME_BYTES bytes of UTF-8.
    A name that had to be cut keeps a short hash of the whole id, so two long ids stay apart."""
    name = re.sub(r"[^\w.\-]", "_", doc_id)  # \w: letters and digits of any script, and _
    if not name or name.startswith("."):
        name = "_" + name
    if name.split(".")[0].lower() in _RESERVED:
        name = "_" + name
    if len(name.encode("utf-8")) > NAME_BYTES:
        digest = hashlib.sha1(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        cut = name.encode("utf-8")[: NAME_BYTES - 11].decode("utf-8", "ignore")
        name = f"{cut}-{digest}"
    return name


def tables_of(extraction: Extraction) -> dict[str, pd.DataFrame]:
    """The document's tables as DataFrames (object columns, "" for missing values)."""
    return {name: frame(name, rows) for name, rows in document_tables(extraction).items()}


def write_document(
    extraction: Extraction,
    out_dir: Path,
    tables: dict[str, list[dict[str, Any]]] | None = None,
    stamp: dict[str, Any] | None = None,
) -> Path:
    """Write one document's folder atomically; returns its path. `tables`: the rows of
    `document_tables(extraction)`, where the caller has them already. `stamp`: the input's
    (pipeline.output.input_stamp), recorded in the folder's STAMP_FILE for --resume."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / safe_name(extraction.layout.document.doc_id)
    _remove_leftovers(final)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-{temporary_tag()}", dir=out_dir))
    try:
        doc = extraction.layout.document
        if is_converted(doc):
            # bytes, not text mode: a text-mode write would turn "\r" and "\r\n" into "\n"
            (tmp / SOURCE_TXT).write_bytes(doc.text.encode("utf-8"))
        if tables is None:
            tables = document_tables(extraction)
        for name, rows in tables.items():
            write_csv(tmp / f"{name}.csv", name, rows)
        meta = document_json(extraction.layout, final.resolve())
        try:
            data = json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8")
        except UnicodeEncodeError:
            # A path with bytes that are not UTF-8 (lone surrogates in Python): \u escapes keep
            # it exact, and json.load gives back the very path that opens the file.
            data = json.dumps(meta, ensure_ascii=True, indent=2).encode("ascii")
        (tmp / "document.json").write_bytes(data)
        if stamp is not None:
            (tmp / STAMP_FILE).write_text(json.dumps(stamp), encoding="utf-8")
        replace_dir(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


# output folder -> document folder name -> its leftovers, as this process first saw them
_leftovers_seen: dict[str, dict[str, list[str]]] = {}


def _remove_leftovers(final: Path) -> None:
    """Temporary folders of this document (.<name>.tmp-<pid>-<random>, pipeline.output) that a
    killed writer (SIGKILL, power loss) left behind: those whose process is gone, never a live
    writer's.

    The output folder is listed once per process, the first time the process writes into it,
    not once per document: a corpus of n documents would otherwise list n entries n times.
    Leftovers are made by writers that ended before, so they are all in that first listing;
    those of one killed after it (possible only in a long-lived process that takes part in
    several runs: a Dask worker, a notebook) stay until another process writes into the folder.
    A corpus run also clears every stale temporary of its folder when it starts."""
    parent = os.path.abspath(final.parent)
    by_name = _leftovers_seen.get(parent)
    if by_name is None:
        by_name = {}
        with os.scandir(parent) as entries:
            for entry in entries:
                if (m := TEMPORARY.fullmatch(entry.name)) and m["name"]:
                    by_name.setdefault(m["name"], []).append(entry.path)
        _leftovers_seen[parent] = by_name
    for stale in by_name.pop(final.name, []):
        if is_stale(os.path.basename(stale)):
            shutil.rmtree(stale, ignore_errors=True)


def replace_dir(new: Path, final: Path) -> None:
    """Move `new` to `final`, replacing an older `final` without a moment where neither exists
    in a half-written state."""
    if final.exists():
        prefix = f".{final.name}.old-{temporary_tag()}"
        old = Path(tempfile.mkdtemp(prefix=prefix, dir=final.parent))
        os.replace(final, old / "x")
        os.replace(new, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, final)


# Characters the layout stage may leave out of every paragraph's clean text: paragraph numbers
# ("17." starts the span, not the text) and footnote reference marks (1, *, a) between lines.
_MARKER_CHARS = frozenset("*.．＊")


def coverage_problems(layout: Layout, limit: int = 20) -> list[str]:
    """Nothing lost, nothing counted twice: every character of the source that is not white
    space and not page furniture is in the clean text of exactly one paragraph, or is a
    paragraph number or reference mark. Returns one message per problem (at most `limit`)."""
    source = layout.document.text
    owner = bytearray(len(source))  # how many paragraph views hold each character (capped)
    problems: list[str] = []
    for p in layout.paragraphs:
        for off in p.view.offsets:
            if owner[off] and len(problems) < limit:
                problems.append(f"character {off} {source[off]!r} is in two paragraphs ({p.key})")
            owner[off] = min(owner[off] + 1, 255)
    for a, b in layout.furniture:
        owner[a:b] = b"\x01" * (b - a)
    for i, ch in enumerate(source):
        if owner[i] or ch.isspace():
            continue
        if ch.isdigit() or ch in _MARKER_CHARS or _alone_on_line(source, i):
            continue
        if len(problems) < limit:
            problems.append(
                f"character {i} {ch!r} belongs to no paragraph: {source[i - 10 : i + 10]!r}"
            )
    return problems


def _alone_on_line(source: str, i: int) -> bool:
    """A one-letter reference mark (a, b, …) standing on a line of its own."""
    before = source[max(0, i - 200) : i].rsplit("\n", 1)[-1].rsplit("\r", 1)[-1]
    after = re.split(r"[\r\n]", source[i + 1 : i + 200], maxsplit=1)[0]
    return ch_is_mark(source[i]) and not before.strip() and not after.strip()


def ch_is_mark(ch: str) -> bool:
    return ch.isascii() and ch.isalpha() and ch.islower()
