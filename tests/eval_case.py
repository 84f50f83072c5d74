"""A tiny synthetic document with gold and predicted tables, for the evaluation and review tests.

Every expected number in the tests follows from the rows below, counted by hand (levels:
docs/evaluation.md; value = the document's values, paragraph = paragraph and value, exact =
paragraph, span and value):

dates (exact key: para, span, start_value, end_value)
  gold  D1 "6 December 2006" p1   D2 "2007" p2   D3 "July 2007" p3
  pred  "December 2006" p1 (span wrong, value right)   "2007" p2 (= D2)   "July 2007" p3 (= D3)
        "2007" inside "July 2007" p3, value 2007 (not in gold)
  exact: TP 2, FP 2, FN 1 -> P 1/2, R 2/3, F1 4/7
  paragraph: gold {(1,2006-12-06), (2,2007), (3,2007-07)}, pred adds (3,2007): TP 3, FP 1, FN 0
  value: gold {2006-12-06, 2007, 2007-07}, pred adds a second 2007: TP 3, FP 1, FN 0
symbols: "61/66" p1 A/RES/61/66 in both: TP 1 at every level
organizations (exact: span only)
  gold  "General Assembly" p1 unga   "UNDP" p2 undp   "United Nations Office\\non Drugs and Crime" p2
        unodc; optional: "Coordinating Action on Small Arms" p3 (annotations.yaml)
  pred  "General Assembly" unga (TP)   "UNDP" linked unodc (TP, wrong link)
        "Office\\non Drugs and Crime" unodc (FP)   "Coordinating Action on Small Arms" unlinked and
        "Small Arms" unlinked (both overlap the optional mention: not scored)
  exact: TP 2, FP 1, FN 1; linking 1/2.  Without the optional list: FP 3.
  paragraph: gold {(1,unga), (2,undp), (2,unodc)}; pred (1,unga) (2,unodc) (2,unodc): TP 2 FP 1
  FN 1; value: the same without the paragraphs: TP 2 FP 1 FN 1
paragraphs: gold front, 1, 2, 3; pred has 2 ending one character early and a different clean
  text for 3: exact TP 3, FP 1, FN 1; clean text 2/3. Paragraph level (the keys): TP 4.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from pipeline.model import TABLE_COLUMNS

SOURCE = (
    "Report <draft> & notes\n"
    "1. On 6 December 2006 the General Assembly adopted resolution 61/66.\n"
    "2. UNDP and the United Nations Office\non Drugs and Crime met in 2007.\n"
    "3. The Coordinating Action on Small Arms met in July 2007.\n"
)
DOC = "case.en"
ORG_NAMES = {
    "unga": "General Assembly",
    "undp": "United Nations Development Programme",
    "unodc": "United Nations Office on Drugs and Crime",
}


def span(text: str, after: str) -> tuple[int, int]:
    """Source span of the first `text` after the first `after`."""
    start = SOURCE.index(text, SOURCE.index(after))
    return start, start + len(text)


def unit(key: str, zone: str, line: str, cut: int = 0, text: str | None = None) -> dict[str, Any]:
    start, end = span(line, line)
    clean = text if text is not None else re.sub(r"\s*\n\s*", " ", line)
    return {
        "para": key,
        "zone": zone,
        "number": key if key.isdigit() else "",
        "section": "",
        "page_start": 1,
        "start": start,
        "end": end - cut,
        "text": clean,
    }


def mention(para: str, text: str, after: str, **values: Any) -> dict[str, Any]:
    start, end = span(text, after)
    return {"para": para, "text": text, "start": start, "end": end, **values}


def date(para: str, text: str, after: str, sv: str, ev: str | None = None) -> dict[str, Any]:
    ev = ev or sv
    precision = {4: "year", 7: "month", 10: "day"}[len(sv)]
    kind = "point" if sv == ev else "range"
    return mention(para, text, after, start_value=sv, end_value=ev, precision=precision, kind=kind)


def org(para: str, text: str, after: str, org_id: str) -> dict[str, Any]:
    return mention(para, text, after, org_id=org_id, name_en=ORG_NAMES.get(org_id, ""))


SYMBOL = mention(
    "1",
    "61/66",
    "1.",
    symbol="A/RES/61/66",
    kind="ga_resolution",
    para_ref="",
    url="https://undocs.org/A/RES/61/66",
)
LINE2 = "2. UNDP and the United Nations Office\non Drugs and Crime met in 2007."

GOLD: dict[str, list[dict[str, Any]]] = {
    "paragraphs": [
        unit("front", "front", "Report <draft> & notes"),
        unit("1", "body", "1. On 6 December 2006 the General Assembly adopted resolution 61/66."),
        unit("2", "body", LINE2),
        unit("3", "body", "3. The Coordinating Action on Small Arms met in July 2007."),
    ],
    "dates": [
        date("1", "6 December 2006", "1.", "2006-12-06"),
        date("2", "2007", "2.", "2007"),
        date("3", "July 2007", "3.", "2007-07"),
    ],
    "symbols": [SYMBOL],
    "organizations": [
        org("1", "General Assembly", "1.", "unga"),
        org("2", "UNDP", "2.", "undp"),
        org("2", "United Nations Office\non Drugs and Crime", "2.", "unodc"),
    ],
}

PRED: dict[str, list[dict[str, Any]]] = {
    "paragraphs": [
        GOLD["paragraphs"][0],
        GOLD["paragraphs"][1],
        unit("2", "body", LINE2, cut=1),
        unit(
            "3",
            "body",
            "3. The Coordinating Action on Small Arms met in July 2007.",
            text="3. The Coordinating Action on Small Arms met in July 2007",
        ),
    ],
    "dates": [
        date("1", "December 2006", "1.", "2006-12-06"),
        date("2", "2007", "2.", "2007"),
        date("3", "July 2007", "3.", "2007-07"),
        date("3", "2007", "July", "2007"),
    ],
    "symbols": [SYMBOL],
    "organizations": [
        org("1", "General Assembly", "1.", "unga"),
        org("2", "UNDP", "2.", "unodc"),
        org("2", "Office\non Drugs and Crime", "2.", "unodc"),
        org("3", "Coordinating Action on Small Arms", "3.", ""),
        org("3", "Small Arms", "3.", ""),
    ],
}

OPTIONAL_YAML = (
    "optional_organizations:\n  - {text: Coordinating Action on Small Arms, para: '3'}\n"
)


def write_tables(
    folder: Path, tables: dict[str, list[dict[str, Any]]], drop: tuple[str, ...] = ()
) -> None:
    """One CSV per table; `drop` leaves columns out (to test bad gold)."""
    folder.mkdir(parents=True, exist_ok=True)
    for table, columns in TABLE_COLUMNS.items():
        if table not in tables:
            continue
        with open(folder / f"{table}.csv", "w", encoding="utf-8", newline="") as f:
            columns = [c for c in columns if c not in drop]
            w = csv.DictWriter(f, columns, restval="", extrasaction="ignore")
            w.writeheader()
            for row in tables[table]:
                w.writerow({"doc_id": DOC, "lang": "en", **row})


def build(tmp_path: Path, optional: bool = True) -> tuple[Path, Path, Path]:
    """tmp/gold/case.en and tmp/out/case.en (with document.json); returns gold, out, source."""
    source = tmp_path / "raw" / f"{DOC}.txt"
    source.parent.mkdir(parents=True)
    source.write_text(SOURCE, encoding="utf-8")
    gold, out = tmp_path / "gold", tmp_path / "out"
    write_tables(gold / DOC, GOLD)
    if optional:
        (gold / DOC / "annotations.yaml").write_text(OPTIONAL_YAML, encoding="utf-8")
    write_tables(out / DOC, PRED)
    meta = {"doc_id": DOC, "lang": "en", "source": str(source), "encoding": "utf-8"}
    (out / DOC / "document.json").write_text(json.dumps(meta), encoding="utf-8")
    return gold, out, source
