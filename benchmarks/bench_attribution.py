"""Speaker attribution on the 1,225 training sentences that name their speaker.

The stance training data (data/stance/train.csv, written by us) gives each
quote's sentence and its speaker as the sentence names it. This runs the
extractor on every sentence alone and prints how often the speaker it finds
matches (the surname or the description), with the misses when asked. A broad
regression check for attribution rules on text that is not the seeds or dev.
Quotes the extractor reads as names or terms (kind scare: "Operation Olive
Branch", quoted after "so-called") have no speaker by design and are counted apart.

    python benchmarks/bench_attribution.py [--show N]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from stance.extract import extract_quotes
from stance.names import fold
from stance.nlp import load_parser
from stance.records import Document

DATA = Path(__file__).resolve().parents[1] / "data" / "stance" / "train.csv"
PRONOUNS = {"he", "she", "they"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, metavar="N", help="print the first N misses")
    args = parser.parse_args()
    nlp = load_parser()
    rows = pd.read_csv(DATA, dtype=str, keep_default_na=False)
    found = right = terms = 0
    misses = []
    for row in rows.itertuples():
        if not row.speaker or row.speaker.lower() in PRONOUNS:
            continue
        quotes = [q for q in extract_quotes(Document(row.id, row.sentence), nlp)
                  if q.text.strip(" ,.") == row.text.strip(" ,.")]
        if not quotes:
            continue
        if quotes[0].kind == "scare":  # a name or term ("Operation Olive Branch"): no speaker by design
            terms += 1
            continue
        found += 1
        got, want = fold(quotes[0].speaker), fold(row.speaker)
        if got and (want.split()[-1] in got or got in want):
            right += 1
        else:
            misses.append((row.id, quotes[0].speaker, row.speaker))
    print(f"speaker match: {right}/{found} = {right / found:.3f} (sentences whose quote was found and is speech;"
          f" {terms} more were read as names or terms, with no speaker)")
    for miss in misses[:args.show]:
        print("  miss", *miss, sep=" | ")


if __name__ == "__main__":
    main()
