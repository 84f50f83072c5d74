"""brat standoff (also read by INCEpTION): a document as `NAME.txt` + `NAME.ann`, and back.

    NAME.txt    the source text, byte for byte (UTF-8)
    NAME.ann    T1<TAB>DATE 223 238<TAB>2006 年 12 月 6 日
                #1<TAB>AnnotatorNotes T1<TAB>start_value=2006-12-06; end_value=2006-12-06; ...
    NAME.un-extract.json  the paragraphs and metadata import needs (brat ignores it)

One entity type a kind of the registry (its label: DATE, SYM, ORG...); the normalized values in
the entity's note, `column=value` pairs separated by `; ` (a `;` or `\\` inside a value escaped
with `\\`). A mention across a line break is written as fragments, one a line (brat's own way),
and read back as one span. `annotation.conf` and `visual.conf` are written beside the files
unless the folder has them already. Offsets are code points of the text, as brat counts them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from pipeline.goldtools.document import (
    GoldDocument,
    GoldError,
    Mention,
    check_mentions,
    decode_pairs,
    encode_values,
    write_atomic,
)
from pipeline.kinds import KIND_BY_NAME, KINDS, Kind

NOTE = "AnnotatorNotes"
SIDECAR = ".un-extract.json"  # beside NAME.ann: what import needs besides the annotations


def label_of(kind: Kind) -> str:
    return kind.label or kind.name


def base_of(path: Path) -> Path:
    """NAME for NAME, NAME.ann or NAME.txt (a NAME may hold dots: A-62-162.zh)."""
    return path.with_suffix("") if path.suffix in (".ann", ".txt") else path


def is_brat(path: Path) -> bool:
    """NAME.ann, NAME.txt or NAME where NAME.ann exists."""
    return path.suffix in (".ann", ".txt") or file_of(path, ".ann").is_file()


def file_of(base: Path, suffix: str) -> Path:
    """NAME.txt, NAME.ann, NAME.un-extract.json."""
    return base.with_name(base.name + suffix)


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks (brat's text field is one line)."""
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\r\n]+", text[start:end])]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace("\n", "\\n").replace("\r", "\\r")


def _unescape(value: str) -> str:
    escapes = {"\\": "\\", ";": ";", "n": "\n", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), value)


def note_of(kind: Kind, values: dict[str, str]) -> str:
    return "; ".join(
        f"{name}={_escape(value)}"
        for name, _, value in (line.partition("=") for line in encode_values(kind, values))
    )


def split_note(note: str) -> list[str]:
    """The `column=value` pairs of a note: split at each `;` that is not escaped."""
    parts, current, i = [], "", 0
    while i < len(note):
        if note[i] == "\\" and i + 1 < len(note):
            current += note[i : i + 2]
            i += 2
        elif note[i] == ";":
            parts.append(current)
            current, i = "", i + 1
        else:
            current, i = current + note[i], i + 1
    return [_unescape(p.strip()) for p in [*parts, current] if p.strip()]


def values_of(kind: Kind, note: str, where: str) -> dict[str, str]:
    return decode_pairs(kind, split_note(note), where)


def export(doc: GoldDocument, path: Path) -> list[Path]:
    """Write NAME.txt, NAME.ann, NAME.un-extract.json (and the folder's brat configuration
    where it has none); returns the paths written."""
    base = base_of(path)
    lines = []
    for n, m in enumerate(doc.mentions, start=1):
        kind = KIND_BY_NAME[m.kind]
        frags = fragments(doc.text, m.start, m.end)
        where = ";".join(f"{a} {b}" for a, b in frags)
        shown = " ".join(doc.text[a:b] for a, b in frags)
        lines.append(f"T{n}\t{label_of(kind)} {where}\t{shown}")
        lines.append(f"#{n}\t{NOTE} T{n}\t{note_of(kind, m.values)}")
    written = [
        write_atomic(file_of(base, ".txt"), doc.text),
        write_atomic(file_of(base, ".ann"), "".join(line + "\n" for line in lines)),
        write_atomic(
            file_of(base, SIDECAR),
            json.dumps(doc.record(), ensure_ascii=False, indent=1) + "\n",
        ),
    ]
    labels = [label_of(k) for k in KINDS]
    confs = {
        "annotation.conf": "[entities]\n"
        + "".join(f"{x}\n" for x in labels)
        + "\n[relations]\n\n[events]\n\n[attributes]\n",
        "visual.conf": "[labels]\n"
        + "".join(f"{label_of(k)} | {k.name}\n" for k in KINDS)
        + "\n[drawing]\n"
        + "".join(f"{label_of(k)}\tbgColor:{k.colour or '#dddddd'}\n" for k in KINDS),
    }
    for name, text in confs.items():
        conf = base.parent / name
        if not conf.exists():
            written.append(write_atomic(conf, text))
    return written


def read(path: Path) -> list[GoldDocument]:
    """The document of NAME.ann (with NAME.txt and NAME.un-extract.json beside it). Raises
    GoldError."""
    base = base_of(path)
    files = {s: file_of(base, s) for s in (".txt", ".ann", SIDECAR)}
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        raise GoldError(
            [f"{p}: missing (a brat export is NAME.txt, .ann, {SIDECAR})" for p in missing]
        )
    try:
        text = files[".txt"].read_bytes().decode("utf-8")
        ann = files[".ann"].read_bytes().decode("utf-8")
        record = json.loads(files[SIDECAR].read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GoldError([f"{base}: cannot read the brat files ({e})"]) from e
    doc = GoldDocument.of_record(record, text, str(files[SIDECAR]))
    labels = {label_of(k): k for k in KINDS}
    entities: dict[str, tuple[Kind, int, int, str]] = {}
    notes: dict[str, str] = {}
    problems = []
    for n, line in enumerate(ann.splitlines(), start=1):
        at = f"{files['.ann']}:{n}"
        if not line.strip():
            continue
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            label, _, spans = fields[1].partition(" ")
            if label not in labels:
                problems.append(f"{at}: entity type {label!r} (one of {', '.join(labels)})")
                continue
            try:
                frags = [tuple(map(int, s.split())) for s in spans.split(";")]
                if any(len(f) != 2 for f in frags):
                    raise ValueError(spans)
            except ValueError:
                problems.append(f"{at}: offsets {spans!r} are not `start end[;start end]`")
                continue
            start, end = min(f[0] for f in frags), max(f[1] for f in frags)
            if not 0 <= start < end <= len(text):
                problems.append(f"{at}: offsets {start}:{end} not in the text")
                continue
            gaps = [text[a[1] : b[0]] for a, b in zip(frags, frags[1:], strict=False)]
            if any(g.strip() for g in gaps):
                problems.append(f"{at}: a discontinuous span; a mention is one piece of text")
                continue
            shown = " ".join(text[a:b] for a, b in frags)
            if len(fields) >= 3 and fields[2] != shown:
                problems.append(f"{at}: text {fields[2]!r} is not the source's {shown!r}")
                continue
            entities[fields[0]] = (labels[label], start, end, at)
        elif line.startswith("#") and len(fields) >= 3 and fields[1].startswith(NOTE + " "):
            notes[fields[1].split(" ", 1)[1].strip()] = fields[2]
    for tid, (kind, start, end, at) in entities.items():
        try:
            values = values_of(kind, notes.get(tid, ""), f"{at} (note of {tid})")
        except GoldError as e:
            problems += e.problems
            continue
        doc.mentions.append(Mention(kind.name, start, end, values))
    problems += [f"{files['.ann']}: {p}" for p in check_mentions(doc)]
    if problems:
        raise GoldError(problems)
    return [doc]
