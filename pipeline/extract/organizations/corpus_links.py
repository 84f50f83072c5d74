"""Bodies outside the gazetteer across the documents of one corpus run.

Within a document, every form of a body has one `new:` id (bodies.py). Across documents, a body
named alike has the same id already (the id is its name's slug); a body that two documents
define with the same acronym under two names (`National Office against Racial Discrimination
(UNAR)`, `Ufficio Nazionale Antidiscriminazioni Razziali (UNAR)`) is one body: the later
document's rows take the id and names of the first document that defined the acronym (documents
come in input order, so the result does not depend on how the run was scheduled). A row of a
body known with an acronym gets it where its own document did not define one.
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.extract.organizations.bodies import NEW
from pipeline.kinds import TABLE_COLUMNS

COLUMNS = TABLE_COLUMNS["organizations"]
ID, EN, ZH, ACR = (COLUMNS.index(c) for c in ("org_id", "name_en", "name_zh", "acronym"))

Row = tuple[Any, ...]  # a row of the organizations table, its values in COLUMNS order


class CorpusLinks:
    """What the documents read so far say about the bodies outside the gazetteer."""

    def __init__(self) -> None:
        self.by_acronym: dict[str, tuple[str, str, str]] = {}  # acronym -> (id, en, zh)
        self.acronym_of: dict[str, str] = {}  # id -> its acronym

    def link(self, rows: Sequence[Row]) -> list[Row] | None:
        """The rows of the next document with the ids and names of the documents before;
        None if nothing changes."""
        # this document's bodies: an acronym it defines for a body another one defined first
        remap: dict[str, tuple[str, str, str]] = {}
        for r in rows:
            oid, acronym = r[ID], r[ACR]
            if not oid.startswith(NEW) or not acronym:
                continue
            first = self.by_acronym.setdefault(acronym, (oid, r[EN], r[ZH]))
            self.acronym_of.setdefault(first[0], acronym)
            if first[0] != oid:
                remap[oid] = first
        out: list[Row] = []
        changed = False
        for r in rows:
            oid = r[ID]
            if not oid.startswith(NEW):
                out.append(r)
                continue
            new = list(r)
            if oid in remap:
                new[ID], new[EN], new[ZH] = remap[oid]
                new[ACR] = self.acronym_of.get(new[ID], r[ACR])
            elif not r[ACR] and oid in self.acronym_of:
                new[ACR] = self.acronym_of[oid]
            changed |= new != list(r)
            out.append(tuple(new))
        return out if changed else None


def relink(links: CorpusLinks, rows: dict[str, list[Row]], folder: Path) -> None:
    """Link the organizations of one document of a corpus run (`rows`, its tables as the corpus
    files take them, changed in place) to those of the documents before it; the document's own
    organizations.csv in `folder` is rewritten to agree (atomically)."""
    linked = links.link(rows.get("organizations", []))
    if linked is None:
        return
    rows["organizations"] = linked
    from pipeline.tables import CSV_LINE_END

    path = folder / "organizations.csv"
    fd, tmp = tempfile.mkstemp(prefix=".organizations.", dir=folder)
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator=CSV_LINE_END)
        writer.writerow(COLUMNS)
        writer.writerows(["" if v is None else v for v in r] for r in linked)
    os.chmod(tmp, 0o644 if not path.exists() else path.stat().st_mode & 0o777)
    os.replace(tmp, path)
