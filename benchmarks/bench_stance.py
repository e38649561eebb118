"""Stance classifiers compared, and classification speed.

For each kind (zero-shot, TF-IDF baseline, embedding, hybrid) prints the
cross-validated macro-F1, accuracy and expected calibration error on the
repository's training data, and, when the shared gold sets sit beside the
repository, macro-F1 end to end on quotes the extractor found in the seeds and
the dev set (never training data). Then quotes per second for the shipped model
over distinct quotes, encoder loaded once. Goal: 150 quotes/s.

    python benchmarks/bench_stance.py [--quick]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import pandas as pd

from stance.classify import KINDS, TemperatureCalibrated, make_classifier
from stance.codebook import load_codebook
from stance.gold import evaluate, load_gold
from stance.model import StanceModel, load_model
from stance.pipeline import score
from stance.records import Document
from stance.training import classification_scores, cross_validate, read_training_data

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOAL_QUOTES_PER_SECOND = 150


def gold_quotes_found(name: str) -> tuple[list[dict], pd.DataFrame] | None:
    """The gold documents and the quotes `stance score` finds in them (extracted once)."""
    path = SHARED / "gold" / f"{name}.jsonl"
    if not path.is_file():
        return None
    docs = load_gold(path)
    quotes = score([Document(str(d["doc_id"]), d["text"]) for d in docs], model="zero-shot").quotes
    return docs, quotes


def compare(data: pd.DataFrame, gold: dict, quick: bool) -> None:
    codebook = load_codebook()
    print(f"{'kind':<10} {'cv_macro_f1':>11} {'cv_acc':>7} {'cv_ece':>7}" + "".join(f" {g + '_f1':>9}" for g in gold))
    for kind in KINDS:
        if kind == "zero-shot":  # nothing to fit: scored on all the training data
            estimator = make_classifier(kind, codebook).fit()
            cv = classification_scores(data["label"], estimator.predict_proba(data), codebook.names)
        else:
            if quick and kind == "embedding":
                continue
            estimator = TemperatureCalibrated(make_classifier(kind, codebook))
            cv = cross_validate(estimator, data, codebook.names)
            estimator.fit(data, data["label"].tolist())
        model = StanceModel(estimator, codebook.names, kind, {})
        row = f"{kind:<10} {cv['macro_f1']:>11.3f} {cv['accuracy']:>7.3f} {cv['ece']:>7.3f}"
        for docs, quotes in gold.values():
            proba = model.predict_proba(quotes[["text", "cue", "sentence"]])
            labelled = quotes.assign(stance=[codebook.names[i] for i in proba.argmax(axis=1)])
            row += f" {evaluate(docs, labelled)['stance_macro_f1']:>9.3f}"
        print(row, flush=True)


def speed(data: pd.DataFrame, n: int) -> None:
    """Quotes/s for the shipped model on `n` distinct inputs (so the encoder's memo never helps)."""
    model = load_model()
    base = data[["text", "cue", "sentence"]]
    frame = pd.concat([base.assign(text=base["text"] + f" ({k})") for k in range(n // len(base) + 1)]).head(n)
    model.predict_proba(frame.head(8))  # warm-up: first call allocates
    started = time.perf_counter()
    for start in range(0, n, 256):
        model.predict_proba(frame.iloc[start:start + 256])
    rate = n / (time.perf_counter() - started)
    print(f"classification: {n} quotes, {rate:,.0f} quotes/s (goal {GOAL_QUOTES_PER_SECOND}) with {model.name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the embedding-only model; 500 quotes for speed")
    args = parser.parse_args()
    data = read_training_data(REPO / "data" / "stance" / "train.csv", load_codebook())
    gold = {name: found for name in ("seeds", "dev") if (found := gold_quotes_found(name))}
    compare(data, gold, args.quick)
    speed(data, 500 if args.quick else 2000)


if __name__ == "__main__":
    main()
