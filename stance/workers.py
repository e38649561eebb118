"""The per-document stage at scale: chunks of documents extracted and classified, here or in workers.

A chunk (`stance.parts.Chunk`) is the unit of work, of resuming and of output:
`run_chunk` extracts each document (within a time budget), labels the chunk's
quotes in one large batch, and writes the chunk's part when a parts folder is
given, so a Dask task or a pool worker can call it alike. The parser loads when
a worker starts; the stance model loads lazily, in a background thread, so the
first documents are parsed while it loads. Chunks come back in input order.

Workers are spawned, never forked (forking a process that holds threads, as torch
and notebooks do, can deadlock), and they never run the user's script: a script
that calls `stance.score(..., workers=2)` without a ``__main__`` guard works.
"""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
import types
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from .errors import StanceError
from .extract import extract_quotes, parse_text
from .quotes import find_quote_spans
from .io import Input, Item, Skipped
from .nlp import load_parser
from .parts import Chunk, write_part

# Documents per chunk: one task for a worker, one part on disk, one `nlp.pipe` batch. The parse runs
# 1.15-1.3x more words per CPU-second in batches of 32 than of 16 (the CNN's matrix products grow with
# the batch), with every tag, head, label and sentence start the same (NOTES.md, speed11).
CHUNK_SIZE = 32
_AHEAD = 2  # chunks queued per worker: keeps workers busy without reading the whole input
DOC_TIMEOUT = 120.0  # seconds one document may take before it is skipped
BUDGET_CHARS = 100_000  # ... per this many characters of a longer one (a 1 MB article is not a hang)
# ... up to this many times DOC_TIMEOUT (10 minutes by default, reached at 500,000 characters): a 2 MB
# article of 17,334 quotes took 6 min on a loaded machine, and a worker held longer than this by one
# document is a hang a user would want named, not 40 minutes of waiting
BUDGET_CAP = 5
BATCH_CHARS = 20_000  # a document with more text to parse is parsed alone, not in its chunk's batch
# The layers before the parser (the CNN, the tagger) take a chunk's documents this many at a time: 1.15x
# faster than 32 at once (their arrays stay nearer the cache); the parser takes the whole chunk (its step
# loop gains from more documents). Parses are the same whatever the batches (NOTES.md, speed13).
LAYER_BATCH = 16


@dataclass(frozen=True)
class ModelSpec:
    """What a worker needs to load the stance model itself: the `model` and `codebook`
    arguments as given (paths or names), never the loaded objects; and how the caller chose to run
    its encoder (`encoder_dtype`, "" for none), which a worker on another machine would otherwise
    choose for itself (bfloat16 where its CPU has it): one run, one reading."""

    model: str | None = None
    codebook: object = None  # a path, or a Codebook (frozen, picklable)
    encoder_dtype: str = ""


@dataclass(frozen=True)
class Stage:
    """Everything a chunk task needs besides its documents (picklable)."""

    parser: str = ""
    timeout: float | None = DOC_TIMEOUT
    model: ModelSpec | None = None  # None: the caller labels the quotes
    labels: tuple[str, ...] = ()
    parts: str | None = None  # folder to write each chunk's part into


class DocumentTimeout(BaseException):
    """Raised in the middle of extraction when a document runs past its time budget
    (a BaseException, so no `except Exception` inside extraction swallows it)."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in this thread after `seconds`. In a process's main thread a
    SIGALRM timer; in any other thread (a Dask worker runs tasks in threads) a timer thread
    that raises the exception in this one. Python code is interrupted at once; a long
    stretch inside compiled code when it returns. No budget: nothing is timed."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        with _thread_budget(seconds):
            yield
        return

    def expired(signum, frame):
        raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _thread_budget(seconds: float) -> Iterator[None]:
    """DocumentTimeout raised asynchronously in this thread (CPython's PyThreadState_SetAsyncExc);
    a lock makes sure it can only land inside the block, never after it."""
    import ctypes

    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"active": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["active"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["active"] = False
            timer.cancel()
            if state["fired"]:  # not delivered yet if the block ended first: withdraw it
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)


def outcome(item: Item, nlp, timeout: float | None = DOC_TIMEOUT, parsed=None, spans=None) -> Skipped | tuple[dict, list]:
    """The quotes of one input and its documents.csv row, or why it was skipped (`parsed` and
    `spans`: its parse and quote spans, when already made)."""
    if isinstance(item, Skipped):
        return item
    doc = item.document
    seconds, capped = document_budget(timeout, len(doc.text))
    try:
        with time_budget(seconds):
            quotes = extract_quotes(doc, nlp, parsed, spans)
    except DocumentTimeout:
        cap = f", the most any document gets ({BUDGET_CAP} x --doc-timeout)" if capped else ""
        return Skipped(item.path, doc.doc_id, f"extraction ran past its time budget ({round(seconds, 4):g} s{cap})")
    except Exception as exc:  # a bug on one odd document must not lose a whole batch
        return Skipped(item.path, doc.doc_id, f"extraction failed: {type(exc).__name__}: {exc}")
    row = {"doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "date": doc.date,
           "url": doc.url, "path": item.path, "n_quotes": len(quotes)}
    return row, quotes


def document_budget(timeout: float | None, chars: int) -> tuple[float | None, bool]:
    """The seconds a document of `chars` characters may take (`timeout` per BUDGET_CHARS beyond the first,
    at most BUDGET_CAP x `timeout`; None: no limit), and whether the cap was what bound it."""
    if not timeout:
        return None, False
    grown = timeout * max(1.0, chars / BUDGET_CHARS)
    return min(grown, timeout * BUDGET_CAP), grown > timeout * BUDGET_CAP


def run_chunk(index: int, key: str, items: list[Item], stage: Stage, nlp=None,
              classify: Callable[[list], list] | None = None, watch=None) -> Chunk:
    """Extract a chunk's documents, label its quotes in one batch (`classify`), and write its
    part when `stage.parts` is set (the quotes then stay on disk, not in the returned Chunk).
    `watch` (the progress bar's `_Watch` in this process, or a worker's `Board` post) is told as the
    chunk's parse begins, as each input starts and ends, and as its quotes are classified."""
    chunk = Chunk(index, key, inputs=len(items))
    if nlp is None and any(isinstance(item, Input) for item in items):
        nlp = load_parser(stage.parser)  # only once a document needs it
    spans = quote_spans(items)  # found once: the parse needs them, then extraction
    if watch is not None:
        watch.parsing(index, len(items))
    parsed = parse_together(items, nlp, stage.timeout, spans)
    for n, item in enumerate(items):
        if watch is not None:
            watch.started(index, item)
        result = outcome(item, nlp, stage.timeout, parsed.get(n), spans[n])
        if watch is not None:
            watch.finished(index)
        if isinstance(result, Skipped):
            chunk.skipped.append(result)
        else:
            chunk.documents.append(result[0])
            chunk.quotes.extend(result[1])
    if watch is not None and classify is not None and chunk.quotes:
        watch.classifying(index, len(chunk.quotes))
    return finish(chunk, stage, classify, items)


def quote_spans(items: list[Item]) -> list[list | None]:
    """Each input's quote spans (`find_quote_spans`; None for a skipped input), by position."""
    return [find_quote_spans(item.document.text) if isinstance(item, Input) else None for item in items]


def parse_together(items: list[Item], nlp, timeout: float | None = DOC_TIMEOUT,
                   spans: list[list | None] | None = None) -> dict[int, object]:
    """The parses of a chunk's documents, by position, from one `nlp.pipe` call: 25-30% more words
    per CPU-second than one document at a time, with the same parses. Within one document's time
    budget; when the batch runs past it or fails, nothing (each document is then parsed alone,
    within its own budget, and only the document at fault is skipped). A document with more than
    `BATCH_CHARS` to parse is left to be parsed alone. `spans`: `quote_spans(items)`, when found."""
    spans = quote_spans(items) if spans is None else spans
    todo = [(n, text) for n, item in enumerate(items) if isinstance(item, Input)
            and 0 < len(text := parse_text(item.document.text, spans[n])) <= BATCH_CHARS]
    if len(todo) < 2:
        return {}
    try:
        layers = {name: {"batch_size": LAYER_BATCH} for name in nlp.pipe_names if name != "parser"}
        with time_budget(timeout):
            docs = list(nlp.pipe([text for _, text in todo], batch_size=len(todo), component_cfg=layers))
    except (DocumentTimeout, Exception):  # noqa: BLE001 (redone one document at a time, where it is reported)
        return {}
    return {n: doc for (n, _), doc in zip(todo, docs)}


class LazyModel:
    """The stance model, loading in a background thread from the moment it is asked for: its head
    and its encoder (which `load_model` leaves to the first prediction), so the first chunk's
    documents are parsed meanwhile. Its encoder runs as `spec.encoder_dtype` says (`encoder.run_as`, in
    the threads that load and use it), not as the process's environment does: two runs sharing a Dask
    worker each keep their own reading."""

    def __init__(self, spec: ModelSpec):
        self.spec = spec
        self._model = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="stance-model", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        from .encoder import run_as

        try:
            import pandas as pd

            from .codebook import Codebook, load_codebook
            from .model import load_model

            codebook = self.spec.codebook
            with run_as(self.spec.encoder_dtype):
                model = load_model(self.spec.model, codebook if isinstance(codebook, Codebook) else load_codebook(codebook))
                # The encoder loads on the first prediction: make it here, while the first documents are parsed.
                model.predict_proba(pd.DataFrame({"text": ["warm-up"], "cue": [""], "sentence": [""]}))
            self._model = model
        except BaseException as exc:  # raised where the model is first used
            self._error = exc

    def classify(self, quotes: list, documents: dict | None = None) -> list:
        from .encoder import run_as
        from .model import classify_quotes

        self._thread.join()
        if self._error is not None:
            raise self._error
        with run_as(self.spec.encoder_dtype):
            return classify_quotes(quotes, self._model, documents)

    def close(self) -> None:
        """Wait for the loading to end: a run that ends before its first classification (no document
        read, a bad parser) must not leave the thread inside ONNX Runtime or torch while Python exits,
        which aborts the process ("terminate called without an active exception", exit status 134)."""
        self._thread.join()


class Board:
    """How far each chunk in a pool worker has got, for the parent's progress bar: one 64-bit slot per
    chunk in flight (its index modulo `slots`), written only by the worker running that chunk (the
    chunk's index, its phase and the inputs it has finished, in one store) and read by the parent's
    bar. Shared memory without a lock: a worker killed mid-write leaves one stale number, never a
    held lock, and a document costs its worker one store."""

    PARSING, EXTRACTING, CLASSIFYING = 0, 1, 2

    def __init__(self, slots: int):
        self.slots = slots
        self.values = multiprocessing.get_context("spawn").RawArray("q", slots)  # zeros: no chunk

    @classmethod
    def for_pool(cls, workers: int) -> Board:
        """Slots for every chunk a pool of `workers` can have in flight (`_AHEAD` each), and spare."""
        return cls(2 * (_AHEAD + 1) * workers + 8)

    def post(self, index: int, phase: int, done: int) -> None:
        self.values[index % self.slots] = ((index + 1) << 24) | (phase << 20) | min(done, (1 << 20) - 1)

    def read(self, index: int) -> tuple[int, int] | None:
        """(phase, inputs finished) of chunk `index`, or None before its worker begins it."""
        value = self.values[index % self.slots]
        if value >> 24 != index + 1:
            return None
        return (value >> 20) & 0xF, value & ((1 << 20) - 1)


class _Posts:
    """A worker's `run_chunk` watch: posts each step of its chunk on the `Board`."""

    def __init__(self, board: Board):
        self.board, self.done = board, 0

    def parsing(self, index: int, inputs: int) -> None:
        self.done = 0
        self.board.post(index, Board.PARSING, 0)

    def started(self, index: int, item: Item) -> None:
        self.board.post(index, Board.EXTRACTING, self.done)

    def finished(self, index: int) -> None:
        self.done += 1
        self.board.post(index, Board.EXTRACTING, self.done)

    def classifying(self, index: int, quotes: int) -> None:
        self.board.post(index, Board.CLASSIFYING, self.done)


class Extractor:
    """Turns chunks of inputs into finished chunks, in order, in this process or in a pool."""

    def __init__(self, workers: int = 1, stage: Stage = Stage(), board: Board | None = None):
        """`board`: pool workers post their chunks' progress there (`Board`), for the bar."""
        self.workers = workers
        self.stage = stage
        self.board = board
        self._pool: ProcessPoolExecutor | None = None
        self._model: LazyModel | None = None
        self._pending: deque = deque()  # chunks in flight, in order: sent again if the pool breaks

    def __enter__(self) -> Extractor:
        if self.workers > 1:
            self._start()
            for _ in range(self.workers):  # start them now: they load the parser while the caller reads
                self._submit(_ready)
        elif self.stage.model is not None:
            self._model = LazyModel(self.stage.model)
        return self

    def _start(self) -> None:
        # Workers label and write parts only when they can load the model themselves.
        stage = self.stage if self.stage.model is not None else replace(self.stage, parts=None)
        self._pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=_init_pool_worker, initargs=(stage, self.board))

    def __exit__(self, *exc) -> None:
        if self._model is not None:
            self._model.close()
        if self._pool is not None:
            processes = list((self._pool._processes or {}).values())  # noqa: SLF001 (no public way to stop them)
            self._pool.shutdown(wait=False, cancel_futures=True)
            for process in processes:
                process.terminate()
            self._pool = None

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def idle(self) -> str | None:
        """Why no chunk can run now, for the bar (None: they can, or it is not known)."""
        return None

    def chunks(self, tasks: Iterable[Chunk | tuple[int, str, list[Item]]],
               classify: Callable[[list], list] | None = None, watch=None) -> Iterator[Chunk]:
        """Each task (index, key, items) run; a Chunk already done (a part on disk) passes through.
        `classify` labels quotes here when the stage has no model for the workers to load; `watch`
        hears of each input as it starts and ends when they run in this process (`run_chunk`)."""
        if not self.parallel:
            classify = classify or (self._model.classify if self._model else None)
            for task in tasks:
                yield task if isinstance(task, Chunk) else run_chunk(*task, self.stage, classify=classify, watch=watch)
            return
        pending: deque = self._pending
        for task in tasks:
            pending.append(task if isinstance(task, Chunk) else (task, self._submit(_worker_chunk, *task)))
            if len(pending) > _AHEAD * max(self.workers, 1):
                yield self._finished(pending.popleft(), classify)
        while pending:
            yield self._finished(pending.popleft(), classify)

    def _submit(self, fn, *args) -> Future:
        with _hide_main():  # the executor starts processes as tasks arrive
            return self._pool.submit(fn, *args)

    def _finished(self, entry, classify) -> Chunk:
        if isinstance(entry, Chunk):
            return entry
        (index, key, items), future = entry
        try:
            chunk = future.result()
        except BrokenProcessPool:  # a worker died: every chunk in flight is lost with it
            chunk = self._isolated(index, key, items)
            for n, waiting in enumerate(self._pending):  # then sent again, whole, to the new pool
                if not isinstance(waiting, Chunk):
                    self._pending[n] = (waiting[0], self._submit(_worker_chunk, *waiting[0]))
        return finish(chunk, self.stage, classify, items)

    def _isolated(self, index: int, key: str, items: list[Item]) -> Chunk:
        """A chunk lost with a worker, redone one document at a time in a new pool, alone in it: a
        document that kills its worker again is skipped, so one bad document never sinks the run
        (three in a row: something other than a document is wrong, and the run stops)."""
        chunk, died, broken = Chunk(index, key, inputs=len(items)), 0, True
        for item in items:
            if isinstance(item, Skipped):
                chunk.skipped.append(item)
                continue
            if broken:
                self.__exit__()
                self._start()
            try:
                alone = self._submit(_worker_chunk, index, key, [item], False).result()
                broken = False
            except BrokenProcessPool:
                died, broken = died + 1, True
                if died == 3:
                    raise StanceError(lost_chunk("worker processes died", index, items)) from None
                chunk.skipped.append(Skipped(item.path, item.document.doc_id,
                                             "a worker process died on this document (out of memory?)"))
                continue
            died = 0
            chunk.documents += alone.documents
            chunk.quotes += alone.quotes
            chunk.skipped += alone.skipped
        if broken:
            self.__exit__()
            self._start()
        return chunk


def lost_chunk(what: str, index: int, items: list[Item]) -> str:
    """The one-line error for a chunk whose worker died: which documents it held."""
    ids = [getattr(item, "document", item).doc_id for item in items]
    return f"{what} (out of memory?) on one of the documents {ids[0]} .. {ids[-1]} (chunk {index})"


def finish(chunk: Chunk, stage: Stage, classify: Callable[[list, dict], list] | None, items: list[Item] = ()) -> Chunk:
    """A chunk back from a worker that did not write its part: labelled here by `classify`
    (when the worker could not; given the chunk's documents, for a model that reads context), then
    written to its part (when the stage has a parts folder)."""
    if chunk.on_disk:
        return chunk
    if classify is not None and chunk.quotes:
        chunk.quotes = classify(chunk.quotes, {i.document.doc_id: i.document for i in items if isinstance(i, Input)})
    if stage.parts is not None:
        write_part(Path(stage.parts), chunk, stage.labels)
        chunk = replace(chunk, quotes=[], on_disk=True)
    return chunk


@contextmanager
def _hide_main() -> Iterator[None]:
    """Start processes without the user's script: a spawned worker imports the parent's
    ``__main__`` module (re-running a script that has no ``if __name__ == "__main__"`` guard,
    which starts workers again, forever). Ours need nothing from it."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None or not getattr(main, "__file__", None):
        yield  # `python -m`, `python -c`, notebooks: nothing is re-run
        return
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


# In each worker process: the stage, the parser (loaded once, by the pool's initializer)
# and the stance model (loading in the background from then on).
_worker_stage = Stage()
_worker_nlp = None
_worker_model: LazyModel | None = None
_worker_error: StanceError | None = None
_worker_board: Board | None = None


def _init_worker(stage: Stage) -> None:
    global _worker_stage, _worker_nlp, _worker_model, _worker_error
    from threadpoolctl import threadpool_limits

    from .encoder import limit_threads

    threadpool_limits(1)  # one BLAS thread per worker: N workers share N cores without contention
    limit_threads(1)  # and one encoder thread (torch loads later, with spaCy: threadpoolctl misses it)
    _worker_stage, _worker_nlp, _worker_error = stage, None, None
    _worker_model = LazyModel(stage.model) if stage.model is not None else None  # first: it loads while the parser does
    try:
        _worker_nlp = load_parser(stage.parser)
    except StanceError as exc:  # raising here would make the pool restart workers forever
        _worker_error = exc


def _init_pool_worker(stage: Stage, board: Board | None = None) -> None:
    """A pool worker: `_init_worker`, and exit when the parent is gone (killed by SIGKILL or the
    OOM killer, it cannot stop its workers; they would idle on, each holding the models). `board`:
    where it posts its chunks' progress (`Board`; the parent's bar reads it)."""
    global _worker_board
    _worker_board = board
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="stance-parent-watch", daemon=True).start()
    _init_worker(stage)


def _ready() -> None:
    """A no-op task: makes the executor start a worker."""


def _worker_chunk(index: int, key: str, items: list[Item], write: bool = True) -> Chunk:
    """A chunk run in a worker; `write=False`: its part is left to the parent (a piece of a chunk)."""
    if _worker_error is not None:
        raise _worker_error
    return run_chunk(index, key, items, _worker_stage if write else replace(_worker_stage, parts=None), _worker_nlp,
                     classify=_worker_model.classify if _worker_model else None,
                     watch=_Posts(_worker_board) if _worker_board is not None else None)


def chunked(items: Iterable[Item], size: int = CHUNK_SIZE) -> Iterator[list[Item]]:
    """Consecutive runs of `size` inputs (the last one shorter)."""
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk
