"""Reading what is evaluated: gold and prediction tables (CSV), the source they refer to, and
the optional gold mentions; every way a gold file breaks the contract is a problem line."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pipeline.kinds import KIND_BY_NAME, TABLE_COLUMNS, TABLES

# The paragraph keys of ../shared/ANNOTATION.md.
PARA_KEY = re.compile(r"\d+(?:\.\d+)*|fn\d+|front|toc|heading|body|table|annex")

Row = dict[str, Any]


class InputError(Exception):
    """Input that cannot be scored; one `FILE:ROW: problem` line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def decode(path: Path, encoding: str | None = None) -> str:
    """The source text as the pipeline decoded it (document.json's encoding first)."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError([f"{path}: cannot read ({e.strerror})"]) from e
    for enc in ([encoding] if encoding else []) + ["utf-8-sig", "utf-16", "gb18030"]:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise InputError([f"{path}: cannot decode"])


def is_doc_folder(folder: Path) -> bool:
    return (
        any((folder / f"{t}.csv").exists() for t in TABLES) or (folder / "document.json").exists()
    )


def read_text(path: Path) -> tuple[str | None, list[str]]:
    """A gold or prediction file as UTF-8 text, or the one problem that stops reading it."""
    try:
        data = path.read_bytes()
    except OSError as e:
        return None, [f"{path}: cannot read ({e.strerror})"]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as e:
        return None, [f"{path}: not UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start})"]


def read_csv(path: Path, columns: list[str]) -> tuple[list[Row], list[str]]:
    """Rows of a table CSV, each with `_line` (the line its record starts on), and the problems
    that prevent reading it at all (missing or unreadable file, missing columns)."""
    if not path.exists():
        return [], [f"{path}: missing"]
    text, problems = read_text(path)
    if text is None:
        return [], problems
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        return [], [f"{path}:1: missing columns {', '.join(missing)}"]
    rows = []
    line = reader.line_num + 1
    for r in reader:
        r["_line"] = line
        line = reader.line_num + 1  # records may hold line breaks inside quoted text
        rows.append(r)
    return rows, []


def parse_offsets(path: Path, rows: list[Row]) -> list[str]:
    """Turn start/end into ints in place; problems for the rows where they are not."""
    problems = []
    for r in rows:
        try:
            r["start"], r["end"] = int(r["start"]), int(r["end"])
        except (TypeError, ValueError):
            problems.append(
                f"{path}:{r['_line']}: start/end not integers ({r['start']!r}, {r['end']!r})"
            )
            r["start"] = r["end"] = None
    return problems


def is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def no_space(s: str) -> str:
    return re.sub(r"\s+", "", s)


def validate_gold(folder: Path, source: str) -> tuple[dict[str, list[Row]], list[str]]:
    """Read and check a gold folder against the contract; all problems are collected. The
    paragraphs table must be there; a kind of mention whose table the folder lacks is left out
    of the result (the folder is not scored for it: made before the kind existed)."""
    tables: dict[str, list[Row]] = {}
    problems: list[str] = []
    for table in TABLES:
        path = folder / f"{table}.csv"
        if table in KIND_BY_NAME and not path.exists():
            continue
        rows, unreadable = read_csv(path, TABLE_COLUMNS[table])
        problems += unreadable + parse_offsets(path, rows)
        tables[table] = rows
    para_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in tables["paragraphs"]:
        if r["start"] is not None:
            para_spans[r["para"]].append((r["start"], r["end"]))
    for table, rows in tables.items():
        path = folder / f"{table}.csv"
        for r in rows:
            where = f"{path}:{r['_line']}"
            problems += [f"{where}: {p}" for p in row_problems(table, r, source, para_spans)]
    return tables, problems


def row_problems(
    table: str, r: Row, source: str, para_spans: dict[str, list[tuple[int, int]]]
) -> list[str]:
    out = []
    para = r["para"] or ""
    if not PARA_KEY.fullmatch(para):
        out.append(f"bad para key {para!r}")
    elif table != "paragraphs" and para not in para_spans:
        out.append(f"unknown para key {para!r} (not in paragraphs.csv)")
    s, e = r["start"], r["end"]
    if s is not None:
        if not 0 <= s < e <= len(source):
            out.append(f"offsets {s}:{e} out of range (source has {len(source)} characters)")
        elif table == "paragraphs":
            # The clean text is the span with line breaks joined and furniture taken out, so its
            # non-space characters are a subsequence of the span's.
            if not is_subsequence(no_space(r["text"]), no_space(source[s:e])):
                out.append(f"clean text is not drawn from source[{s}:{e}]")
        elif source[s:e] != r["text"]:
            out.append(f"source[{s}:{e}] = {source[s:e]!r} != text {r['text']!r}")
        elif para in para_spans and not any(ps <= s and e <= pe for ps, pe in para_spans[para]):
            out.append(f"span {s}:{e} lies outside paragraph {para!r}")
    if table in KIND_BY_NAME:
        out += KIND_BY_NAME[table].check(r)
    return out


def optional_items(raw: Any) -> list[dict[str, Any]] | None:
    """The optional mentions as {text, para[, start, end]} dicts. Accepted spellings: a list of
    such dicts, a list of [text, para] pairs, or a mapping para -> list of texts."""
    if isinstance(raw, dict):
        return [{"text": t, "para": para} for para, texts in raw.items() for t in texts or []]
    if not isinstance(raw, list):
        return None
    out = []
    for item in raw:
        if isinstance(item, list | tuple) and len(item) >= 2:
            item = {"text": item[0], "para": item[1]}
        out.append(item if isinstance(item, dict) else {})
    return out


def read_optional_csv(
    path: Path, source: str, paragraphs: list[Row]
) -> tuple[list[tuple[int, int]], list[str]]:
    rows, problems = read_csv(path, ["para", "text", "start", "end"])
    problems += parse_offsets(path, rows)
    keys = {r["para"] for r in paragraphs}
    spans = []
    for r in rows:
        s, e, where = r["start"], r["end"], f"{path}:{r['_line']}"
        if s is None:
            continue
        if r["para"] not in keys:
            problems.append(f"{where}: unknown para key {r['para']!r} (not in paragraphs.csv)")
        if not 0 <= s < e <= len(source) or source[s:e] != r["text"]:
            problems.append(f"{where}: source[{s}:{e}] = {source[s:e]!r} != text {r['text']!r}")
        else:
            spans.append((s, e))
    return spans, problems


def read_optional(
    folder: Path, source: str, paragraphs: list[Row], table: str = "organizations"
) -> tuple[list[tuple[int, int]], list[str]]:
    """Source spans of the optional mentions of a kind: the rows of optional_<table>.csv where
    the gold has one (spans resolved by the gold builder), else annotations.yaml's
    `optional_<table>`: every occurrence of `text` inside paragraph `para` (or the explicit
    start/end given)."""
    if (folder / f"optional_{table}.csv").exists():
        return read_optional_csv(folder / f"optional_{table}.csv", source, paragraphs)
    path = folder / "annotations.yaml"
    if not path.exists():
        return [], []
    import yaml  # only gold folders with annotations pay for it

    text, problems = read_text(path)
    if text is None:
        return [], problems
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        return [], [f"{path}: not valid YAML ({one_line(str(exc))})"]
    if not isinstance(data, dict):
        return [], [f"{path}: not a mapping of keys"]
    items = optional_items(data.get(f"optional_{table}") or [])
    if items is None:
        return [], [f"{path}: optional_{table} must be a list or a mapping para -> texts"]
    spans, problems = [], []
    for i, item in enumerate(items):
        where = f"{path}:optional_{table}[{i}]"
        if not item.get("text") or item.get("para") is None:
            problems.append(f"{where}: needs text and para")
            continue
        text, para = str(item["text"]), str(item["para"])
        if "start" in item and "end" in item:
            s, e = item["start"], item["end"]
            if not (isinstance(s, int) and isinstance(e, int)) or source[s:e] != text:
                problems.append(f"{where}: source[{s}:{e}] != text {text!r}")
            else:
                spans.append((s, e))
            continue
        units = [
            (r["start"], r["end"])
            for r in paragraphs
            if r["para"] == para and r["start"] is not None
        ]
        if not units:
            problems.append(f"{where}: unknown para key {para!r} (not in paragraphs.csv)")
            continue
        # The listed text may leave out the line breaks the source has inside the name.
        pattern = re.compile(r"\s*".join(map(re.escape, no_space(text))))
        found = [
            (ps + m.start(), ps + m.end())
            for ps, pe in units
            for m in pattern.finditer(source[ps:pe])
        ]
        if not found:
            problems.append(f"{where}: text {text!r} not found in paragraph {para!r}")
        spans += found
    return spans, problems


def read_meta(pred: Path) -> dict[str, Any]:
    """A prediction folder's document.json ({} where it has none)."""
    path = pred / "document.json"
    if not path.exists():
        return {}
    text, problems = read_text(path)
    if text is None:
        raise InputError(problems)
    try:
        meta = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError([f"{path}: not valid JSON ({exc})"]) from exc
    if not isinstance(meta, dict):
        raise InputError([f"{path}: not a JSON object"])
    return meta


def find_source(pred: Path, explicit: Path | None) -> tuple[Path, str]:
    """The source file of a document and its text: --source, else the prediction's
    document.json ("source" as written, else relative to the prediction folder)."""
    meta = read_meta(pred)
    encoding = meta.get("encoding")
    if explicit is not None:
        if not explicit.exists():
            raise InputError([f"{explicit}: source file not found"])
        return explicit, decode(explicit, encoding)
    if not meta.get("source"):
        where = pred / "document.json"
        raise InputError([f"{where}: no 'source' to locate the text (give --source)"])
    for candidate in (Path(meta["source"]), pred / meta["source"]):
        if candidate.exists():
            return candidate, decode(candidate, encoding)
    where = pred / "document.json"
    raise InputError([f"{where}: source {meta['source']!r} not found (give --source)"])


def read_pred(folder: Path, tables: Iterable[str]) -> tuple[dict[str, list[Row]], list[str]]:
    """The prediction tables named (those the gold has) and the problems that stop scoring them
    (missing file or columns, non-integer offsets). Checking the output against the contract in
    full is the job of ../shared/tools/check_tables.py, not of the evaluation."""
    out, problems = {}, []
    for table in tables:
        path = folder / f"{table}.csv"
        rows, unreadable = read_csv(path, TABLE_COLUMNS[table])
        problems += unreadable + parse_offsets(path, rows)
        out[table] = rows
    return out, problems


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def overlaps(r: Row, spans: list[tuple[int, int]]) -> bool:
    return any(r["start"] < e and s < r["end"] for s, e in spans)
