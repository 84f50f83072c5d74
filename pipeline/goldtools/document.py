"""What a gold round trip carries: a document's source text, its paragraphs and its mentions.

    DOC_OUT_DIR ──read_output──▶ GoldDocument ──(an annotation tool's format)──▶ corrected
    corrected ──(the tool's reader)──▶ GoldDocument ──write_gold──▶ GOLD_DIR (eval reads it)

A mention is its kind (a table of pipeline/kinds.py), its span and the values of the kind's own
columns. In an annotation tool the values are text the annotator edits, one `column=value` a
line (`encode_values`, `decode_values`). Paragraph keys are not annotated: on import each
mention takes the innermost exported paragraph whose span holds it (`assign_paragraphs`).
Nothing here names a kind; nothing imports an extractor.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.kinds import KIND_BY_NAME, KINDS, TABLE_COLUMNS, Kind

FORMAT_VERSION = 1  # of the un_extract record an export carries
CSV_LINE_END = "\r\n"  # as the pipeline's tables (pipeline/tables.py)
# document.json fields that name files of this machine: not carried into an export or gold
PATH_FIELDS = ("source", "encoding", "input", "input_format")


class GoldError(Exception):
    """Input a round trip cannot use; one line a problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Mention:
    kind: str  # a table of the registry
    start: int
    end: int
    values: dict[str, str]  # the kind's own columns
    para: str = ""  # assigned on import


@dataclass
class GoldDocument:
    doc_id: str
    lang: str
    text: str  # the source every offset points into
    paragraphs: list[dict[str, str]]  # rows of paragraphs.csv, contract columns, as text
    meta: dict[str, Any] = field(default_factory=dict)  # what the document states (no paths)
    mentions: list[Mention] = field(default_factory=list)

    def record(self) -> dict[str, Any]:
        """What an export carries besides the text and the mentions (read back by `of_record`)."""
        return {
            "format": FORMAT_VERSION,
            "doc_id": self.doc_id,
            "lang": self.lang,
            "document": self.meta,
            "paragraphs": self.paragraphs,
        }

    @classmethod
    def of_record(cls, record: dict[str, Any], text: str, where: str) -> GoldDocument:
        if not isinstance(record, dict) or record.get("format") != FORMAT_VERSION:
            raise GoldError([f"{where}: not an export of `python -m pipeline gold export`"])
        return cls(
            doc_id=str(record["doc_id"]),
            lang=str(record["lang"]),
            text=text,
            paragraphs=[
                {c: str(p.get(c, "")) for c in TABLE_COLUMNS["paragraphs"]}
                for p in record["paragraphs"]
            ],
            meta=dict(record.get("document") or {}),
        )


# --------------------------------------------------------------------------- values as text


def encode_values(kind: Kind, values: dict[str, str]) -> list[str]:
    """The values of a mention as lines `column=value`, one for each own column of its kind."""
    return [f"{c.name}={values.get(c.name, '')}" for c in kind.own]


def decode_values(kind: Kind, entries: list[str], where: str) -> dict[str, str]:
    """`column=value` lines back to values (an entry may hold several lines); see
    `decode_pairs`."""
    return decode_pairs(kind, [line for e in entries for line in e.splitlines()], where)


def decode_pairs(kind: Kind, pairs: list[str], where: str) -> dict[str, str]:
    """`column=value` pairs back to values (an absent column is ""); GoldError for a pair that
    is not one or names no column of the kind."""
    own = [c.name for c in kind.own]
    values = dict.fromkeys(own, "")
    problems = []
    for pair in pairs:
        if not pair.strip():
            continue
        name, eq, value = pair.partition("=")
        name = name.strip()
        if not eq or name not in values:
            problems.append(
                f"{where}: {pair!r} is not `column=value` for a column of {kind.name} "
                f"({', '.join(own)})"
            )
            continue
        values[name] = value.strip()
    if problems:
        raise GoldError(problems)
    return values


# --------------------------------------------------------------------------- the output folder


def _decode(path: Path, encoding: str | None) -> str:
    data = path.read_bytes()
    for enc in ([encoding] if encoding else []) + ["utf-8-sig", "utf-16", "gb18030"]:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    raise GoldError([f"{path}: cannot decode"])


def _read_csv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise GoldError([f"{path}: missing"])
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise GoldError([f"{path}: missing columns {', '.join(missing)}"])
        return [{c: r[c] for c in columns} for r in reader]


def read_output(folder: Path) -> GoldDocument:
    """A document folder of `python -m pipeline extract`: its source text, paragraphs and the
    mentions of every kind of the registry."""
    meta_path = folder / "document.json"
    if not meta_path.is_file():
        raise GoldError([f"{folder}: not a document folder of the pipeline (no document.json)"])
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    source = Path(meta.get("source") or "")
    if not source.is_absolute():
        source = folder / source
    if not meta.get("source") or not source.is_file():
        raise GoldError([f"{meta_path}: source {meta.get('source')!r} not found"])
    text = _decode(source, meta.get("encoding"))
    doc = GoldDocument(
        doc_id=str(meta["doc_id"]),
        lang=str(meta["lang"]),
        text=text,
        paragraphs=_read_csv(folder / "paragraphs.csv", TABLE_COLUMNS["paragraphs"]),
        meta={k: v for k, v in meta.items() if k not in PATH_FIELDS},
    )
    for kind in KINDS:
        for r in _read_csv(folder / f"{kind.name}.csv", TABLE_COLUMNS[kind.name]):
            values = {c.name: r[c.name] for c in kind.own}
            mention = Mention(kind.name, int(r["start"]), int(r["end"]), values, r["para"])
            doc.mentions.append(mention)
    return doc


# --------------------------------------------------------------------------- the gold folder


def assign_paragraphs(doc: GoldDocument) -> list[str]:
    """Give each mention the key of the innermost exported paragraph that holds its span (a
    footnote inside the paragraph it interrupts is the footnote's). Returns one problem for a
    mention that lies in no paragraph."""
    spans = [(int(p["start"]), int(p["end"]), i, p["para"]) for i, p in enumerate(doc.paragraphs)]
    problems = []
    for m in doc.mentions:
        holding = [(e - s, i, key) for s, e, i, key in spans if s <= m.start and m.end <= e]
        if holding:
            m.para = min(holding)[2]
        else:
            problems.append(
                f"{m.kind} {m.start}:{m.end} {doc.text[m.start : m.end]!r} lies in no paragraph "
                "of the export (page furniture, or across two paragraphs)"
            )
    return problems


def check_mentions(doc: GoldDocument) -> list[str]:
    """Offsets inside the text, a mention not empty, values the registry accepts."""
    problems = []
    for m in doc.mentions:
        where = f"{m.kind} {m.start}:{m.end}"
        if not 0 <= m.start < m.end <= len(doc.text):
            problems.append(f"{where}: offsets outside the text (0:{len(doc.text)})")
            continue
        row = {**m.values, "text": doc.text[m.start : m.end]}
        problems += [f"{where} {row['text']!r}: {p}" for p in KIND_BY_NAME[m.kind].check(row)]
    return problems


def gold_tables(doc: GoldDocument) -> dict[str, list[dict[str, Any]]]:
    """The rows of the gold tables: paragraphs as exported, each kind's mentions in text order."""
    tables: dict[str, list[dict[str, Any]]] = {"paragraphs": list(doc.paragraphs)}
    for kind in KINDS:
        mentions = sorted(
            (m for m in doc.mentions if m.kind == kind.name),
            key=lambda m: (m.start, m.end, tuple(m.values.values())),
        )
        tables[kind.name] = [
            {
                "doc_id": doc.doc_id,
                "lang": doc.lang,
                "para": m.para,
                "text": doc.text[m.start : m.end],
                "start": m.start,
                "end": m.end,
                **m.values,
            }
            for m in mentions
        ]
    return tables


def write_gold(doc: GoldDocument, folder: Path) -> list[Path]:
    """Check the mentions, give them their paragraphs and write the gold tables (contract
    columns) and document.json into `folder`, each file atomically. Other files of the folder
    (notes, optional_<kind>.csv) are left as they are. Raises GoldError, writing nothing."""
    problems = check_mentions(doc)
    problems += assign_paragraphs(doc) if not problems else []
    if problems:
        raise GoldError([f"{doc.doc_id}: {p}" for p in problems])
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in gold_tables(doc).items():
        written.append(write_atomic(folder / f"{name}.csv", csv_text(TABLE_COLUMNS[name], rows)))
    meta = {"doc_id": doc.doc_id, "lang": doc.lang, **doc.meta}
    data = json.dumps(meta, ensure_ascii=False, indent=2) + "\n"
    written.append(write_atomic(folder / "document.json", data))
    return written


def csv_text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """A table as CSV text, in the dialect of the pipeline's tables."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator=CSV_LINE_END)
    writer.writerow(columns)
    writer.writerows([r.get(c, "") for c in columns] for r in rows)
    return out.getvalue()


def write_atomic(path: Path, text: str) -> Path:
    """Write a UTF-8 file through a temporary file beside it (no half-written file, whatever
    happens), with the mode open() would give; the text's line ends as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
