"""Batch and notebook entry points: documents in, quote tables out.

Extraction and classification are per document, so they run in chunks in worker
processes (`stance.workers`), each chunk written to a part on disk when a parts
folder is given (`stance.parts`). Actors and statements then run here, on all
quotes together.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import hashlib
import importlib.util
import json
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm.auto import tqdm

from . import __version__
from .actors import ACTOR_COLUMNS, SPEAKER_COLUMNS, group_speakers
from .codebook import Codebook, check_model_labels, load_codebook
from .errors import StanceError
from .extract import extract_quotes
from .io import Item, ReadOptions, Skipped, count_inputs, read_frame, read_inputs, read_memory, unique_ids
from .matrix import agreement, agreement_pairs, stance_matrix
from .nlp import DEFAULT_PIPELINE, load_parser
from .parts import Chunk, PartStore, QuoteTable, fingerprint, joined, resumed_chunks
from .records import Document, Quote, quotes_to_frame
from .statements import statement_labels, statement_numbers
from .registry import Registry, load_registry
from .workers import CHUNK_SIZE, DOC_TIMEOUT, Board, Extractor, ModelSpec, Stage, chunked

if TYPE_CHECKING:
    from .model import StanceModel, classify_quotes

ENGINES = ("processes", "dask")
DOCUMENT_COLUMNS = ["doc_id", "source", "title", "date", "url", "path", "n_quotes"]
ERROR_COLUMNS = ["source", "doc_id", "reason"]

Inputs = str | os.PathLike | pd.DataFrame | Iterable[str | os.PathLike | Document]


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
               period: str | None = None, weighting: str = "count") -> pd.DataFrame:
        """Stance counts (or row shares) per actor, country or speaker type; with `period`, over time;
        ``weighting="probability"`` sums label probabilities instead of counting labels."""
        return stance_matrix(self.quotes, self.labels, normalize=normalize, dedupe=dedupe, by=by, period=period,
                             dates=self.documents[["doc_id", "date"]], actors=self.actors, weighting=weighting)

    @classmethod
    def load(cls, out_dir: str | os.PathLike) -> Result:
        """The Result a finished `stance score --out DIR` wrote, read back with its types
        (offsets as ``Int64``, counts as integers); a problem is one StanceError."""
        from .io import read_csv_text
        from .report import read_outputs

        from .outputs import check_not_incomplete

        out = Path(out_dir)
        check_not_incomplete(out)  # a run that did not finish: never read as if it had
        quotes, _, labels = read_outputs(out, ("doc_id", "quote_id", "start", "end", "text"))

        def table(name: str, columns: list[str], counts: tuple[str, ...] = ()) -> pd.DataFrame:
            path = out / f"{name}.csv"
            frame = read_csv_text(path, name) if path.is_file() else pd.DataFrame(columns=columns)
            for column in counts:
                frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
            return frame

        return cls(quotes=quotes, documents=table("documents", DOCUMENT_COLUMNS, ("n_quotes",)),
                   errors=table("errors", ERROR_COLUMNS), labels=labels,
                   actors=table("actors", ACTOR_COLUMNS, ("n_quotes", "n_docs")))

    def agreement(self, dedupe: bool = True, top_k: int | None = None) -> pd.DataFrame:
        """Actor x actor similarity of stance profiles: dense (a few hundred actors), or with
        `top_k` each actor's most similar others in long form, as agreement.csv."""
        matrix = self.matrix(dedupe=dedupe)
        return agreement(matrix, self.labels) if top_k is None else agreement_pairs(matrix, self.labels, top_k)


@dataclass(frozen=True)
class Run:
    """A scored run before its final tables: the quotes (parts on disk, or a frame), each quote's
    actor_id and statement number, and the small tables. `chunks` streams quotes.csv a part at a
    time, so a run of any size is written in the memory of one part (`stance.assembly`)."""

    quotes: QuoteTable
    actor_ids: list[str]
    statements: np.ndarray
    documents: pd.DataFrame
    errors: pd.DataFrame
    actors: pd.DataFrame
    labels: tuple[str, ...]

    def chunks(self) -> Iterator[pd.DataFrame]:
        """The rows of quotes.csv in order, one part at a time, with actor_id and statement_id."""
        start = 0
        for frame in self.quotes.chunks():
            end = start + len(frame)
            frame = frame.assign(actor_id=self.actor_ids[start:end],
                                 statement_id=statement_labels(self.statements[start:end]))
            start = end
            yield frame

    def result(self) -> Result:
        """The tables as frames in memory."""
        return Result(quotes=joined(list(self.chunks())), documents=self.documents, errors=self.errors,
                      actors=self.actors, labels=self.labels)


def extract(text: str, doc_id: str = "doc", parser: str = DEFAULT_PIPELINE) -> list[Quote]:
    """The quotes of one text; the parser is loaded once per process."""
    return extract_quotes(Document(doc_id, text), load_parser(parser))


def score(inputs: Inputs, **options) -> Result:
    """Extract, classify and group the quotes of every document in `inputs`: `run` (same
    arguments) with every table in memory."""
    return run(inputs, **options).result()


def run(inputs: Inputs, workers: int = 1, parser: str = DEFAULT_PIPELINE, progress: bool = False,
          on_skip: Callable[[Skipped], None] | None = None, codebook: str | os.PathLike | Codebook | None = None,
          model: str | os.PathLike | StanceModel | None = None, actors: str | os.PathLike | Registry | None = None,
          timeout: float | None = DOC_TIMEOUT, parts: str | os.PathLike | None = None, resume: bool = False,
          chunk_size: int = CHUNK_SIZE, reading: ReadOptions | None = None, engine: str = "processes",
          scheduler: str | None = None) -> Run:
    """Extract, classify and group the quotes of every document in `inputs`; the quotes stay in
    `parts` when given (`Run.result` reads them into memory, `stance.assembly` streams them).

    `inputs` is a path or folder (str or Path), a list of Paths, a list of texts
    (doc_id = position), a list of Documents, or a DataFrame with a `text` column
    (doc_id = the doc_id or id column, else the index). Unreadable documents are
    skipped, reported to `on_skip` as they happen, and listed in `Result.errors`.
    `codebook` and `model` default to the shipped ones (``model="zero-shot"``
    needs no training); `actors` is an optional actor registry file. A document whose
    extraction runs past `timeout` seconds is skipped (None: no limit). `reading` sets the
    table column holding the text, the files' encoding and metadata overrides.

    With `parts` (a folder), each finished chunk of `chunk_size` documents is written
    there (`stance.parts`) instead of kept in memory; with `resume`, chunks already
    there from an unfinished run with the same inputs and settings are not redone.

    `engine` runs the chunks in `workers` local processes ("processes") or as tasks on a
    Dask cluster ("dask", `stance.dask_engine`): a local one with `workers` worker
    processes, or the one whose scheduler is at `scheduler` ("tcp://host:8786").
    Both give the same result.
    """
    if engine not in ENGINES:
        raise StanceError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise StanceError("a scheduler address needs the dask engine (--engine dask)")
    from .model import StanceModel, classify_quotes

    codebook = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    in_parent = model if isinstance(model, StanceModel) else None
    labels, model_id, encoder = (in_parent.labels, in_parent.name, "") if in_parent else _describe_model(model, codebook)
    spec = None if in_parent else ModelSpec(_for_workers(model, model_name=True), codebook, encoder)
    reading = reading or ReadOptions()
    registry = actors if isinstance(actors, Registry) or actors is None else load_registry(actors, reading.encoding)
    store = None
    if parts is not None:
        settings = {"stance": __version__, "parser": parser, "model": model_id, "labels": list(labels),
                    "codebook": codebook.sha256 or codebook.name, "chunk_size": chunk_size, "doc_timeout": timeout,
                    "encoder_dtype": encoder}
        store = PartStore(parts, settings, resume)
    stage = Stage(_for_workers(parser), timeout, spec, labels, str(parts) if parts is not None else None)
    documents: list[dict] = []
    skipped: list[Skipped] = []
    quotes: list[Quote] = []
    indexes: list[int] = []
    classify = (lambda batch, documents=None: classify_quotes(batch, in_parent, documents)) if in_parent else None
    board = Board.for_pool(workers) if progress and engine == "processes" and workers > 1 else None
    with _extractor(engine, workers, stage, scheduler, board, progress) as extractor:  # workers load parser and model
        tasks = _tasks(unique_ids(_items(inputs, reading)), chunk_size, store)
        warm = _TailImports()
        if extractor.parallel:  # the workers finish the last chunks while this process imports for the tail
            tasks = _then(tasks, warm.start)
        total = _count(inputs, reading.encoding) if progress else None
        idle = extractor.idle if progress or engine == "dask" else None  # quiet: said in a line of its own
        with stage_bar("extract+classify", total, progress, "input") as bar, _Watch(bar, progress, board=extractor.board,
                                                                                   idle=idle) as watch:
            n_quotes = 0
            for chunk in extractor.chunks(watch.handed(tasks), classify, watch if progress else None):
                documents.extend(chunk.documents)
                skipped.extend(chunk.skipped)
                quotes.extend(chunk.quotes)
                indexes.append(chunk.index)
                for item in chunk.skipped:
                    if on_skip:
                        on_skip(item)
                n_quotes += sum(d["n_quotes"] for d in chunk.documents)
                watch.done(chunk, documents=len(documents), quotes=n_quotes, skipped=len(skipped))

    warm.join()
    if skipped and on_skip is None:  # in a notebook, an empty result must not be the only sign
        warnings.warn(_skipped_note(skipped), stacklevel=3)
    in_memory = quotes_to_frame(quotes, labels)
    del quotes
    table = store.quotes(indexes, in_memory) if store is not None and indexes else QuoteTable(None, [], in_memory)
    return group(table, pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
                 pd.DataFrame([asdict(s) for s in skipped], columns=ERROR_COLUMNS), labels, registry, progress,
                 n_quotes)


def _skipped_note(skipped: list[Skipped]) -> str:
    """One line for Python callers: how many inputs were skipped, the first, and the API's name
    for what the command line's hint (--encoding, --text-column) says to pass."""
    first = skipped[0].message()
    hint = next((f"; in Python: reading=stance.ReadOptions({name}=...)" for option, name in
                 (("--encoding", "encoding"), ("--text-column", "text_column")) if option in first), "")
    more = f" and {len(skipped) - 1} more" if len(skipped) > 1 else ""
    return f"stance: {len(skipped)} input(s) skipped, listed in the result's .errors: {first}{more}{hint}"


def group(table: QuoteTable, documents: pd.DataFrame, errors: pd.DataFrame, labels: tuple[str, ...],
          registry: Registry | None = None, progress: bool = False, n_quotes: int | None = None) -> Run:
    """The cross-document steps over a run's quotes: actors (from the speaker columns), then
    statements (texts read a part at a time)."""
    with stage_bar("actors", n_quotes, progress, "mention") as bar:  # its total: the mentions, once counted
        ids, actors_table = group_speakers(table.read(SPEAKER_COLUMNS), registry, bar if progress else None,
                                           sentences=table.sentences())
        bar.update(max(0, bar.total - bar.n) if progress else 0)  # person mentions of nameless actors: not read again
    with stage_bar("statements", len(ids), progress) as bar:
        texts = (t for frame in table.chunks(["text"]) for t in frame["text"].fillna("").astype(str))
        numbers = statement_numbers(ids, texts, progress=bar.update)
    return Run(table, ids, numbers, documents=documents, errors=errors, actors=actors_table, labels=labels)


# What the cross-document steps import only when they first run (report_html's coalitions, matrix's intervals):
# ~0.3 CPU-s of the tail, which runs in this process alone while the workers' cores idle.
TAIL_MODULES = ("scipy.cluster.hierarchy", "scipy.special")


class _TailImports:
    """`TAIL_MODULES` imported in a background thread once `start` is called (when the last chunk is handed
    to the workers: this process then only waits on them), joined before the tail runs. Nothing it does
    reaches the results; a module that will not import is left to fail where it is used."""

    def __init__(self):
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._load, name="stance-tail-imports", daemon=True)
        self._thread.start()

    @staticmethod
    def _load() -> None:
        for name in TAIL_MODULES:
            try:
                importlib.import_module(name)
            except ImportError:
                pass

    def join(self) -> None:
        if self._thread is not None:
            self._thread.join()


def _then(items: Iterable, after: Callable[[], None]) -> Iterator:
    """`items`, then `after()` once they are all taken."""
    yield from items
    after()


def _extractor(engine: str, workers: int, stage: Stage, scheduler: str | None, board: Board | None = None,
               progress: bool = False) -> Extractor:
    if engine == "dask":
        from .dask_engine import DaskExtractor

        return DaskExtractor(workers, stage, scheduler, progress)
    return Extractor(workers, stage, board)


# Seconds the extract bar may sit unchanged before it says what it is waiting on, and again after that.
HEARTBEAT = 2.0


class _Watch:
    """The extract bar between chunks. It counts each input as it ends: in this process (one worker)
    as `run_chunk` tells it, in pool workers as they post on the `Board`, read every quarter second
    (the Dask engine: a chunk at a time). Whenever the bar has not moved for `HEARTBEAT` seconds (a
    long document: 3 MB of text parses for minutes; a chunk's batch parse or classification), it says
    what it waits on and for how long, and the clock keeps going: the document or step running here,
    else the earliest chunk a worker has begun (its document, its parse or its classification), else
    the longest document of the first chunk out. Disabled with the bar; nothing it does reaches the
    results, and a worker only stores a number per document. Without the bar (`--quiet`, or a notebook's
    default), a run that cannot go on (`idle`: a Dask cluster without workers) says so in one line on
    stderr, and again once it goes on: it would otherwise wait without a word, overnight if need be."""

    def __init__(self, bar: tqdm, enabled: bool, every: float | None = None, board: Board | None = None,
                 idle: Callable[[], str | None] | None = None):
        """`idle`: why nothing can run, if so (`Extractor.idle`: a Dask cluster without workers), said first."""
        self.bar, self.enabled, self.every = bar, enabled, every or HEARTBEAT
        self.idle = idle
        self.board = board if enabled else None
        self._lock = threading.Lock()
        self._out: dict[int, list[tuple[str, int]]] = {}  # chunk index -> its inputs (id, characters), until done
        self._counted: dict[int, int] = {}  # chunk index -> inputs counted as they ended
        self._current: tuple[str, str] | None = None  # what runs in this process: (what, detail)
        self._since = time.monotonic()  # when the bar last moved
        self._postfix: dict = {}
        self._shown = ""  # what the bar says it waits on
        self._told = False  # without the bar: the line saying why nothing runs was printed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name="stance-progress", daemon=True)

    def __enter__(self) -> _Watch:
        if self.enabled or self.idle is not None:
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()

    def handed(self, tasks: Iterable) -> Iterator:
        """`tasks` as they go to the extractor, each chunk's inputs noted (id and length)."""
        for task in tasks:
            if self.enabled and not isinstance(task, Chunk):
                index, _, items = task
                sized = [(d.doc_id, len(d.text)) if (d := getattr(item, "document", None)) else (item.doc_id, 0)
                         for item in items]
                with self._lock:
                    self._out[index] = sized
            yield task

    def parsing(self, index: int, inputs: int) -> None:
        with self._lock:
            self._current = (f"parsing {inputs} inputs", "")

    def started(self, index: int, item: Item) -> None:
        document = getattr(item, "document", None)
        with self._lock:
            self._current = (document.doc_id, f"{len(document.text):,} characters") if document is not None else None

    def finished(self, index: int) -> None:
        with self._lock:
            self._current = None
            self._counted[index] = self._counted.get(index, 0) + 1
            self._moved(1)

    def classifying(self, index: int, quotes: int) -> None:
        with self._lock:
            self._current = (f"classifying {quotes:,} quotes", "")

    def done(self, chunk: Chunk, **postfix) -> None:
        with self._lock:
            self._out.pop(chunk.index, None)
            self._current = None
            self._postfix = postfix
            self._moved(max(0, chunk.inputs - self._counted.pop(chunk.index, 0)))

    def _moved(self, n: int) -> None:
        self._since = time.monotonic()
        self.bar.set_postfix(refresh=False, **self._postfix)
        self.bar.update(n)

    def _posted(self) -> None:
        """Count the inputs pool workers have finished since the last look (`Board`)."""
        for index, inputs in self._out.items():
            state = self.board.read(index)
            ended = min(state[1], len(inputs)) if state else 0
            if ended > self._counted.get(index, 0):
                self._moved(ended - self._counted.get(index, 0))
                self._counted[index] = ended

    def _waiting_on(self) -> tuple[str, str] | None:
        if self._current or not self._out:
            return self._current
        if self.board is not None:
            for index in sorted(self._out):
                if state := self.board.read(index):
                    phase, ended = state
                    inputs = self._out[index]
                    if phase == Board.EXTRACTING and ended < len(inputs):
                        doc_id, chars = inputs[ended]
                        return doc_id, f"{chars:,} characters"
                    step = f"parsing {len(inputs)} inputs" if phase == Board.PARSING else "classifying its quotes"
                    return f"chunk {index + 1}: {step}", ""
            if not self._counted and not self.bar.n:  # no chunk begun yet
                return "workers starting (loading the parser)", ""
        doc_id, chars = max(next(iter(self._out.values())), key=lambda s: s[1], default=("", 0))
        return doc_id, f"{chars:,} characters"

    def _beat(self) -> None:
        while not self._stop.wait(0.25 if self.board is not None else min(1.0, self.every / 2)):
            # Asked outside the lock (a Dask client asks its scheduler): the chunks' callbacks never wait on it.
            why = self.idle() if self.idle and time.monotonic() - self._since >= self.every else None
            if not self.enabled:
                self._tell(why)
                continue
            with self._lock:
                if self.board is not None:
                    self._posted()
                waited = time.monotonic() - self._since
                on = (why, "") if why else self._waiting_on()
                if waited < self.every or not on:
                    continue
                what, detail = on
                shown = f"{what} ({detail + ', ' if detail else ''}{waited:.0f} s)"
                if shown != self._shown:  # once a second: a log of the bar is not a flood
                    self._shown = shown
                    self.bar.set_postfix(refresh=False, **self._postfix, on=shown)
                    self.bar.refresh()


    def _tell(self, why: str | None) -> None:
        """Without the bar: one line when the run starts waiting on `why`, one when it goes on."""
        if why and not self._told:
            print(f"stance: waiting: {why}", file=sys.stderr, flush=True)
        elif self._told and why is None and self.idle() is None:
            print("stance: the run goes on", file=sys.stderr, flush=True)
        else:
            return
        self._told = not self._told


def stage_bar(desc: str, total: int | None, enabled: bool, unit: str = "quote") -> tqdm:
    """One progress bar per stage, with a total and an ETA, in a terminal or a notebook."""
    return tqdm(total=total, desc=f"{desc:<16}", unit=unit, disable=not enabled, dynamic_ncols=True)


def _count(inputs: Inputs, encoding: str = "utf-8") -> int | None:
    """How many inputs there are (the extract bar's total), without reading the documents."""
    if isinstance(inputs, pd.DataFrame):
        return len(inputs)
    if isinstance(inputs, (str, os.PathLike)):
        return count_inputs([inputs], encoding)
    if isinstance(inputs, (list, tuple)):
        paths = [p for p in inputs if isinstance(p, os.PathLike)]
        return count_inputs(paths, encoding) + len(inputs) - len(paths)
    return None  # an iterator: counting would consume it


def _for_workers(name: str | os.PathLike | None, model_name: bool = False) -> str | None:
    """A model or parser as workers load it: a folder this process finds by a relative path, as an absolute
    path (a Dask worker started in another folder read `models/mine` from there: "no such model folder" for
    a folder the client had just read); names (a shipped model, an installed spaCy package) as given."""
    from .model import ZERO_SHOT

    if name is None:
        return None
    text = str(name)
    if model_name and text == ZERO_SHOT:
        return text
    if not model_name and text.isidentifier() and importlib.util.find_spec(text) is not None:
        return text  # spaCy loads an installed package before a folder of that name
    return str(Path(text).resolve()) if text and Path(text).exists() else text


def _describe_model(spec: str | os.PathLike | None, codebook: Codebook) -> tuple[tuple[str, ...], str, str]:
    """The labels and identity of a model, checked against the codebook, without loading it
    (the workers load it): a missing folder or a label mismatch fails before any document. Also how
    its encoder will run ("" without one): $STANCE_ENCODER_DTYPE or the CPU can change it between a
    run and its --resume (int8 keeps 97.6% of float32's labels), so the parts record it too."""
    from .encoder import fast_dtype
    from .model import ZERO_SHOT, model_folder, read_manifest

    if str(spec) == ZERO_SHOT:
        return codebook.names, f"{ZERO_SHOT}:{codebook.name}:{codebook.sha256}", fast_dtype()
    folder = model_folder(spec)
    manifest = read_manifest(folder)
    labels = tuple(manifest["labels"])
    check_model_labels(folder, labels, codebook)
    head = hashlib.sha256(json.dumps(manifest["classifier"], sort_keys=True).encode()).hexdigest()[:16]
    encoder = manifest.get("encoder") or {}
    dtype = fast_dtype(encoder.get("run_dtype", "")) if isinstance(encoder, dict) and encoder.get("name") else ""
    return labels, f"{manifest['name']}@{manifest['version']}:{head}", dtype


def _tasks(items: Iterable[Item], size: int, store: PartStore | None) -> Iterator[Chunk | tuple[int, str, list[Item]]]:
    """Chunks of inputs to run, or the finished chunk where an unfinished run left its part."""
    resumed = store is not None and store.resume
    for index, chunk in resumed_chunks(items, size, store.finished()) if resumed else enumerate(chunked(items, size)):
        key = fingerprint(chunk)
        done = store.done(index, key) if store is not None else None
        yield done or (index, key, chunk)


def _items(inputs: Inputs, reading: ReadOptions) -> Iterator[Item]:
    """Documents from any accepted input; a list's first element decides its kind."""
    if isinstance(inputs, pd.DataFrame):
        return read_frame(inputs, text_column=reading.text_column)
    if isinstance(inputs, (str, os.PathLike)):
        return read_inputs([inputs], reading)
    objects = iter(inputs)
    first = next(objects, None)
    if first is None:
        return iter(())
    objects = chain([first], objects)
    return read_inputs(objects, reading) if isinstance(first, os.PathLike) else read_memory(objects)
