"""Finished chunks of documents on disk (``DIR/parts``): memory bounded by a chunk, and runs that resume.

Chunk ``k`` is the k-th run of `chunk_size` inputs in input order (on ``--resume``,
an unfinished run's part ``k`` keeps its inputs while they still come in that order,
`resumed_chunks`, so a file added to a folder redoes one chunk). When it is
done (extracted and classified) it becomes two files: ``k.parquet`` with its
quotes (the quotes.csv columns before actors and statements) and ``k.json``,
written last, with its documents.csv and errors.csv rows and a fingerprint of
its inputs (doc_ids, paths, text hashes). A chunk counts as done only when its
json exists and the fingerprint matches the inputs now, so ``--resume`` redoes
exactly the chunks that did not finish or whose inputs changed. ``run.json``
holds the settings (parser, model, codebook, chunk size, time budget): parts
written with other settings are refused, not mixed.

`write_part` and `read_part` are plain functions of a folder and a chunk, so a
task on another machine (a Dask worker) can write a part as well.
"""
from __future__ import annotations

import hashlib
import json
import os
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from itertools import accumulate
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from .errors import StanceError, os_reason
from .io import Input, Item, Skipped, write_parquet, write_text
from .records import Quote, quotes_to_frame

RUN_FILE = "run.json"
BATCH_ROWS = 20_000  # quotes read at once when a run's parts are read in order
_KEPT_PARTS = 8      # parts whose sentences stay read (`QuoteTable.sentences`)


@dataclass
class Chunk:
    """One chunk's outcome: documents.csv rows, quotes, and the inputs that were skipped."""

    index: int
    key: str
    documents: list[dict] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    on_disk: bool = False  # read back from a part: quotes stay on disk (`QuoteTable`)
    inputs: int = 0  # how many inputs the chunk held (documents, skipped, notes on repaired ones)


def fingerprint(items: list[Item]) -> str:
    """What a chunk's output depends on among its inputs, as one hash."""
    return _digest(map(_identity, items))


def _identity(item: Item) -> bytes:
    """What one input adds to its chunk's fingerprint."""
    if isinstance(item, Input):
        doc = item.document
        fields = ("input", item.path, doc.doc_id, doc.date, doc.source, doc.title, doc.url,
                  hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest())
    else:
        fields = ("skipped", item.source, item.doc_id, item.reason)
    return json.dumps(fields).encode("utf-8", "surrogatepass")


def _digest(identities) -> str:
    digest = hashlib.sha256()
    for identity in identities:
        digest.update(identity)
    return digest.hexdigest()


def resumed_chunks(items: Iterable[Item], size: int, finished: dict[int, tuple[str, int]]
                   ) -> Iterator[tuple[int, list[Item]]]:
    """The chunks of a resumed run: chunk k is finished part k's inputs where they still come next in
    input order; where they changed (a file added to a folder, removed, or edited) or part k never
    finished, the inputs up to where the next finished part's begin (looked for up to 2 x `size` inputs
    ahead), so only that chunk is redone and the later finished ones still match; else `size` inputs,
    as a fresh run takes them.
    `finished`: part index -> (fingerprint, inputs). An index whose inputs are all gone holds none."""
    source = iter(items)
    ahead: list[tuple[Item, bytes]] = []  # inputs read and not yet in a chunk, with their identity

    def matches(start: int, part: tuple[str, int] | None) -> bool:
        if part is None:
            return False
        key, count = part
        while len(ahead) < start + count and (item := next(source, None)) is not None:
            ahead.append((item, _identity(item)))
        return len(ahead) >= start + count and _digest(i for _, i in ahead[start:start + count]) == key

    index = 0
    while ahead or (item := next(source, None)) is not None:
        if not ahead:
            ahead.append((item, _identity(item)))
        part = finished.get(index)
        if part is not None and matches(0, part):
            count = part[1]
        else:  # changed, or never finished: the inputs up to the next finished part's, so that it still matches
            count = next((s for s in range(2 * size + 1) if matches(s, finished.get(index + 1))), size)
        while len(ahead) < count and (item := next(source, None)) is not None:
            ahead.append((item, _identity(item)))
        if count:
            yield index, [item for item, _ in ahead[:count]]
            del ahead[:count]
        index += 1


def part_name(index: int) -> str:
    return f"{index:06d}"


def write_part(folder: Path, chunk: Chunk, labels: tuple[str, ...]) -> None:
    """The chunk's quotes, then its json: the json's presence says the part is complete."""
    name = part_name(chunk.index)
    write_parquet(quotes_to_frame(chunk.quotes, labels), folder / f"{name}.parquet")
    meta = {"key": chunk.key, "inputs": chunk.inputs, "documents": chunk.documents,
            "errors": [asdict(s) for s in chunk.skipped], "quotes": len(chunk.quotes)}
    write_text(folder / f"{name}.json", json.dumps(meta, ensure_ascii=False) + "\n")


def read_part(folder: Path, index: int, key: str) -> Chunk | None:
    """The finished chunk `index`, if its part is complete and made from the same inputs."""
    name = part_name(index)
    try:
        meta = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("key") != key or not (folder / f"{name}.parquet").is_file():
        return None
    return Chunk(index, key, meta["documents"], [], [Skipped(**e) for e in meta["errors"]], on_disk=True,
                 inputs=meta.get("inputs", 0))


class QuoteTable:
    """The quotes of a run in table order, read a part at a time (`chunks`), never all at once
    unless asked (`read`); or one frame in memory, for a run without parts."""

    def __init__(self, folder: Path | None, indexes: list[int], frame: pd.DataFrame) -> None:
        self.folder = folder
        self.indexes = indexes if folder is not None else []
        self.frame = frame  # the table without parts, or an empty table with its columns

    def paths(self) -> list[Path]:
        return [self.folder / f"{part_name(i)}.parquet" for i in self.indexes] if self.folder is not None else []

    def chunks(self, columns: list[str] | None = None, rows: int = BATCH_ROWS) -> Iterator[pd.DataFrame]:
        """The quotes (only `columns`, if given) in order, consecutive parts joined into frames of
        about `rows` rows (a part holds a few documents: one frame each would be mostly overhead);
        the frame when there are no parts."""
        paths = self.paths()
        if not paths:
            yield self.frame if columns is None else self.frame.reindex(columns=columns)
        batch: list[pd.DataFrame] = []
        size = 0
        for path in paths:
            batch.append(pd.read_parquet(path, columns=columns))
            size += len(batch[-1])
            if size >= rows:
                yield joined(batch)
                batch, size = [], 0
        if batch:
            yield joined(batch)

    def read(self, columns: list[str] | None = None) -> pd.DataFrame:
        """The whole table (or its `columns`) as one frame."""
        return joined(list(self.chunks(columns)))

    def sentences(self) -> Callable[[int, str], tuple[str, ...]]:
        """Each document's distinct quote sentences (`stance.actors.Sentences`), looked up by a
        quote's position: read from its part when first asked, the last `_KEPT_PARTS` parts
        kept, so a run's sentences are never all in memory (a document lies in one part)."""
        from .actors import sentences_by_document

        paths = self.paths()
        if not paths:
            return sentences_by_document(self.frame["doc_id"].astype(str), self.frame.get("sentence", ()))
        ends = list(accumulate(pq.ParquetFile(p).metadata.num_rows for p in paths))
        kept: OrderedDict[int, Callable[[int, str], tuple[str, ...]]] = OrderedDict()

        def lookup(index: int, doc_id: str) -> tuple[str, ...]:
            k = bisect_right(ends, index)
            if k not in kept:
                part = pq.read_table(paths[k], columns=["doc_id", "sentence"]).to_pydict()
                kept[k] = sentences_by_document(map(str, part["doc_id"]), part["sentence"])
                if len(kept) > _KEPT_PARTS:
                    kept.popitem(last=False)
            kept.move_to_end(k)
            return kept[k](index, doc_id)
        return lookup


def joined(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames of one table as one; empty ones add nothing (nor their column types)."""
    frames = [f for f in frames if len(f)] or frames[:1]
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]


def _short(value) -> str:
    """A setting as the refusal names it: short enough for one line."""
    text = json.dumps(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class PartStore:
    """The parts folder of one run: settings checked on resume, parts written as chunks finish."""

    def __init__(self, folder: str | os.PathLike, settings: dict, resume: bool = False):
        self.folder = Path(folder)
        self.settings = settings
        self.resume = resume
        run = self.folder / RUN_FILE
        if resume and run.is_file():
            try:
                earlier = json.loads(run.read_text(encoding="utf-8")).get("settings")
            except ValueError:
                earlier = None
            if earlier != settings:
                earlier = earlier if isinstance(earlier, dict) else {}
                changed = sorted(k for k in {**earlier, **settings} if earlier.get(k) != settings.get(k))
                said = ", ".join(f"{k} {_short(earlier.get(k))} then, {_short(settings.get(k))} now" for k in changed)
                raise StanceError(f"{self.folder}: the unfinished run used other settings ({said}): its chunks "
                                  "would mix with this run's; rerun as it ran, or without --resume, with --force")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StanceError(f"cannot create {self.folder}: {os_reason(exc, self.folder)}") from None
        write_text(run, json.dumps({"settings": settings}, indent=2) + "\n")

    def done(self, index: int, key: str) -> Chunk | None:
        return read_part(self.folder, index, key) if self.resume else None

    def finished(self) -> dict[int, tuple[str, int]]:
        """The complete parts an unfinished run left: index -> (fingerprint, inputs)."""
        parts: dict[int, tuple[str, int]] = {}
        for path in self.folder.glob("[0-9]*.json") if self.resume else ():
            try:
                meta = json.loads(path.read_text(encoding="utf-8"))
                if path.with_suffix(".parquet").is_file() and int(meta["inputs"]) > 0:
                    parts[int(path.stem)] = (str(meta["key"]), int(meta["inputs"]))
            except (OSError, ValueError, TypeError, KeyError, AttributeError):
                continue  # an unreadable part is redone
        return parts

    def write(self, chunk: Chunk, labels: tuple[str, ...]) -> None:
        write_part(self.folder, chunk, labels)

    def quotes(self, indexes: list[int], empty: pd.DataFrame) -> QuoteTable:
        """The quotes of these parts; `empty`, the table when there are none."""
        return QuoteTable(self.folder, indexes, empty)
