"""Merge the writers' batches (batches/*.csv) into train.csv, keeping only rows that echo no evaluation quote.

A row is dropped when its quoted words share four consecutive words with a
gold quote of the seeds, the dev set or the blind set, or when the two word
sets overlap with Jaccard >= 0.4. The same check runs over the rows already in
train.csv (batches a-d), and a row whose text (ignoring case) is already in the
training data is dropped as a duplicate. Rerunning it gives the same file:
rows of a batch in batches/ are replaced, not added twice.

    python data/stance/merge_batches.py [--dry-run] [--out PATH] [--no-blind]
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
GOLD = {"seeds": REPO.parent / "shared" / "gold" / "seeds.jsonl", "dev": REPO.parent / "shared" / "gold" / "dev.jsonl",
        "blind": HERE / "blind.jsonl"}
WORD = re.compile(r"\w+")
SHINGLE = 4
JACCARD = 0.4


def words(text: str) -> list[str]:
    return WORD.findall(text.lower())


def shingles(tokens: list[str]) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1)}


def gold_quotes(sets: list[str]) -> dict[str, list[list[str]]]:
    sys.path.insert(0, str(REPO))
    from stance.gold import load_gold

    found = {}
    for name, path in ((k, GOLD[k]) for k in sets):
        if not path.is_file():
            raise SystemExit(f"{path}: missing; every evaluation set must be present to decontaminate against it")
        docs = load_gold(path, REPO / "seeds" if name == "seeds" else None)
        found[name] = [words(d["text"][q["start"]:q["end"]]) for d in docs for q in d["quotes"]]
    return found


def echoes(text: str, gold: list[list[str]], index: dict) -> bool:
    tokens = words(text)
    if any(s in index for s in shingles(tokens)):
        return True
    mine = set(tokens)
    return any(len(mine & set(g)) / max(len(mine | set(g)), 1) >= JACCARD for g in gold)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the counts, write nothing")
    parser.add_argument("--out", type=Path, default=HERE / "train.csv", help="where to write (default: train.csv)")
    parser.add_argument("--blind", type=Path, default=GOLD["blind"], help="the blind set (default: blind.jsonl)")
    parser.add_argument("--no-blind", action="store_true", help="a trial before the blind set exists: never for "
                                                                "the shipped training data")
    args = parser.parse_args()
    train = pd.read_csv(HERE / "train.csv", dtype=str, keep_default_na=False)
    batches = {p.stem: pd.read_csv(p, dtype=str, keep_default_na=False) for p in sorted((HERE / "batches").glob("*.csv"))}
    for name, batch in batches.items():
        if list(batch.columns) != list(train.columns):
            raise SystemExit(f"batches/{name}.csv: columns {list(batch.columns)} are not train.csv's")
        if not batch["id"].str.startswith(name).all():
            raise SystemExit(f"batches/{name}.csv: every id must start with {name!r}")
    train = train[~train["id"].str[0].isin(batches)]  # a rerun replaces those batches' rows
    GOLD["blind"] = args.blind
    gold = gold_quotes([k for k in GOLD if not (args.no_blind and k == "blind")])
    index = {name: {s for g in quotes for s in shingles(g)} for name, quotes in gold.items()}
    kept, seen = [], set(train["text"].str.lower())
    report = []
    for name, frame in [("train.csv", train), *((f"batches/{k}.csv", v) for k, v in batches.items())]:
        hits = {g: frame["text"].map(lambda t, g=g: echoes(t, gold[g], index[g])) for g in gold}
        echo = pd.concat(hits, axis=1).any(axis=1)
        duplicate = frame["text"].str.lower().isin(seen) if name != "train.csv" else pd.Series(False, index=frame.index)
        if name != "train.csv":
            duplicate |= frame["text"].str.lower().duplicated()
            seen |= set(frame["text"].str.lower())
        keep = frame[~echo & ~duplicate]
        kept.append(keep)
        report.append(f"{name}: {len(frame)} rows, dropped " + ", ".join(f"{int(h.sum())} echoing {g}"
                                                                        for g, h in hits.items())
                      + f" ({int(echo.sum())} in all), {int((duplicate & ~echo).sum())} duplicates; kept {len(keep)}")
    merged = pd.concat(kept, ignore_index=True)
    print("\n".join(report))
    print(f"train.csv: {len(merged)} rows; " + ", ".join(f"{k} {v}" for k, v in merged["label"].value_counts().items()))
    if not args.dry_run:
        merged.to_csv(args.out, index=False)


if __name__ == "__main__":
    main()
