"""Score stance model folders end to end on the gold sets, with the reference scorer.

For each gold set the documents go through `stance score` once; each model
then labels those same quotes (what `stance score --model FOLDER` does: the
quotes do not depend on the model), its quotes.csv is written to
OUT/<model>/<set>/quotes.csv and scored by ../shared/tools/quote_eval.py.
Printed per model and set: stance macro-F1 and accuracy (reference scorer),
expected calibration error on the matched quotes, and the actor-level rate:
among gold actors with at least two quotes, the share whose most frequent
predicted stance (over their matched quotes) is one of their most frequent
gold stances.

Score a model on the blind set once, when choosing between finished
candidates: it is the held-out set that decides, never a set to tune on.

    python benchmarks/score_candidates.py FOLDER ... --sets seeds dev [blind] --out DIR
    python benchmarks/score_candidates.py models/default FOLDER ... --sets selection --out DIR

`--sets selection` names the SELECTION sets below (the development measure), in their order.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from stance.classify import expected_calibration_error
from stance.context import with_context
from stance.gold import compare_to_gold, gold_quotes, load_gold
from stance.model import load_model
from stance.pipeline import score
from stance.records import Document

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = {"seeds": SHARED / "gold" / "seeds.jsonl", "dev": SHARED / "gold" / "dev.jsonl",
        "blind": REPO / "data" / "stance" / "blind.jsonl",
        **{f"blind{n}": REPO / "data" / "stance" / f"blind{n}" / f"blind{n}.jsonl" for n in range(2, 18)}}

# The sets a stance model is chosen on (fifteenth session's rule, /work/round15/START.md, written before any
# candidate was trained): the mean macro-F1 over dev and the sixteen spent blind sets (blind..blind16: seventeen
# sets), one vote per set (however many quotes it has), no dev guard: dev is one writer of many. Seeds never count.
SELECTION = ("dev", "blind", "blind2", "blind3", "blind4", "blind5", "blind6", "blind7", "blind8", "blind9",
             "blind10", "blind11", "blind12", "blind13", "blind14", "blind15", "blind16")


def reference_scorer():
    spec = importlib.util.spec_from_file_location("quote_eval", SHARED / "tools" / "quote_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def actor_rate(matched: pd.DataFrame) -> tuple[float, int]:
    """Share of gold actors (>= 2 gold quotes) whose most frequent predicted stance is a most frequent gold one."""
    hits, actors = 0, 0
    for _, quotes in matched.groupby("gold_actor"):
        if len(quotes) < 2:
            continue
        actors += 1
        gold, predicted = Counter(quotes["gold_stance"]), Counter(quotes.loc[quotes["stance"] != "", "stance"])
        top_gold = {k for k, v in gold.items() if v == max(gold.values())}
        top_predicted = {k for k, v in predicted.items() if v == max(predicted.values())} if predicted else set()
        hits += bool(top_gold & top_predicted)
    return (hits / actors if actors else 0.0), actors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", metavar="FOLDER")
    parser.add_argument("--sets", nargs="+", default=["seeds", "dev"], choices=[*GOLD, "selection"],
                        help="gold sets; 'selection' names the sets of the development measure (SELECTION)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.sets = named_sets(args.sets)
    scorer = reference_scorer()
    models = [load_model(folder) for folder in args.models]
    rows = []
    for name in args.sets:
        cache = args.out / f"{name}.extracted.parquet"  # the quotes do not depend on the model: extract once
        if cache.is_file():
            found = pd.read_parquet(cache)
        else:
            docs = load_gold(GOLD[name])
            found = score([Document(str(d["doc_id"]), d["text"]) for d in docs], model=models[0]).quotes
            args.out.mkdir(parents=True, exist_ok=True)
            found.to_parquet(cache, index=False)
        gold = gold_quotes(GOLD[name])
        texts = {str(d["doc_id"]): (d["text"], d.get("title", "")) for d in load_gold(GOLD[name])}
        for folder, model in zip(args.models, models):  # a model that reads context gets it as `stance score` gives it
            read = with_context(found, texts, model.context) if model.context else found
            proba = model.predict_proba(read[["text", "cue", "sentence", *model.context]])
            best = proba.argmax(axis=1)
            quotes = found.assign(stance=[model.labels[i] for i in best], stance_score=proba.max(axis=1).round(4),
                                  model=model.name,
                                  **{f"p_{lab}": proba[:, i].round(4) for i, lab in enumerate(model.labels)})
            out = args.out / Path(folder).name / name
            out.mkdir(parents=True, exist_ok=True)
            quotes.to_csv(out / "quotes.csv", index=False)
            ref = scorer.score(str(GOLD[name]), str(out / "quotes.csv"))
            report = compare_to_gold(quotes, gold, model.labels)
            matched = report["quotes"][report["quotes"]["quote_id"] != ""]
            at = quotes.set_index("quote_id").loc[matched["quote_id"], [f"p_{lab}" for lab in model.labels]].to_numpy()
            ece = expected_calibration_error(at, np.asarray(model.labels)[at.argmax(axis=1)] == matched["gold_stance"].to_numpy())
            rate, actors = actor_rate(report["quotes"])
            rows.append({"model": Path(folder).name, "kind": model.manifest["kind"], "set": name,
                         "quotes": ref["gold_quotes"], "stance_macro_f1": ref.get("stance_macro_f1"),
                         "stance_accuracy": ref.get("stance_accuracy"), "ece": round(ece, 4),
                         "actor_rate": round(rate, 4), "actors": actors})
            print(json.dumps(rows[-1]), flush=True)
    table = pd.DataFrame(rows)
    table.to_csv(args.out / "scores.csv", mode="a", header=not (args.out / "scores.csv").is_file(), index=False)
    print(table.to_string(index=False))
    print(selection_table(table, args.sets).loc[[Path(folder).name for folder in args.models]].to_string())


def named_sets(sets: list[str]) -> list[str]:
    """`sets` with "selection" replaced by the SELECTION sets, each set once, in the order first named."""
    named = [s for name in sets for s in (SELECTION if name == "selection" else (name,))]
    return list(dict.fromkeys(named))


def selection_table(table: pd.DataFrame, sets: list[str]) -> pd.DataFrame:
    """Macro-F1, a model a row and a set a column (in `sets` order), plus the mean over the selection sets
    among `sets` (one vote per set, however many quotes it has), when two or more of them were scored:
    what decides between candidates, never one set. The means of ECE and actor rate over the same sets
    follow, where the table has them (the rule reports them, they do not decide)."""
    wide = table.pivot(index="model", columns="set", values="stance_macro_f1")[sets]
    chosen = [s for s in sets if s in SELECTION]
    if len(chosen) > 1:
        wide[f"mean of {' '.join(chosen)}"] = wide[chosen].mean(axis=1).round(4)
        for column, label in (("ece", "ECE mean"), ("actor_rate", "actor mean")):
            if column in table:
                wide[label] = table.pivot(index="model", columns="set", values=column)[chosen].mean(axis=1).round(4)
    return wide


if __name__ == "__main__":
    main()
