"""The actor x stance matrix and actor x actor agreement, from a quotes frame.

Data in, data out: the Result object, the reports and the notebook all call
:func:`stance_matrix`. By default each statement counts once (see
:mod:`stance.statements`); joint statements ("the two ministers stressed")
count once for each of their actors.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .actors import actor_table, assign_actors
from .records import quotes_from_frame
from .registry import Registry
from .statements import assign_statements, by_actor, statement_table

DEFAULT_LABELS = ("interventionist", "non-interference", "concern", "support", "neutral")
GROUPINGS = ("actor", "country", "speaker_type")


def annotate(quotes_df: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """Quotes with actor_id and statement_id, computing whichever is missing."""
    frame = quotes_df.copy()
    if "actor_id" not in frame or frame["actor_id"].fillna("").eq("").all():
        frame["actor_id"] = [q.actor_id for q in assign_actors(quotes_from_frame(frame), registry)]
    frame["actor_id"] = frame["actor_id"].fillna("").astype(str)
    if "statement_id" not in frame or frame["statement_id"].fillna("").eq("").all():
        frame = assign_statements(frame)
    return frame


def stance_matrix(
    quotes_df: pd.DataFrame,
    labels: tuple[str, ...] = DEFAULT_LABELS,
    normalize: str | None = None,
    dedupe: bool = True,
    by: str = "actor",
    period: str | None = None,
    dates: pd.DataFrame | pd.Series | None = None,
    actors: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Counts (or row shares with ``normalize="row"``) of each label, plus ``n``.

    Rows are actors, countries or speaker types (`by`); with `period` ("W", "M")
    the index is (period, group), dated from `dates` (doc_id -> date, a Series or
    a frame with doc_id and date columns) or a ``date`` column; undated quotes are
    left out. `actors` (an actors.csv frame) supplies countries; without it they
    are read from the quotes.
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    if normalize not in (None, "row"):
        raise ValueError(f"normalize must be None or 'row', not {normalize!r}")
    labels = tuple(labels)
    frame = annotate(quotes_df)
    units = statement_table(frame, labels) if dedupe else by_actor(frame[frame["stance"].isin(labels)])
    keys = ["group"]
    units["group"] = _group_column(units, frame, by, actors)
    if period:
        units["period"] = _periods(units, dates, period)
        units = units[units["period"].ne("")]
        keys = ["period", "group"]
    counts = pd.crosstab([units[k] for k in keys], units["stance"]).reindex(columns=list(labels), fill_value=0)
    counts = counts.rename_axis(index=[by if k == "group" else k for k in keys], columns=None)
    n = counts.sum(axis=1)
    if normalize == "row":
        counts = counts.div(n.where(n > 0, 1), axis=0)
    counts["n"] = n
    return counts.sort_values("n", ascending=False, kind="stable") if not period else counts


def with_shares(matrix: pd.DataFrame, labels: tuple[str, ...]) -> pd.DataFrame:
    """matrix.csv: counts, n, then ``share_<label>`` per label."""
    shares = matrix[list(labels)].div(matrix["n"].where(matrix["n"] > 0, 1), axis=0).round(3)
    return pd.concat([matrix, shares.add_prefix("share_")], axis=1)


def agreement(matrix: pd.DataFrame, labels: tuple[str, ...]) -> pd.DataFrame:
    """Actor x actor cosine similarity of stance profiles (count vectors), 0 to 1.

    1 means two actors spread their quotes over the labels in the same
    proportions; 0 means they never take the same stance. Cosine, unlike shared
    label counts, does not favour actors quoted often.
    """
    vectors = matrix[list(labels)].to_numpy(dtype=float)
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    unit = vectors / norms[:, None]
    return pd.DataFrame((unit @ unit.T).round(3), index=matrix.index, columns=matrix.index)


def _group_column(units: pd.DataFrame, frame: pd.DataFrame, by: str, actors: pd.DataFrame | None) -> pd.Series:
    if by == "actor":
        return units["actor_id"]
    if by == "speaker_type":
        return units["speaker_type"].fillna("unknown")
    table = actors if actors is not None else actor_table(quotes_from_frame(frame))
    country = dict(zip(table["actor_id"], table["country"].fillna("")))
    return units["actor_id"].map(country).fillna("").replace("", "unknown")


def _periods(units: pd.DataFrame, dates, period: str) -> pd.Series:
    if dates is None:
        date = units["date"] if "date" in units else pd.Series("", index=units.index)
    else:
        if isinstance(dates, pd.DataFrame):
            dates = dates.set_index("doc_id")["date"]
        date = units["doc_id"].map(dates)
    parsed = pd.to_datetime(date, errors="coerce", utc=True).dt.tz_localize(None)
    return parsed.dt.to_period(period).astype(str).where(parsed.notna(), "")
