"""The per-document stage on a Dask cluster (``stance score --engine dask``).

The client (the process running `stance.score`) reads the inputs and cuts them
into chunks exactly as the in-process engine does, so doc_ids, chunk
fingerprints and ``--resume`` are the same; each chunk becomes one Dask task
(`stance.workers.run_chunk`) on whichever worker is free. A worker plugin
loads the parser when a worker joins and the stance model lazily in the
background (`stance.workers.LazyModel`), once per worker process, never per
task. Workers on a cluster send a chunk's quotes back and the client writes its
part, so a cluster needs no filesystem shared with the client; the workers of a
local cluster write their parts themselves, as pool workers do. At most a few
chunks per worker are in flight, which bounds the client's memory.
Cross-document steps then run in the client over the parts, as with the other
engine.

Without a scheduler address a `distributed.LocalCluster` is started on this
machine (one single-threaded worker process per ``workers``, with `LOCAL_CONFIG`);
with one, the run uses that cluster, whose workers must have this package and
its models installed.
"""
from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import sys
import threading
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from .errors import StanceError
from . import workers as worker_state
from .parts import Chunk
from .workers import Extractor, LazyModel, Stage, _hide_main, _init_worker, _Posts, finish, lost_chunk, run_chunk

try:
    from distributed import WorkerPlugin
except ImportError:  # the plugin class is only needed where distributed is installed
    WorkerPlugin = object


# A local cluster's workers without two Dask defaults that cost a CPU-bound run and buy it nothing (NOTES.md,
# speed14): the nanny's MALLOC_TRIM_THRESHOLD_=65536, set before it spawns a worker, which also turns off
# glibc's adaptive mmap threshold, so every array over 128 KiB is mapped and faulted in afresh (a chunk took
# 1.16-1.19x the CPU of a pool worker's with it); and the statistical profiler sampling the task's thread every
# 10 ms. A cluster given by address keeps its own settings.
LOCAL_CONFIG = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
                "distributed.worker.profile.enabled": False}

WORKER_FILES = (" (each worker reads the model and parser itself: install them on every worker, or keep them on a "
                "filesystem every worker sees at the same path)")


class StagePlugin(WorkerPlugin):
    """Loads the parser (now) and the stance model (in the background) on each worker."""

    name = "stance-stage"

    def __init__(self, stage: Stage):
        self.stage = stage

    def setup(self, worker=None) -> None:
        malloc_as_a_process()
        _loaded(self.stage)


def malloc_as_a_process() -> bool:
    """In a Dask worker whose nanny set MALLOC_TRIM_THRESHOLD_ (Dask's default, on any cluster): glibc's
    thresholds set where an ordinary process's adaptive ones settle (arrays up to 32 MiB from the heap, its
    top given back beyond 64 MiB), so a chunk's arrays are reused instead of mapped and faulted in afresh
    each time (with the variable, a chunk took 1.16-1.3x the CPU; with this, 1.0-1.06x; NOTES.md, speed14).
    Whether they were set (not on other C libraries, or without the variable)."""
    if not os.environ.get("MALLOC_TRIM_THRESHOLD_") or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        mmap_threshold, trim_threshold = -3, -1  # M_MMAP_THRESHOLD, M_TRIM_THRESHOLD (malloc.h)
        return bool(libc.mallopt(mmap_threshold, 32 << 20)) and bool(libc.mallopt(trim_threshold, 64 << 20))
    except (OSError, AttributeError):  # not glibc
        return False


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while the local cluster's processes start, so they inherit that: Ctrl-C
    reaches the whole process group, and only the client should stop (it closes the cluster
    and says what the output folder holds), not each nanny and worker with a traceback."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


class EventBoard:
    """`Board`'s reading side for workers on other machines: a worker posts each step of its chunk (parse,
    each input ended, classification) as a Dask event on the run's topic (`Worker.log_event`, a few bytes
    per document through the scheduler), which the client hears (`Client.subscribe_topic`) and the bar
    reads as it reads a pool's shared memory, so it moves a document at a time, not a chunk."""

    SLOTS = 4096  # chunks in flight at once, and many more

    def __init__(self):
        self.topic = f"stance-progress-{uuid.uuid4().hex}"
        self.values: list[tuple[int, int, int] | None] = [None] * self.SLOTS

    def heard(self, event) -> None:
        index, phase, done = event[1]
        self.values[index % self.SLOTS] = (index, phase, done)

    def read(self, index: int) -> tuple[int, int] | None:
        """(phase, inputs finished) of chunk `index`, or None before a worker begins it."""
        value = self.values[index % self.SLOTS]
        return value[1:] if value is not None and value[0] == index else None


class _EventPost:
    """A worker's end of `EventBoard`: `Board.post` as an event on the run's topic."""

    def __init__(self, topic: str):
        from distributed import get_worker

        self.topic, self.worker = topic, get_worker()

    def post(self, index: int, phase: int, done: int) -> None:
        self.worker.log_event(self.topic, [index, phase, done])


class DaskExtractor(Extractor):
    """`Extractor` whose chunks run as tasks on a Dask cluster, local or at `scheduler`; `progress`: its workers
    post each chunk's steps for the bar (`EventBoard`)."""

    def __init__(self, workers: int = 2, stage: Stage = Stage(), scheduler: str | None = None,
                 progress: bool = False):
        super().__init__(max(workers, 1), stage, EventBoard() if progress else None)
        self.scheduler = scheduler
        self._client = None
        self._cluster = None

    @property
    def parallel(self) -> bool:
        return True

    def __enter__(self) -> DaskExtractor:
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise StanceError("--engine dask needs Dask: pip install 'stance[dask]' "
                              "(or 'dask[distributed]')") from None
        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout="20s")
            else:
                with _hide_main(), _sigint_ignored(), dask.config.set(LOCAL_CONFIG):  # never re-run the user's script
                    self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                                 dashboard_address=None, silence_logs=logging.CRITICAL)
                self._client = Client(self._cluster)
            self.workers = max(len(self._client.scheduler_info().get("workers", {})), 1)
            # A cluster's workers send quotes back (the client writes the parts): no shared folder needed. A local
            # cluster's write them, as pool workers do (when they label them: they load the model themselves).
            local = self._cluster is not None and self.stage.model is not None
            self._worker_stage = replace(self.stage, parts=str(Path(self.stage.parts).resolve()) if local and self.stage.parts
                                         else None)
            self._client.register_plugin(StagePlugin(self._worker_stage))
            if self.board is not None:
                self._client.subscribe_topic(self.board.topic, self.board.heard)
        except (OSError, TimeoutError) as exc:
            self.__exit__()
            where = f"the Dask scheduler at {self.scheduler}" if self.scheduler else "a local Dask cluster"
            raise StanceError(f"cannot start or reach {where}: {exc}") from None
        return self

    def idle(self) -> str | None:
        """'no Dask workers ...' while the scheduler has none (not yet started, or all gone): the tasks wait
        for them, and the bar said instead that the first chunk's longest document was running."""
        try:
            if self._client is None or self._client.scheduler_info(n_workers=1).get("workers"):
                return None
        except Exception:  # noqa: BLE001 (the bar only; a lost scheduler fails the run where it is used)
            return None
        if not self.scheduler:
            return "no Dask workers: waiting for the local cluster's to start again"
        return f"no Dask workers: waiting for the scheduler at {self.scheduler} to have one (dask worker {self.scheduler})"

    def __exit__(self, *exc) -> None:
        if self._client is not None:
            if self.board is not None:
                with contextlib.suppress(Exception):  # a lost scheduler: nothing left to stop hearing
                    self._client.unsubscribe_topic(self.board.topic)
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def _submit(self, fn, *args):
        return self._client.submit(_chunk_task, self._worker_stage, *args, self.board.topic if self.board else "",
                                   pure=False)

    def _finished(self, entry, classify):
        from distributed import KilledWorker

        if not isinstance(entry, tuple):
            return entry
        (index, _, items), future = entry
        try:
            chunk = future.result()
        except KilledWorker:
            raise StanceError(lost_chunk("Dask workers died", index, items)) from None
        except StanceError as exc:  # the worker's own view (its folders, its packages), not this machine's
            raise StanceError(f"on a Dask worker: {exc}" + (WORKER_FILES if "no such model folder" in str(exc) else "")) from None
        finally:
            future.release()
        return finish(chunk, self.stage, classify, items)



# On each worker: the stages of the runs it serves, most recently used last (a worker of a shared cluster
# runs chunks of two runs at once, each with its own parser, model and encoder reading).
_STAGES_KEPT = 2
_stages: list[tuple[Stage, object, LazyModel | None, StanceError | None]] = []
_stages_lock = threading.Lock()


def _loaded(stage: Stage) -> tuple[object, LazyModel | None, StanceError | None]:
    """The parser, model and load error of `stage` on this worker, loaded the first time one of its chunks
    (or its plugin) comes; another run's stage is kept beside it, not loaded again at every switch."""
    with _stages_lock:
        for n, entry in enumerate(_stages):
            if entry[0] == stage:
                _stages.append(_stages.pop(n))
                return entry[1:]
        _init_worker(stage)
        _stages.append((stage, worker_state._worker_nlp, worker_state._worker_model, worker_state._worker_error))
        del _stages[:-_STAGES_KEPT]
        return _stages[-1][1:]


def _chunk_task(stage: Stage, index: int, key: str, items: list, topic: str = "") -> Chunk:
    """One chunk on a worker, with the parser and model its run's stage loaded there; `topic`: where its steps
    are posted for the client's bar (`EventBoard`), "" for none."""
    nlp, model, error = _loaded(stage)
    if error is not None:
        raise error
    return run_chunk(index, key, items, stage, nlp, classify=model.classify if model else None,
                     watch=_Posts(_EventPost(topic)) if topic else None)
