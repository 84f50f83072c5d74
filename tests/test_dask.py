"""The Dask path: each document a task on a cluster, gathered into the same tables as a run in
one process. The cluster is a LocalCluster of 2 in-process workers (processes=False: no ports,
no subprocesses, nothing left to hang)."""

from __future__ import annotations

from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster

from pipeline.cli import main
from pipeline.corpus import TABLES, run_corpus
from tests.conftest import SEED


@pytest.fixture(scope="module")
def cluster():
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "5s"}),
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=None,
        ) as c,
    ):
        assert c.scheduler_address.startswith("inproc://")  # no network at all
        yield c


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("in")
    text = SEED.read_text(encoding="utf-8")
    files = []
    for i in range(6):
        f = folder / f"doc{i}.zh.txt"
        f.write_text(text if i % 2 else text[: len(text) * (i + 2) // 8], encoding="utf-8")
        files.append(f)
    broken = folder / "broken.txt"
    broken.write_bytes(b"\x00\x01\x02binary\x00" * 100)
    return sorted([*files, broken])


def corpus_bytes(out: Path) -> dict[str, bytes]:
    files = {f"corpus_{t}.csv": (out / f"corpus_{t}.csv").read_bytes() for t in TABLES}
    for folder in sorted(p for p in out.iterdir() if p.is_dir()):
        for t in TABLES:
            files[f"{folder.name}/{t}.csv"] = (folder / f"{t}.csv").read_bytes()
    return files


def test_dask_gives_the_same_tables_as_one_process(cluster, inputs, tmp_path):
    import pyarrow.parquet as pq

    local, remote = tmp_path / "local", tmp_path / "dask"
    report_local = run_corpus(inputs, local, jobs=1)
    with Client(cluster, timeout="10s") as client:
        assert len(client.nthreads()) == 2
        report_dask = run_corpus(inputs, remote, client=client)
    assert (report_dask.done, report_dask.failed) == (report_local.done, report_local.failed)
    assert (report_dask.done, report_dask.failed) == (6, 1)  # the broken file, reported
    assert report_dask.counts == report_local.counts
    assert corpus_bytes(remote) == corpus_bytes(local)
    for t in TABLES:
        a = pq.read_table(local / f"corpus_{t}.parquet")
        b = pq.read_table(remote / f"corpus_{t}.parquet")
        assert a.equals(b), t


def test_the_cli_runs_on_a_scheduler_address(cluster, inputs, tmp_path, capsys):
    code = main(
        [
            "extract",
            *map(str, inputs),
            "--out",
            str(tmp_path),
            "--scheduler",
            cluster.scheduler_address,
        ]
    )
    captured = capsys.readouterr()
    assert code == 1  # the broken file failed; the others were written
    assert "broken.txt" in captured.err
    assert "7 documents: 6 extracted, 1 failed" in captured.out
    assert (tmp_path / "corpus.duckdb").is_file()


def test_an_unreachable_scheduler_is_a_usage_error(inputs, tmp_path, capsys):
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code = main(
            ["extract", str(inputs[0]), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:1"]
        )
    assert code == 2
    assert "cannot reach Dask scheduler" in capsys.readouterr().err
