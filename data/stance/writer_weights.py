"""Weight training rows so that every writer batch counts the same, however many rows it wrote.

A row's batch is its article writer (`source` "article batch wK, ...") or, for train.csv's rows, the
batch letter its id starts with (a-d written by the stance developers, e-i five independent writers).
Each row gets `weight` = the median batch size / its batch's size, so every batch weighs the median
and none dominates (train.csv's e-i wrote ~600 rows each, an article writer ~220). `stance train`
reads the column in every kind's fit.

An analyst's corrections (corrections.csv, source "review") are one more writer's batch, with each row
held between 1 and `REVIEW_MOST` (5): a few corrections count five rows each (as one writer's batch a
single correction weighed a writer's ~229 rows, and a careless click steered every fine-tuning step
it fell in), a writer's batch of them weighs what a writer weighs, and more count one row each (the
analyst's own conflict, checked by hand, never counts less than a row of the shipped data). The median
is the writers' alone, so corrections never move the shipped rows' weights. `--review-weight W` gives
every correction W instead.

    python data/stance/writer_weights.py FD.csv --out FDB.csv
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd


def writer_batches(rows: pd.DataFrame) -> pd.Series:
    """Each row's writer batch: wK for article rows, "review" for corrections.csv's rows (the analyst
    is one writer), else the first letter of its id."""
    article = rows["source"].str.extract(r"article batch (w\d+)", expand=False)
    ids = rows["id"] if "id" in rows else pd.Series("", index=rows.index, dtype=str)
    return article.where(article.notna(), ids.str[0]).where(rows["source"] != "review", "review")


REVIEW = "review"
REVIEW_LEAST, REVIEW_MOST = 1.0, 5.0  # a correction's weight in rows, unless --review-weight says


def writer_weights(rows: pd.DataFrame, review_weight: float | None = None) -> pd.Series:
    """median writer batch size / the row's batch size, rounded to 4 places, as text (rows are read as
    text); a correction's share held within [REVIEW_LEAST, REVIEW_MOST], or `review_weight`."""
    batch = writer_batches(rows)
    sizes = batch.value_counts()
    median = sizes.drop(REVIEW, errors="ignore").median()
    weight = median / batch.map(sizes)
    review = batch == REVIEW
    weight[review] = review_weight if review_weight is not None else weight[review].clip(REVIEW_LEAST, REVIEW_MOST).fillna(REVIEW_LEAST)  # alone: 1
    return weight.round(4).astype(str)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=Path, help="training CSV (train.csv followed by article rows)")
    parser.add_argument("--out", type=Path, required=True, help="the same rows with a weight column")
    parser.add_argument("--review-weight", type=float, metavar="W",
                        help=f"each correction (source 'review') weighs W rows (default: its batch's share, "
                             f"held within {REVIEW_LEAST:g}-{REVIEW_MOST:g})")
    args = parser.parse_args()
    if args.review_weight is not None and not args.review_weight > 0:
        raise SystemExit(f"--review-weight {args.review_weight:g}: must be above 0")
    rows = pd.read_csv(args.rows, dtype=str, keep_default_na=False)
    if "weight" in rows:
        raise SystemExit(f"{args.rows}: already has a weight column")
    weight = writer_weights(rows, args.review_weight)
    review = writer_batches(rows) == REVIEW
    if review.any():
        each = weight[review].astype(float)
        writer = writer_batches(rows)[~review].value_counts().median()
        share = f"{each.iloc[0]:g} rows each" if each.nunique() == 1 else f"{each.min():g}-{each.max():g} rows each"
        print(f"writer_weights: {review.sum()} corrections (source 'review') weigh {share}, {each.sum():g} in all "
              f"(a writer's batch weighs {writer:g}); --review-weight W sets another", file=sys.stderr)
    rows.assign(weight=weight).to_csv(args.out, index=False)


if __name__ == "__main__":
    main()
