"""Build the gold CSV tables from a hand-made annotation file.

usage: python tests/gold/build_gold.py [GOLD_DIR ...] [--out OUT_DIR]

For every GOLD_DIR (default: every tests/gold/*/ that holds an annotations.yaml) this reads
annotations.yaml and the source it names, and writes paragraphs.csv, dates.csv, symbols.csv,
organizations.csv, optional_organizations.csv, document.json and, where the annotation has
places, places.csv and optional_places.csv into OUT_DIR (default: GOLD_DIR).

The source is `source:` (a text file, path relative to the repository root, e.g.
`../shared/siblings/en-001.txt` or an input assembled in the gold folder) or `input:` (a PDF or
Word file, whose source text is what the project's reader gives: the decoding, never the layout
or the extraction). `source_sha256` (of the UTF-8 source text), where given, pins that text: a
reader whose text changed stops the build instead of shifting every offset.

Units are line ranges (`lines`); a unit that is only part of a line (text flattened into long
lines) adds `from:` and/or `to:`, the text its span starts with and ends with (whitespace-tolerant,
searched inside its lines). `each_line: true` makes one unit of each line (a table's rows). A gold folder whose
source lies in ../shared is skipped (not an error) on a machine without ../shared.

The paragraph layout is the annotator's own reading (line ranges in the YAML), not the
pipeline's: this script must never import pipeline.layout.  Each mention is located by a
whitespace-tolerant search (any run of whitespace allowed between two characters) inside its
unit's own lines, so that source[start:end] == text holds for every row; a mention that is not
found, or found more than once without an occurrence index, stops the build.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
from pipeline.model import TABLE_COLUMNS as CONTRACT_COLUMNS  # noqa: E402  (columns only)

COMMON = ["doc_id", "lang", "para", "text", "start", "end"]
# The places table of ../shared/ANNOTATION.md (written only for gold that annotates places).
TABLE_COLUMNS: dict[str, list[str]] = {
    **CONTRACT_COLUMNS,
    "places": COMMON + ["code", "m49", "kind", "name_en", "name_zh"],
}
OPTIONAL_COLUMNS = COMMON + ["reason"]
NO_URL_KINDS = {"decision", "sales_number"}  # not UN document symbols: no undocs.org link
PARA_NUMBER = re.compile(r"\d+(?:\.\d+)*")  # "17", budget sections' "25.14"
# A footnote's own number as the input writes it: "4", "4.", "4)", "[^4]:", "^4", "*4".
FOOTNOTE_MARK = r"(?:\[\^{n}\]:?|\^{n}|\*?{n}[.)]?)(?!\d)"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
LATIN_OR_DIGIT = re.compile(r"[A-Za-z0-9]")


class GoldError(Exception):
    """The annotation file and the source disagree."""


class SourceAbsent(Exception):
    """The source lies outside the repository (../shared) and is not on this machine."""


@dataclass(frozen=True)
class Unit:
    key: str
    zone: str
    number: str  # "" where the unit has none
    level: int  # heading level; 0 for every other unit
    first_line: int
    segments: tuple[tuple[int, int], ...]  # source spans of the unit's own (non-mark) lines
    start: int
    end: int
    text: str


def line_starts(source: str) -> list[int]:
    """Offsets of the start of each line; index 0 is unused so that line n starts at [n]."""
    starts = [0, 0]
    for m in re.finditer("\n", source):
        starts.append(m.end())
    return starts


def join_lines(lines: list[str], lang: str) -> str:
    """Join stripped lines as docs/annotation.md says. Chinese: nothing between them, except one
    space between two Latin/digit characters. Other languages: one space, except after a hyphen
    that follows a letter: a word broken at the line end (`Secre-` + `tary`) is made whole, and
    `Secretary-` + `General` keeps its hyphen with no space."""
    out = ""
    for line in lines:
        if out and lang == "zh":
            if LATIN_OR_DIGIT.match(out[-1]) and LATIN_OR_DIGIT.match(line[0]):
                out += " "
        elif out:
            hyphen = out[-1] == "-" and len(out) > 1 and out[-2].isalpha()
            if hyphen and line[0].islower():
                out = out[:-1]
            elif not hyphen:
                out += " "
        out += line
    return out


def expand_layout(layout: list[dict[str, Any]], source: str) -> list[dict[str, Any]]:
    """`each_line: true` makes one unit of each non-empty line of the entry's lines (a table
    given as a block of one-line rows)."""
    lines = source.split("\n")
    out: list[dict[str, Any]] = []
    for entry in layout:
        if not entry.get("each_line"):
            out.append(entry)
            continue
        rest = {k: v for k, v in entry.items() if k not in ("each_line", "lines")}
        out += [
            {**rest, "lines": [[n, n]]}
            for a, b in entry["lines"]
            for n in range(a, b + 1)
            if lines[n - 1].strip()
        ]
    return out


def build_unit(source: str, starts: list[int], entry: dict[str, Any], lang: str = "zh") -> Unit:
    key = str(entry["key"])
    marks = set(entry.get("marks", []))
    segments: list[tuple[int, int]] = []
    for first, last in entry["lines"]:
        for n in range(first, last + 1):
            if n in marks:
                continue
            line_end = starts[n + 1] - 1 if n + 1 < len(starts) else len(source)
            raw = source[starts[n] : line_end]
            stripped = raw.strip()
            if not stripped:
                continue
            lead = len(raw) - len(raw.lstrip())
            segments.append((starts[n] + lead, starts[n] + lead + len(stripped)))
    if "from" in entry or "to" in entry:  # a unit that is part of a line (flattened text)
        segments = cut_segments(source, segments, entry.get("from"), entry.get("to"), key)
    if not segments:
        raise GoldError(f"unit {key}: its lines hold no text")
    lines = [source[s:e] for s, e in segments]
    if PARA_NUMBER.fullmatch(key):
        zone, number = entry.get("zone", "body"), key
        prefix = re.match(re.escape(key) + r"(?![\d.]\d)\s*[.．]?\s*", lines[0])
        if not prefix:
            raise GoldError(f"paragraph {key} does not start with its number: {lines[0][:20]!r}")
        lines[0] = lines[0][prefix.end() :]
    elif key.startswith("fn"):
        zone, number = "footnote", key[2:]
        mark = re.match(FOOTNOTE_MARK.format(n=re.escape(number)) + r"\s*", lines[0])
        if not mark:
            raise GoldError(f"footnote {key}: {lines[0][:20]!r} does not start with its number")
        lines[0] = lines[0][mark.end() :]
    else:
        zone, number = key, ""
    lines = [ln for ln in lines if ln]
    return Unit(
        key=key,
        zone=zone,
        number=number,
        level=int(entry.get("level", 0)),
        first_line=entry["lines"][0][0],
        segments=tuple(segments),
        start=segments[0][0],
        end=segments[-1][1],
        text=join_lines(lines, lang),
    )


def cut_segments(
    source: str, segments: list[tuple[int, int]], first: str | None, last: str | None, key: str
) -> list[tuple[int, int]]:
    """The part of the lines from the first occurrence of `first` (its start) to the first
    occurrence of `last` after it (its end); whitespace-tolerant, like mentions."""
    lo, hi = segments[0][0], segments[-1][1]
    if first is not None:
        m = tolerant(str(first)).search(source, lo, hi)
        if not m:
            raise GoldError(f"unit {key}: from {first!r} not found in its lines")
        lo = m.start()
    if last is not None:
        m = tolerant(str(last)).search(source, lo, hi)
        if not m:
            raise GoldError(f"unit {key}: to {last!r} not found after its start")
        hi = m.end()
    cut = [(max(s, lo), min(e, hi)) for s, e in segments if e > lo and s < hi]
    return [(s, e) for s, e in cut if source[s:e].strip()]


def page_starts_of(ann: dict[str, Any], source: str) -> dict[int, int]:
    """First line of each page: as annotated (`page_starts`), else after each form feed of the
    source (PDF text), else one page."""
    if ann.get("page_starts"):
        return {int(p): int(line) for p, line in ann["page_starts"].items()}
    pages = {1: 1}
    for m in re.finditer("\f", source):
        pages[len(pages) + 1] = source.count("\n", 0, m.start()) + 1  # the form feed's line
    return pages


def page_of(line: int, page_starts: dict[int, int]) -> int:
    return max(p for p, first in page_starts.items() if first <= line)


def sections(units: list[Unit]) -> list[str]:
    """A unit's section: the nearest heading above it (for a heading: the nearest higher one)."""
    out: list[str] = []
    open_headings: list[Unit] = []  # the current heading of each level, outermost first
    for u in units:
        if u.zone == "heading":
            open_headings = [h for h in open_headings if h.level < u.level]
            out.append(open_headings[-1].text if open_headings else "")
            open_headings.append(u)
        else:
            out.append(open_headings[-1].text if open_headings and u.zone != "toc" else "")
    return out


def tolerant(text: str) -> re.Pattern[str]:
    """Any whitespace between two characters; a Latin letter or digit at either end must be a
    word's end too (UN is not found inside UNDP, nor Niger inside Nigeria)."""
    chars = [c for c in text if not c.isspace()]
    body = r"\s*".join(re.escape(c) for c in chars)
    before = r"(?<![A-Za-z0-9])" if LATIN_OR_DIGIT.match(chars[0]) else ""
    after = r"(?![A-Za-z0-9])" if LATIN_OR_DIGIT.match(chars[-1]) else ""
    return re.compile(before + body + after)


def occurrences(source: str, units: list[Unit], text: str) -> list[tuple[int, int]]:
    """Whitespace-tolerant matches of `text` inside the units' own lines, in source order.

    A match may run from one line of a unit to the next one (the PDF breaks lines anywhere), but
    never through a footnote reference mark or an interrupting block: the gap between two
    consecutive segments must be whitespace only.
    """
    pattern = tolerant(text)
    found: list[tuple[int, int]] = []
    for u in units:
        # Runs of segments separated by whitespace only; a mark or a footnote block breaks a run.
        runs: list[tuple[int, int]] = []
        for s, e in u.segments:
            if runs and not source[runs[-1][1] : s].strip():
                runs[-1] = (runs[-1][0], e)
            else:
                runs.append((s, e))
        for s, e in runs:
            found += [(m.start() + s, m.end() + s) for m in pattern.finditer(source[s:e])]
    return found


def locate(source: str, units: list[Unit], text: str, n: int | None, where: str) -> tuple[int, int]:
    found = occurrences(source, units, text)
    if not found:
        raise GoldError(f"{where}: {text!r} not found")
    if n is None:
        if len(found) > 1:
            raise GoldError(
                f"{where}: {text!r} occurs {len(found)} times; give its occurrence index"
            )
        return found[0]
    if not 1 <= n <= len(found):
        raise GoldError(f"{where}: {text!r} has {len(found)} occurrence(s), not #{n}")
    return found[n - 1]


def split_n(item: list[Any], width: int) -> tuple[list[Any], int | None]:
    """An annotation tuple has `width` fields plus an optional trailing occurrence index."""
    if len(item) == width:
        return item, None
    if len(item) == width + 1 and isinstance(item[-1], int):
        return item[:width], item[-1]
    raise GoldError(f"annotation {item!r} needs {width} fields (+ optional occurrence index)")


def check_no_overlap(rows: list[dict[str, Any]], what: str) -> None:
    rows = sorted(rows, key=lambda r: (r["start"], r["end"]))
    for a, b in itertools.pairwise(rows):
        if b["start"] < a["end"]:
            raise GoldError(
                f"{what}: {a['text']!r} ({a['para']}) overlaps {b['text']!r} ({b['para']})"
            )


def read_source(ann: dict[str, Any]) -> str:
    """The source text the annotation's line numbers and offsets refer to."""
    if "input" in ann:  # a PDF or Word file: the text the project's reader decodes it to
        path = REPO / ann["input"]
        if not path.exists():
            raise SourceAbsent(ann["input"])
        from pipeline.readers import source_text  # decoding only; never layout or extraction

        source = source_text(path)
    else:
        path = REPO / ann["source"]
        if not path.exists():
            if ann["source"].startswith("../"):
                raise SourceAbsent(ann["source"])
            raise GoldError(f"source {ann['source']} not found")
        source = path.read_bytes().decode("utf-8-sig" if ann.get("bom") else "utf-8")
    pinned = ann.get("source_sha256")
    if pinned and hashlib.sha256(source.encode("utf-8")).hexdigest() != pinned:
        raise GoldError("the source text changed (source_sha256 differs): re-check line numbers")
    return source


def load(gold_dir: Path) -> tuple[dict[str, Any], str, list[Unit]]:
    """The annotation, its source text and its units (also used by tests/test_gold.py)."""
    ann = yaml.safe_load((gold_dir / "annotations.yaml").read_text(encoding="utf-8"))
    source = read_source(ann)
    starts = line_starts(source)
    layout = expand_layout(ann["layout"], source)
    return ann, source, [build_unit(source, starts, e, ann["lang"]) for e in layout]


def build(gold_dir: Path, out_dir: Path) -> dict[str, int]:
    ann, source, units = load(gold_dir)
    doc_id, lang = ann["doc_id"], ann["lang"]
    by_key: dict[str, list[Unit]] = {}
    for u in units:
        by_key.setdefault(u.key, []).append(u)
    page_starts = page_starts_of(ann, source)
    common = {"doc_id": doc_id, "lang": lang}

    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLE_COLUMNS}
    for u, section in zip(units, sections(units), strict=True):
        tables["paragraphs"].append(
            {
                **common,
                "para": u.key,
                "text": u.text,
                "start": u.start,
                "end": u.end,
                "zone": u.zone,
                "number": u.number,
                "section": section,
                "page_start": page_of(u.first_line, page_starts),
            }
        )

    orgs = ann.get("organizations") or {}
    places = ann.get("places")  # code -> [m49, kind, name_en, name_zh]; None: places not annotated
    for key, per_table in (ann.get("mentions") or {}).items():
        key = str(key)
        if key not in by_key:
            raise GoldError(f"mentions for unknown paragraph key {key!r}")
        scope = by_key[key]
        for item in per_table.get("dates") or []:
            (text, sv, ev, precision, kind), n = split_n(item, 5)
            s, e = locate(source, scope, str(text), n, f"dates/{key}")
            tables["dates"].append(
                {**common, "para": key, "text": source[s:e], "start": s, "end": e,
                 "start_value": str(sv), "end_value": str(ev), "precision": precision, "kind": kind}
            )  # fmt: skip
        for item in per_table.get("symbols") or []:
            (text, symbol, kind, para_ref), n = split_n(item, 4)
            s, e = locate(source, scope, str(text), n, f"symbols/{key}")
            url = "" if kind in NO_URL_KINDS else f"https://undocs.org/{symbol}"
            tables["symbols"].append(
                {**common, "para": key, "text": source[s:e], "start": s, "end": e,
                 "symbol": symbol, "kind": kind, "para_ref": str(para_ref), "url": url}
            )  # fmt: skip
        for item in per_table.get("orgs") or []:
            (text, org_id), n = split_n(item, 2)
            if org_id not in orgs:
                raise GoldError(f"orgs/{key}: unknown org id {org_id!r}")
            name_en, name_zh, acronym = orgs[org_id][:3]
            s, e = locate(source, scope, str(text), n, f"orgs/{key}")
            tables["organizations"].append(
                {**common, "para": key, "text": source[s:e], "start": s, "end": e,
                 "org_id": org_id, "name_en": name_en, "name_zh": name_zh, "acronym": acronym}
            )  # fmt: skip
        for item in per_table.get("places") or []:
            (text, code), n = split_n(item, 2)
            if places is None or code not in places:
                raise GoldError(f"places/{key}: code {code!r} not in the annotation's places")
            m49, kind, name_en, name_zh = places[code]
            s, e = locate(source, scope, str(text), n, f"places/{key}")
            tables["places"].append(
                {**common, "para": key, "text": source[s:e], "start": s, "end": e,
                 "code": code, "m49": str(m49), "kind": kind, "name_en": name_en,
                 "name_zh": name_zh}
            )  # fmt: skip

    optional = {
        table: optional_rows(ann.get(f"optional_{table}", []), by_key, source, common, table)
        for table in ("organizations", "places")
    }
    for table in ("dates", "symbols", "organizations", "places"):
        check_no_overlap(tables[table], table)
        tables[table].sort(key=lambda r: (r["start"], r["end"]))
    for table, rows in optional.items():
        for o in rows:
            for r in tables[table]:
                if r["start"] < o["end"] and o["start"] < r["end"]:
                    raise GoldError(f"gold {table} {r['text']!r} overlaps optional {o['text']!r}")

    out_dir.mkdir(parents=True, exist_ok=True)
    written = [t for t in TABLE_COLUMNS if t != "places" or places is not None]
    for table in written:
        write_csv(out_dir / f"{table}.csv", TABLE_COLUMNS[table], tables[table])
    for table in ("organizations", "places"):
        if table in written:
            write_csv(out_dir / f"optional_{table}.csv", OPTIONAL_COLUMNS, optional[table])
    where = {"input": ann["input"]} if "input" in ann else {"source": ann["source"]}
    document = {**common, **where, "encoding": "utf-8", **ann.get("document", {})}
    (out_dir / "document.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    counts = {t: len(tables[t]) for t in written}
    counts |= {
        f"optional_{t}": len(optional[t]) for t in ("organizations", "places") if t in written
    }
    return counts


def optional_rows(
    entries: list[Any],
    by_key: dict[str, list[Unit]],
    source: str,
    common: dict[str, str],
    table: str,
) -> list[dict[str, Any]]:
    """Every occurrence of each optional mention [text, key, reason] in its paragraph; an
    optional span inside another one (专家组 in 政府专家组) adds nothing: the longest is kept."""
    rows: list[dict[str, Any]] = []
    for text, key, reason in entries:
        key = str(key)
        if key not in by_key:
            raise GoldError(f"optional {table} in unknown paragraph {key!r}")
        found = occurrences(source, by_key[key], text)
        if not found:
            raise GoldError(f"optional_{table}/{key}: {text!r} not found")
        rows += [
            {**common, "para": key, "text": source[s:e], "start": s, "end": e, "reason": reason}
            for s, e in found
        ]
    rows = [
        o
        for o in rows
        if not any(p is not o and p["start"] <= o["start"] and o["end"] <= p["end"] for p in rows)
    ]
    return sorted(rows, key=lambda r: (r["start"], r["end"]))


def write_csv(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold_dirs", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, help="output folder (only with one GOLD_DIR)")
    args = parser.parse_args(argv)
    dirs = args.gold_dirs or sorted(
        p.parent for p in Path(__file__).parent.glob("*/annotations.yaml")
    )
    if args.out and len(dirs) != 1:
        parser.error("--out needs exactly one GOLD_DIR")
    for d in dirs:
        try:
            counts = build(d, args.out or d)
        except SourceAbsent as absent:
            print(f"{d.name}: skipped, {absent} is not on this machine")
            continue
        except GoldError as err:
            print(f"{d}: {err}", file=sys.stderr)
            return 1
        print(f"{d.name}: " + ", ".join(f"{t} {n}" for t, n in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
