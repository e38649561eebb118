"""The actor x stance matrix and actor x actor agreement, from a quotes frame.

Data in, data out: the Result object, the reports and the notebook all call
:func:`stance_matrix`. By default each statement counts once (see
:mod:`stance.statements`); joint statements ("the two ministers stressed")
count once for each of their actors.

Cells count argmax labels, or with ``weighting="probability"`` sum each
unit's label probabilities (a statement's are the mean of its reports'; a
report without probabilities, e.g. corrected by hand, is certain of its label).
:func:`with_intervals` gives each share a credible interval from the Dirichlet
posterior of the row (a prior of one pseudo-quote spread evenly over the
labels), so a share resting on two quotes shows how little it is known.
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
WEIGHTINGS = ("count", "probability")
PRIOR = 1.0           # Dirichlet pseudo-quotes per row, spread evenly over the labels


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
    weighting: str = "count",
) -> pd.DataFrame:
    """Counts (or row shares with ``normalize="row"``) of each label, plus ``n``.

    Rows are actors (index ``actor_id``), countries or speaker types (`by`); with
    `period` ("W", "M") the index is (period, group), dated from `dates` (doc_id ->
    date, a Series or a frame with doc_id and date columns) or a ``date`` column;
    undated quotes are left out. `actors` (an actors.csv frame) supplies countries;
    without it they are read from the quotes. ``weighting="probability"`` sums
    label probabilities instead of counting argmax labels (``n`` is the same).
    """
    if by not in GROUPINGS:
        raise ValueError(f"by must be one of {', '.join(GROUPINGS)}, not {by!r}")
    if normalize not in (None, "row"):
        raise ValueError(f"normalize must be None or 'row', not {normalize!r}")
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {', '.join(WEIGHTINGS)}, not {weighting!r}")
    labels = tuple(labels)
    frame = annotate(quotes_df)
    units = statement_table(frame, labels) if dedupe else by_actor(frame[frame["stance"].isin(labels)])
    if weighting == "probability":
        units = _with_probabilities(units, frame, labels, dedupe)
    keys = ["group"]
    units["group"] = _group_column(units, frame, by, actors)
    if period:
        units["period"] = _periods(units, dates, period)
        units = units[units["period"].ne("")]
        keys = ["period", "group"]
    names = [("actor_id" if by == "actor" else by) if k == "group" else k for k in keys]
    if weighting == "probability":
        counts = units.groupby(keys, sort=True)[[f"w_{lab}" for lab in labels]].sum()
        counts.columns = list(labels)
    else:
        counts = pd.crosstab([units[k] for k in keys], units["stance"]).reindex(columns=list(labels), fill_value=0)
    counts = counts.rename_axis(index=names, columns=None)
    n = counts.sum(axis=1)
    if weighting == "probability":
        n = n.round(9)
    if normalize == "row":
        counts = counts.div(n.where(n > 0, 1), axis=0)
    counts["n"] = n
    return counts.sort_values("n", ascending=False, kind="stable") if not period else counts


def unit_matrix(units: pd.DataFrame, labels: tuple[str, ...] = DEFAULT_LABELS) -> pd.DataFrame:
    """`stance_matrix` by actor (counts, no period) from a `Tally`'s units: what matrix.csv holds."""
    counts = units["n"].groupby([units["actor_id"], units["stance"]]).sum().unstack(fill_value=0) if len(units) \
        else pd.DataFrame(index=pd.Index([], dtype=object))
    counts = counts.reindex(columns=list(labels), fill_value=0).astype("int64").rename_axis(index="actor_id", columns=None)
    counts["n"] = counts.sum(axis=1)
    return counts.sort_values("n", ascending=False, kind="stable")


def _with_probabilities(units: pd.DataFrame, frame: pd.DataFrame, labels: tuple[str, ...],
                        dedupe: bool) -> pd.DataFrame:
    """`units` with ``w_<label>`` columns: each unit's label probabilities, summing to 1."""
    reports = by_actor(frame[frame["stance"].isin(labels)]) if dedupe else units
    probs = pd.DataFrame({lab: pd.to_numeric(reports[f"p_{lab}"], errors="coerce") if f"p_{lab}" in reports
                          else np.nan for lab in labels}, index=reports.index)
    certain = pd.get_dummies(reports["stance"]).reindex(columns=list(labels), fill_value=0).astype(float)
    missing = probs.isna().all(axis=1)
    probs = probs.fillna(0.0).where(~missing, certain, axis=0)
    total = probs.sum(axis=1)
    probs = probs.div(total.where(total > 0, 1), axis=0).where(total > 0, certain, axis=0)
    probs.columns = [f"w_{lab}" for lab in labels]
    if not dedupe:
        return pd.concat([units, probs], axis=1)
    keys = ["statement_id", "actor_id"]
    means = pd.concat([reports[keys], probs], axis=1).groupby(keys, sort=True).mean()
    return units.join(means, on=keys)


def with_shares(matrix: pd.DataFrame, labels: tuple[str, ...], level: float | None = 0.95) -> pd.DataFrame:
    """matrix.csv: counts, n, ``share_<label>`` per label, then (with `level`) each share's interval."""
    shares = matrix[list(labels)].div(matrix["n"].where(matrix["n"] > 0, 1), axis=0).round(3)
    table = pd.concat([matrix, shares.add_prefix("share_")], axis=1)
    return with_intervals(table, labels, level) if level else table


def with_intervals(matrix: pd.DataFrame, labels: tuple[str, ...], level: float = 0.95,
                   prior: float = PRIOR) -> pd.DataFrame:
    """The matrix with ``lo_<label>`` and ``hi_<label>``: an equal-tailed credible interval for
    each label's share of the row, from the Dirichlet(counts + `prior` / K) posterior, K labels.

    The counts may be summed probabilities (``weighting="probability"``); a share's
    marginal is Beta(c + a, n - c + (K - 1) a) with a = prior / K. The observed share
    can lie outside the interval of a thin row: one quote is weak evidence.
    """
    # Beta's quantile function as scipy.stats.beta.ppf computes it (the same ufunc, same values), without
    # importing scipy.stats: seconds on a loaded machine, at the end of a run, while the workers idle.
    from scipy.special import betaincinv

    counts = matrix[list(labels)].to_numpy(dtype=float)
    prior = prior / len(labels)
    rest = counts.sum(axis=1, keepdims=True) - counts + (len(labels) - 1) * prior
    tail = (1 - level) / 2
    lo = betaincinv(counts + prior, rest, tail)
    hi = betaincinv(counts + prior, rest, 1 - tail)
    bounds = pd.DataFrame(np.hstack([lo, hi]).round(3), index=matrix.index,
                          columns=[f"lo_{lab}" for lab in labels] + [f"hi_{lab}" for lab in labels])
    return pd.concat([matrix, bounds], axis=1)


def agreement(matrix: pd.DataFrame, labels: tuple[str, ...]) -> pd.DataFrame:
    """Actor x actor cosine similarity of stance profiles (count vectors), 0 to 1.

    1 means two actors spread their quotes over the labels in the same
    proportions; 0 means they never take the same stance. Cosine, unlike shared
    label counts, does not favour actors quoted often. Dense: for a few hundred
    actors; `agreement_pairs` gives the same values in long form at any size.
    """
    unit = _unit_profiles(matrix, labels)
    return pd.DataFrame((unit @ unit.T).round(3), index=matrix.index, columns=matrix.index)


def agreement_pairs(matrix: pd.DataFrame, labels: tuple[str, ...], top_k: int = 10, min_n: float = 1) -> pd.DataFrame:
    """agreement.csv: for each actor with at least `min_n` quotes, its `top_k` most similar
    actors (``actor_id, other_actor_id, agreement``; ties by id), the values of `agreement`.

    Memory and time grow with the number of distinct stance profiles (actors whose
    counts are proportional share one), not with the square of the actors.
    """
    kept = matrix[matrix["n"] >= min_n]
    ids = kept.index.astype(str).to_numpy()
    columns = ["actor_id", "other_actor_id", "agreement"]
    if len(ids) < 2 or top_k < 1:
        return pd.DataFrame(columns=columns)
    profiles, which = np.unique(_unit_profiles(kept, labels).round(12), axis=0, return_inverse=True)
    which = which.reshape(-1)
    members = [np.sort(ids[which == u]) for u in range(len(profiles))]
    rows: list[tuple[str, str, float]] = []
    for u, profile in enumerate(profiles):
        sims = (profiles @ profile).round(3)
        nearest: list[tuple[str, float]] = []        # top_k + 1 by (-similarity, id): one may be the actor
        for value in np.unique(sims)[::-1]:
            tied = np.sort(np.concatenate([members[v][:top_k + 1] for v in np.flatnonzero(sims == value)]))
            nearest += [(other, float(value)) for other in tied[:top_k + 1 - len(nearest)]]
            if len(nearest) > top_k:
                break
        for actor in members[u]:
            rows += [(actor, other, value) for other, value in nearest if other != actor][:top_k]
    order = {a: k for k, a in enumerate(ids)}
    pairs = pd.DataFrame(rows, columns=columns)
    pairs["_order"] = pairs["actor_id"].map(order)
    return pairs.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def _unit_profiles(matrix: pd.DataFrame, labels: tuple[str, ...]) -> np.ndarray:
    vectors = matrix[list(labels)].to_numpy(dtype=float)
    norms = np.linalg.norm(vectors, axis=1)
    norms[norms == 0] = 1.0
    return vectors / norms[:, None]


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
    parsed = pd.to_datetime(date, errors="coerce", utc=True, format="mixed").dt.tz_localize(None)
    return parsed.dt.to_period(period).astype(str).where(parsed.notna(), "")
