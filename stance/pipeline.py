"""Batch and notebook entry points: documents in, quote tables out.

Extraction is pure and per document, so it runs in worker processes
(`stance.workers`). Classification, actors and statements then run here, on
all quotes together.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from itertools import chain, islice

import pandas as pd
from tqdm import tqdm

from .actors import group_actors
from .codebook import Codebook, load_codebook
from .extract import extract_quotes
from .io import Item, ReadOptions, Skipped, read_frame, read_inputs, read_memory, unique_ids
from .matrix import agreement, agreement_pairs, annotate, stance_matrix
from .nlp import DEFAULT_PIPELINE, load_parser
from .records import Document, Quote, quotes_to_frame
from .registry import Registry, load_registry
from .workers import DOC_TIMEOUT, Extractor

if TYPE_CHECKING:
    from .model import StanceModel

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

    def agreement(self, dedupe: bool = True, top_k: int | None = None) -> pd.DataFrame:
        """Actor x actor similarity of stance profiles: dense (a few hundred actors), or with
        `top_k` each actor's most similar others in long form, as agreement.csv."""
        matrix = self.matrix(dedupe=dedupe)
        return agreement(matrix, self.labels) if top_k is None else agreement_pairs(matrix, self.labels, top_k)


def extract(text: str, doc_id: str = "doc", parser: str = DEFAULT_PIPELINE) -> list[Quote]:
    """The quotes of one text; the parser is loaded once per process."""
    return extract_quotes(Document(doc_id, text), load_parser(parser))


def score(inputs: Inputs, workers: int = 1, parser: str = DEFAULT_PIPELINE, progress: bool = False,
          on_skip: Callable[[Skipped], None] | None = None, codebook: str | os.PathLike | Codebook | None = None,
          model: str | os.PathLike | StanceModel | None = None, actors: str | os.PathLike | Registry | None = None,
          timeout: float | None = DOC_TIMEOUT, reading: ReadOptions | None = None) -> Result:
    """Extract, classify and group the quotes of every document in `inputs`.

    `inputs` is a path or folder (str or Path), a list of Paths, a list of texts
    (doc_id = position), a list of Documents, or a DataFrame with a `text` column
    (doc_id = the doc_id or id column, else the index). Unreadable documents are
    skipped, reported to `on_skip` as they happen, and listed in `Result.errors`.
    `codebook` and `model` default to the shipped ones (``model="zero-shot"``
    needs no training); `actors` is an optional actor registry file; `reading` sets the
    table column holding the text, the files' encoding and metadata overrides. A document
    whose extraction runs past `timeout` seconds is skipped (None: no limit).
    """
    quotes: list[Quote] = []
    documents: list[dict] = []
    skipped: list[Skipped] = []
    with Extractor(workers, parser, timeout) as extractor:  # workers start loading the parser now
        # Meanwhile, import torch and scikit-learn and load what can fail on user
        # input, before any document is read.
        from .model import StanceModel, classify_quotes, load_model

        codebook = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
        model = model if isinstance(model, StanceModel) else load_model(model, codebook)
        registry = actors if isinstance(actors, Registry) or actors is None else load_registry(actors)
        items = unique_ids(_items(inputs, reading or ReadOptions()))
        head = list(islice(items, 2))  # a progress bar only for more than one document
        outcomes = extractor.outcomes(chain(head, items))
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
    quotes, actors_table = group_actors(classify_quotes(quotes, model), registry)
    frame = annotate(quotes_to_frame(quotes, model.labels), registry)
    return Result(
        quotes=frame,
        documents=pd.DataFrame(documents, columns=DOCUMENT_COLUMNS),
        errors=pd.DataFrame([asdict(s) for s in skipped], columns=ERROR_COLUMNS),
        actors=actors_table,
        labels=model.labels,
    )


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
