"""The corpus files of a run: every document's rows streamed into DIR/corpus_<table>.csv and
.parquet, then DIR/corpus.duckdb (pipeline/corpus.py runs the documents).

Everything is written to temporary files in DIR (named with the writer's process id, see
pipeline.output) and moved into place by `close()`, so an interrupted run leaves the previous
corpus files as they were, and a failed one (a full disk) leaves no temporary behind."""

from __future__ import annotations

import contextlib
import csv
import errno
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from pipeline.kinds import DOCUMENT_COLUMNS, DOCUMENTS, Column
from pipeline.kinds import TABLES as TABLE_SPECS
from pipeline.output import temporary_tag

# The columns of every corpus table: each table of the registry (contract, then derived), then
# one row a document.
CORPUS_COLUMNS: dict[str, tuple[Column, ...]] = {
    **{t: spec.output_columns for t, spec in TABLE_SPECS.items()},
    DOCUMENTS: DOCUMENT_COLUMNS,
}
CORPUS_TABLES = list(CORPUS_COLUMNS)
DUCKDB_NAME = "corpus.duckdb"
PARQUET_BATCH_ROWS = 20_000  # rows buffered per table before a Parquet row group is written

Row = tuple[Any, ...]  # one row of a table: values in CORPUS_COLUMNS order


def _arrow_schema(table: str) -> Any:
    import pyarrow as pa

    types = {int: pa.int64(), date: pa.date32(), list: pa.list_(pa.string())}
    return pa.schema([(c.name, types.get(c.type, pa.string())) for c in CORPUS_COLUMNS[table]])


def _csv_value(v: Any) -> Any:
    """A corpus cell as CSV text: NULL as "", a list as its items joined by "; "."""
    if v is None:
        return ""
    return "; ".join(v) if isinstance(v, list) else v


class CorpusWriter:
    """Streams document rows into DIR/corpus_<table>.csv and .parquet, then DIR/corpus.duckdb
    (see the module docstring)."""

    def __init__(self, out: Path, parquet: bool = True, duckdb: bool = True) -> None:
        from pipeline.tables import CORPUS_PREFIX, CSV_LINE_END

        self.prefix = CORPUS_PREFIX
        self.out, self.parquet, self.duckdb = out, parquet, duckdb
        self.documents = 0
        self.counts = dict.fromkeys(CORPUS_TABLES, 0)
        self._tmp: dict[str, Path] = {}  # final name -> temporary path
        self._csv: dict[str, Any] = {}
        self._files = contextlib.ExitStack()  # the open CSV files
        self._pq: dict[str, Any] = {}
        self._buffer: dict[str, list[Row]] = {t: [] for t in CORPUS_TABLES}
        umask = os.umask(0)
        os.umask(umask)
        self._mode = 0o666 & ~umask  # what open() would give; mkstemp's files are private
        try:
            for t in CORPUS_TABLES:
                path = self._temp(f"{self.prefix}{t}.csv")
                # left open for streaming; the ExitStack closes it in close() or abort()
                f = self._files.enter_context(open(path, "w", encoding="utf-8", newline=""))  # noqa: SIM115
                # minimal quoting and the line end of the document CSVs (pipeline.tables)
                self._csv[t] = csv.writer(f, lineterminator=CSV_LINE_END)
                self._csv[t].writerow([c.name for c in CORPUS_COLUMNS[t]])
        except BaseException:
            self.abort()  # the files made so far (a full disk, a read-only folder)
            raise

    def _temp(self, name: str) -> Path:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.{temporary_tag()}", dir=self.out)
        os.close(fd)
        self._tmp[name] = Path(tmp)
        return Path(tmp)

    def add(self, rows: dict[str, list[Row]]) -> None:
        self.documents += 1
        for t in CORPUS_TABLES:
            part = rows.get(t, [])
            self.counts[t] += len(part)
            self._csv[t].writerows(map(_csv_value, r) for r in part)
            if self.parquet:
                self._buffer[t].extend(part)
                if len(self._buffer[t]) >= PARQUET_BATCH_ROWS:
                    self._flush(t)

    def _flush(self, t: str) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _arrow_schema(t)
        if t not in self._pq:
            name = f"{self.prefix}{t}.parquet"
            self._pq[t] = pq.ParquetWriter(self._temp(name), schema, compression="zstd")
        rows = self._buffer[t]
        columns = list(zip(*rows, strict=True)) if rows else [[] for _ in schema]
        batch = pa.record_batch(
            [pa.array(col, type=f.type) for col, f in zip(columns, schema, strict=True)],
            schema=schema,
        )
        self._pq[t].write_batch(batch)
        self._buffer[t] = []

    def close(self) -> list[Path]:
        """Finish every file and move it into place; returns the corpus files written."""
        self._files.close()
        if self.parquet:
            for t in CORPUS_TABLES:
                if self._buffer[t] or t not in self._pq:
                    self._flush(t)
                self._pq[t].close()
        if self.duckdb:
            self._write_duckdb()
        written = []
        for name, tmp in self._tmp.items():
            os.chmod(tmp, self._mode)
            os.replace(tmp, self.out / name)
            written.append(self.out / name)
        self._tmp = {}
        # The typed files an earlier run wrote and this one does not would no longer hold what
        # the CSVs hold: the corpus files are all the last run's.
        untyped = [f"{self.prefix}{t}.parquet" for t in CORPUS_TABLES] if not self.parquet else []
        for name in untyped + ([] if self.duckdb else [DUCKDB_NAME]):
            (self.out / name).unlink(missing_ok=True)
        return written

    def _write_duckdb(self) -> None:
        """One table per kind and `documents`, typed like the Parquet files (from which it is
        loaded)."""
        import duckdb

        tmp = self._temp(DUCKDB_NAME)
        tmp.unlink()  # duckdb creates the file itself; an empty file is not a database
        con = duckdb.connect(str(tmp))
        try:
            for t in CORPUS_TABLES:
                if self.parquet:
                    src = str(self._tmp[f"{self.prefix}{t}.parquet"]).replace("'", "''")
                    con.execute(f"CREATE TABLE {t} AS SELECT * FROM read_parquet('{src}')")
                else:
                    src = str(self._tmp[f"{self.prefix}{t}.csv"]).replace("'", "''")
                    sql = {int: "BIGINT", date: "DATE"}
                    types = {c.name: sql.get(c.type, "VARCHAR") for c in CORPUS_COLUMNS[t]}
                    con.execute(
                        f"CREATE TABLE {t} AS SELECT * FROM read_csv('{src}', header=true, "
                        f"columns={types!r})"
                    )
                    for c in CORPUS_COLUMNS[t]:
                        if c.type is list:  # "a; b" in the CSV, a list as in Parquet
                            con.execute(
                                f"ALTER TABLE {t} ALTER {c.name} TYPE VARCHAR[] USING "
                                f"list_filter(string_split({c.name}, '; '), x -> x <> '')"
                            )
            # Written into the file now, where an error is raised (a full disk); at close()
            # DuckDB would keep the rows in its journal (.wal) without a word.
            con.execute("CHECKPOINT")
        finally:
            con.close()
        if tmp.with_name(tmp.name + ".wal").exists():
            raise OSError(errno.EIO, "DuckDB could not write its file (its journal remains)")

    def abort(self) -> None:
        """Remove every temporary; nothing here may raise (the disk may be full)."""
        with contextlib.suppress(Exception):
            self._files.close()  # a file's last buffer may not fit on the disk: it is dropped
        for w in self._pq.values():
            with contextlib.suppress(Exception):
                w.close()
        for tmp in self._tmp.values():
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)  # DuckDB's journal
        self._tmp = {}
