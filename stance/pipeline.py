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

from .actors import actor_table, assign_actors
from .codebook import Codebook, load_codebook
from .errors import StanceError
from .extract import extract_quotes
from .io import Input, Item, Skipped, read_frame, read_inputs, read_memory, unique_ids
from .matrix import agreement, annotate, stance_matrix
from .model import StanceModel, classify_quotes, load_model
from .nlp import DEFAULT_PIPELINE, load_parser
from .records import Document, Quote, quotes_to_frame
from .registry import Registry, load_registry

DOCUMENT_COLUMNS = ["doc_id", "source", "title", "date", "url", "path", "n_quotes"]
ERROR_COLUMNS = ["source", "doc_id", "reason"]
CHUNK_SIZE = 8  # documents per task sent to a worker
_AHEAD = 2  # chunks queued per worker: keeps workers busy without reading the whole input

Inputs = str | os.PathLike | pd.DataFrame | Iterable[str | os.PathLike | Document]
Outcome = Skipped | tuple[dict, list[Quote]]


@dataclass(frozen=True)
class Result:
    """The tables `stance score` writes, and the matrix views over them.

    `quotes` holds one row per quotation with its stance, actor_id and
    statement_id; `actors` one row per actor; `labels` is the codebook's order.
    """

    quotes: pd.DataFrame
    documents: pd.DataFrame
    errors: pd.DataFrame
    actors: pd.DataFrame
    labels: tuple[str, ...]

    def matrix(self, normalize: str | None = None, dedupe: bool = True, by: str = "actor",
               period: str | None = None) -> pd.DataFrame:
        """Stance counts (or row shares) per actor, country or speaker type; with `period`, over time."""
        return stance_matrix(self.quotes, self.labels, normalize=normalize, dedupe=dedupe, by=by, period=period,
                             dates=self.documents[["doc_id", "date"]], actors=self.actors)

    def agreement(self, dedupe: bool = True) -> pd.DataFrame:
        """Actor x actor similarity of stance profiles (see `stance.matrix.agreement`)."""
        return agreement(self.matrix(dedupe=dedupe), self.labels)


def extract(text: str, doc_id: str = "doc", parser: str = DEFAULT_PIPELINE) -> list[Quote]:
    """The quotes of one text; the parser is loaded once per process."""
    return extract_quotes(Document(doc_id, text), load_parser(parser))


def score(inputs: Inputs, workers: int = 1, parser: str = DEFAULT_PIPELINE, progress: bool = False,
          on_skip: Callable[[Skipped], None] | None = None, codebook: str | os.PathLike | Codebook | None = None,
          model: str | os.PathLike | StanceModel | None = None, actors: str | os.PathLike | Registry | None = None,
          ) -> Result:
    """Extract, classify and group the quotes of every document in `inputs`.

    `inputs` is a path or folder (str or Path), a list of Paths, a list of texts
    (doc_id = position), a list of Documents, or a DataFrame with a `text` column
    (doc_id = the doc_id or id column, else the index). Unreadable documents are
    skipped, reported to `on_skip` as they happen, and listed in `Result.errors`.
    `codebook` and `model` default to the shipped ones (``model="zero-shot"``
    needs no training); `actors` is an optional actor registry file.
    """
    # Load what can fail on user input before the long extraction starts.
    codebook = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    model = model if isinstance(model, StanceModel) else load_model(model, codebook)
    registry = actors if isinstance(actors, Registry) or actors is None else load_registry(actors)
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

    # Classification is per quote but batched across documents (one encoder per
    # process); actors and statements are cross-document by nature.
    quotes = assign_actors(classify_quotes(quotes, model), registry)
    frame = annotate(quotes_to_frame(quotes, model.labels), registry)
    return Result(
        quotes=frame,
        documents=pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
        errors=pd.DataFrame([asdict(s) for s in skipped], columns=ERROR_COLUMNS),
        actors=actor_table(quotes, registry),
        labels=model.labels,
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
