"""Tables stage: rows to pandas DataFrames, written per document and for the whole corpus.

Every document's folder is written to a temporary folder beside it and moved into place only when
complete, so an interrupted run never leaves half-written tables behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.model import TABLE_COLUMNS, Extraction, Layout

CORPUS_PREFIX = (
    "corpus_"  # DIR/corpus_<table>.csv; see README ("Output") for why not DIR/<table>.csv
)


def paragraph_rows(layout: Layout) -> list[dict[str, Any]]:
    doc = layout.document
    return [
        {
            "doc_id": doc.doc_id,
            "lang": doc.lang,
            "para": p.key,
            "text": p.view.text,
            "start": p.start,
            "end": p.end,
            "zone": p.zone,
            "number": "" if p.number is None else p.number,
            "section": p.section,
            "page_start": p.page_start,
        }
        for p in layout.paragraphs
    ]


def frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A table with exactly the contract's columns first (extra columns kept after them)."""
    columns = TABLE_COLUMNS[table]
    df = pd.DataFrame(rows, columns=columns if not rows else None)
    if rows:
        extra = [c for c in df.columns if c not in columns]
        for c in columns:
            if c not in df.columns:
                df[c] = ""
        df = df[columns + extra]
    return df.astype(object).where(df.notna(), "")


def document_json(layout: Layout) -> dict[str, Any]:
    doc = layout.document
    return {
        "doc_id": doc.doc_id,
        "lang": doc.lang,
        "source": doc.path,
        "encoding": doc.encoding,
        **{k: v for k, v in layout.metadata.items()},
    }


def safe_name(doc_id: str) -> str:
    """A folder name that cannot escape the output folder: no separators, no leading dot."""
    name = re.sub(r"[^\w.\-]", "_", doc_id).strip()
    if not name or name.startswith("."):
        name = "_" + name
    return name[:200]


def tables_of(extraction: Extraction) -> dict[str, pd.DataFrame]:
    tables = {"paragraphs": frame("paragraphs", paragraph_rows(extraction.layout))}
    for name in ("dates", "symbols", "organizations"):
        tables[name] = frame(name, extraction.tables.get(name, []))
    return tables


def write_document(extraction: Extraction, out_dir: Path) -> Path:
    """Write one document's folder atomically; returns its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    final = out_dir / safe_name(extraction.layout.document.doc_id)
    tmp = Path(tempfile.mkdtemp(prefix=f".{final.name}.tmp-", dir=out_dir))
    try:
        for name, df in tables_of(extraction).items():
            df.to_csv(tmp / f"{name}.csv", index=False)
        with open(tmp / "document.json", "w", encoding="utf-8") as f:
            json.dump(document_json(extraction.layout), f, ensure_ascii=False, indent=2)
        replace_dir(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return final


def replace_dir(new: Path, final: Path) -> None:
    """Move `new` to `final`, replacing an older `final` without a moment where neither exists
    in a half-written state."""
    if final.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{final.name}.old-", dir=final.parent))
        os.replace(final, old / "x")
        os.replace(new, final)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(new, final)


def write_corpus(doc_dirs: list[Path], out_dir: Path) -> None:
    """Corpus-wide tables (all documents of the run, with doc_id), written atomically."""
    for name in TABLE_COLUMNS:
        parts = [pd.read_csv(d / f"{name}.csv", dtype=str, keep_default_na=False) for d in doc_dirs]
        df = pd.concat(parts, ignore_index=True) if parts else frame(name, [])
        atomic_write_csv(df, out_dir / f"{CORPUS_PREFIX}{name}.csv")


def atomic_write_csv(df: pd.DataFrame, path: Path) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        df.to_csv(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
