"""Where a corpus run's tasks (pipeline/corpus_task.py) run when not in the run's own process:
local worker processes (a pool started by a fork server that imports the pipeline once, a new
pool where a worker died, workers that end with the run's process) or a Dask cluster. Either
way results come in input order from a bounded window of tasks in flight. Imported only when a
run has workers, so that a run of one document pays nothing for multiprocessing."""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

from pipeline.corpus_task import DocResult, Task, run_document
from pipeline.kinds import TABLES as TABLE_SPECS
from pipeline.kinds import Kind


def window(submit: Callable[[Task], Any], tasks: list[Task], size: int) -> Iterator[Any]:
    """Futures in input order, at most `size` in flight: ordered output, bounded memory."""
    pending: deque[Any] = deque()
    it = iter(tasks)
    for task in it:
        pending.append(submit(task))
        if len(pending) >= size:
            break
    while pending:
        yield pending.popleft()
        for task in it:
            pending.append(submit(task))
            break


# Modules a local worker imports once, before it is forked for the tasks.
_PRELOAD = [
    "pipeline.runner",
    "pipeline.tables",
    *(k.extractor for k in TABLE_SPECS.values() if isinstance(k, Kind)),
]


def _pool_context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: forking a parent that already runs threads (the pool's
    own, tqdm's) is unsafe, and the server, forked once with the pipeline imported, starts
    each worker in milliseconds."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _exit_with_parent(watch: Any) -> None:
    """Pool initializer: a thread of the worker that waits on a pipe whose only writing end the
    run's process holds, and ends the worker when that end closes, which the system does when
    the process dies however it dies (kill -9 included). Without it the workers of a killed run
    go on with their documents, then wait for tasks forever; and the fork server, which lives as
    long as any of its workers, stays with them."""

    def wait() -> None:
        with contextlib.suppress(EOFError, OSError):
            while True:
                watch.recv_bytes()
        os._exit(1)

    threading.Thread(target=wait, name="exit-with-parent", daemon=True).start()


def run_local(tasks: list[Task], jobs: int) -> Iterator[DocResult]:
    """`jobs` worker processes. If a worker dies (killed, out of memory), the pool breaks: the
    first unfinished document in input order is reported as failed, and a new pool takes the
    rest, so one such document cannot stop the run. The workers end when this process does."""
    watch, alive = multiprocessing.Pipe(duplex=False)  # `alive` is never written, only closed
    try:
        yield from _run_pools(tasks, jobs, watch)
    finally:
        alive.close()
        watch.close()


def _run_pools(tasks: list[Task], jobs: int, watch: Any) -> Iterator[DocResult]:
    start = 0
    while start < len(tasks):
        pool = cf.ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=_pool_context(),
            initializer=_exit_with_parent,
            initargs=(watch,),
        )

        def submit(task: Task, pool: cf.ProcessPoolExecutor = pool) -> tuple[Task, cf.Future]:
            return task, pool.submit(run_document, *task)

        try:
            for task, future in window(submit, tasks[start:], jobs * 4):
                broken = False
                try:
                    result = future.result()
                except cf.process.BrokenProcessPool:
                    broken = True
                    result = DocResult(path=task[0], error=f"{task[0]}: worker process died")
                start += 1
                yield result
                if broken:
                    break
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def run_dask(tasks: list[Task], client: Any) -> Iterator[DocResult]:
    """One Dask task per document. A task whose worker died is retried by Dask elsewhere; one
    that still fails comes back as this document's error."""
    threads = sum(client.nthreads().values()) or 1
    futures = window(
        lambda t: (t, client.submit(run_document, *t, pure=False)), tasks, max(8, threads * 4)
    )
    for task, future in futures:
        try:
            result = future.result()
        except Exception as e:  # KilledWorker, lost connection to the worker...
            result = DocResult(path=task[0], error=f"{task[0]}: task failed ({e!r})")
        finally:
            future.release()
        yield result
