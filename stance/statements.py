"""Reports of one statement grouped, so an actor's quote repeated by many outlets counts once.

Two quotes are one statement when they have the same actor(s) and near-identical
words: token Jaccard >= 0.8 on folded text, or the shorter (4+ words) lies
almost wholly inside the longer (a lede paraphrasing the body quote, a
headline quoting part of it). Grouping runs within and across documents.

A statement's stance is the majority label of its reports; a tie goes to the
tied label with the largest summed probability (``p_<label>`` columns), then to
codebook order. Majority first, because a hand-corrected label (no probability)
must count as much as a predicted one.
"""
from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .names import fold

SIMILARITY = 0.8
_MIN_CONTAINED = 4


def same_statement(a: str, b: str, threshold: float = SIMILARITY) -> bool:
    """Near-identical quotations (Jaccard) or one inside the other (containment)."""
    ta, tb = _words(a), _words(b)
    if not ta or not tb:
        return False
    common = len(ta & tb)
    if common / len(ta | tb) >= threshold:
        return True
    shorter = min(len(ta), len(tb))
    return shorter >= _MIN_CONTAINED and common / shorter >= 0.9


@lru_cache(maxsize=65536)
def _words(text: str) -> frozenset[str]:
    return frozenset(fold(text).split())


def assign_statements(frame: pd.DataFrame, threshold: float = SIMILARITY) -> pd.DataFrame:
    """A copy of a quotes frame with ``statement_id`` (``s0001``...) in first-seen order.

    Reports join a statement when they share an actor with it (a joint
    "the two ministers" quote and the same words given to one minister elsewhere).
    """
    out = frame.copy()
    ids: list[str] = [""] * len(out)
    statements: list[tuple[set[str], list[str]]] = []    # (actors, texts) per statement
    for pos, (actor, text) in enumerate(zip(out["actor_id"].fillna(""), out["text"].fillna(""))):
        actors = set(filter(None, actor.split(";")))
        if not actors:
            continue
        number = next((n for n, (who, texts) in enumerate(statements)
                       if who & actors and any(same_statement(text, t, threshold) for t in texts)), None)
        if number is None:
            number = len(statements)
            statements.append((set(), []))
        statements[number][0].update(actors)
        statements[number][1].append(text)
        ids[pos] = f"s{number + 1:04d}"
    out["statement_id"] = ids
    return out


def by_actor(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (quote, actor): joint quotes ("A;B") count for each of their actors."""
    units = frame[frame["actor_id"].fillna("").ne("")]
    return units.assign(actor_id=units["actor_id"].str.split(";")).explode("actor_id", ignore_index=True)


def statement_table(frame: pd.DataFrame, labels: tuple[str, ...]) -> pd.DataFrame:
    """One row per (statement, actor): consensus stance, n_reports, n_docs, first report's fields."""
    rows = []
    units = by_actor(frame)
    labelled = units[units["statement_id"].fillna("").ne("") & units["stance"].isin(labels)]
    for _, reports in labelled.groupby(["statement_id", "actor_id"], sort=True):
        first = reports.iloc[0].to_dict()
        first.update(stance=consensus_stance(reports, labels),
                     n_reports=len(reports), n_docs=reports["doc_id"].nunique())
        rows.append(first)
    return pd.DataFrame(rows, columns=[*frame.columns, "n_reports", "n_docs"])


def consensus_stance(reports: pd.DataFrame, labels: tuple[str, ...]) -> str:
    """Majority label; ties broken by summed probability, then codebook order."""
    votes = reports["stance"].value_counts()
    tied = [lab for lab in labels if votes.get(lab, 0) == votes.max()]

    def mass(lab: str) -> float:
        col = f"p_{lab}"
        return float(pd.to_numeric(reports[col], errors="coerce").sum()) if col in reports else 0.0

    return max(tied, key=lambda lab: (mass(lab), -labels.index(lab)))
