"""What the reports need from the quotes, gathered chunk by chunk: per-statement and per-actor
aggregates, never the whole quote table.

A run of a million articles holds its quotes in parts on disk (`stance.parts`);
the matrix, agreement.csv and report.html are made from a `Tally` fed one part
at a time. A frame in memory is a tally of one chunk, so both give the same
reports. What it keeps grows with the statements and actors, not the quotes:
per (statement, actor) the label votes, summed probabilities and the first
labelled report's document; per actor its report count; the first
`MAX_UNATTRIBUTED` quotes without a speaker; the documents that hold quotes.
The quotes report.html lists per actor (`Shown`: the first
`MAX_QUOTES_PER_ACTOR` reports in statement order, of at most `MAX_ACTORS_LISTED`
actors) are gathered in a second pass, once the matrix says which actors they
are: kept for every actor, they would be most of the quotes of a corpus with
many thin actors. Chunks must come in the quote table's order, each with
``actor_id`` and ``statement_id``.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
import pandas as pd

from .statements import by_actor, consensus

MAX_QUOTES_PER_ACTOR = 50
MAX_ACTORS_LISTED = 500        # report.html lists the quotes of the matrix's first 500 actors
MAX_UNATTRIBUTED = 500
_COMPACT = 1_000_000  # partial rows kept before they are combined into one row per key
_SHOWN = {"actor_id", "_pos", "doc_id", "quote_id", "text", "speaker", "sentence", "stance", "statement_id"}  # report.html


class Tally:
    """Aggregates of the quotes seen so far (`add` each chunk in order), read back as tables."""

    def __init__(self, labels: tuple[str, ...], dedupe: bool = True) -> None:
        self.labels = tuple(labels)
        self.dedupe = dedupe
        self.n_quotes = 0
        self.n_unattributed = 0
        self.unattributed: list[pd.DataFrame] = []
        self.doc_ids: set[str] = set()
        self._reports_per_actor: pd.Series = pd.Series(dtype="float64")
        self._pairs = _Partials(["statement_id", "actor_id"], first="_first", kept=("doc_id",))  # votes, mass
        self._reports = _Partials(["actor_id", "doc_id", "stance"])          # with dedupe off: reports counted

    def add(self, chunk: pd.DataFrame) -> None:
        """Count one chunk of quotes (the next rows of the table)."""
        start, self.n_quotes = self.n_quotes, self.n_quotes + len(chunk)
        if chunk.empty:
            return
        chunk = _numbered(chunk, start)
        self.doc_ids.update(chunk["doc_id"].astype(str))
        attributed = chunk["actor_id"].fillna("").ne("")
        self._add_unattributed(chunk[~attributed])
        exploded = by_actor(chunk)
        self._reports_per_actor = self._reports_per_actor.add(exploded["actor_id"].value_counts(), fill_value=0)
        self._add_units(exploded)

    def reports(self) -> pd.Series:
        """actor -> its reports (a joint quote counts for each of its actors)."""
        return self._reports_per_actor.astype("int64")

    def _add_unattributed(self, rows: pd.DataFrame) -> None:
        self.n_unattributed += len(rows)
        room = MAX_UNATTRIBUTED - sum(len(f) for f in self.unattributed)
        if room > 0 and len(rows):
            self.unattributed.append(rows.head(room))

    def _add_units(self, exploded: pd.DataFrame) -> None:
        labels = list(self.labels)
        frame = exploded.assign(statement_id=exploded["statement_id"].fillna("").astype(str))
        labelled = frame["stance"].isin(labels)
        votes = pd.get_dummies(frame["stance"]).reindex(columns=labels, fill_value=0).astype("int64")
        mass = pd.DataFrame({f"m_{lab}": pd.to_numeric(frame[f"p_{lab}"], errors="coerce").where(labelled)
                             if f"p_{lab}" in frame else 0.0 for lab in labels}, index=frame.index).fillna(0.0)
        first = frame["_pos"].where(labelled, np.iinfo(np.int64).max)
        self._pairs.add(pd.concat([frame[["statement_id", "actor_id", "doc_id"]], votes, mass], axis=1)
                        .assign(_first=first))
        if not self.dedupe:
            self._reports.add(frame[labelled].groupby(["actor_id", "doc_id", "stance"], sort=False).size()
                              .rename("n").reset_index())

    def units(self) -> pd.DataFrame:
        """What the matrix counts: ``actor_id, doc_id, stance, n`` (n units of that stance; a unit is a
        statement of an actor, dated by its first labelled report, or with dedupe off one report)."""
        columns = ["actor_id", "doc_id", "stance", "n"]
        if not self.dedupe:
            return self._reports.combined().reindex(columns=columns)
        frame = self._pairs.combined()
        if frame.empty:
            return pd.DataFrame(columns=columns)
        labels = list(self.labels)
        frame = frame[frame[labels].sum(axis=1).to_numpy() > 0]
        stance = consensus(frame[labels].to_numpy(), frame[[f"m_{lab}" for lab in labels]].to_numpy(dtype=float),
                           self.labels)
        return frame[["actor_id", "doc_id"]].assign(stance=stance, n=1).reset_index(drop=True)

    def statements(self) -> pd.Series:
        """actor -> how many statements its reports make."""
        frame = self._pairs.combined()
        if frame.empty:
            return pd.Series(dtype="int64")
        return frame[frame["statement_id"].ne("")].groupby("actor_id").size()


class Shown:
    """The reports report.html lists for `actor_ids`: each one's first `MAX_QUOTES_PER_ACTOR`
    in statement order (then table order), gathered from the quote chunks in order (`add`)."""

    def __init__(self, actor_ids: Iterable[str]) -> None:
        self.actor_ids = set(actor_ids)
        self.n_quotes = 0
        self._shown = pd.DataFrame()
        self._pending: list[pd.DataFrame] = []
        self._pending_rows = 0
        self._by_actor: dict[str, list[dict]] | None = None

    def add(self, chunk: pd.DataFrame) -> None:
        start, self.n_quotes = self.n_quotes, self.n_quotes + len(chunk)
        if chunk.empty:
            return
        chunk = _numbered(chunk, start)
        exploded = by_actor(chunk)
        exploded = exploded[exploded["actor_id"].isin(self.actor_ids)]
        columns = [c for c in exploded.columns if c in _SHOWN or c.startswith("p_")]
        self._pending.append(_first_per_actor(exploded[columns]))  # what this chunk could show
        self._pending_rows += len(self._pending[-1])
        if self._pending_rows > max(_COMPACT // 10, len(self._shown)):
            self._merge()

    def _merge(self) -> None:
        """Pending reports into the first reports per actor (in batches: sorting is per batch)."""
        if not self._pending:
            return
        shown = pd.concat([self._shown, *self._pending], ignore_index=True) if len(self._shown) else \
            pd.concat(self._pending, ignore_index=True)
        self._pending, self._pending_rows = [], 0
        self._shown = _first_per_actor(shown)
        self._by_actor = None

    def __call__(self, actor_id: str) -> list[dict]:
        """The actor's reports as records (one conversion for all actors: a frame's rows one by one are slow)."""
        self._merge()
        if self._by_actor is None:
            self._by_actor = defaultdict(list)
            for row in self._shown.to_dict("records"):
                self._by_actor[row["actor_id"]].append(row)
        return self._by_actor.get(actor_id, [])


def listed_quotes(matrix: pd.DataFrame, chunks: Iterable[pd.DataFrame]) -> Shown:
    """`Shown` for the first `MAX_ACTORS_LISTED` actors of `matrix` (its order), from `chunks`:
    the quote table again, in order."""
    shown = Shown(matrix.index.astype(str)[:MAX_ACTORS_LISTED])
    for chunk in chunks:
        shown.add(chunk)
    return shown


def _first_per_actor(rows: pd.DataFrame) -> pd.DataFrame:
    """Each actor's first `MAX_QUOTES_PER_ACTOR` rows by statement id, then table order."""
    order = rows.assign(_sid=rows["statement_id"].fillna("").astype(str)).sort_values(
        ["actor_id", "_sid", "_pos"], kind="stable")
    return order.groupby("actor_id", sort=False).head(MAX_QUOTES_PER_ACTOR).drop(columns="_sid")


class _Partials:
    """Partial aggregates of chunks, combined (`combine`: concatenated rows -> one row per key)
    whenever they pass `_COMPACT` rows, so memory follows the keys, not the chunks."""

    def __init__(self, keys: list[str], first: str | None = None, kept: tuple[str, ...] = ()) -> None:
        self.keys = keys
        self.first = first  # the smallest value of this column picks the row that gives `kept` columns
        self.kept = [*kept, *([first] if first else [])]
        self.frames: list[pd.DataFrame] = []
        self.rows = 0

    def add(self, frame: pd.DataFrame) -> None:
        self.frames.append(frame)
        self.rows += len(frame)
        if self.rows > _COMPACT:
            self.frames = [self.combined()]
            self.rows = len(self.frames[0])

    def combined(self) -> pd.DataFrame:
        if not self.frames:
            return pd.DataFrame()
        frame = pd.concat(self.frames, ignore_index=True)
        if self.first:
            frame = frame.sort_values(self.first, kind="stable")
        sums = [c for c in frame.columns if c not in self.keys and c not in self.kept]
        grouped = frame.groupby(self.keys, sort=False)
        out = pd.concat([grouped[self.kept].first(), grouped[sums].sum()], axis=1).reset_index()
        return out[list(frame.columns)]


def _numbered(chunk: pd.DataFrame, start: int) -> pd.DataFrame:
    """The chunk with a fresh index, a `statement_id` column (empty when statements were not
    made) and `_pos`, each row's place in the whole quote table, which orders the reports."""
    chunk = chunk.reset_index(drop=True)
    if "statement_id" not in chunk:
        chunk = chunk.assign(statement_id="")
    return chunk.assign(_pos=np.arange(start, start + len(chunk)))
