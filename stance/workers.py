"""The per-document stage at scale: this process, or a pool of workers that each load the parser once.

Documents go to workers in order and in small chunks, so huge inputs stream and
outcomes come back in input order. Workers import only what extraction needs
(no torch, no scikit-learn: `stance.model` is imported only where it is used),
so they start quickly; the pool starts when the `Extractor` is entered, letting
the parent load the stance model meanwhile.
"""
from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice

from .errors import StanceError
from .extract import extract_quotes
from .io import Input, Item, Skipped
from .nlp import load_parser
from .records import Quote

CHUNK_SIZE = 8  # documents per task sent to a worker
_AHEAD = 2  # chunks queued per worker: keeps workers busy without reading the whole input
DOC_TIMEOUT = 120.0  # seconds one document may take before it is skipped

Outcome = Skipped | tuple[dict, list[Quote]]


class Extractor:
    """Turns inputs into outcomes (a documents.csv row and its quotes, or why it was skipped)."""

    def __init__(self, workers: int = 1, parser: str = "", timeout: float | None = DOC_TIMEOUT):
        self.workers = workers
        self.parser = parser
        self.timeout = timeout
        self._pool = None

    def __enter__(self) -> Extractor:
        if self.workers > 1:
            # spawn: forking a process that already holds threads (torch, a notebook) can deadlock
            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.workers, initializer=_init_worker,
                                      initargs=(self.parser, self.timeout))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool = None

    def outcomes(self, items: Iterable[Item]) -> Iterator[Outcome]:
        if self._pool is None:
            yield from self._in_process(items)
            return
        pending: deque = deque()
        for chunk in _chunks(items, CHUNK_SIZE):
            pending.append(self._pool.apply_async(_extract_chunk, (chunk,)))
            if len(pending) > _AHEAD * self.workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def _in_process(self, items: Iterable[Item]) -> Iterator[Outcome]:
        nlp = None
        for item in items:
            if nlp is None and isinstance(item, Input):
                nlp = load_parser(self.parser)  # only once a document needs it
            yield outcome(item, nlp, self.timeout)


class DocumentTimeout(BaseException):
    """Raised in the middle of extraction when a document runs past its time budget
    (a BaseException, so no `except Exception` inside extraction swallows it)."""


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in this thread after `seconds` (a SIGALRM timer, so only in a
    process's main thread; elsewhere, or with no budget, nothing is timed). Python code is
    interrupted at once; a long stretch inside compiled code when it returns."""
    if not seconds or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
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


def outcome(item: Item, nlp, timeout: float | None = DOC_TIMEOUT) -> Outcome:
    """The quotes of one input and its documents.csv row, or why it was skipped."""
    if isinstance(item, Skipped):
        return item
    doc = item.document
    try:
        with time_budget(timeout):
            quotes = extract_quotes(doc, nlp)
    except DocumentTimeout:
        return Skipped(item.path, doc.doc_id, f"extraction ran past its time budget ({timeout:g} s)")
    except Exception as exc:  # a bug on one odd document must not lose a whole batch
        return Skipped(item.path, doc.doc_id, f"extraction failed: {type(exc).__name__}: {exc}")
    row = {"doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "date": doc.date,
           "url": doc.url, "path": item.path, "n_quotes": len(quotes)}
    return row, quotes


# In each worker process: the parser, loaded once by the pool's initializer.
_worker_nlp = None
_worker_error: StanceError | None = None
_worker_timeout: float | None = None


def _init_worker(parser: str, timeout: float | None) -> None:
    global _worker_nlp, _worker_error, _worker_timeout
    _worker_timeout = timeout
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # one BLAS thread per worker: N workers share N cores without contention
    try:
        _worker_nlp = load_parser(parser)
    except StanceError as exc:  # raising here would make the pool restart workers forever
        _worker_error = exc


def _extract_chunk(chunk: list[Item]) -> list[Outcome]:
    if _worker_error is not None:
        raise _worker_error
    return [outcome(item, _worker_nlp, _worker_timeout) for item in chunk]


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk
