"""Reports of one statement grouped, so an actor's quote repeated by many outlets counts once.

Two quotes are one statement when they have the same actor(s) and near-identical
words: token Jaccard >= 0.8 on folded text, or the shorter (4+ words) lies
almost wholly inside the longer (a lede paraphrasing the body quote, a
headline quoting part of it). Grouping runs within and across documents.

Only candidate pairs are compared: a word index with prefix filtering (each
text indexed under its rarest words) finds every earlier text that could pass
either test, so the grouping is exact and near-linear in the number of quotes.

A statement's stance is the majority label of its reports; a tie goes to the
tied label with the largest summed probability (``p_<label>`` columns), then to
codebook order. Majority first, because a hand-corrected label (no probability)
must count as much as a predicted one.
"""
from __future__ import annotations

import bisect
import heapq
import math
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd

from .gcpause import gc_paused
from .names import fold

SIMILARITY = 0.8
_MIN_CONTAINED = 4
_CONTAINED = 0.9
_TICK = 1000


def same_statement(a: str, b: str, threshold: float = SIMILARITY) -> bool:
    """Near-identical quotations (Jaccard) or one inside the other (containment)."""
    return _overlapping(_words(a), _words(b), threshold)


def _overlapping(ta: frozenset, tb: Iterable, threshold: float) -> bool:
    """The two tests on the distinct words of two texts (`tb` a set, or a tuple of distinct words)."""
    if not ta or not tb:
        return False
    common = len(ta.intersection(tb))
    nb = len(tb)  # type: ignore[arg-type]
    if common / (len(ta) + nb - common) >= threshold:  # the union's size, without building it
        return True
    shorter = min(len(ta), nb)
    return shorter >= _MIN_CONTAINED and common / shorter >= _CONTAINED


@lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


class _Statements:
    """Statements so far, found by (actor, word), so a new report meets only the earlier texts
    of its own actors that could pass `_overlapping` with it (prefix filtering).

    Both tests need two texts to share at least ceil(b x |x|) words of the shorter
    one, x: b = 2t / (1 + t) for the Jaccard test (the union is at least 2|x| - common
    words) and 0.9 for containment, so x's rarest |x| - ceil(b x |x|) + 1 words (its
    `_prefix`) hold at least one of them. Each text is indexed under all its words
    and, separately, under its prefix, once for every actor of its statement; a new
    text looks its prefix up in the first (as the shorter) and all its words in the
    second (as the longer), and every text found is checked with `_overlapping`.

    A report joins the earliest statement that holds a passing text, so the entries
    filed under a key are kept in statement order (an item is its statement number
    and its entry number in one integer) and the lists met are merged lazily: the
    search stops at the first pass. Hundreds of near-identical reports of one actor
    then cost one check each (they all pass against the first), and reports that
    differ by a number or a date meet only the texts holding that same rare word,
    so neither case compares every pair (`tests/test_statements_growth.py`).

    Words are integers and texts sorted tuples of them: a fraction of the
    memory of sets of strings, which matters at millions of quotes. Most
    (actor, word) keys hold one text (an actor's words are mostly its own),
    so a key holds a bare item until a second one comes (`_Postings`).
    """

    def __init__(self, order: dict[int, int], vocabulary: int, threshold: float) -> None:
        self.order = order                                       # word -> rank in the corpus, rarest first
        self.scale = vocabulary
        self.threshold = threshold
        self.bound = min(2 * threshold / (1 + threshold), _CONTAINED)
        self.words = _Postings()                                 # key (actor, word) -> items
        self.prefixes = _Postings()
        self.entries: list[tuple[int, ...]] = []                 # distinct words of each indexed text
        self.actors: list[set[int]] = []                         # per statement
        self.texts: list[list[int]] = []                         # entries per statement
        self.seen: set[tuple[tuple[int, ...], int]] = set()
        self.met = 0                                             # texts `find` checked (the work it did)

    def _key(self, actor: int, word: int) -> int:
        return actor * self.scale + word

    def _prefix(self, text: tuple[int, ...]) -> list[int]:
        """The text's rarest words: a text it passes with, as the shorter, holds one of them."""
        n = len(text)
        need = max(1, math.ceil(self.bound * n - 1e-6))  # words any passing pair shares, at least
        return sorted(text, key=self.order.__getitem__)[:n - need + 1]

    def find(self, text: tuple[int, ...], actors: set[int]) -> int | None:
        """The earliest statement sharing an actor with a near-identical text, if any."""
        if not text:
            return None
        lists = []
        for actor in actors:
            lists.extend(self.words.lists(self._key(actor, w) for w in self._prefix(text)))
            lists.extend(self.prefixes.lists(self._key(actor, w) for w in text))
        if not lists:
            return None
        words, entries, last = frozenset(text), self.entries, -1
        if len(lists) == 1:
            merged = lists[0]
        elif sum(map(len, lists)) <= _SHORT:  # the usual case: sorting a few items beats merging
            merged = sorted(chain.from_iterable(lists))
        else:
            merged = heapq.merge(*lists)
        for item in merged:  # statement order, so the first pass is the earliest statement
            if item == last:
                continue
            last = item
            self.met += 1
            if _overlapping(words, entries[item & _ENTRY], self.threshold):
                return item >> _SHIFT
        return None

    def add(self, number: int | None, text: tuple[int, ...], actors: set[int]) -> int:
        """Add a report to statement `number` (a new one if None); returns the number."""
        if number is None:
            number = len(self.actors)
            self.actors.append(set())
            self.texts.append([])
        for actor in actors - self.actors[number]:
            self.actors[number].add(actor)
            for entry in self.texts[number]:
                self._index(entry, number, actor)
        if text and (text, number) not in self.seen:
            self.seen.add((text, number))
            self.entries.append(text)
            self.texts[number].append(len(self.entries) - 1)
            for actor in self.actors[number]:
                self._index(len(self.entries) - 1, number, actor)
        return number

    def _index(self, entry: int, number: int, actor: int) -> None:
        text = self.entries[entry]
        item = number << _SHIFT | entry
        for w in text:
            self.words.add(self._key(actor, w), item)
        for w in self._prefix(text):
            self.prefixes.add(self._key(actor, w), item)


_SHIFT = 40                      # an item is statement << _SHIFT | entry: sorted items are in statement order
_ENTRY = (1 << _SHIFT) - 1
_SHORT = 64                      # items met at most, for `find` to sort them all rather than merge lazily


class _Postings(dict):
    """key -> the items filed under it, sorted: a bare int for one item (no list object,
    which would be most of the index's memory), a list from the second on."""

    def add(self, key: int, item: int) -> None:
        held = self.get(key)
        if held is None:
            self[key] = item
        elif type(held) is int:
            self[key] = [held, item] if held < item else [item, held]
        elif item > held[-1]:
            held.append(item)
        else:  # a later text of an earlier statement, or an actor a statement gained
            bisect.insort(held, item)

    def lists(self, keys: Iterable[int]) -> list:
        """The sorted items of each of `keys` that holds any."""
        found = []
        for key in keys:
            held = self.get(key)
            if held is not None:
                found.append((held,) if type(held) is int else held)
        return found


def assign_statements(frame: pd.DataFrame, threshold: float = SIMILARITY) -> pd.DataFrame:
    """A copy of a quotes frame with ``statement_id`` (``s0001``...) in first-seen order.

    Reports join the earliest statement that shares an actor with them and holds
    a near-identical text (a joint "the two ministers" quote and the same words
    given to one minister elsewhere).
    """
    out = frame.copy()
    numbers = statement_numbers(out["actor_id"].fillna("").astype(str), out["text"].fillna("").astype(str), threshold)
    out["statement_id"] = statement_labels(numbers)
    return out


def statement_labels(numbers: np.ndarray) -> list[str]:
    """``s0001``... for statement numbers 0, 1...; "" for -1 (a quote without an actor)."""
    return [f"s{n + 1:04d}" if n >= 0 else "" for n in numbers.tolist()]


@gc_paused
def statement_numbers(actor_ids: Iterable[str], texts: Iterable[str], threshold: float = SIMILARITY,
                      progress: Callable[[int], object] | None = None) -> np.ndarray:
    """Each quote's statement number (first-seen order from 0; -1 without an actor), from its
    ``actor_id`` (``A;B`` for a joint quote) and text, read once each in step (streams welcome).
    `progress` is told how many more quotes were grouped, every `_TICK`.

    Holds the statements' word index and one small integer tuple per quote, never the texts.
    """
    return _group(actor_ids, texts, threshold, progress)[0]


def _group(actor_ids: Iterable[str], texts: Iterable[str], threshold: float = SIMILARITY,
           progress: Callable[[int], object] | None = None) -> tuple[np.ndarray, _Statements]:
    """`statement_numbers`, and the index it built (its `met` counts the texts checked)."""
    vocabulary: dict[str, int] = {}
    actor_numbers: dict[str, int] = {}
    seen: Counter = Counter()
    reports: list[tuple[tuple[int, ...], set[int]]] = []
    for actor_id, text in zip(actor_ids, texts):
        actors = {actor_numbers.setdefault(a, len(actor_numbers)) for a in actor_id.split(";") if a}
        words = _encode(text, vocabulary) if actors else ()
        seen.update(words)
        reports.append((words, actors))
    order = {w: rank for rank, w in enumerate(sorted(seen, key=lambda w: (seen[w], w)))}
    statements = _Statements(order, len(vocabulary), threshold)
    numbers = np.full(len(reports), -1, dtype=np.int64)
    for pos, (words, actors) in enumerate(reports):
        if actors:
            numbers[pos] = statements.add(statements.find(words, actors), words, actors)
        reports[pos] = None  # type: ignore[call-overload]  # what the index keeps, it holds itself
        if progress and (pos + 1) % _TICK == 0:
            progress(_TICK)
    if progress:
        progress(len(reports) % _TICK)
    return numbers, statements


def _encode(text: str, vocabulary: dict[str, int]) -> tuple[int, ...]:
    """The distinct folded words of `text` as sorted integers (new words get the next number)."""
    return tuple(sorted({vocabulary.setdefault(w, len(vocabulary)) for w in fold(text).split()}))


def by_actor(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (quote, actor): joint quotes ("A;B") count for each of their actors."""
    units = frame[frame["actor_id"].fillna("").ne("")]
    return units.assign(actor_id=units["actor_id"].str.split(";")).explode("actor_id", ignore_index=True)


def statement_table(frame: pd.DataFrame, labels: tuple[str, ...]) -> pd.DataFrame:
    """One row per (statement, actor): consensus stance, n_reports, n_docs, first report's fields."""
    units = by_actor(frame)
    labelled = units[units["statement_id"].fillna("").ne("") & units["stance"].isin(labels)]
    keys = ["statement_id", "actor_id"]
    groups = labelled.groupby(keys, sort=True)
    first = labelled.drop_duplicates(keys).sort_values(keys, kind="stable").set_index(keys)
    first["stance"] = consensus_stances(labelled, labels).reindex(first.index)
    first["n_reports"] = groups.size()
    first["n_docs"] = groups["doc_id"].nunique()
    return first.reset_index()[[*frame.columns, "n_reports", "n_docs"]]


def consensus_stances(reports: pd.DataFrame, labels: tuple[str, ...],
                      keys: tuple[str, ...] = ("statement_id", "actor_id")) -> pd.Series:
    """Per group of `keys`: majority label; ties broken by summed probability, then codebook order."""
    groups = [reports[k] for k in keys]
    votes = pd.crosstab(groups, reports["stance"]).reindex(columns=list(labels), fill_value=0)
    mass = pd.DataFrame({lab: pd.to_numeric(reports[f"p_{lab}"], errors="coerce") if f"p_{lab}" in reports else 0.0
                         for lab in labels}, index=reports.index).groupby(groups).sum().reindex(votes.index)
    return pd.Series(consensus(votes.to_numpy(), mass.to_numpy(dtype=float), labels), index=votes.index, name="stance")


def consensus(votes: np.ndarray, mass: np.ndarray, labels: tuple[str, ...]) -> np.ndarray:
    """Each row's label: the most votes; among tied labels the largest summed probability, then codebook order."""
    tied = votes == votes.max(axis=1, keepdims=True)
    best = np.where(tied, mass, -np.inf).argmax(axis=1)
    return np.asarray(labels, dtype=object)[best]
