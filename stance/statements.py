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

import math
from collections import Counter, defaultdict
from functools import lru_cache

import numpy as np
import pandas as pd

from .gcpause import gc_paused
from .names import fold

SIMILARITY = 0.8
_MIN_CONTAINED = 4
_CONTAINED = 0.9


def same_statement(a: str, b: str, threshold: float = SIMILARITY) -> bool:
    """Near-identical quotations (Jaccard) or one inside the other (containment)."""
    return _similar(_words(a), _words(b), threshold)


def _similar(ta: frozenset[str], tb: frozenset[str], threshold: float) -> bool:
    if not ta or not tb:
        return False
    common = len(ta & tb)
    if common / (len(ta) + len(tb) - common) >= threshold:  # the union's size, without building it
        return True
    shorter = min(len(ta), len(tb))
    return shorter >= _MIN_CONTAINED and common / shorter >= _CONTAINED


@lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


class _Statements:
    """Statements so far, found by (actor, word), so a new report meets only the earlier texts
    of its own actors that could be `_similar` to it (prefix filtering).

    Both tests need two texts to share at least ceil(t x |x|) words of the shorter
    one, x (t = the lower of the two thresholds), so x's `_prefix` (its rarest
    |x| - ceil(t x |x|) + 1 words) holds at least one of them. Each text is
    indexed under all its words and, separately, under its prefix, once for
    every actor of its statement; a new text looks its prefix up in the first
    and all its words in the second.
    """

    def __init__(self, texts: list[frozenset[str]], threshold: float) -> None:
        counts = Counter(w for t in set(texts) for w in t)
        self.rank = {w: (n, w) for w, n in counts.items()}     # rarest first
        self.threshold = threshold
        self.bound = min(threshold, _CONTAINED)
        self.words: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.prefixes: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.entries: list[tuple[frozenset[str], int]] = []      # (words, statement number)
        self.actors: list[set[str]] = []                         # per statement
        self.texts: list[list[int]] = []                         # entries per statement
        self.seen: set[tuple[frozenset[str], int]] = set()

    def _prefix(self, text: frozenset[str]) -> list[str]:
        n = len(text)
        keep = n - math.ceil(self.bound * n - 1e-9) + 1
        return sorted(text, key=self.rank.__getitem__)[:keep]

    def find(self, text: frozenset[str], actors: set[str]) -> int | None:
        """The earliest statement sharing an actor with a near-identical text, if any."""
        if not text:
            return None
        found: set[int] = set()
        prefix = self._prefix(text)
        for actor in actors:
            for w in prefix:
                found.update(self.words.get((actor, w), ()))
            for w in text:
                found.update(self.prefixes.get((actor, w), ()))
        for e in sorted(found, key=lambda e: self.entries[e][1]):  # earliest statement first: stop at a match
            if _similar(text, self.entries[e][0], self.threshold):
                return self.entries[e][1]
        return None

    def add(self, number: int | None, text: frozenset[str], actors: set[str]) -> int:
        """Add a report to statement `number` (a new one if None); returns the number."""
        if number is None:
            number = len(self.actors)
            self.actors.append(set())
            self.texts.append([])
        for actor in actors - self.actors[number]:
            self.actors[number].add(actor)
            for entry in self.texts[number]:
                self._index(entry, actor)
        if text and (text, number) not in self.seen:
            self.seen.add((text, number))
            self.entries.append((text, number))
            self.texts[number].append(len(self.entries) - 1)
            for actor in self.actors[number]:
                self._index(len(self.entries) - 1, actor)
        return number

    def _index(self, entry: int, actor: str) -> None:
        text = self.entries[entry][0]
        for w in text:
            self.words[(actor, w)].append(entry)
        for w in self._prefix(text):
            self.prefixes[(actor, w)].append(entry)


@gc_paused
def assign_statements(frame: pd.DataFrame, threshold: float = SIMILARITY) -> pd.DataFrame:
    """A copy of a quotes frame with ``statement_id`` (``s0001``...) in first-seen order.

    Reports join the earliest statement that shares an actor with them and holds
    a near-identical text (a joint "the two ministers" quote and the same words
    given to one minister elsewhere).
    """
    out = frame.copy()
    actor_sets = [set(filter(None, a.split(";"))) for a in out["actor_id"].fillna("").astype(str)]
    texts = [_words(t) if who else frozenset() for t, who in zip(out["text"].fillna("").astype(str), actor_sets)]
    statements = _Statements([t for t in texts if t], threshold)
    ids: list[str] = [""] * len(out)
    for pos, (actors, text) in enumerate(zip(actor_sets, texts)):
        if actors:
            number = statements.add(statements.find(text, actors), text, actors)
            ids[pos] = f"s{number + 1:04d}"
    out["statement_id"] = ids
    return out


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
    counts = votes.to_numpy()
    tied = counts == counts.max(axis=1, keepdims=True)
    best = np.where(tied, mass.to_numpy(dtype=float), -np.inf).argmax(axis=1)
    return pd.Series(np.asarray(labels, dtype=object)[best], index=votes.index, name="stance")
