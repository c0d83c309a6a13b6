"""The two engines that map `run_shard` over shards: a local process pool and a Ray Data actor pool.

Neither schedules work itself (the standard library's pool and Ray Data do). What they add is
that no worker outlives its driver: a `geowire batch` killed with SIGKILL must not leave
processes that go on analysing shards (and writing them) behind the user's back.

- Local pool: each worker process watches its parent (`die_with_parent`) and exits at once
  when the driver is gone, whatever it is doing.
- Ray started here (no `--address`): Ray starts its GCS and raylet with the kernel's
  parent-death signal on Linux (`fate_share`), and its workers exit when their raylet dies, so
  the actors go with the driver within seconds (tests/test_batch_recovery.py checks it). Ray's
  dashboard and runtime-env agents notice later (up to a minute: their last report to the
  dead GCS times out first); they do no work meanwhile.
- An existing cluster (`--address`): the actors belong to the driver's job, which Ray ends
  when the driver's connection drops; the cluster itself stays up, as it should.
"""
from __future__ import annotations

import os
import sys
import threading
from typing import Iterator, Optional

from geowire.batch import BatchError, Output, Shard, ShardStats, run_shard


def _new_pipeline():
    os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core per worker: the pool is the parallelism
    from geowire.pipeline import Pipeline

    return Pipeline()


# ---- a worker dies with its driver ------------------------------------------------------

_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent_pid: int) -> None:
    """Make this process exit as soon as `parent_pid`, its parent, is gone, however it died.

    Two guards, because a worker may be deep in C code holding the GIL (a regex or a parser on
    a hostile page) when its driver is killed:

    - on Linux, the kernel's parent-death signal (prctl PR_SET_PDEATHSIG, through ctypes:
      the `python-prctl` package would be a compiled dependency for one call, and the standard
      library has no binding) sends SIGKILL at once;
    - everywhere, a daemon thread blocks on `multiprocessing.parent_process().sentinel` (a
      pipe the spawning parent holds open: it reads as ready when the parent exits) and then
      ends the process with `os._exit`.

    A parent that died before the signal was armed is caught by comparing `os.getppid()`. (The
    kernel sends the signal when the parent's *thread* that spawned the worker ends: the pool is
    made and consumed by one thread, in `run_local`, which outlives its workers.)"""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # no libc symbol (an exotic libc): the thread below still guards
            pass
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    import multiprocessing
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:  # not a multiprocessing child: nothing to watch
        return

    def watch(sentinel=parent.sentinel) -> None:
        wait([sentinel])
        os._exit(1)  # not sys.exit: the main thread is busy with a shard and must not finish it

    threading.Thread(target=watch, name="geowire-parent-watch", daemon=True).start()


# ---- the local pool ---------------------------------------------------------------------

_WORKER: dict = {}  # the pipeline and output of a pool process, loaded once by its initializer


def _init_pool_worker(out_uri: str, parent_pid: int) -> None:
    die_with_parent(parent_pid)  # first: loading the models takes seconds
    _WORKER["pipeline"], _WORKER["out"] = _new_pipeline(), Output(out_uri)


def _run_in_pool_worker(shard_json: str) -> ShardStats:
    return run_shard(Shard.from_json(shard_json), _WORKER["pipeline"], _WORKER["out"])


def run_local(shards: list[Shard], out: Output, workers: int = 1) -> Iterator[ShardStats]:
    """Shards through a pool of `workers` processes, each loading the pipeline once (1: in this process).

    Processes are spawned, not forked: the driver may hold threads (progress, Ray) that a fork
    would copy in an unknown state. Each exits with the driver (`die_with_parent`)."""
    if not shards:
        return
    if workers <= 1:
        pipeline = _new_pipeline()
        for shard in shards:
            yield run_shard(shard, pipeline, out)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(min(workers, len(shards)), mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_pool_worker, initargs=(out.uri, os.getpid()))
    try:
        futures = {pool.submit(_run_in_pool_worker, s.to_json()): s for s in shards}
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool as err:  # a worker died (out of memory, killed): redo on the next run
                yield ShardStats(futures[future].id, failure=f"shard {futures[future].id}: worker died: {err}")
    except BaseException:  # Ctrl-C, or the caller stopped iterating: stop the workers now
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def _stop_pool(pool) -> None:
    """Stop a process pool at once: queued shards cancelled, running ones killed (unmarked, they
    are redone by the next run). `shutdown(cancel_futures=True)` alone lets the running shards
    finish, and leaving the pool's `with` block would even wait for every queued one (minutes
    after a Ctrl-C); the standard library has no public way to kill the workers, hence
    `_processes` (a dict of pid to Process since Python 3.3, emptied by `shutdown`: read first)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.kill()


# ---- Ray --------------------------------------------------------------------------------

class ShardWorker:
    """A Ray Data actor: loads the pipeline once, then runs one shard per call.

    The output comes with each shard rather than as a constructor argument: Ray keeps
    constructor arguments in the object store, where a restarted actor may not find them."""

    def __init__(self):
        self.pipeline = _new_pipeline()

    def __call__(self, batch: dict) -> dict:
        stats = [run_shard(Shard.from_json(str(shard)), self.pipeline, Output(str(out)))
                 for shard, out in zip(batch["shard"], batch["out"])]
        return {name: [getattr(s, name) for s in stats] for name in ShardStats.__dataclass_fields__}


def run_ray(shards: list[Shard], out: Output, workers: Optional[int] = None,
            address: Optional[str] = None) -> Iterator[ShardStats]:
    """Shards through a Ray Data actor pool of `workers` actors of one CPU each.

    Connects to the cluster at `address` (`auto`, `ray://host:10001`, ...) if given, else uses the
    Ray already initialised in this process, else starts a local one with `workers` CPUs (shut
    down with the run, and by Ray itself should this process be killed: see the module's doc)."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise BatchError("the ray engine needs Ray: pip install 'geowire[ray]'") from None
    import logging

    if not shards:
        return
    started_here = not ray.is_initialized()
    if started_here:
        try:
            if address:
                ray.init(address=address, logging_level=logging.WARNING)
            else:
                # "local": a new Ray of this process's own, as promised, even if RAY_ADDRESS is set or a
                # `ray start` cluster runs here (ray.init() would join those, and refuse num_cpus)
                ray.init(address="local", num_cpus=workers or os.cpu_count(), include_dashboard=False,
                         logging_level=logging.WARNING)
        except (ConnectionError, RuntimeError, ValueError, ray.exceptions.RayError) as err:
            # an unreachable cluster, a refused token, a bad address: one line, not Ray's traceback
            from geowire.pipeline import one_line

            raise BatchError(f"cannot start or join Ray{f' at {address}' if address else ''}: "
                             f"{one_line(err)}") from None
    try:
        workers = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        context = ray.data.DataContext.get_current()
        context.enable_progress_bars = False  # geowire shows its own, in documents per second
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        logging.getLogger("ray.data._internal.progress").setLevel(logging.ERROR)  # "progress bars disabled"
        dataset = ray.data.from_items([{"shard": s.to_json(), "out": out.uri} for s in shards],
                                      override_num_blocks=len(shards))  # a block per shard: any actor takes any
        results = dataset.map_batches(
            ShardWorker, batch_size=1, num_cpus=1,
            # one shard in flight per actor: a queued shard waits for the first free actor, not a busy one
            compute=ray.data.ActorPoolStrategy(size=min(workers, len(shards)), max_tasks_in_flight_per_actor=1))
        try:
            for row in results.iter_rows():
                yield ShardStats(**{k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()})
        except ray.exceptions.RayError as err:  # e.g. the actors could not start; finished shards stay done
            from geowire.pipeline import one_line

            raise BatchError(f"the Ray run stopped: {one_line(err)}") from None
    finally:
        if started_here:
            ray.shutdown()
