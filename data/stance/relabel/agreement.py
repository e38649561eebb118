"""Agreement of the second annotators' labels (relabel/r*.csv) with train.csv's, per batch: the README's table.

    python data/stance/relabel/agreement.py
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.metrics import cohen_kappa_score, confusion_matrix

HERE = Path(__file__).resolve().parent


def main() -> None:
    train = pd.read_csv(HERE.parent / "train.csv", dtype=str, keep_default_na=False)
    second = pd.concat([pd.read_csv(p, dtype=str, keep_default_na=False).assign(annotator=p.stem)
                        for p in sorted(HERE.glob("r*.csv"))], ignore_index=True)
    both = second.merge(train[["id", "label", "label_ok"]], on="id", suffixes=("", "_original"))
    both["batch"] = both["id"].str[0]
    both["agree"] = both["label"] == both["label_original"]
    both["lenient"] = both["agree"] | (both["label"] == both["label_ok_original"]) | \
        (both["label_ok"] == both["label_original"])
    table = both.groupby("batch").agg(rows=("agree", "size"), agree=("agree", "mean"), lenient=("lenient", "mean"))
    table["kappa"] = both.groupby("batch").apply(lambda g: cohen_kappa_score(g["label"], g["label_original"]))
    table.loc["all"] = [len(both), both["agree"].mean(), both["lenient"].mean(),
                        cohen_kappa_score(both["label"], both["label_original"])]
    print(table.round(3).to_string())
    labels = sorted(set(both["label_original"]) | set(both["label"]))
    print("\nrows: original label; columns: second annotator")
    print(pd.DataFrame(confusion_matrix(both["label_original"], both["label"], labels=labels),
                       index=labels, columns=labels).to_string())


if __name__ == "__main__":
    main()
