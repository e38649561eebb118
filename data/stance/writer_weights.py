"""Weight training rows so that every writer batch counts the same, however many rows it wrote.

A row's batch is its article writer (`source` "article batch wK, ...") or, for train.csv's rows, the
batch letter its id starts with (a-d written by the stance developers, e-i five independent writers).
Each row gets `weight` = the median batch size / its batch's size, so every batch weighs the median
and none dominates (train.csv's e-i wrote ~600 rows each, an article writer ~220). `stance train`
reads the column in every kind's fit.

    python data/stance/writer_weights.py FD.csv --out FDB.csv
"""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd


def writer_batches(rows: pd.DataFrame) -> pd.Series:
    """Each row's writer batch: wK for article rows, "review" for corrections.csv's rows (the analyst
    is one writer), else the first letter of its id."""
    article = rows["source"].str.extract(r"article batch (w\d+)", expand=False)
    return article.where(article.notna(), rows["id"].str[0]).where(rows["source"] != "review", "review")


def writer_weights(rows: pd.DataFrame) -> pd.Series:
    """median batch size / the row's batch size, rounded to 4 places, as text (rows are read as text)."""
    batch = writer_batches(rows)
    sizes = batch.value_counts()
    return (sizes.median() / batch.map(sizes)).round(4).astype(str)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=Path, help="training CSV (train.csv followed by article rows)")
    parser.add_argument("--out", type=Path, required=True, help="the same rows with a weight column")
    args = parser.parse_args()
    rows = pd.read_csv(args.rows, dtype=str, keep_default_na=False)
    if "weight" in rows:
        raise SystemExit(f"{args.rows}: already has a weight column")
    rows.assign(weight=writer_weights(rows)).to_csv(args.out, index=False)


if __name__ == "__main__":
    main()
