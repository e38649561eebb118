"""Batch and notebook entry points: documents in, quote tables out.

Extraction is pure and per document, so it runs in worker processes that each
load the parser once, fed in order and in small chunks so huge inputs stream.
The cross-document steps then run here, on all quotes together.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import chain, islice
from pathlib import Path

import pandas as pd
from tqdm import tqdm

from .errors import StanceError
from .extract import extract_quotes
from .io import Input, Item, Skipped, read_frame, read_inputs, read_memory, unique_ids
from .nlp import DEFAULT_PIPELINE, load_parser
from .records import Document, Quote, quotes_to_frame

DOCUMENT_COLUMNS = ["doc_id", "source", "title", "date", "url", "path", "n_quotes"]
ERROR_COLUMNS = ["source", "doc_id", "reason"]
CHUNK_SIZE = 8  # documents per task sent to a worker
_AHEAD = 2  # chunks queued per worker: keeps workers busy without reading the whole input

Inputs = str | os.PathLike | pd.DataFrame | Iterable[str | os.PathLike | Document]
Outcome = Skipped | tuple[dict, list[Quote]]


@dataclass(frozen=True)
class Result:
    """The tables `stance score` writes: quotes.csv, documents.csv and errors.csv."""

    quotes: pd.DataFrame
    documents: pd.DataFrame
    errors: pd.DataFrame


def extract(text: str, doc_id: str = "doc", parser: str = DEFAULT_PIPELINE) -> list[Quote]:
    """The quotes of one text; the parser is loaded once per process."""
    return extract_quotes(Document(doc_id, text), load_parser(parser))


def score(inputs: Inputs, workers: int = 1, parser: str = DEFAULT_PIPELINE,
          progress: bool = False, on_skip: Callable[[Skipped], None] | None = None) -> Result:
    """Extract the quotes of every document in `inputs`.

    `inputs` is a path or folder (str or Path), a list of Paths, a list of texts
    (doc_id = position), a list of Documents, or a DataFrame with a `text` column
    (doc_id = the doc_id or id column, else the index). Unreadable documents are
    skipped, reported to `on_skip` as they happen, and listed in `Result.errors`.
    """
    items = unique_ids(_items(inputs))
    head = list(islice(items, 2))  # a progress bar only for more than one document
    outcomes = _extract_all(chain(head, items), workers, parser)
    quotes: list[Quote] = []
    documents: list[dict] = []
    skipped: list[Skipped] = []
    with tqdm(outcomes, disable=not progress or len(head) < 2, unit="doc", desc="stance", leave=False) as bar:
        for outcome in bar:
            if isinstance(outcome, Skipped):
                skipped.append(outcome)
                if on_skip:
                    on_skip(outcome)
            else:
                documents.append(outcome[0])
                quotes.extend(outcome[1])

    # Cross-document steps run here, in this process, on all quotes at once
    # (wired in at merge): stance classification (branch `cls`), then actor
    # canonicalisation and the actor-by-stance matrix (branch `actors`).

    return Result(
        quotes=quotes_to_frame(quotes),
        documents=pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
        errors=pd.DataFrame([asdict(s) for s in skipped], columns=ERROR_COLUMNS),
    )


def _items(inputs: Inputs) -> Iterator[Item]:
    """Documents from any accepted input; a list's first element decides its kind."""
    if isinstance(inputs, pd.DataFrame):
        return read_frame(inputs)
    if isinstance(inputs, (str, os.PathLike)):
        return read_inputs([inputs])
    objects = iter(inputs)
    first = next(objects, None)
    if first is None:
        return iter(())
    objects = chain([first], objects)
    return read_inputs(objects) if isinstance(first, os.PathLike) else read_memory(objects)


def _extract_all(items: Iterable[Item], workers: int, parser: str) -> Iterator[Outcome]:
    if workers > 1:
        yield from _extract_parallel(items, workers, parser)
        return
    nlp = None
    for item in items:
        if nlp is None and isinstance(item, Input):
            nlp = load_parser(parser)  # only once a document needs it
        yield _outcome(item, nlp)


def _outcome(item: Item, nlp) -> Outcome:
    """The quotes of one input and its documents.csv row, or why it was skipped."""
    if isinstance(item, Skipped):
        return item
    doc = item.document
    try:
        quotes = extract_quotes(doc, nlp)
    except Exception as exc:  # a bug on one odd document must not lose a whole batch
        return Skipped(item.path, doc.doc_id, f"extraction failed: {type(exc).__name__}: {exc}")
    row = {"doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "date": doc.date,
           "url": doc.url, "path": item.path, "n_quotes": len(quotes)}
    return row, quotes


# Worker processes: the parser is loaded once, by the pool's initializer.
_worker_nlp = None
_worker_error: StanceError | None = None


def _init_worker(parser: str) -> None:
    global _worker_nlp, _worker_error
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)  # one BLAS thread per worker: N workers share N cores without contention
    try:
        _worker_nlp = load_parser(parser)
    except StanceError as exc:  # raising here would make the pool restart workers forever
        _worker_error = exc


def _extract_chunk(chunk: list[Item]) -> list[Outcome]:
    if _worker_error is not None:
        raise _worker_error
    return [_outcome(item, _worker_nlp) for item in chunk]


def _extract_parallel(items: Iterable[Item], workers: int, parser: str) -> Iterator[Outcome]:
    """Outcomes in input order, with at most `_AHEAD` chunks per worker in flight."""
    # spawn: forking a process that already holds threads (torch, a notebook) can deadlock
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init_worker, initargs=(parser,)) as pool:
        pending: deque = deque()
        for chunk in _chunks(items, CHUNK_SIZE):
            pending.append(pool.apply_async(_extract_chunk, (chunk,)))
            if len(pending) > _AHEAD * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk
